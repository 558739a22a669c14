"""JsonGuard: the depth and token length of JSON text, exact through any chunking."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from goldlabel.core.json_guard import JsonGuard, nests_deeper

# Strings full of what a naive scan would take for structure: brackets, quotes, backslashes.
TRICKY_TEXT = st.text(alphabet='[]{}"\\,: aé\u2028\U0001f600', max_size=12)
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TRICKY_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TRICKY_TEXT, inner, max_size=3),
    max_leaves=40,
)


def depth(value: Any) -> int:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


def feed_in_pieces(guard: JsonGuard, text: bytes, cuts: list[int]) -> bool:
    ok = True
    for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True):
        ok = guard.feed(text[start:end]) and ok
    return ok


@settings(max_examples=300, deadline=None)
@given(
    value=VALUES,
    limit=st.integers(0, 8),
    ascii_only=st.booleans(),
    cut_points=st.lists(st.floats(0, 1), max_size=8),
)
def test_depth_is_exact_however_the_text_is_cut(
    value: Any, limit: int, ascii_only: bool, cut_points: list[float]
) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only).encode()
    cuts = sorted({int(p * len(text)) for p in cut_points})
    expected = depth(value) <= limit
    assert feed_in_pieces(JsonGuard(limit), text, cuts) is expected
    assert nests_deeper(text, limit) is not expected


def test_brackets_quotes_and_escapes_inside_strings_are_not_structure() -> None:
    text = json.dumps({"a": '[[[[{{{{\\"[[[[', "b": ["\\", '"]]]]']}).encode()
    assert not nests_deeper(text, 2)
    assert nests_deeper(text, 1)
    # an escaped backslash ends one chunk, the quote that closes the string begins the next
    guard = JsonGuard(1)
    assert guard.feed(b'["a\\') and guard.feed(b"\\") and guard.feed(b'", "[[[["]')
    assert guard.depth == 0 and not guard.in_string


def test_a_deep_text_is_refused_once_and_for_good() -> None:
    guard = JsonGuard(64)
    assert guard.feed(b"[" * 64)
    assert not guard.feed(b"[")
    assert guard.failed == "depth"
    assert not guard.feed(b"]" * 65)


@given(length=st.integers(0, 40), limit=st.integers(1, 30), cut=st.integers(0, 50))
def test_tokens_longer_than_the_limit_are_refused_across_chunks(length: int, limit: int, cut: int) -> None:
    for token in (json.dumps("x" * length), "1" * max(length, 1), json.dumps("\\" * length)):
        text = f'[true, {token}, "end"]'.encode()
        # an escape pair (a backslash and the letter after it) is cut out before counting
        size = {'"x': length, '"\\': 0}.get(token[:2], max(length, 1))
        guard = JsonGuard(10, max_token=limit)
        assert feed_in_pieces(guard, text, [min(cut, len(text))]) is (size <= limit and limit >= 4)
        assert guard.failed in (None, "token")
