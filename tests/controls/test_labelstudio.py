"""Label Studio configs with media tags map onto media controls, or are refused by name."""

from __future__ import annotations

from typing import Any

import pytest

from goldlabel.controls.labelstudio import LabelConfigError, schema_from_label_config
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
            "<List> is not supported",
        ),
        (
            '<View><Text name="t" value="$t"/><Ranker name="rank" toName="t"/></View>',
            "<Ranker> is not supported",
        ),
        (
            '<View><Video name="v" value="$v"/><VideoRectangle name="box" toName="v"/></View>',
            "<VideoRectangle name='box'> needs a <Labels> tag",
        ),
        ('<View><Image name="i" value="$i"/><RectangleLabels name="b" toName="i"/></View>', "has no <Label>"),
        (
            '<View><Image name="i" value="$i"/>'
            '<Labels name="l" toName="i"><Label value="x"/></Labels></View>',
            "<Labels name='l'> on the image object 'i' is not supported",
        ),
        (
            '<View><Image name="i" value="$i"/><Rectangle name="r" toName="i"/></View>',
            "<Rectangle> is not supported",
        ),
        (
            '<View><Image name="i" value="$i"/><RectangleLabels name="b" toName="x"><Label value="a"/>'
            "</RectangleLabels></View>",
            "unknown toName='x'",
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
