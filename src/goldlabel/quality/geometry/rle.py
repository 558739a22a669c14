"""COCO run-length encoding of binary masks, byte-compatible with pycocotools.

A COCO RLE is ``{"size": [h, w], "counts": ...}``: run lengths of the mask flattened in
column-major (Fortran) order, starting with a run of zeros. ``counts`` is either a list of
ints ("uncompressed", as in COCO json with ``iscrowd=1``) or pycocotools' compact string
(LEB128-like 5-bit chunks, runs after the second stored as deltas). We implement it in
numpy rather than depend on pycocotools at run time: it is a C extension that often has no
wheel for new Pythons, and the format is small and fully specified by its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike


@dataclass(frozen=True, slots=True, eq=False)
class Rle:
    """A decoded run-length encoding: ``counts`` alternate zero/one runs, zeros first."""

    height: int
    width: int
    counts: np.ndarray

    @property
    def area(self) -> int:
        return int(self.counts[1::2].sum())

    def on_runs(self) -> tuple[np.ndarray, np.ndarray]:
        """Start and end (exclusive) of the runs of ones, in column-major pixel positions."""
        bounds = np.concatenate(([0], np.cumsum(self.counts)))
        return bounds[1:-1:2], bounds[2::2]


def as_rle(mask: ArrayLike | Mapping[str, Any] | Rle, *, name: str = "mask") -> Rle:
    """An ``Rle`` from a 2-D binary array, a COCO RLE dict (either counts form) or an Rle."""
    if isinstance(mask, Rle):
        return mask
    if isinstance(mask, Mapping):
        return _from_coco(mask, name=name)
    arr = np.asarray(mask)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D binary array or a COCO RLE dict, got {arr.shape}")
    flat = _binary(arr.ravel(order="F"), name)
    change = np.flatnonzero(flat[1:] != flat[:-1]) + 1
    bounds = np.concatenate(([0], change, [flat.size]))
    counts = np.diff(bounds)
    if flat.size and flat[0]:
        counts = np.concatenate(([0], counts))  # COCO runs always start with zeros
    return Rle(height=arr.shape[0], width=arr.shape[1], counts=counts.astype(np.int64))


class NonBinaryMaskError(ValueError):
    """A mask array holds values other than 0/1 (e.g. 255, a probability or a class id)."""


def _binary(flat: np.ndarray, name: str) -> np.ndarray:
    """The mask as booleans; values other than 0 and 1 are refused, not cast (``astype(bool)``
    would make 0.3, 255 and class id 2 all foreground)."""
    if flat.dtype == np.bool_:
        return flat
    if flat.dtype.kind not in "iuf":
        raise NonBinaryMaskError(f"{name} must hold 0/1 or booleans, got dtype {flat.dtype}")
    ones: np.ndarray = flat == 1
    stray = ~(ones | (flat == 0))
    if stray.any():
        example = flat[np.argmax(stray)].item()
        raise NonBinaryMaskError(
            f"{name} must be binary (0/1 or booleans), found {example!r}; threshold it first, e.g. "
            "mask > 127 for a 0-255 image, mask >= 0.5 for probabilities, mask == k for class k"
        )
    return ones


def _from_coco(rle: Mapping[str, Any], *, name: str) -> Rle:
    if "size" not in rle or "counts" not in rle:
        raise ValueError(f"{name} must have 'size' and 'counts' keys")
    size = list(rle["size"])
    if len(size) != 2 or min(size) < 0:
        raise ValueError(f"{name}['size'] must be [height, width], got {rle['size']!r}")
    height, width = int(size[0]), int(size[1])
    raw = rle["counts"]
    counts = _decode_counts(raw) if isinstance(raw, str | bytes) else np.asarray(raw, np.int64)
    if counts.ndim != 1 or (counts < 0).any():
        raise ValueError(f"{name}['counts'] must be non-negative run lengths")
    if counts.sum() != height * width:
        raise ValueError(f"{name}['counts'] cover {counts.sum()} pixels but size is {height}x{width}")
    return Rle(height=height, width=width, counts=counts)


def _decode_counts(text: str | bytes) -> np.ndarray:
    """pycocotools' ``rleFrString``, vectorised: 5-bit chunks + 48, bit 0x20 = more chunks
    follow, 0x10 in a number's last chunk = negative; runs after the second are deltas."""
    data = text.encode("ascii") if isinstance(text, str) else bytes(text)
    chunks = np.frombuffer(data, dtype=np.uint8).astype(np.int64) - 48
    if chunks.size and ((chunks < 0) | (chunks > 63)).any():
        raise ValueError("RLE counts string has characters outside the COCO alphabet")
    last = (chunks & 0x20) == 0
    if chunks.size and not last[-1]:
        raise ValueError("RLE counts string ends in the middle of a number")
    number = np.concatenate(([0], np.cumsum(last)[:-1]))  # which number each chunk is in
    first = np.concatenate(([0], np.flatnonzero(last)[:-1] + 1))  # each number's 1st chunk
    shift = 5 * (np.arange(len(chunks)) - first[number])
    values = np.bincount(number, weights=(chunks & 0x1F) << shift, minlength=len(first))
    values = values.astype(np.int64)
    negative = (chunks[last] & 0x10) != 0
    values[negative] -= np.left_shift(1, shift[last][negative] + 5)  # sign-extend
    # counts[i] = values[i] + counts[i - 2] for i > 2: running sums over odd indices and
    # over even indices from 2 on.
    counts = values.copy()
    counts[1::2] = np.cumsum(values[1::2])
    counts[2::2] = np.cumsum(values[2::2])
    return counts


def _encode_counts(counts: np.ndarray) -> bytes:
    """pycocotools' ``rleToString`` (the inverse of ``_decode_counts``), vectorised."""
    x = counts.astype(np.int64)
    x[3:] -= counts[1:-2]
    # Up to 8 signed 5-bit chunks per value (counts are < 2^32); a value stops at the first
    # chunk after which only its sign extension remains.
    shifts = 5 * np.arange(8)
    rest = x[:, None] >> shifts  # value remaining before each chunk
    chunk = rest & 0x1F
    after = rest >> 5
    more = np.where(chunk & 0x10, after != -1, after != 0)
    length = np.argmin(more, axis=1) + 1  # first chunk with nothing more to say
    used = np.arange(8)[None, :] < length[:, None]
    chars = (chunk | np.where(more, 0x20, 0)) + 48
    out: bytes = chars[used].astype(np.uint8).tobytes()
    return out


def rle_encode(mask: ArrayLike, *, compressed: bool = True) -> dict[str, Any]:
    """COCO RLE of a 2-D binary mask: ``counts`` as bytes (like ``maskUtils.encode``) or,
    with ``compressed=False``, as a list of ints (COCO json's ``iscrowd`` form)."""
    rle = as_rle(mask)
    counts: bytes | list[int] = _encode_counts(rle.counts) if compressed else rle.counts.tolist()
    return {"size": [rle.height, rle.width], "counts": counts}


def rle_decode(rle: Mapping[str, Any] | Rle) -> np.ndarray:
    """The (h, w) boolean mask of a COCO RLE dict (either counts form)."""
    r = as_rle(rle, name="rle")
    values = np.zeros(len(r.counts), dtype=bool)
    values[1::2] = True
    flat = np.repeat(values, r.counts)
    return flat.reshape((r.height, r.width), order="F")


def rle_area(rle: Mapping[str, Any] | Rle) -> int:
    """Number of foreground pixels, without decoding."""
    return as_rle(rle, name="rle").area
