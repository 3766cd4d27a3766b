"""`STT=local`: free speech in Spanish and English, offline, with Whisper base.

The model (`whisper_model.WhisperRecognizer`) is loaded once per process and shared by
every session. For each utterance:

1. the audio is checked and converted (PCM16 at any rate from 8 to 48 kHz → float32
   16 kHz); audio longer than `max_seconds` is refused (`AudioRejected("too_long")`),
   and near-silent audio is "not heard" without running the model;
2. the decoder is conditioned on the words of the questions Daniel answers
   (`TOPIC`: opportunities, quotations, overdue tasks…, in the language heard), which
   biases it towards them (measured in docs/performance.md); optionally the ERP's names
   too (the `vocabulary` callable: customers, people, projects, stages, products), off
   by default because it measured worse;
3. Whisper picks Spanish or English (the session's language unless the audio is clearly
   the other one) and transcribes; the transcript carries that language;
4. Whisper's own confidence decides between an answerable transcript, "not heard" (its
   no-speech probability) and "not made out" (`Transcript.unclear`: the words heard are
   shown, not answered);
5. each of the beam's hypotheses about as likely as the best has its near-misses of
   known names corrected (`name_correction.NameIndex`; where the question parser still
   finds words it cannot explain, a looser match is tried and kept only if the parser
   then explains more), and the one the parser explains best is taken
   (`unexplained`: the understanding layer's unknown words), so "¿Qué tal ya estengo
   para hoy?" loses to "¿Qué tareas tengo para hoy?";
6. if words are still unexplained (often a name: "What tasks does game vocator have?"),
   the utterance is decoded once more with the ERP's names in the prompt, reusing the
   encoder's work; that hearing is taken if the parser explains more of it. Not while
   other utterances wait for Whisper (as step 8 below): their first hearing comes first;
7. if words are still unexplained and Whisper was unsure of what it heard (`UNSURE`),
   one run of up to six words the parser cannot explain is replaced by the known name it
   sounds most like, more loosely than step 5 ("¿Cuánto nos ha comprado cooperativa a
   Niko la Sanisino?" → "… Cooperativa Agrícola San Isidro?"), if the parser then
   explains more (`NameIndex.substitutions`). A clearly heard name the ERP does not have
   is not guessed at;
8. if the hearing is still unsure (confidence under `REHEAR_UNSURE`) or words are still
   unexplained, and no other utterance is waiting for Whisper, the audio is heard up to
   twice more, slowed and sped up (`REHEAR_SPEEDS`, a tape-speed change) in one batch
   (one encoder pass and one beam search for both takes), through steps 2-7 but for step
   6's second decode; the hearing the parser explains best, the most confident of those,
   is taken (Whisper base often hears a word differently at another speed: "…in close
   one." for "…in Closed Won" at its own speed, right when slowed).
   Not for a hearing that is empty or not made out (re-heard, more of those got a wrong
   answer than a right one); no new hearing starts once the utterance has taken
   `REHEAR_WITHIN_S`. If the first hearing was not unsure (`UNSURE`), a hearing whose
   name was corrected or guessed does not replace it: as in step 7, a name said clearly,
   and unknown to the ERP, stays as said rather than becoming a real record's name.

No partial transcripts: each would be another full Whisper pass over the audio so far,
multiplying the CPU an utterance costs on a 2-core machine (docs/server.md).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from daniel.server_avatar.services.base import (
    AudioRejected,
    Lang,
    PartialCallback,
    SpeechToText,
    SttStream,
    Transcript,
)
from daniel.server_avatar.services.local.name_correction import CONTEXT_THRESHOLD, NameIndex
from daniel.server_avatar.services.local.whisper_model import (
    MAX_SECONDS,
    RATE,
    Recognition,
    Samples,
    SttBusy,
    WhisperRecognizer,
)

log = logging.getLogger(__name__)

#: Returns names the ERP knows (customers, people, projects, stages, products).
Vocabulary = Callable[[], Awaitable[Sequence[str]]]
#: How many words of a transcript the question parser cannot explain (None: no opinion).
Unexplained = Callable[[str, Lang], int | None]
#: The parser's reading of each word: (start, end, "unknown" / "name" / "filler" / "known").
ParsedWords = Callable[[str, Lang], Sequence[tuple[int, int, str]] | None]

MIN_RATE, MAX_RATE = 8000, 48000
QUIET_PEAK = 600  # PCM16 peak under which an utterance is silence (about -35 dBFS)
MIN_SPEECH_S = 0.2
VOCABULARY_WAIT_S = 2.0
#: Hypotheses this much less likely (mean log-probability per token) than the best are
#: not considered: measured on 76 spoken questions, margins of 0.1-0.5 gave the same answers.
HYPOTHESIS_MARGIN = 0.3
PROMPT_NAMES = 60  # names in the decoder prompt (its budget is about 200 tokens)
#: The words of the questions Daniel answers, as the text Whisper is conditioned on (its
#: "previous text"). Grammar, not data: no name of any company's records is here.
#: A list rather than a sentence, so that unclear audio is not "heard" as the sentence.
TOPIC: dict[Lang, str] = {
    "es": "Oportunidades, presupuestos, pedidos de venta, tareas vencidas, proyectos, "
    "etapas del pipeline, clientes, comerciales, vendido, ganado, perdido.",
    "en": "Opportunities, quotations, sales orders, overdue tasks, projects, "
    "pipeline stages, customers, salespeople, sold, won, lost.",
}
_TOPIC_WORDS: dict[Lang, frozenset[str]] = {
    lang: frozenset(re.findall(r"\w+", words.casefold())) for lang, words in TOPIC.items()
}
# Whisper's own thresholds (openai/whisper transcribe.py), checked in bench/stt.py.
NO_SPEECH = 0.6
LOW_LOGPROB = -1.0
REPETITION = 2.4


#: A hearing whose mean token log-probability is under -0.6 (confidence e^-0.6) is one
#: Whisper was unsure of: only then may a name be guessed for words the parser cannot
#: explain (step 7). Clearly heard words are not renamed, so a customer the ERP does not
#: know, said clearly, stays as said. Measured with bench/stt.py's questions and 80
#: invented names per language: under -0.4, as many (es) and 3 more (en) questions get the
#: typed answer but 6 (es) and 2 (en) of 80 invented names are renamed, against 1 and 1.
UNSURE = 0.55
#: At most this many guesses (the most similar) are parsed: a parse of a long utterance
#: takes up to ~7 ms, and a 46-word garble gave 24 guesses (165 ms of parsing).
GUESSES = 20

#: Step 8, hearing again at other speeds: the factors the audio is played at (0.88: slower
#: and lower), for hearings under this confidence or with unexplained words; no new
#: hearing starts once the utterance has taken this long (seconds). Measured on
#: bench/stt.py's spoken questions (docs/performance.md): 0.88 and 1.12 together gave
#: more typed answers than either; gates at 0.5 and 0.55 gave the same answers, 0.5
#: re-hearing fewer utterances.
REHEAR_SPEEDS = (0.88, 1.12)
REHEAR_UNSURE = 0.5
REHEAR_WITHIN_S = 1.5

#: How much an empty hearing leaves unexplained: more than any hearing with words.
EMPTY = 1000


@dataclass(frozen=True, slots=True)
class _Hearing:
    """A hypothesis as it would reach the conversation, and what the parser made of it."""

    transcript: Transcript
    unexplained: int | None  # words the question parser cannot explain (None: no parser)
    renamed: bool = False  # a name in it was corrected or guessed, not heard as said

    @property
    def made_out(self) -> bool:
        """Words heard and made out, and the parser's count of what it cannot explain."""
        t = self.transcript
        return bool(t.text) and not t.unclear and self.unexplained is not None

    @property
    def unsure(self) -> bool:
        """Whisper was unsure of it (`UNSURE`): names may be guessed, or renamed."""
        confidence = self.transcript.confidence
        return confidence is not None and confidence < UNSURE


