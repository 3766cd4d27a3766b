"""The small pieces the conversation engine is built from."""

from __future__ import annotations

import pytest

from daniel.server_avatar.latency import LatencyRecorder, TurnClock, TurnLatency
from daniel.server_avatar.pcm import resample, silence, trim_silence
from daniel.server_avatar.sentences import SentenceSplitter, split_sentences
from daniel.server_avatar.services.base import ProviderUnavailable, ToolSpec
from daniel.server_avatar.services.local.espeak import EspeakEngine
from daniel.server_avatar.services.openai.tool_schema import openai_tools
from daniel.server_avatar.services.provider_registry import load_class
from daniel.server_avatar.tools.write_confirmations import is_no, is_yes
from daniel.server_avatar.vad import UtteranceDetector


def test_sentences_are_cut_where_a_listener_would_pause() -> None:
    text = "Tienes 3.5 millones en el Sr. Ruiz. ¿Quieres más? ¡Vale! Hecho"
    assert split_sentences(text) == [
        "Tienes 3.5 millones en el Sr. Ruiz.",
        "¿Quieres más?",
        "¡Vale!",
        "Hecho",
    ]


def test_streamed_deltas_give_each_sentence_as_soon_as_it_is_complete() -> None:
    splitter = SentenceSplitter()
    assert splitter.feed("Hola, ") == []
    assert splitter.feed("qué tal. Te") == ["Hola, qué tal."]
    assert splitter.feed("ngo dos tareas") == []
    assert splitter.flush() == "Tengo dos tareas"
    long_one = "palabra, " * 60
    assert all(len(s) <= 220 for s in SentenceSplitter().feed(long_one))


@pytest.mark.parametrize("text", ["sí", "Sí, adelante.", "vale", "yes", "Go ahead!", "confirma"])
def test_explicit_yes(text: str) -> None:
    assert is_yes(text)
    assert not is_no(text)


@pytest.mark.parametrize("text", ["no", "No, mejor no", "cancela", "cancel it", "never mind"])
def test_explicit_no(text: str) -> None:
    assert is_no(text)
    assert not is_yes(text)


@pytest.mark.parametrize("text", ["sí, pero cambia el importe", "¿y las de Ana?", "no sé"])
def test_anything_else_is_neither(text: str) -> None:
    assert not is_yes(text)
    assert not is_no(text)


async def test_voice_activity_detection_finds_the_utterance() -> None:
    speech = await EspeakEngine.shared().synthesize("show my open leads", "en-us", 160)
    voice = resample(speech.audio, speech.sample_rate, 16000)
    detector = UtteranceDetector(silence_ms=600)
    events = []
    stream = silence(500, 16000) + voice + silence(1000, 16000) + voice + silence(800, 16000)
    for start in range(0, len(stream), 640):
        events += detector.feed(stream[start : start + 640])
    kinds = [e.kind for e in events if e.kind != "audio"]
    assert kinds == ["start", "end", "start", "end"]
    first = b"".join(e.audio for e in events[: [e.kind for e in events].index("end")])
    assert abs(len(first) - len(voice) - 2 * 16000 * 0.6) < 2 * 16000 * 0.5


def test_trim_silence_keeps_the_voice() -> None:
    loud = (b"\x00\x30" * 800) * 5  # 0.25 s of a loud square-ish signal
    trimmed = trim_silence(silence(500, 16000) + loud + silence(500, 16000), 16000)
    assert len(loud) <= len(trimmed) <= len(loud) + 2 * 16000 * 0.12


def test_latency_marks_are_relative_to_the_end_of_user_input() -> None:
    clock = TurnClock(user_end=0.0)
    clock.mark("first_text")
    clock.mark("first_text")  # only the first counts
    marks = clock.marks()
    assert marks["user_end"] == 0
    assert list(marks) == ["user_end", "first_text"]
    recorder = LatencyRecorder(size=2)
    seen: list[TurnLatency] = []
    recorder.add_listener(seen.append)
    recorder.add_listener(lambda _turn: 1 / 0)  # a broken listener changes nothing
    for number in range(3):
        recorder.record(TurnLatency("s", f"t{number}", "text", {"end": number}))
    assert [t.turn_id for t in recorder.turns] == ["t1", "t2"]
    assert len(seen) == 3


def test_registry_names_what_is_missing() -> None:
    with pytest.raises(ProviderUnavailable, match="no brain provider called 'magic'"):
        load_class("brain", "magic")
    assert load_class("tts", "local").__name__ == "LocalTTS"


def test_mcp_tools_become_openai_functions_without_the_confirmation_tools() -> None:
    specs = [
        ToolSpec("task_list", "List tasks.", {"type": "object", "properties": {"q": {}}}),
        ToolSpec("confirm_action", "Confirm.", {"type": "object"}),
        ToolSpec("user_context", "Who am I.", {}),
    ]
    tools = openai_tools(specs)
    assert [t["function"]["name"] for t in tools] == ["task_list", "user_context"]
    assert tools[0]["function"]["parameters"]["properties"] == {"q": {}}
    assert tools[1]["function"]["parameters"] == {"type": "object", "properties": {}}
