"""Character timings → mouth shapes and word timings (what the browser avatar animates)."""

from __future__ import annotations

from daniel.server_avatar.services.base import Viseme, WordTiming
from daniel.server_avatar.services.elevenlabs.alignment import timings


def evenly(text: str, ms: int = 50, start: int = 0) -> tuple[list[str], list[float], list[float]]:
    chars = list(text)
    starts = [float(start + i * ms) for i in range(len(chars))]
    return chars, starts, [s + ms for s in starts]


def test_spanish_words_get_their_mouth_shapes() -> None:
    visemes, words = timings(*evenly("Mamá, ven"))
    assert [v.v for v in visemes] == ["MBP", "A", "MBP", "A", "rest", "FV", "E", "L", "rest"]
    assert visemes[0] == Viseme(0, "MBP")
    assert visemes[-1] == Viseme(450, "rest")
    assert words == [WordTiming(0, 200, "Mamá"), WordTiming(300, 150, "ven")]


def test_silent_letters_keep_the_mouth_and_the_chunk_starts_at_rest() -> None:
    visemes, _ = timings(*evenly("hola"))
    assert visemes[0] == Viseme(0, "rest")
    assert [v.v for v in visemes[1:]] == ["O", "L", "A", "rest"]
    assert visemes[1].t == 50  # "h" is silent: the mouth opens on the "o"


def test_times_are_counted_from_the_chunk_start() -> None:
    visemes, words = timings(*evenly("si", start=1000), offset_ms=1000)
    assert visemes == [Viseme(0, "S"), Viseme(50, "I"), Viseme(100, "rest")]
    assert words == [WordTiming(0, 100, "si")]


def test_nothing_to_say_gives_nothing() -> None:
    assert timings([], [], []) == ([], [])