class WhisperSTT(SpeechToText):
    """Offline Whisper; `vocabulary` biases it towards the ERP's names."""

    name = "local"

    def __init__(
        self,
        recognizer: WhisperRecognizer | None = None,
        *,
        vocabulary: Vocabulary | None = None,
        max_seconds: float = MAX_SECONDS,
        correct_names: bool = True,
        prompt_names: bool = False,
        prompt_topic: bool = True,
        unexplained: Unexplained | None = None,
        margin: float = HYPOTHESIS_MARGIN,
        second_pass: bool = True,
        context_threshold: float = CONTEXT_THRESHOLD,
        parsed_words: ParsedWords | None = None,
        guess_names: bool = True,
        rehear: bool = True,
    ) -> None:
        self._recognizer = recognizer or WhisperRecognizer.shared()
        self._vocabulary = vocabulary
        self._max_seconds = min(float(max_seconds), MAX_SECONDS)
        self._correct = correct_names
        self._prompt = prompt_names
        self._topic = prompt_topic
        self._unexplained = unexplained
        self._margin = margin
        self._second_pass = second_pass
        self._context_threshold = context_threshold
        self._parsed_words = parsed_words
        self._guess = guess_names
        self._rehear = rehear
        self._index: tuple[tuple[str, ...], NameIndex] | None = None

    async def start(self) -> None:
        await self._recognizer.load()
        await self._names()  # read the ERP's names now (cached), not in the first turn

    async def transcribe(self, pcm16: bytes, *, sample_rate: int, lang: Lang) -> Transcript:
        audio = await asyncio.to_thread(to_samples, pcm16, sample_rate, self._max_seconds)
        if audio is None:
            return Transcript("", lang=lang)
        started = time.monotonic()
        names = await self._names()
        index = self._name_index(names) if self._correct and names else None
        heard = await self._listen(audio, lang, names, index)
        if self._worth_rehearing(heard):
            heard = await self._rehear_at_speeds(audio, lang, names, index, heard, started)
        return heard.transcript

    async def _listen(
        self, audio: Samples, lang: Lang, names: Sequence[str], index: NameIndex | None
    ) -> _Hearing:
        """Steps 2-7: one hearing of the audio, its best reading."""
        recognition = await self._recognizer.recognize(
            audio, lang=lang, prompt=self._first_prompts(names)
        )
        return await self._read(recognition, names, index)

    def _first_prompts(self, names: Sequence[str]) -> dict[Lang, str]:
        """Step 2's decoder prompt per language (the ERP's names only if so configured)."""
        return decoder_prompts(names if self._prompt else (), topic=self._topic)

    async def _read(
        self,
        recognition: Recognition,
        names: Sequence[str],
        index: NameIndex | None,
        *,
        second_pass: bool = True,
    ) -> _Hearing:
        """Steps 5-7 on one recognition: its best reading."""
        # parsing and matching the hypotheses takes 10-80 ms: not on the event loop
        heard = await asyncio.to_thread(self._choose, recognition, index)
        if (
            second_pass
            and self._second_pass
            and names
            and not self._prompt
            and heard.unexplained
            and self._recognizer.idle  # others waiting: their first hearing comes first
        ):
            prompt = decoder_prompts(names, topic=self._topic)[recognition.lang]
            second = await self._recognizer.recognize_again(recognition, prompt=prompt)
            again = await asyncio.to_thread(self._choose, second, index)
            if again.unexplained is not None and again.unexplained < heard.unexplained:
                heard = again
        if index is not None and heard.unexplained:
            heard = await asyncio.to_thread(self._guess_name, heard, index, recognition.lang)
        return heard

    def _worth_rehearing(self, heard: _Hearing) -> bool:
        """Step 8's gate: a hearing with words, made out, that is unsure or unexplained."""
        if not self._rehear or not heard.made_out:
            return False
        return bool(heard.unexplained) or (heard.transcript.confidence or 0.0) < REHEAR_UNSURE

    async def _rehear_at_speeds(
        self,
        audio: Samples,
        lang: Lang,
        names: Sequence[str],
        index: NameIndex | None,
        heard: _Hearing,
        started: float,
    ) -> _Hearing:
        """Step 8: the audio heard again slower and faster, both in one batch, while
        Whisper has nothing else to do and the utterance has taken less than
        `REHEAR_WITHIN_S`; the best explained hearing, the most confident of those, is
        kept."""
        if not self._recognizer.idle:
            return heard  # someone else is waiting: their first hearing comes first
        if time.monotonic() - started > REHEAR_WITHIN_S:
            return heard  # a long utterance, or a slow machine: answer with what we have
        takes = await asyncio.to_thread(lambda: [at_speed(audio, s) for s in REHEAR_SPEEDS])
        prompt = self._first_prompts(names)
        try:
            recognitions = await self._recognizer.recognize_takes(takes, lang=lang, prompt=prompt)
        except SttBusy:
            return heard
        except (RuntimeError, ValueError) as exc:  # hearing again is a bonus: keep the first
            log.warning("hearing again at other speeds failed (%s)", type(exc).__name__)
            return heard
        best = heard
        for recognition in recognitions:
            # without step 6's second decode: as many right answers, p95 0.35 s less
            other = await self._read(recognition, names, index, second_pass=False)
            if other.renamed and not heard.unsure:
                continue  # a name heard clearly the first time is not renamed (step 7's rule)
            if _better(other, best):
                best = other
        return best

    def stream(
        self, *, sample_rate: int, lang: Lang, on_partial: PartialCallback | None = None
    ) -> SttStream:
        return _CappedStream(self, sample_rate, lang, self._max_seconds)

    async def _names(self) -> Sequence[str]:
        if self._vocabulary is None:
            return ()
        try:
            return await asyncio.wait_for(self._vocabulary(), VOCABULARY_WAIT_S)
        except Exception as exc:  # biasing is a bonus: never fail a turn over it
            log.info("no ERP names for speech recognition (%s)", type(exc).__name__)
            return ()

    def _choose(self, recognition: Recognition, index: NameIndex | None) -> _Hearing:
        """Of the beam's hypotheses about as likely as the best (within `margin` of its
        mean log-probability), the one the question parser explains best once its names
        are corrected."""
        best = self._hear(recognition, index)
        if self._unexplained is None or best.unexplained is None:
            return best
        floor = recognition.avg_logprob - self._margin
        for candidate in recognition.alternatives:
            if candidate.avg_logprob < floor or not candidate.text.strip():
                continue
            other = self._hear(candidate, index)
            if other.unexplained is not None and other.unexplained < best.unexplained:
                best = other  # equally explained: the likelier (earlier) one stays
        return best

    def _hear(self, recognition: Recognition, index: NameIndex | None) -> _Hearing:
        """One hypothesis judged (`judge`), its names corrected, and how much of it the
        question parser cannot explain."""
        heard = judge(recognition)
        if heard.text and not heard.unclear and index is not None:
            text = index.correct(heard.text)
            unexplained = self._count(text, recognition.lang)
            if unexplained:  # words left over: a looser match where a name must be
                loose = index.correct(text, threshold=self._context_threshold)
                fewer = self._count(loose, recognition.lang)
                if fewer is not None and fewer < unexplained:
                    text, unexplained = loose, fewer
            renamed = text != heard.text
            heard = Transcript(text, lang=heard.lang, confidence=heard.confidence)
            return _Hearing(heard, unexplained, renamed)
        return _Hearing(heard, self._count(recognition.text, recognition.lang))

    def _guess_name(self, heard: _Hearing, index: NameIndex, lang: Lang) -> _Hearing:
        """The last resort (step 7): one run of words replaced by a known name it sounds
        somewhat like; of the replacements, the one leaving the fewest words unexplained,
        the most similar of those. Only for a hearing Whisper was unsure of (`UNSURE`)."""
        parsed = self._parsed_words
        if not self._guess or parsed is None or not heard.unsure:
            return heard
        words = parsed(heard.transcript.text, lang)
        if not words:
            return heard
        best = heard
        for text, _score in index.substitutions(heard.transcript.text, words)[:GUESSES]:
            left = self._count(text, lang)
            if left is not None and best.unexplained is not None and left < best.unexplained:
                best = _Hearing(replace(heard.transcript, text=text), left, renamed=True)
        return best

    def _count(self, text: str, lang: Lang) -> int | None:
        if self._unexplained is None:
            return None
        if not text.strip():
            return EMPTY
        return self._unexplained(text, lang)

    def _name_index(self, names: Sequence[str]) -> NameIndex:
        key = tuple(names)
        if self._index is None or self._index[0] != key:
            self._index = (key, NameIndex(key))
        return self._index[1]


