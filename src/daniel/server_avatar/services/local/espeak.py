"""espeak-ng through its C API (ctypes), from the `espeakng-loader` package.

The package ships `libespeak-ng` and its data, so nothing is installed or downloaded.
The library keeps global state and is not thread-safe: `EspeakEngine` is a process-wide
singleton whose every call runs on one dedicated worker thread, in priority order
(the first sentence of every answer before later ones, so that under load every
conversation starts talking soon; a job whose caller gave up is skipped). Synthesis uses
`AUDIO_OUTPUT_SYNCHRONOUS` with a synth callback that receives the PCM (22050 Hz mono
16-bit) and the word and phoneme events with their audio positions in milliseconds
(phoneme names in IPA, `espeakINITIALIZE_PHONEME_IPA`).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import itertools
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")

# espeak_AUDIO_OUTPUT / flags / event types (speak_lib.h, API revision 12)
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_PHONEME_EVENTS = 0x0001
_INITIALIZE_PHONEME_IPA = 0x0002
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAM_RATE = 1
EVENT_WORD = 1
EVENT_SENTENCE = 2
EVENT_END = 5
EVENT_MSG_TERMINATED = 6
EVENT_PHONEME = 7
#: The seed of espeak-ng's noise generator before every synthesis (see `_synthesize`).
RANDOM_SEED = 1

#: Voices per conversation language.
VOICES = {"es": "es", "en": "en-us"}


class _EventId(ctypes.Union):
    _fields_ = (
        ("number", ctypes.c_int),
        ("name", ctypes.c_char_p),
        ("string", ctypes.c_char * 8),
    )


class _Event(ctypes.Structure):
    _fields_ = (
        ("type", ctypes.c_int),
        ("unique_identifier", ctypes.c_uint),
        ("text_position", ctypes.c_int),
        ("length", ctypes.c_int),
        ("audio_position", ctypes.c_int),
        ("sample", ctypes.c_int),
        ("user_data", ctypes.c_void_p),
        ("id", _EventId),
    )


_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event)
)


class EspeakUnavailable(RuntimeError):
    """The espeak-ng library or its data cannot be loaded."""


@dataclass(frozen=True, slots=True)
class Event:
    """One synthesis event: `kind` is EVENT_*, `ms` its audio position."""

    kind: int
    ms: int
    text_position: int = 0
    length: int = 0
    phoneme: str = ""


@dataclass(slots=True)
class Synthesis:
    """The raw result of one espeak_Synth call."""

    audio: bytes
    sample_rate: int
    events: list[Event] = field(default_factory=list)


@dataclass(order=True)
class _Job:
    priority: int
    order: int
    run: Callable[[], Any] = field(compare=False)
    loop: asyncio.AbstractEventLoop = field(compare=False)
    future: asyncio.Future[Any] = field(compare=False)


class EspeakEngine:
    """The process-wide espeak-ng instance; use `EspeakEngine.shared()`."""

    _instance: EspeakEngine | None = None
    _instance_lock = threading.Lock()

    def __init__(self) -> None:
        self._jobs: queue.PriorityQueue[_Job] = queue.PriorityQueue()
        self._order = itertools.count()
        self._thread: threading.Thread | None = None
        self._thread_lock = threading.Lock()
        self._lib: Any = None
        self._callback: Any = None  # keeps the C callback alive
        self._seed: Any = None  # espeak_ng_SetRandSeed, where the library has it
        self._sample_rate = 0
        self._voice = ""
        self._rate = 0
        self._audio = bytearray()
        self._events: list[Event] = []

    @classmethod
    def shared(cls) -> EspeakEngine:
        with cls._instance_lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @property
    def sample_rate(self) -> int:
        return self._sample_rate or 22050

    async def start(self) -> None:
        """Load the library on the worker thread; raise `EspeakUnavailable` if it cannot."""
        await self._submit(0, self._ensure_loaded)

    async def synthesize(self, text: str, voice: str, rate: int, priority: int = 0) -> Synthesis:
        """Speak `text` with `voice` at `rate` words per minute (runs on the worker);
        lower `priority` values go first."""
        return await self._submit(priority, lambda: self._synthesize(text, voice, rate))

    async def _submit(self, priority: int, run: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._ensure_worker()
        self._jobs.put(_Job(priority, next(self._order), run, loop, future))
        return await future

    def _ensure_worker(self) -> None:
        with self._thread_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name="espeak", daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job.future.cancelled() or job.loop.is_closed():
                continue  # the caller gave up (barge-in): skip the work
            try:
                result = job.run()
            except Exception as exc:
                _deliver(job, None, exc)
            else:
                _deliver(job, result, None)

    # ------------------------------------------------------------------ worker thread
    def _ensure_loaded(self) -> None:
        if self._lib is not None:
            return
        try:
            import espeakng_loader

            lib = ctypes.CDLL(espeakng_loader.get_library_path())
            data_path = espeakng_loader.get_data_path()
        except (ImportError, OSError, RuntimeError) as exc:
            raise EspeakUnavailable(f"espeak-ng cannot be loaded: {exc}") from exc
        lib.espeak_Initialize.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetSynthCallback.argtypes = (_SynthCallback,)
        lib.espeak_SetVoiceByName.argtypes = (ctypes.c_char_p,)
        lib.espeak_SetVoiceByName.restype = ctypes.c_int
        lib.espeak_SetParameter.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int)
        lib.espeak_SetParameter.restype = ctypes.c_int
        lib.espeak_Synth.argtypes = (
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        )
        lib.espeak_Synth.restype = ctypes.c_int
        options = _INITIALIZE_PHONEME_EVENTS | _INITIALIZE_PHONEME_IPA | _INITIALIZE_DONT_EXIT
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), options)
        if rate <= 0:
            raise EspeakUnavailable("espeak-ng failed to initialise (data folder missing?)")
        if hasattr(lib, "espeak_ng_SetRandSeed"):  # espeak-ng 1.52 and later
            lib.espeak_ng_SetRandSeed.argtypes = (ctypes.c_long,)
            lib.espeak_ng_SetRandSeed.restype = None
            self._seed = lib.espeak_ng_SetRandSeed
        self._callback = _SynthCallback(self._on_synth)
        lib.espeak_SetSynthCallback(self._callback)
        self._sample_rate = rate
        self._lib = lib

    def _synthesize(self, text: str, voice: str, rate: int) -> Synthesis:
        self._ensure_loaded()
        lib = self._lib
        if voice != self._voice:
            if lib.espeak_SetVoiceByName(voice.encode()) != 0:
                raise EspeakUnavailable(f"espeak-ng has no voice {voice!r}")
            self._voice = voice
            self._rate = 0
        if rate != self._rate:
            lib.espeak_SetParameter(_PARAM_RATE, rate, 0)
            self._rate = rate
        self._audio = bytearray()
        self._events = []
        if self._seed is not None:
            # The breathy voice variants ("+f3") mix in random noise, which espeak-ng seeds
            # with the clock at start-up: the same sentence sounded different after every
            # restart. One seed before every sentence: the same sentences, voice and speed
            # give the same audio in every process.
            self._seed(RANDOM_SEED)
        data = text.encode("utf-8")
        result = lib.espeak_Synth(
            data, len(data) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        if result != 0:
            raise EspeakUnavailable(f"espeak-ng could not synthesise (error {result})")
        return Synthesis(bytes(self._audio), self._sample_rate, self._events)

    def _on_synth(self, wav: Any, count: int, events: Any) -> int:
        if wav and count > 0:
            self._audio.extend(ctypes.string_at(wav, count * 2))
        index = 0
        while events[index].type != 0:
            event = events[index]
            kind = event.type
            if kind == EVENT_PHONEME:
                raw = bytes(event.id.string).split(b"\0", 1)[0]
                self._events.append(
                    Event(kind, event.audio_position, phoneme=raw.decode("utf-8", "replace"))
                )
            elif kind in (EVENT_WORD, EVENT_END, EVENT_SENTENCE):
                self._events.append(
                    Event(kind, event.audio_position, event.text_position, event.length)
                )
            index += 1
        return 0


def _deliver(job: _Job, result: Any, error: BaseException | None) -> None:
    """Hand a result back to the caller's event loop (if it still waits)."""

    def settle() -> None:
        if job.future.done():
            return
        if error is not None:
            job.future.set_exception(error)
        else:
            job.future.set_result(result)

    with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
        job.loop.call_soon_threadsafe(settle)
