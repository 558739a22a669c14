"""The demo project a first start creates: sentiment + named entities on generated sentences.

Sentences are built from templates with a fixed seed, so the demo needs no downloaded data
and every run shows the same project.
"""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from goldlabel.controls.schema import ProjectSchema
from goldlabel.services import imports, projects
from goldlabel.services.access import Actor

DEMO_SIZE = 300
PEOPLE = [
    "Ada Lovelace",
    "Alan Turing",
    "Grace Hopper",
    "Katherine Johnson",
    "Tim Berners-Lee",
    "Margaret Hamilton",
    "Linus Torvalds",
    "Barbara Liskov",
    "Donald Knuth",
    "Frances Allen",
]
ORGS = [
    "Acme Corp",
    "Globex",
    "Initech",
    "the city council",
    "Umbrella Labs",
    "Stark Industries",
    "the museum board",
    "Wayne Enterprises",
]
PLACES = ["Paris", "Nairobi", "Lima", "Osaka", "Toronto", "Cairo", "Oslo", "Melbourne", "Seoul"]
TEMPLATES = [
    ("{PER} loved the new office that {ORG} opened in {LOC}.", "positive"),
    ("{ORG} disappointed everyone in {LOC} with its late delivery.", "negative"),
    ("{PER} met the team from {ORG} on Tuesday.", "neutral"),
    ("The service {ORG} gave us in {LOC} was excellent, says {PER}.", "positive"),
    ("{PER} complained that {ORG} ignored every email.", "negative"),
    ("{PER} moved from {LOC} to work for {ORG}.", "neutral"),
    ("Thanks to {PER}, the launch in {LOC} went wonderfully.", "positive"),
    ("The meeting in {LOC} was cancelled again, and {PER} is furious.", "negative"),
]
SCHEMA = {
    "fields": {"text": "text"},
    "controls": [
        {
            "name": "sentiment",
            "type": "choices",
            "field": "text",
            "required": True,
            "options": ["positive", "negative", "neutral"],
        },
        {"name": "entities", "type": "spans", "field": "text", "labels": ["PER", "ORG", "LOC"]},
    ],
    "overlap": 2,
}


def demo_rows(n: int = DEMO_SIZE, *, seed: int = 7) -> list[dict[str, object]]:
    """Items with the generator's own answer kept in meta (visible to managers only)."""
    rng = random.Random(seed)
    rows: list[dict[str, object]] = []
    for _ in range(n):
        template, sentiment = rng.choice(TEMPLATES)
        values = {"PER": rng.choice(PEOPLE), "ORG": rng.choice(ORGS), "LOC": rng.choice(PLACES)}
        text, spans, rest = "", [], template
        while "{" in rest:
            before, _, after = rest.partition("{")
            label, _, rest = after.partition("}")
            text += before
            spans.append({"start": len(text), "end": len(text) + len(values[label]), "label": label})
            text += values[label]
        text += rest
        rows.append(
            {"data": {"text": text}, "meta": {"generated_sentiment": sentiment, "generated_entities": spans}}
        )
    return rows


def create_demo_project(db: Session, admin: Actor) -> int:
    project = projects.create_project(
        db,
        admin,
        name="Demo: sentiment and named entities",
        description="Label each sentence's sentiment and mark people (PER), organisations (ORG) "
        "and places (LOC). Created by goldlabel's first start.",
        schema=ProjectSchema.model_validate(SCHEMA),
    )
    imports.import_items(db, admin, project.id, enumerate(demo_rows(), 1))
    return project.id
