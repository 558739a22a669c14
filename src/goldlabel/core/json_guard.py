"""JSON text followed chunk by chunk, in linear time, so that no parser sees what it cannot take.

orjson reads 1,024 levels of nesting but writes only 254, and the standard library's parser
recurses until Python's stack gives out: a body nested a few hundred levels deep was stored and
then failed (a 500) when served. ijson (imports of a JSON list) keeps the path to every value,
so its cost grows with the square of the depth (a 100,000-deep list exhausted the machine's
memory), and it lexes a string or number again from its start for every buffer it spans (a
20 MB string: quadratic). A ``JsonGuard`` follows the text as it arrives and says when it
nests deeper than ``max_depth`` or holds a token longer than ``max_token``.

Depth counts containers: ``1`` is 0, ``[]`` and ``{"a": 1}`` are 1, ``{"a": [1]}`` is 2.
"""

from __future__ import annotations

import re
from itertools import accumulate

from goldlabel.core.limits import MAX_JSON_DEPTH

_ESCAPE = re.compile(rb"\\.", re.DOTALL)  # in valid JSON, backslashes only escape inside strings
# Openers become 1, closers 255 (-1 as a signed byte); every other byte is deleted first.
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_DELIMITERS_TO_SPACE = bytes.maketrans(b"[]{},:", b"      ")
_WORD_END = b" \t\r\n[]{},:"


class JsonGuard:
    """Follows JSON text through any chunking; ``feed`` returns False from the first chunk that
    goes too deep (or holds too long a token) on.

    Each chunk costs a few passes in C: escape pairs are cut out (a backslash ending a chunk
    waits for the next), the quotes left split strings from structure, and the brackets outside
    strings become +1/-1 steps whose running sum is the depth. For text its parser accepts, the
    answer is exact: the two agree on what is inside a string up to the first invalid byte, and
    the parser refuses the text there.
    """

    def __init__(self, max_depth: int = MAX_JSON_DEPTH, max_token: int | None = None) -> None:
        self.max_depth = max_depth
        self.max_token = max_token
        self.depth = 0
        self.in_string = False
        self.failed: str | None = None  # "depth" or "token" once refused
        self._carry = b""
        self._string_run = 0  # bytes of the string still open at the end of the last chunk
        self._word_run = 0  # bytes of the number or literal still open there

    def feed(self, chunk: bytes) -> bool:
        if self.failed:
            return False
        if not chunk:
            return True
        text = _ESCAPE.sub(b"", self._carry + chunk)
        self._carry = b"\\" if text.endswith(b"\\") else b""
        parts = text[: len(text) - len(self._carry)].split(b'"')
        started_inside = self.in_string
        structure = b"".join(parts[1::2] if started_inside else parts[::2])
        if len(parts) % 2 == 0:
            self.in_string = not self.in_string
        if self.max_token is not None and not self._tokens_fit(parts, started_inside, structure):
            self.failed = "token"
            return False
        opened = structure.count(b"[") + structure.count(b"{")
        if self.depth + opened > self.max_depth:
            steps = memoryview(structure.translate(_STEPS, _NOT_BRACKETS)).cast("b")
            if max(accumulate(steps, initial=self.depth)) > self.max_depth:
                self.failed = "depth"
                return False
        self.depth += opened - structure.count(b"]") - structure.count(b"}")
        return True

    def _tokens_fit(self, parts: list[bytes], started_inside: bool, structure: bytes) -> bool:
        assert self.max_token is not None
        strings = list(map(len, parts[::2] if started_inside else parts[1::2]))
        if started_inside:
            strings[0] += self._string_run
        self._string_run = strings[-1] if self.in_string else 0
        # Words (numbers, literals) run between delimiters; one that reaches a chunk's edge
        # continues in the next chunk's first word (counted long only in invalid text).
        words = list(map(len, structure.translate(_DELIMITERS_TO_SPACE).split())) or [0]
        if structure[:1] and structure[:1] not in _WORD_END:
            words[0] += self._word_run
        self._word_run = words[-1] if structure[-1:] and structure[-1:] not in _WORD_END else 0
        return max(max(strings, default=0), max(words)) <= self.max_token


def nests_deeper(text: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether a whole JSON text nests deeper than ``limit`` (usually two ``count`` calls)."""
    return not JsonGuard(limit).feed(text)
