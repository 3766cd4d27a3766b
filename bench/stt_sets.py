"""The speech sets of bench/stt.py: recorded prompts and spoken ERP questions.

(a) `prompts(lang)`: Asterisk's core sound prompts, recorded by a professional speaker
    (8 kHz telephone quality), from the Debian packages `asterisk-core-sounds-{es,en}-wav`
    with their transcripts from `asterisk-core-sounds-{es,en}` (`make bench-stt` installs
    them; nothing is committed). Single digits, letters and the phonetic alphabet are
    left out: they are one word each, written by Whisper as a digit or a capital.
(b) `questions(...)`: the question bank (a JSON file: {"es": [...], "en": [...]}, with
    {customer}, {person}, {project}, {stage}, {product} filled from the live ERP), spoken
    by espeak-ng with several voices and speeds, every other one with background noise.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import unicodedata
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SOUNDS = Path("/usr/share/asterisk/sounds")
DOCS = Path("/usr/share/doc")
MAX_SECONDS = 30
SKIPPED_FOLDERS = ("digits/", "letters/", "phonetic/", "silence/")

#: (espeak-ng voice, words per minute) per language: the conditions rotate per question.
VOICES: dict[str, tuple[tuple[str, int], ...]] = {
    "es": (("es", 160), ("es+f3", 175), ("es-419+m3", 145)),
    "en": (("en-us", 160), ("en-us+f3", 175), ("en+m3", 145)),
}
NOISE_SNR_DB = 15.0
PLACEHOLDER = re.compile(r"\{(customer|person|project|stage|product)\}")


@dataclass(frozen=True)
class Utterance:
    lang: str
    text: str  # what was said (the reference)
    pcm16: bytes
    rate: int
    condition: str = ""

    @property
    def seconds(self) -> float:
        return len(self.pcm16) / 2 / self.rate


def prompts(lang: str, limit: int) -> list[Utterance]:
    """Up to `limit` recorded prompts, spread evenly over the alphabetical list."""
    listing = DOCS / f"asterisk-core-sounds-{lang}" / f"core-sounds-{lang}.txt.gz"
    if not listing.is_file():
        raise SystemExit(f"{listing} is missing: run `make bench-stt` (installs the prompts)")
    entries: list[tuple[str, str]] = []
    with gzip.open(listing, "rt", encoding="utf-8", errors="replace") as lines:
        listed = list(lines)
    for line in listed:
        name, sep, text = line.partition(":")
        name, text = name.strip(), text.strip()
        if not sep or name.startswith(";") or not text or name.startswith(SKIPPED_FOLDERS):
            continue
        if (SOUNDS / lang / f"{name}.wav").is_file():
            entries.append((name, text))
    entries.sort()
    step = max(1, len(entries) // limit)
    out = []
    for name, text in entries[::step][:limit]:
        with wave.open(str(SOUNDS / lang / f"{name}.wav")) as wav:
            if wav.getnframes() > MAX_SECONDS * wav.getframerate():
                continue  # longer than one utterance may be (STT_MAX_SECONDS)
            pcm = wav.readframes(wav.getnframes())
            out.append(Utterance(lang, text, pcm, wav.getframerate(), "recorded 8 kHz"))
    return out


def question_texts(path: Path, lang: str, names: dict[str, list[str]], per: int) -> list[str]:
    """The bank's questions, each template with names asked with `per` different names."""
    templates = json.loads(path.read_text(encoding="utf-8"))[lang]
    out: list[str] = []
    counters = {kind: 0 for kind in names}
    for template in templates:
        if not PLACEHOLDER.search(template):
            out.append(template)
            continue
        for _ in range(per):
            text = template
            for kind in dict.fromkeys(PLACEHOLDER.findall(template)):
                pool = names.get(kind) or [kind]
                text = text.replace("{" + kind + "}", pool[counters.get(kind, 0) % len(pool)])
                counters[kind] = counters.get(kind, 0) + 1
            out.append(text)
    return list(dict.fromkeys(out))


async def spoken(lang: str, texts: list[str]) -> list[Utterance]:
    """Each question spoken by espeak-ng; voice, speed and noise rotate per question."""
    from daniel.server_avatar.pcm import resample
    from daniel.server_avatar.services.local.espeak import EspeakEngine

    engine = EspeakEngine.shared()
    voices = VOICES[lang]
    rng = np.random.default_rng(15)
    out = []
    for index, text in enumerate(texts):
        voice, wpm = voices[index % len(voices)]
        noisy = (index // len(voices)) % 2 == 1
        speech = await engine.synthesize(text, voice, wpm)
        pcm = resample(speech.audio, speech.sample_rate, 16000)
        if noisy:
            pcm = with_noise(pcm, NOISE_SNR_DB, rng)
        condition = f"{voice} {wpm} wpm" + (f", noise {NOISE_SNR_DB:.0f} dB SNR" if noisy else "")
        out.append(Utterance(lang, text, pcm, 16000, condition))
    return out


def with_noise(pcm16: bytes, snr_db: float, rng: np.random.Generator) -> bytes:
    """White noise plus a low hum at `snr_db` below the speech's power."""
    speech = np.frombuffer(pcm16, dtype="<i2").astype(np.float64)
    power = float(np.mean(speech**2)) or 1.0
    t = np.arange(len(speech)) / 16000
    noise = rng.normal(0.0, 1.0, len(speech)) + 0.5 * np.sin(2 * np.pi * 100 * t)
    noise *= np.sqrt(power / 10 ** (snr_db / 10) / float(np.mean(noise**2)))
    return np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes()


def words(text: str) -> list[str]:
    """Lower-case words without accents or punctuation, for the word error rate."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.findall(r"[a-z0-9ñ]+(?:'[a-z]+)?", plain)


def shuffled(items: list[str], seed: int) -> list[str]:
    out = list(items)
    random.Random(seed).shuffle(out)
    return out
