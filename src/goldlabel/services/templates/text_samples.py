"""Sentences for the text templates, written for goldlabel (no corpus is downloaded).

Each sample keeps the answer it was written with, which the catalogue stores in the item's
``meta`` (managers see it; annotators never do).
"""

from __future__ import annotations

REVIEWS: list[tuple[str, str]] = [
    ("The battery lasts two full days and the screen is gorgeous.", "positive"),
    ("It stopped charging after a week. Support never answered.", "negative"),
    ("The parcel arrived on Thursday, as announced.", "neutral"),
    ("Best pizza in town: thin crust, fresh basil, friendly staff.", "positive"),
    ("The hotel room smelled of smoke and the shower was cold.", "negative"),
    ("The manual comes in English, French and German.", "neutral"),
    ("I would happily buy this kettle again; it boils in a minute.", "positive"),
    ("Three of the twelve glasses were broken in the box.", "negative"),
    ("The concert starts at eight and ends around eleven.", "neutral"),
    ("Our guide made the museum tour fun even for the kids!", "positive"),
    ("The app logs me out every time I switch screens.", "negative"),
    ("The jacket is dark blue with two inside pockets.", "neutral"),
]

TOPICS = ["sports", "politics", "technology", "science", "business"]
HEADLINES: list[tuple[str, str]] = [
    ("Late goal sends the home side into the cup final", "sports"),
    ("Parliament passes the budget after a night of debate", "politics"),
    ("New phone chip promises twice the battery life", "technology"),
    ("Astronomers spot water vapour around a distant planet", "science"),
    ("Retailer's shares jump as holiday sales beat forecasts", "business"),
    ("Marathon record falls on a cool, windless morning", "sports"),
    ("Mayor announces free buses for students from September", "politics"),
    ("Open-source browser adds tab groups and a reading mode", "technology"),
    ("Ancient seeds sprout after two thousand years in a jar", "science"),
    ("Two airlines agree to merge, pending regulators' approval", "business"),
]

ENTITY_LABELS = ["PER", "ORG", "LOC", "DATE"]
#: Sentences with their entities marked inline as [text](LABEL).
ENTITY_SENTENCES = [
    "[Marie Curie](PER) joined the [University of Paris](ORG) in [1906](DATE).",
    "On [Monday](DATE), [Acme Robotics](ORG) opened a lab in [Nairobi](LOC).",
    "[Kenji Sato](PER) flew from [Osaka](LOC) to [Lima](LOC) with [Andes Air](ORG).",
    "The [Oslo](LOC) office of [Northwind](ORG) hired [Amara Okafor](PER) last [March](DATE).",
    "[Grace Hopper](PER) spoke at [Yale](ORG) on [12 May 1983](DATE).",
    "[Lucía Fernández](PER) will lead the [Red Cross](ORG) team in [Cairo](LOC).",
    "By [2030](DATE), [Helio Power](ORG) plans ten solar farms near [Seville](LOC).",
    "[Tom Becker](PER) and [Ana Silva](PER) met in [Lisbon](LOC) on [Friday](DATE).",
]


def parse_marked(marked: str) -> tuple[str, list[dict[str, object]]]:
    """A sentence with ``[text](LABEL)`` marks → (plain text, spans with UTF-16-safe offsets).

    Offsets are Python string indexes; these sentences hold only BMP characters, where they
    equal the UTF-16 offsets the spans control stores.
    """
    text, spans, rest = "", [], marked
    while "[" in rest:
        before, _, after = rest.partition("[")
        entity, _, after = after.partition("](")
        label, _, rest = after.partition(")")
        text += before
        spans.append({"start": len(text), "end": len(text) + len(entity), "label": label})
        text += entity
    return text + rest, spans
