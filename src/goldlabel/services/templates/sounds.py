"""Sample audio synthesised with numpy and written as 16-bit mono WAV (the standard library's
``wave``): Morse code to transcribe or align, two synthetic "voices" taking turns, and short
tunes whose mood is plain to hear. A seeded generator makes the same bytes every time.
"""

from __future__ import annotations

import io
import random
import wave
from dataclasses import dataclass

import numpy as np

RATE = 16_000
MORSE = {
    "A": ".-", "B": "-...", "C": "-.-.", "D": "-..", "E": ".", "F": "..-.", "G": "--.", "H": "....",
    "I": "..", "J": ".---", "K": "-.-", "L": ".-..", "M": "--", "N": "-.", "O": "---", "P": ".--.",
    "Q": "--.-", "R": ".-.", "S": "...", "T": "-", "U": "..-", "V": "...-", "W": ".--", "X": "-..-",
    "Y": "-.--", "Z": "--..",
}  # fmt: skip
MORSE_UNIT = 0.075  # seconds per dot: about 16 words per minute
EMOTIONS = ("happy", "sad", "angry", "calm")


@dataclass(frozen=True, slots=True)
class Timed:
    """A stretch of the generated audio: what it is and when, in seconds."""

    start: float
    end: float
    label: str


def wav(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as 16-bit mono WAV bytes."""
    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2")
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    return out.getvalue()


def _tone(seconds: float, freq: float, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * RATE)) / RATE
    ramp = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.005)  # 5 ms fades: no clicks
    return amplitude * ramp * np.sin(2 * np.pi * freq * t)


def _silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE))


def morse(words: list[str], rng: random.Random, *, lead: float = 0.5) -> tuple[bytes, list[Timed]]:
    """The words in Morse code (650 Hz, light noise); returns when each word sounds."""
    parts = [_silence(lead)]
    timed: list[Timed] = []
    clock = lead
    for w, word in enumerate(words):
        start = clock
        for c, letter in enumerate(word.upper()):
            for s, symbol in enumerate(MORSE[letter]):
                beep = _tone(MORSE_UNIT * (1 if symbol == "." else 3), 650)
                gap = _silence(MORSE_UNIT * (1 if s < len(MORSE[letter]) - 1 else 0))
                parts += [beep, gap]
                clock += (len(beep) + len(gap)) / RATE
            if c < len(word) - 1:
                parts.append(_silence(3 * MORSE_UNIT))
                clock += 3 * MORSE_UNIT
        timed.append(Timed(round(start, 3), round(clock, 3), word))
        pause = 7 * MORSE_UNIT if w < len(words) - 1 else lead
        parts.append(_silence(pause))
        clock += pause
    signal = np.concatenate(parts)
    noise = np.random.default_rng(rng.randrange(2**32)).normal(0, 0.01, len(signal))
    return wav(signal + noise), timed


def _voice(seconds: float, pitch: float, brightness: int, rng: np.random.Generator) -> np.ndarray:
    """A buzz with harmonics and a syllable-like rhythm (about 4 syllables a second)."""
    t = np.arange(int(seconds * RATE)) / RATE
    vibrato = pitch * (1 + 0.03 * np.sin(2 * np.pi * 5 * t))
    phase = 2 * np.pi * np.cumsum(vibrato) / RATE
    buzz = sum(np.sin(k * phase) / k for k in range(1, brightness + 1))
    syllables = 0.5 + 0.5 * np.sin(2 * np.pi * rng.uniform(3.5, 4.5) * t + rng.uniform(0, 6.28))
    ramp = np.minimum(1.0, np.minimum(t, t[::-1]) / 0.02)
    return 0.25 * ramp * syllables * buzz


def conversation(rng: random.Random, speakers: list[str], seconds: float = 10.0) -> tuple[bytes, list[Timed]]:
    """Two synthetic voices (low and dull, high and bright) taking turns with short pauses."""
    noise = np.random.default_rng(rng.randrange(2**32))
    voices = {speakers[0]: (120.0, 4), speakers[1]: (240.0, 9)}
    parts = [_silence(0.3)]
    timed: list[Timed] = []
    clock, turn = 0.3, rng.randrange(2)
    while clock < seconds - 1.5:
        speaker = speakers[turn % 2]
        length = round(rng.uniform(1.0, 2.4), 2)
        parts.append(_voice(length, *voices[speaker], noise))
        timed.append(Timed(round(clock, 3), round(clock + length, 3), speaker))
        gap = round(rng.uniform(0.3, 0.8), 2)
        parts.append(_silence(gap))
        clock += length + gap
        turn += 1 if rng.random() < 0.8 else 0
    signal = np.concatenate(parts)
    return wav(signal + noise.normal(0, 0.005, len(signal))), timed


def mood(emotion: str, rng: random.Random, seconds: float = 3.0) -> bytes:
    """A short clip whose mood is plain: a quick rising major arpeggio (happy), a slow falling
    minor line (sad), loud harsh bursts (angry), a soft slow swell (calm)."""
    root = rng.choice([220.0, 247.0, 262.0])
    if emotion == "happy":
        steps, note, amp = [0, 4, 7, 12, 7, 4, 0, 4, 7, 12, 16, 12], 0.25, 0.45
        signal = np.concatenate([_tone(note, root * 2 ** (s / 12), amp) for s in steps])
    elif emotion == "sad":
        steps, note = [12, 10, 7, 3, 0], 0.6
        signal = np.concatenate([_tone(note, root * 2 ** (s / 12) / 2, 0.2) for s in steps])
    elif emotion == "angry":
        gen = np.random.default_rng(rng.randrange(2**32))
        bursts = []
        for _ in range(int(seconds / 0.25)):
            t = np.arange(int(0.18 * RATE)) / RATE
            saw = 2 * ((t * root / 2) % 1) - 1
            bursts += [0.8 * np.tanh(3 * (saw + gen.normal(0, 0.3, len(t)))), _silence(0.07)]
        signal = np.concatenate(bursts)
    elif emotion == "calm":
        t = np.arange(int(seconds * RATE)) / RATE
        swell = 0.5 - 0.5 * np.cos(2 * np.pi * t / seconds)
        signal = 0.2 * swell * (np.sin(2 * np.pi * root * t) + 0.5 * np.sin(2 * np.pi * root * 1.5 * t))
    else:
        raise ValueError(f"unknown emotion {emotion!r}")
    return wav(signal[: int(seconds * RATE)])
