"""From espeak-ng events to lip-sync timings: visemes and word timings.

The viseme set is the one in docs/protocol.md (`rest`, `A`, `E`, `I`, `O`, `U`, `MBP`,
`FV`, `L`, `S`). espeak-ng reports phonemes in IPA; stress and length marks are dropped
and the first sound decides the mouth shape (diphthongs open with their first vowel).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from daniel.server_avatar.services.base import Viseme, WordTiming
from daniel.server_avatar.services.local.espeak import EVENT_END, EVENT_PHONEME, EVENT_WORD, Event

REST = "rest"
_MARKS = "ˈˌːˑ̩̯̃ʰʲ'\",.%=-_|#"

_BY_SOUND: dict[str, str] = {}
for _sounds, _viseme in (
    ("aáàɑɐæʌɒ", "A"),
    ("eéɛəɜɘœø", "E"),
    ("iíɪjyʏɨ", "I"),
    ("oóɔɵ", "O"),
    ("uúʊwɯ", "U"),
    ("mbpβɱ", "MBP"),
    ("fvʋ", "FV"),
    ("lntdɾrɹɲʎɫɭɺ", "L"),
    ("szθðʃʒçkgɡxɣhʝχʔcqŋʁɕʑ", "S"),
):
    for _sound in _sounds:
        _BY_SOUND[_sound] = _viseme

_AFFRICATES = {"tʃ": "S", "dʒ": "S", "ts": "S", "dz": "S"}


@functools.lru_cache(maxsize=1024)
def viseme_for(phoneme: str) -> str:
    """The mouth shape for one espeak-ng IPA phoneme name (`rest` for pauses)."""
    sound = "".join(ch for ch in phoneme if ch not in _MARKS).lower()
    if not sound:
        return REST
    for prefix, viseme in _AFFRICATES.items():
        if sound.startswith(prefix):
            return viseme
    return _BY_SOUND.get(sound[0], "E")


def visemes_from(events: Sequence[Event], duration_ms: int) -> list[Viseme]:
    """One viseme per phoneme change, ending on `rest` at the end of the audio."""
    out: list[Viseme] = []
    for event in events:
        if event.kind != EVENT_PHONEME:
            continue
        viseme = viseme_for(event.phoneme)
        t = max(0, min(event.ms, duration_ms))
        if out and out[-1].v == viseme:
            continue
        if out and out[-1].t == t:
            out[-1] = Viseme(t, viseme)
            continue
        out.append(Viseme(t, viseme))
    if not out or out[0].t > 0:
        out.insert(0, Viseme(0, REST))
    if out[-1].v != REST:
        out.append(Viseme(duration_ms, REST))
    return out


def words_from(events: Sequence[Event], text: str, duration_ms: int) -> list[WordTiming]:
    """Word timings: start at the WORD event, end at the next word or pause."""
    starts = [e for e in events if e.kind == EVENT_WORD]
    pauses = [e.ms for e in events if e.kind == EVENT_END] + [
        e.ms for e in events if e.kind == EVENT_PHONEME and viseme_for(e.phoneme) == REST
    ]
    out: list[WordTiming] = []
    for index, event in enumerate(starts):
        word = _word_at(text, event.text_position, event.length)
        if not word:
            continue
        following = [p for p in pauses if p > event.ms]
        end = min(following) if following else duration_ms
        if index + 1 < len(starts):
            end = min(end, starts[index + 1].ms) if end > event.ms else starts[index + 1].ms
        end = max(min(end, duration_ms), event.ms)
        out.append(WordTiming(t=event.ms, d=end - event.ms, w=word))
    return out


_STRIP = "«»\"“”‘’'¿?¡!.,;:()[]{}…"


def _word_at(text: str, position: int, length: int) -> str:
    """espeak-ng gives 1-based character positions; a length of 0 means unknown."""
    start = max(position - 1, 0)
    if length > 0:
        word = text[start : start + length]
    else:
        rest = text[start:]
        word = rest.split(None, 1)[0] if rest.strip() else ""
    return word.strip(_STRIP)
