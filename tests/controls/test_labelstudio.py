"""Label Studio configs with media tags map onto media controls, or are refused by name."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config, unalias
from goldlabel.controls.schema import ProjectSchema


def mapped(xml: str) -> dict[str, Any]:
    """The mapped schema, checked valid; controls keyed by name."""
    schema = schema_from_label_config(xml).schema
    ProjectSchema.model_validate(schema)
    return {"fields": schema["fields"], **{c["name"]: c for c in schema["controls"]}}


def test_image_region_tags_become_media_controls() -> None:
    schema = mapped(
        """<View>
          <Image name="img" value="$photo"/>
          <RectangleLabels name="boxes" toName="img">
            <Label value="Car" hotkey="c"/><Label value="Person"/>
          </RectangleLabels>
          <PolygonLabels name="outlines" toName="img"><Label value="Road"/></PolygonLabels>
          <BrushLabels name="paint" toName="img" required="true"><Label value="Sky"/></BrushLabels>
          <KeyPointLabels name="face" toName="img">
            <Label value="left_eye"/><Label value="right_eye"/><Label value="nose"/>
          </KeyPointLabels>
        </View>"""
    )
    assert schema["fields"] == {"photo": "image"}
    assert schema["boxes"] == {
        "name": "boxes",
        "field": "photo",
        "type": "boxes",
        "labels": ["Car", "Person"],
        "hotkeys": {"Car": "c"},
    }
    assert schema["outlines"]["type"] == "polygons" and schema["outlines"]["labels"] == ["Road"]
    assert schema["paint"]["type"] == "masks" and schema["paint"]["required"] is True
    assert schema["face"]["type"] == "keypoints"
    assert schema["face"]["points"] == ["left_eye", "right_eye", "nose"]


def test_labels_on_audio_become_segments() -> None:
    schema = mapped(
        """<View><AudioPlus name="audio" value="$clip"/>
          <Labels name="who" toName="audio"><Label value="Speech"/><Label value="Music"/></Labels>
        </View>"""
    )
    assert schema["fields"] == {"clip": "audio"}
    assert schema["who"] == {
        "name": "who",
        "field": "clip",
        "type": "segments",
        "labels": ["Speech", "Music"],
    }


def test_labels_and_timeline_labels_on_video_become_segments() -> None:
    schema = mapped(
        """<View><Video name="video" value="$video"/>
          <Labels name="acts" toName="video"><Label value="Run"/></Labels>
          <TimelineLabels name="scenes" toName="video"><Label value="Indoor"/></TimelineLabels>
        </View>"""
    )
    assert schema["acts"]["type"] == "segments" and schema["scenes"]["type"] == "segments"


def test_video_rectangle_takes_its_labels_from_labels_on_the_same_video() -> None:
    schema = mapped(
        """<View>
          <Header value="Label the video:"/>
          <Video name="video" value="$video"/>
          <VideoRectangle name="box" toName="video"/>
          <Labels name="videoLabels" toName="video">
            <Label value="Cell"/><Label value="Bacteria" hotkey="b"/>
          </Labels>
        </View>"""
    )
    assert set(schema) == {"fields", "box"}  # the Labels tag is part of the tracks control
    assert schema["box"] == {
        "name": "box",
        "field": "video",
        "type": "tracks",
        "labels": ["Cell", "Bacteria"],
        "hotkeys": {"Bacteria": "b"},
    }


def test_text_labels_still_become_spans() -> None:
    schema = mapped(
        '<View><Text name="t" value="$doc"/>'
        '<Labels name="ner" toName="t"><Label value="PER"/></Labels></View>'
    )
    assert schema["ner"]["type"] == "spans" and schema["ner"]["field"] == "doc"


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (
            '<View><List name="results" value="$items"/><Ranker name="rank" toName="results"/></View>',
            "<List name='results'>: not supported: it only feeds <Ranker>",
        ),
        (
            '<View><Text name="t" value="$t"/><Ranker name="rank" toName="t"/></View>',
            "<Ranker name='rank'>: not supported: Label Studio ranks items",
        ),
        (
            '<View><Video name="v" value="$v"/><VideoRectangle name="box" toName="v"/></View>',
            "<VideoRectangle name='box'>: needs a <Labels> tag",
        ),
        ('<View><Image name="i" value="$i"/><RectangleLabels name="b" toName="i"/></View>', "has no <Label>"),
        (
            '<View><Image name="i" value="$i"/>'
            '<Labels name="l" toName="i"><Label value="x"/></Labels></View>',
            "<Labels name='l'>: on the image object 'i' is not supported",
        ),
        (
            '<View><Image name="i" value="$i"/><Rectangle name="r" toName="i"/></View>',
            "<Rectangle name='r'>: not supported yet",
        ),
        (
            '<View><Image name="i" value="$i"/><RectangleLabels name="b" toName="x"><Label value="a"/>'
            "</RectangleLabels></View>",
            "<RectangleLabels name='b'>: toName points at unknown object 'x'",
        ),
    ],
)
def test_unmappable_tags_are_refused_by_name(xml: str, message: str) -> None:
    with pytest.raises(LabelConfigError) as info:
        schema_from_label_config(xml)
    assert message in str(info.value)


def test_a_media_control_on_the_wrong_kind_is_refused_by_the_schema() -> None:
    schema = schema_from_label_config(
        '<View><Text name="t" value="$t"/>'
        '<RectangleLabels name="b" toName="t"><Label value="a"/></RectangleLabels></View>'
    ).schema
    with pytest.raises(ValueError, match="cannot label a text field"):
        ProjectSchema.model_validate(schema)


def test_every_problem_is_listed_with_its_tag_and_attribute() -> None:
    with pytest.raises(LabelConfigError) as info:
        schema_from_label_config(
            """<View><Text name="t" value="$t"/><Image name="i" value="$i"/>
              <Ranker name="rank" toName="t"/>
              <Choices name="c" toName="t"><Choice value="a"/><Choice value="a"/></Choices>
              <Rating name="r" toName="t" maxRating="x"/>
              <BrushLabels name="m" toName="i,t"><Label value="sky"/></BrushLabels>
            </View>"""
        )
    problems = [(p.tag, p.name, p.attribute) for p in info.value.problems]
    assert problems == [
        ("Ranker", "rank", None),
        ("Choices", "c", "value"),
        ("Rating", "r", "maxRating"),
        ("BrushLabels", "m", "toName"),
    ]
    assert str(info.value).startswith(
        "label config refused (4 problems): <Ranker name='rank'>: not supported"
    )
    assert all(str(p) in str(info.value) for p in info.value.problems)


ALIASES = """<View><Text name="t" value="$t"/><Image name="i" value="$i"/>
  <Choices name="one" toName="t"><Choice value="Positive" alias="pos"/><Choice value="Negative"/></Choices>
  <Choices name="many" toName="t" choice="multiple">
    <Choice value="Red" alias="r"/><Choice value="Blue" alias="b"/>
  </Choices>
  <Labels name="ner" toName="t"><Label value="Person" alias="PER"/><Label value="Place"/></Labels>
  <RectangleLabels name="boxes" toName="i"><Label value="Car" alias="car"/></RectangleLabels>
</View>"""


def test_aliases_map_results_back_to_the_shown_labels() -> None:
    converted = schema_from_label_config(ALIASES)
    assert converted.aliases == {
        "one": {"pos": "Positive"}, "many": {"r": "Red", "b": "Blue"}, "ner": {"PER": "Person"},
        "boxes": {"car": "Car"},
    }  # fmt: skip
    schema = ProjectSchema.model_validate(converted.schema)
    result = {
        "one": "pos",
        "many": ["b", "r"],
        "ner": [{"start": 0, "end": 3, "label": "PER"}, {"start": 4, "end": 9, "label": "Place"}],
        "boxes": [{"x": 1, "y": 2, "width": 3, "height": 4, "label": "car"}],
    }
    assert unalias(result, converted.aliases, schema) == {
        "one": "Positive",
        "many": ["Blue", "Red"],
        "ner": [{"start": 0, "end": 3, "label": "Person"}, {"start": 4, "end": 9, "label": "Place"}],
        "boxes": [{"x": 1, "y": 2, "width": 3, "height": 4, "label": "Car"}],
    }
    # a value of the wrong shape is left for validation to refuse; missing controls stay missing
    assert unalias({"one": 3, "many": None}, converted.aliases, schema) == {"one": 3, "many": None}
