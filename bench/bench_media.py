"""Benchmark what the server does with a long media file when it arrives: probe and waveform peaks.

Run: ``python bench/bench_media.py [--minutes 60] [--repeats 3]``. Generates (once, cached in
``bench/.work/``) a stereo 44.1 kHz file of the given length with PyAV in each codec an
annotator is likely to upload (MP3, AAC in M4A, Opus in WebM), then times ``media_probe.probe``
and ``media_probe.peaks`` on it (median of the repeats, CPU and wall seconds) and prints the
peaks' JSON size. The figure decides whether peaks are made inside the upload request (see
docs/ARCHITECTURE.md, *Media*).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import av
import numpy as np

from goldlabel.services.media_probe import peaks_json, probe

WORK = Path(__file__).resolve().parent / ".work"
CODECS = {  # file suffix: (container format, codec, bit rate)
    "mp3": ("mp3", "libmp3lame", 128_000),
    "m4a": ("ipod", "aac", 128_000),
    "webm": ("webm", "libopus", 96_000),
}


def make_audio(path: Path, seconds: int, container_format: str, codec: str, bit_rate: int) -> None:
    """A speech-like signal: a 220 Hz tone whose loudness swells every 3 s, plus a little noise."""
    rate = 48_000 if codec == "libopus" else 44_100
    rng = np.random.default_rng(0)
    with av.open(str(path), "w", format=container_format) as out:
        stream = out.add_stream(codec, rate=rate, layout="stereo")
        stream.bit_rate = bit_rate
        chunk = rate  # one second at a time
        for second in range(seconds):
            t = np.arange(chunk) / rate + second
            signal = 0.4 * np.sin(2 * np.pi * 220 * t) * (0.5 + 0.5 * np.sin(2 * np.pi * t / 3))
            signal += rng.normal(0, 0.02, chunk)
            pcm = np.tile(signal.astype(np.float32), (2, 1))  # planar stereo
            frame = av.AudioFrame.from_ndarray(pcm, format="fltp", layout="stereo")
            frame.sample_rate = rate
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


def median_seconds(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    cpu, wall = [], []
    for _ in range(repeats):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--codecs", default=",".join(CODECS))
    args = parser.parse_args()
    WORK.mkdir(exist_ok=True)
    print(f"| file ({args.minutes} min, stereo) | size | probe wall | peaks CPU | peaks wall | peaks JSON |")
    print("|---|---:|---:|---:|---:|---:|")
    for suffix in args.codecs.split(","):
        container_format, codec, bit_rate = CODECS[suffix]
        path = WORK / f"audio-{args.minutes}min.{suffix}"
        if not path.exists():
            make_audio(path, args.minutes * 60, container_format, codec, bit_rate)
        content_type = "audio/mpeg" if suffix == "mp3" else f"audio/{suffix}"
        _, probe_wall = median_seconds(partial(probe, path, content_type), args.repeats)
        cpu, wall = median_seconds(partial(peaks_json, path), args.repeats)
        size = len(peaks_json(path))
        print(
            f"| {suffix} ({codec}) | {path.stat().st_size / 1e6:.1f} MB | {probe_wall * 1000:.1f} ms"
            f" | {cpu:.2f} s | {wall:.2f} s | {size / 1e3:.0f} KB |"
        )


if __name__ == "__main__":
    main()
