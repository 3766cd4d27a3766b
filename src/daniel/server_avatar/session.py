"""One conversation: the state behind one WebSocket (the seed's websocket orchestration).

`Session.handle` takes each parsed message, `Session.handle_audio` each audio frame. A
turn (typed, spoken or a confirmation) runs as one asyncio task, so the connection keeps
reading while the agent thinks and talks; a new turn, an `interrupt` or the user starting
to speak cancels the running one (barge-in) and the browser gets `interrupted`. Providers
are opened at `session.start` with fallbacks (`session_providers`); on disconnect the
brain is parked so the page can resume the conversation.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any, Literal

from daniel.logs import session_id_var
from daniel.server_avatar import protocol as wire
from daniel.server_avatar import session_resume
from daniel.server_avatar.app_state import ServerState
from daniel.server_avatar.confirm_guard import ConfirmGuard
from daniel.server_avatar.confirmation_ids import ConfirmationIds
from daniel.server_avatar.latency import TurnClock, TurnLatency
from daniel.server_avatar.load_gate import answer_busy
from daniel.server_avatar.outbox import Outbox
from daniel.server_avatar.services.base import (
    AudioRejected,
    Avatar,
    Brain,
    BrainContext,
    BrainEvent,
    Interruption,
    Lang,
    Notice,
    ProviderError,
    SttStream,
    TextToSpeech,
    ToolRunner,
    TurnDone,
)
from daniel.server_avatar.services.local.avatar import LocalAvatar
from daniel.server_avatar.session_providers import (
    Providers,
    close_quietly,
    open_avatar,
    open_brain,
    open_stt,
    open_tts,
)
from daniel.server_avatar.speech import playback_end
from daniel.server_avatar.texts import text as say
from daniel.server_avatar.turn_runner import TurnRunner
from daniel.server_avatar.voice_input import VoiceInput

log = logging.getLogger(__name__)

_LISTEN_AGAIN_AFTER_S = 0.75  # pause before listening to a brain whose connection failed

EventsFactory = Callable[[TurnRunner], Awaitable[AsyncIterator[BrainEvent] | None]]


class Session:
    def __init__(
        self,
        state: ServerState,
        outbox: Outbox,
        *,
        tools: ToolRunner | None = None,
        owner: str = "",
    ) -> None:
        self.state = state
        self.outbox = outbox
        #: The tools of this conversation (a logged-in person's own, see auth/person.py).
        self.tools: ToolRunner = tools or state.shared.tools
        #: "tenant|login" of the person (empty with AUTH=none): only they can resume it.
        self.owner = owner
        self.confirmation_ids = ConfirmationIds(state.secret_key, owner=owner)
        self.id: str | None = None
        self.lang: Lang = state.settings.daniel_lang
        self.mode: wire.Mode = "push_to_talk"
        self.providers: Providers | None = None
        self.voice: VoiceInput | None = None
        self.latencies: deque[TurnLatency] = deque(maxlen=50)
        self._turns = 0
        self._turn_task: asyncio.Task[None] | None = None
        self._turn_id: str | None = None
        self._last_turn_id: str | None = None
        self._playback_until = 0.0
        self._background: set[asyncio.Task[None]] = set()
        self._cleanups: set[asyncio.Task[None]] = set()
        self._voice_reason: str | None = None
        self._warned_voice = False
        self._closing: asyncio.Future[None] | None = None
        self.confirms = ConfirmGuard(outbox, on_done=self.written)
        #: The brain's `BrainContext.extra` (shared, so a changed "scope" applies at once).
        self.brain_extra: dict[str, Any] = {}

    @property
    def started(self) -> bool:
        return self.providers is not None

    # ------------------------------------------------------------------ provider access
    @property
    def tts(self) -> TextToSpeech | None:
        return self.providers.tts if self.providers else None

    @property
    def avatar(self) -> Avatar:
        return self.providers.avatar if self.providers else LocalAvatar()

    def _p(self) -> Providers:
        assert self.providers is not None  # only called once started
        return self.providers

    # ------------------------------------------------------------------ start
    async def start(self, message: wire.SessionStart) -> None:
        state, settings = self.state, self.state.settings
        notices: list[str] = []
        lang: Lang = message.lang or settings.daniel_lang
        self.mode = message.mode or "push_to_talk"
        found = await session_resume.find(self, message.resume) if message.resume else None
        if message.resume and found is None:
            notices.append(say("resume_failed", lang))
        if found is not None:
            lang = message.lang or found.lang
            self.mode = message.mode or found.mode
            self._turns = found.turns
        self.id = found.session_id if found else "s-" + secrets.token_urlsafe(9)
        self.lang = lang
        session_id_var.set(self.id)
        registry = state.registry
        context = BrainContext(
            session_id=self.id, lang=lang, tools=self.tools, extra=self.brain_extra
        )
        brain: Brain | None = found.brain if found is not None else None
        try:
            if brain is not None:
                brain.set_lang(lang)
            else:
                brain = await open_brain(registry, settings.brain, context, notices)
                if found is not None and not session_resume.restore(self, brain, found):
                    notices.append(say("resume_failed", lang))
                    found = None
            (tts, (stt, stt_error), (avatar, remote)) = await asyncio.gather(
                open_tts(registry, settings.tts, lang, notices),
                open_stt(registry, settings.stt),
                open_avatar(registry, settings.avatar, lang, notices),
            )
        except Exception as exc:
            log.exception("session could not start")
            if brain is not None:
                await close_quietly(brain.close)
            reason = exc.localized(lang) if isinstance(exc, ProviderError) else "internal error"
            await self.outbox.send(
                wire.error("session", say("session_failed", lang, reason=reason), retryable=True)
            )
            await self.outbox.close(1011, "session not started")
            return
        self.providers = Providers(brain, tts, stt, avatar, stt_error, notices)
        self.voice = VoiceInput(self, stt=stt, brain=brain, mode=self.mode, tuning=state.tuning)
        self._voice_reason = self._voice_off_reason()
        state.store.add(self.id, self)
        await self.outbox.send(
            wire.session_ready(
                session_id=self.id,
                lang=lang,
                resumed=found is not None,
                providers=self.providers.names,
                voice_input=(self._voice_reason is None, self._voice_reason),
                sample_rate=tts.sample_rate if tts is not None else 22050,
            )
        )
        if remote is not None:
            await self.outbox.send(
                wire.avatar_session(remote.provider, remote.livekit_url, remote.token)
            )
            self._spawn(self._keep_avatar_alive())
        for note in notices:
            await self.outbox.send(wire.notice(note))
        await self.outbox.send(wire.state("idle"))
        if brain.handles_audio:
            self._spawn(self._consume_brain_events())
        if state.shared_state.shared and not await session_resume.save(self, brain, live=True):
            await self.outbox.send(wire.notice(say("shared_state_down", lang)))
        log.info("session started (%s)", ", ".join(f"{k}={v}" for k, v in self._p().names.items()))

    def _voice_off_reason(self) -> str | None:
        """Plain words for `voice_input.reason` (None: voice input works)."""
        if self.voice is None or self.providers is None:
            return None
        raw = self.voice.unavailable_reason(self.lang, self.providers.stt_error)
        if raw is None:
            return None
        if self.state.settings.stt == "none":
            return say("voice_off_none", self.lang)
        if self.lang == "es" and self.providers.stt is not None:
            return say("voice_off_spanish", self.lang)
        return say("voice_off_unavailable", self.lang, reason=raw)

    # ------------------------------------------------------------------ messages
    async def handle(self, message: wire.IncomingMessage) -> None:
        if isinstance(message, wire.Ping):
            await self.outbox.send(wire.pong(message.t))
            return
        if isinstance(message, wire.SessionStart):
            if self.started or self.id is not None:
                await self._protocol_error(say("already_started", self.lang))
            else:
                await self.start(message)
            return
        if not self.started:
            await self._protocol_error(say("start_first", self.lang))
            return
        if isinstance(message, wire.SessionStop):
            await self.close(park=False)
            await self.outbox.close(1000, "session stopped")
        elif isinstance(message, wire.UserText):
            if self.state.gate.busy():  # this process is behind: say so at once
                await answer_busy(self.outbox, self._next_turn_id(), self.lang)
                return
            await self._barge_in("barge_in")
            brain = self._p().brain
            self._start_turn("text", TurnClock(), _given(lambda: brain.respond(message.text)))
        elif isinstance(message, wire.Confirm):
            brain_id = self.confirmation_ids.resolve(message.confirmation_id)
            if brain_id is None:  # superseded, answered, or not this conversation's
                gone = say("confirmation_gone", self.lang)
                await self.outbox.send(
                    wire.confirm_result(
                        confirmation_id=message.confirmation_id, status="expired", summary=gone
                    )
                )
                return
            await self._barge_in("barge_in")
            brain = self._p().brain
            events = _given(lambda: brain.confirm(brain_id, message.accept))
            guarded = self.confirms.wrap(events, message.confirmation_id, self.lang)
            self._start_turn("text", TurnClock(), guarded)
        elif isinstance(message, wire.Interrupt):
            await self._barge_in("client")
        elif isinstance(message, wire.AudioStart):
            assert self.voice is not None
            await self.voice.push_start()
        elif isinstance(message, wire.AudioEnd):
            assert self.voice is not None
            await self.voice.push_end()
        elif isinstance(message, wire.SetLang):
            await self._set_lang(message.lang)
        elif isinstance(message, wire.AvatarFallback):
            await self._remote_avatar_not_shown(message.reason)

    async def handle_audio(self, pcm16: bytes) -> None:
        if not self.started or self.voice is None:
            await self._protocol_error(say("start_first", self.lang))
            return
        await self.voice.feed(pcm16)

    async def _protocol_error(self, message: str) -> None:
        await self.outbox.send(wire.error("protocol", message))

    async def _set_lang(self, lang: Lang) -> None:
        self.lang = lang
        self._p().brain.set_lang(lang)
        before, self._voice_reason = self._voice_reason, self._voice_off_reason()
        if self._voice_reason is not None and self._voice_reason != before:
            await self.outbox.send(
                wire.notice(say("voice_now_off", lang, reason=self._voice_reason))
            )
        elif self._voice_reason is None and before is not None:
            await self.outbox.send(wire.notice(say("voice_now_on", lang), "info"))

    # ------------------------------------------------------------------ turns
    def _next_turn_id(self) -> str:
        self._turns += 1
        return f"t{self._turns}"

    def _start_turn(
        self,
        source: Literal["text", "voice"],
        clock: TurnClock,
        events: EventsFactory,
        turn_id: str | None = None,
    ) -> None:
        turn_id = turn_id or self._next_turn_id()
        runner = TurnRunner(
            self, turn_id, source, clock, brain_speaks=self._p().brain.handles_audio
        )
        self._turn_id = turn_id
        self._turn_task = asyncio.create_task(self._run_turn(runner, events), name=turn_id)

    async def _run_turn(self, runner: TurnRunner, events: EventsFactory) -> None:
        ticket = self.state.gate.begin()
        try:
            await self._run_gated(runner, events)
        finally:
            self.state.gate.end(ticket)

    async def _run_gated(self, runner: TurnRunner, events: EventsFactory) -> None:
        await runner.begin()
        try:
            stream = await events(runner)
        except Exception:
            log.exception("turn %s could not start", runner.turn_id)
            message = say("brain_failed", self.lang)
            await self.outbox.send(wire.error("session", message, turn_id=runner.turn_id))
            stream = None
        if stream is None:
            await runner.end()
            return
        if await runner.run(stream):
            self._finished(runner)

    def written(self) -> None:
        """A change was applied in Odoo: the other processes reload their names."""
        shared = self.state.shared_state
        if shared.shared:
            self._spawn(_quietly(shared.publish("names", self.owner.split("|")[0])))

    async def _share(self, brain: Brain) -> None:
        await session_resume.save(self, brain, live=True)

    @property
    def turns(self) -> int:
        return self._turns

    def _finished(self, runner: TurnRunner) -> None:
        if self.providers is not None and self.state.shared_state.shared:
            self._spawn(self._share(self.providers.brain))
        self._last_turn_id = runner.turn_id
        record = TurnLatency(
            self.id or "-",
            runner.turn_id,
            runner.source,
            runner.clock.marks(),
            tenant=self.owner.partition("|")[0] or "default",
        )
        self.latencies.append(record)
        self.state.recorder.record(record)

    async def _barge_in(self, reason: Literal["barge_in", "client"]) -> None:
        """Cut the running turn (or the audio still playing) and tell the browser."""
        await self.confirms.settled(self.state.tuning.write_settle_seconds + 10.0)
        task, turn_id = self._turn_task, self._turn_id
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task], timeout=5.0)
        elif not (self._last_turn_id and time.monotonic() < self._playback_until):
            return
        else:
            turn_id = self._last_turn_id
        self._playback_until = 0.0
        providers = self._p()
        await close_quietly(providers.brain.interrupt)
        if providers.avatar.speaks_text:
            await close_quietly(providers.avatar.interrupt)
        if turn_id is not None:
            await self.outbox.send(wire.interrupted(turn_id, reason))

    # ------------------------------------------------------------------ VoiceHost
    async def speech_started(self) -> str:
        await self._barge_in("barge_in")
        await self.outbox.send(wire.state("listening"))
        return self._next_turn_id()

    async def utterance_ended(self, turn_id: str, stream: SttStream) -> None:
        if self.state.gate.busy():  # behind: say so at once, without transcribing
            await stream.cancel()
            await answer_busy(self.outbox, turn_id, self.lang, "voice")
            return
        clock = TurnClock()
        brain = self._p().brain

        async def transcribe(runner: TurnRunner) -> AsyncIterator[BrainEvent] | None:
            try:
                heard = await stream.finish()
            except AudioRejected as exc:  # busy, too long, unreadable: say which
                log.info("speech-to-text refused the utterance: %s", exc)
                await self.outbox.send(wire.transcript(turn_id, "", final=True))
                await self.outbox.send(wire.notice(say(f"stt_{exc.problem}", self.lang)))
                return None
            except ProviderError as exc:
                log.warning("speech-to-text failed: %s", exc)
                await self.outbox.send(
                    wire.error("stt", say("stt_failed", self.lang), retryable=True, turn_id=turn_id)
                )
                return None
            text = heard.text.strip()
            await self.outbox.send(wire.transcript(turn_id, text, final=True))
            clock.mark("transcript_final")
            if not text:
                await self.outbox.send(wire.notice(say("nothing_heard", self.lang), "info"))
                return None
            if heard.unclear:
                notice = say("not_understood", self.lang, words=text)
                await self.outbox.send(wire.notice(notice, "info"))
                return None
            if heard.lang is not None and heard.lang != self.lang:
                return _in_lang(brain, heard.lang, self.lang, text)  # answered as spoken
            return brain.respond(text)

        self._start_turn("voice", clock, transcribe, turn_id)

    async def voice_unavailable(self, *, pressed: bool) -> None:
        """Each press of push-to-talk is answered; hands-free audio only once."""
        if pressed or not self._warned_voice:
            self._warned_voice = True
            reason = self._voice_reason or say("no_voice_input", self.lang)
            await self.outbox.send(wire.error("stt", reason))

    # ------------------------------------------------------------------ SpeechHost
    async def avatar_failed(self, exc: ProviderError) -> None:
        providers = self._p()
        failed = providers.avatar
        if not failed.speaks_text:
            return
        log.warning("remote avatar failed mid-session (%s); using the local avatar", exc)
        providers.avatar = LocalAvatar()
        self._cleanup(failed.close)
        await self.outbox.send(
            wire.notice(say("avatar_fallback", self.lang, reason=exc.localized(self.lang)))
        )

    async def _remote_avatar_not_shown(self, reason: str) -> None:
        """The browser could not show the remote avatar (`avatar.fallback`): stop the
        vendor session (it costs money) and speak through the local avatar from now on."""
        providers = self._p()
        remote = providers.avatar
        if not remote.speaks_text:
            return
        log.info("the browser fell back to the local avatar (%s); closing %s", reason, remote.name)
        providers.avatar = LocalAvatar()
        self._cleanup(remote.close)
        await self.outbox.send(wire.notice(say("avatar_not_shown", self.lang), "info"))

    async def tts_failed(self, exc: ProviderError) -> None:
        providers = self._p()
        failed = providers.tts
        providers.tts = None
        if failed is not None and failed.name != "local":
            notices: list[str] = []
            providers.tts = await open_tts(self.state.registry, "local", self.lang, notices)
            reason = exc.localized(self.lang)
            message = say("tts_fallback", self.lang, name=failed.name, reason=reason)
            await self.outbox.send(wire.notice(message))
        else:
            await self.outbox.send(wire.error("tts", say("tts_failed", self.lang)))
        if failed is not None:
            self._cleanup(failed.close)

    def audio_sent(self, duration_ms: int) -> None:
        self._playback_until = playback_end(self._playback_until, duration_ms)

    # ------------------------------------------------------------------ background work
    def _spawn(self, coro: Awaitable[None]) -> None:
        async def run() -> None:
            await coro

        task = asyncio.create_task(run())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def _cleanup(self, action: Callable[[], Awaitable[None]]) -> None:
        """Release a provider in the background; `close()` waits for it."""
        task = asyncio.create_task(close_quietly(action))
        self._cleanups.add(task)
        task.add_done_callback(self._cleanups.discard)

    async def _keep_avatar_alive(self) -> None:
        period = self.state.tuning.avatar_keep_alive_seconds
        while self.providers is not None and self.providers.avatar.speaks_text:
            await asyncio.sleep(period)
            try:
                await self.providers.avatar.keep_alive()
            except ProviderError as exc:
                await self.avatar_failed(exc)

    async def _consume_brain_events(self) -> None:
        """Turns started by a speech-to-speech brain itself (the user spoke to it).

        A lost connection ends `events()` with a ProviderError, reported once (by the
        turn it broke, or here between turns); the next input reconnects, so listen
        again after a short pause until the session closes or the brain stops."""
        while self.providers is not None and self._closing is None:
            failed: list[ProviderError] = []
            try:
                await self._forward_brain_turns(_noting_failures(self._p().brain.events(), failed))
            except ProviderError as exc:
                await self.outbox.send(
                    wire.error("brain", exc.localized(self.lang), retryable=exc.retryable)
                )
            except Exception:
                log.exception("the speech-to-speech brain failed")
                await self.outbox.send(wire.error("brain", say("brain_failed", self.lang)))
                return
            else:
                if not failed:
                    return  # the brain's stream ended: it was closed
            await asyncio.sleep(_LISTEN_AGAIN_AFTER_S)

    async def _forward_brain_turns(self, events: AsyncIterator[BrainEvent]) -> None:
        async for first in events:
            if isinstance(first, Notice):  # about the service, not part of a turn
                await self.outbox.send(wire.notice(first.message, first.level))
                continue
            if isinstance(first, TurnDone) and not first.text:
                continue  # an empty turn: nothing to show
            turn_id = self._next_turn_id()
            runner = TurnRunner(self, turn_id, "voice", TurnClock(), brain_speaks=True)
            await runner.begin()
            if await runner.run(_one_turn(first, events)):
                self._finished(runner)

    # ------------------------------------------------------------------ end
    async def hand_over(self) -> None:
        """Another connection resumes this session: park it and close this socket."""
        await self.close(park=True)
        self.outbox.close_soon(1000, "session resumed elsewhere")

    async def end_login(self) -> None:
        """The person logged out (or their login expired): end the conversation."""
        if self._closing is not None or self.outbox.closed:
            return
        await self.outbox.send(wire.error("session", say("login_required", self.lang)))
        await self.close(park=False)
        await self.outbox.close(4401, "logged out")

    async def drain(self, seconds: float) -> None:
        """A restart: let the turn in progress finish (at most `seconds`), park the
        conversation, tell the browser to reconnect (`server.reconnect`) and close."""
        if self._closing is not None or self.outbox.closed:
            return
        task = self._turn_task
        if task is not None and not task.done():
            await asyncio.wait([task], timeout=seconds)
        await self.confirms.settled(seconds)
        await self.outbox.send(wire.server_reconnect(self.id, say("server_restarting", self.lang)))
        await self.close(park=True)
        await self.outbox.close(1012, "server restarting")

    async def shutdown(self) -> None:
        await self.close(park=False)
        await self.outbox.close(1001, "server shutting down")

    async def close(self, *, park: bool = True) -> None:
        """Release everything; park the brain for a later resume unless `park` is False.

        Runs once, in its own task: later or concurrent calls (the socket handler and
        the server's shutdown) wait for the same closing, and cancelling a caller does
        not interrupt it halfway."""
        if self._closing is None:
            self._closing = asyncio.ensure_future(self._close(park))
        await asyncio.shield(self._closing)

    async def _close(self, park: bool) -> None:
        tasks = [t for t in (self._turn_task, *self._background) if t is not None and not t.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=5.0)
        if self.voice is not None:
            await self.voice.close()
        if self._cleanups:
            await asyncio.wait(list(self._cleanups), timeout=6.0)
        providers, self.providers = self.providers, None
        if providers is None or self.id is None:
            return
        # Park before awaiting any provider's close (no await in between): a page that
        # reconnects at once must find its conversation while, e.g., HeyGen's session is
        # still being stopped over HTTP.
        if park:
            self.state.store.park(
                self.id, providers.brain, self.lang, self.mode, self._turns, self.owner
            )
        self.state.store.remove(self.id, self)
        if self.state.shared_state.shared:
            if park:
                await session_resume.save(self, providers.brain, live=False)
            else:
                await session_resume.forget(self)
        closing = [close_quietly(p.close) for p in (providers.tts, providers.stt) if p]
        await asyncio.gather(*closing, close_quietly(providers.avatar.close))
        if not park:
            await close_quietly(providers.brain.close)
        log.info("session closed%s", " (resumable)" if park else "")


async def _quietly(action: Awaitable[None]) -> None:
    try:
        await action
    except Exception as exc:  # Redis down: the names expire on their own (TTL)
        log.info("could not tell the other processes: %s", exc)


def _given(
    make: Callable[[], AsyncIterator[BrainEvent]],
) -> EventsFactory:
    async def events(_runner: TurnRunner) -> AsyncIterator[BrainEvent]:
        return make()

    return events


async def _in_lang(
    brain: Brain, lang: Lang, session_lang: Lang, text: str
) -> AsyncIterator[BrainEvent]:
    """One turn answered in the language it was spoken in, then back to the session's."""
    brain.set_lang(lang)
    try:
        async for event in brain.respond(text):
            yield event
    finally:
        brain.set_lang(session_lang)


async def _noting_failures(
    events: AsyncIterator[BrainEvent], failed: list[ProviderError]
) -> AsyncIterator[BrainEvent]:
    """`events`, noting a ProviderError in `failed` (a turn's runner reports it)."""
    try:
        async for event in events:
            yield event
    except ProviderError as exc:
        failed.append(exc)
        raise


async def _one_turn(
    first: BrainEvent, events: AsyncIterator[BrainEvent]
) -> AsyncIterator[BrainEvent]:
    """The events of one brain-initiated turn: up to its `TurnDone` (or interruption)."""
    yield first
    if isinstance(first, TurnDone | Interruption):
        return
    async for event in events:
        yield event
        if isinstance(event, TurnDone | Interruption):
            return