def to_samples(pcm16: bytes, sample_rate: int, max_seconds: float) -> Samples | None:
    """Float32 16 kHz samples of the utterance, or None for silence / too little audio.

    `AudioRejected`: a sample rate outside 8-48 kHz, or longer than `max_seconds`."""

    if not MIN_RATE <= sample_rate <= MAX_RATE:
        raise AudioRejected("stt", "bad_audio", f"unsupported sample rate {sample_rate} Hz")
    values = np.frombuffer(pcm16[: len(pcm16) // 2 * 2], dtype="<i2")
    seconds = len(values) / sample_rate
    if seconds > max_seconds:
        raise AudioRejected("stt", "too_long", f"utterance of {seconds:.0f} s")
    if seconds < MIN_SPEECH_S or int(np.abs(values.astype(np.int32)).max()) < QUIET_PEAK:
        return None
    audio: Samples = values.astype(np.float32) / 32768.0
    if sample_rate != RATE:
        audio = _resampled(audio, sample_rate / RATE)
    return audio


def at_speed(audio: Samples, speed: float) -> Samples:
    """The audio played `speed` times as fast (a tape-speed change: pitch moves too)."""
    return _resampled(audio, speed)


def _resampled(audio: Samples, step: float) -> Samples:
    """Linear interpolation at every `step` samples of the input."""
    positions = np.arange(int(len(audio) / step)) * step
    out: Samples = np.interp(positions, np.arange(len(audio)), audio).astype(np.float32)
    return out


def _better(other: _Hearing, than: _Hearing) -> bool:
    """A made-out hearing with fewer unexplained words, or as many and more confident."""
    if not other.made_out or other.unexplained is None or than.unexplained is None:
        return False
    if other.unexplained != than.unexplained:
        return other.unexplained < than.unexplained
    return (other.transcript.confidence or 0.0) > (than.transcript.confidence or 0.0)


def decoder_prompts(names: Sequence[str], *, topic: bool = True) -> dict[Lang, str]:
    """Per language, the "previous text" Whisper is conditioned on: the topic's words,
    then the names."""
    listed = ", ".join(names[:PROMPT_NAMES]) + "." if names else ""
    return {
        lang: " ".join(part for part in ((TOPIC[lang] if topic else ""), listed) if part)
        for lang in TOPIC
    }


def judge(r: Recognition) -> Transcript:
    """Whisper's confidence → heard / not heard / heard but not made out."""
    text = _once(r.text.strip())
    if not any(ch.isalnum() for ch in text):
        return Transcript("", lang=r.lang)
    if not any(len(word) > 1 for word in re.findall(r"[^\W\d_]+", text)):
        return Transcript(text, lang=r.lang, unclear=True)  # "S.L.P.": letters, no words
    if r.no_speech > NO_SPEECH and r.avg_logprob < LOW_LOGPROB:
        return Transcript("", lang=r.lang)
    if (
        r.avg_logprob < LOW_LOGPROB
        or r.compression > REPETITION
        or _looping(text)
        or _echoes_topic(text, r.lang)
    ):
        return Transcript(text, lang=r.lang, unclear=True)
    return Transcript(text, lang=r.lang, confidence=round(2.718281828**r.avg_logprob, 3))


def _once(text: str) -> str:
    """A sentence said once but written twice or more ("Hola. Hola.") is written once."""
    parts = [p.strip() for p in re.split(r"(?<=[.?!])\s+", text) if p.strip()]
    if len(parts) > 1 and len({re.sub(r"\W+", " ", p.casefold()).strip() for p in parts}) == 1:
        return parts[0]
    return text


def _echoes_topic(text: str, lang: Lang) -> bool:
    """The decoder's prompt given back ("Salespeople, quotations, sold, won, lost."): on
    unclear audio Whisper may repeat the words it was conditioned on. Words of four
    letters or more, every one from the topic, four of them or three with one twice, are
    that echo; "tareas vencidas de proyectos" is still a question."""
    words = [w for w in re.findall(r"\w+", text.casefold()) if len(w) > 3]
    if not words or not set(words) <= _TOPIC_WORDS.get(lang, frozenset()):
        return False
    return len(words) >= 4 or (len(words) == 3 and len(set(words)) < 3)


def _looping(text: str) -> bool:
    """A short repetition loop zlib cannot see ("1, 2, 1, 2, 1, 2, 1, 2")."""
    tokens = re.findall(r"\w+", text.casefold())
    return len(tokens) >= 6 and len(set(tokens)) / len(tokens) < 0.4


class _CappedStream(SttStream):
    """Buffers one utterance, keeping no more than the recogniser accepts."""

    def __init__(self, stt: WhisperSTT, rate: int, lang: Lang, max_seconds: float) -> None:
        self._stt = stt
        self._rate = rate
        self._lang = lang
        self._limit = int(max_seconds * rate) * 2
        self._buf = bytearray()
        self._overflow = False

    async def feed(self, pcm16: bytes) -> None:
        if len(self._buf) + len(pcm16) > self._limit:
            self._overflow = True  # keep memory bounded; the turn says it was too long
            return
        self._buf.extend(pcm16)

    async def finish(self) -> Transcript:
        if self._overflow:
            raise AudioRejected("stt", "too_long", "utterance over the limit")
        return await self._stt.transcribe(bytes(self._buf), sample_rate=self._rate, lang=self._lang)

    async def cancel(self) -> None:
        self._buf.clear()
