"""Label Studio's brush masks: its own bit-packed run-length encoding, to and from a binary mask.

A Label Studio ``brushlabels`` result stores ``rle``: a list of bytes holding the RGBA pixels
of the image (row-major, 4 values per pixel) packed by thi.ng's ``rle-pack``: a header (32 bits:
how many values; 5 bits: word size - 1; 4 × 4 bits: the four run-length field sizes - 1), then
records of 1 bit (1: a run of one repeated word, 0: literal words), 2 bits (which run-length
field size), that many bits (run length - 1) and the word(s). A pixel belongs to the mask when
its alpha value (the 4th) is not 0, as Label Studio's own converter reads it.

We wrote this codec (numpy, a loop per record only) rather than import label-studio-sdk's: the
server must not depend on that package (it pulls lxml, PIL and more), and its decoder reads
one bit string character by character. The tests check both directions against the SDK's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from goldlabel.core.limits import MAX_MASK_PIXELS, MAX_RLE_COUNTS_CHARS

_CHANNELS = 4
_WORD_BITS = 8
_RUN_FIELDS = (3, 4, 8, 16)  # Label Studio's encoder's choice; we always write the 16-bit one
_LONGEST_RUN = 1 << 16


class BrushError(ValueError):
    """A Label Studio brush ``rle`` that does not decode to a mask of the image's size."""


def decode_brush(rle: Sequence[int], height: int, width: int) -> np.ndarray:
    """The (height, width) boolean mask of a Label Studio brush ``rle`` (pixels whose alpha is
    not 0). Raises BrushError for a list that is not bytes, ends early, or holds another size."""
    if height <= 0 or width <= 0 or height * width > MAX_MASK_PIXELS:
        raise BrushError(f"the image size {width}×{height} is not one a mask can have")
    if len(rle) > MAX_RLE_COUNTS_CHARS:
        raise BrushError(f"the rle has {len(rle)} bytes; at most {MAX_RLE_COUNTS_CHARS}")
    data = np.asarray(rle)
    if data.ndim != 1 or data.dtype.kind not in "iu" or ((data < 0) | (data > 255)).any():
        raise BrushError("the rle must be a list of bytes (whole numbers 0 to 255)")
    bits = np.unpackbits(data.astype(np.uint8))
    reader = _Bits(bits)
    count = reader.read(32)
    word = reader.read(5) + 1
    fields = [reader.read(4) + 1 for _ in range(4)]
    if count != height * width * _CHANNELS:
        raise BrushError(
            f"the rle holds {count} values; a {width}×{height} RGBA image has {height * width * _CHANNELS}"
        )
    alpha = np.zeros(height * width, dtype=bool)
    i = 0
    while i < count:
        repeated = reader.read(1)
        j = min(count, i + 1 + reader.read(fields[reader.read(2)]))
        if repeated:
            if reader.read(word):
                # the pixels whose alpha (value 4p + 3) lies in [i, j)
                alpha[-(-(i - 3) // _CHANNELS) : (j - 4) // _CHANNELS + 1] = True
        else:
            words = reader.words(j - i, word)
            on = np.flatnonzero(words) + i
            alpha[(on[on % _CHANNELS == 3]) // _CHANNELS] = True
        i = j
    return alpha.reshape(height, width)


def encode_brush(mask: np.ndarray) -> list[int]:
    """A Label Studio brush ``rle`` of a 2-D boolean mask (every channel 255 on the mask, 0
    off it, like label-studio-sdk's ``mask2rle``): one repeated-word record per run."""
    flat = np.asarray(mask, dtype=bool).ravel(order="C")
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    starts = np.concatenate(([0], change))
    lengths = np.diff(np.concatenate((starts, [flat.size]))) * _CHANNELS
    values = np.where(flat[starts], 255, 0)
    pieces = -(-lengths // _LONGEST_RUN)  # runs longer than a 16-bit field are split
    runs = np.full(int(pieces.sum()), _LONGEST_RUN, dtype=np.int64)
    runs[np.cumsum(pieces) - 1] = lengths - _LONGEST_RUN * (pieces - 1)
    records = (1 << 26) | (3 << 24) | ((runs - 1) << 8) | np.repeat(values, pieces)
    header = [(flat.size * _CHANNELS, 32), (_WORD_BITS - 1, 5), *((f - 1, 4) for f in _RUN_FIELDS)]
    bits = np.concatenate([_bits(np.array([v]), n) for v, n in header] + [_bits(records, 27)])
    return [int(b) for b in np.packbits(bits)]


def _bits(values: np.ndarray, width: int) -> np.ndarray:
    """Each value as ``width`` bits, most significant first, one after another."""
    shifts = np.arange(width - 1, -1, -1, dtype=np.int64)
    out: np.ndarray = ((values.astype(np.int64)[:, None] >> shifts) & 1).astype(np.uint8).ravel()
    return out


class _Bits:
    """A reader over the rle's bits: small fields through Python ints, literal words in bulk."""

    def __init__(self, bits: np.ndarray) -> None:
        self._bits = bits
        self._text = (bits + 48).tobytes().decode("ascii")
        self._at = 0

    def read(self, size: int) -> int:
        end = self._at + size
        if end > len(self._text):
            raise BrushError("the rle ends in the middle of a record")
        value = int(self._text[self._at : end], 2)
        self._at = end
        return value

    def words(self, count: int, size: int) -> np.ndarray:
        end = self._at + count * size
        if end > len(self._text):
            raise BrushError("the rle ends in the middle of a record")
        chunk = self._bits[self._at : end].reshape(count, size).astype(np.int64)
        self._at = end
        out: np.ndarray = chunk @ (1 << np.arange(size - 1, -1, -1, dtype=np.int64))
        return out
