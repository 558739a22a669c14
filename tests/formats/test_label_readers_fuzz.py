"""Every text and audio/video reader, on any bytes: rows, or a FormatError / 4xx naming the
problem; never another exception (which the server would answer with a 500)."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldlabel.controls.schema import ProjectSchema
from goldlabel.core.errors import GoldlabelError
from goldlabel.formats import asr_manifest, conll, mot, rttm, spacy, srt, webvtt
from goldlabel.formats.items import FormatError
from goldlabel.formats.registry import ReadContext

SCHEMA = ProjectSchema.model_validate(
    {
        "fields": {"text": "text", "audio": "audio", "video": "video"},
        "controls": [
            {"name": "e", "type": "spans", "field": "text", "labels": ["PER", "ORG"]},
            {"name": "turns", "type": "segments", "field": "audio", "labels": ["A", "B"]},
            {"name": "tr", "type": "text", "field": "audio"},
            {"name": "obj", "type": "tracks", "field": "video", "labels": ["car", "person"]},
        ],
    }
)
READERS: dict[str, tuple[Any, str]] = {
    "conll": (conll, "x.conll"),
    "spacy": (spacy, "x.jsonl"),
    "webvtt": (webvtt, "x.vtt"),
    "srt": (srt, "x.srt"),
    "rttm": (rttm, "x.rttm"),
    "asr_manifest": (asr_manifest, "x.jsonl"),
    "mot": (mot, "x.txt"),
}
PIECES = st.sampled_from(
    [
        b"\n", b"\r\n", b"\t", b" ", b",", b"#", b"# text = ", b"# id = ", b"B-PER", b"I-ORG", b"O", b"E-",
        b"S-", b"-DOCSTART-", b"\\", b"\\n", b"WEBVTT", b"NOTE", b"-->", b"00:00:01.000", b"00:00:02,500",
        b"99:59:59.999", b"<v A>", b"<v", b"&amp;", b"A:", b"SPEAKER x 1 0.5 1.0 <NA> <NA> A <NA> <NA>",
        b"SPEAKER", b"1,1,0,0,5,5,1,2,-1,-1", b"nan", b"-1", b"1e400", b"0", b"17", b"1.5", b'{"text": "a"}',
        b'{"audio_filepath": "x", "text": "t"}', b'"spans": [', b"{", b"}", b"\xff", b"\xef\xbb\xbf",
        b"PK\x03\x04", b"00:00:01.000 --> 00:00:02.000", b"1e20", b"inf", b'"start": 0, "end": 9', b"\x00",
    ]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.lists(PIECES, max_size=30).map(b"".join) | st.binary(max_size=200),
    fmt=st.sampled_from(list(READERS)),
)
def test_any_bytes_give_rows_or_a_named_refusal(content: bytes, fmt: str) -> None:
    module, filename = READERS[fmt]
    context = ReadContext(SCHEMA, filename, media_url=lambda name: f"/api/media/1/{name}")
    try:
        for row in module.read(io.BytesIO(content), context):
            assert row.number >= 1 and row.labels
    except (FormatError, GoldlabelError):
        pass
