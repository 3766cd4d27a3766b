"""`LocalBrain`: the default brain, no LLM needed. A deterministic intent engine in
Spanish and English that answers ERP questions and carries out commands through the
MCP server's tools.

One instance per session; it keeps the conversation's context (see `state.py`).
`today` and the time zone can be injected (constructor or `context.extra["today"]` /
`context.extra["timezone"]`) so answers about "mañana" or "el viernes" are testable.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from daniel.language.text import Lang, detect_lang, fold, is_no, is_yes
from daniel.server_avatar.services.base import (
    Brain,
    BrainContext,
    BrainEvent,
    ConfirmationRequest,
    TurnDone,
)
from daniel.server_avatar.services.local.erp_tools import ErpTools
from daniel.understanding.changes.frames import WRITE_INTENTS, Intent, Understanding
from daniel.understanding.changes.nlu import understand
from daniel.understanding.changes.phrases import say
from daniel.understanding.changes.state import DialogueState, Frame
from daniel.understanding.engine import Engine, shared_index
from daniel.understanding.executor import ToolFailure
from daniel.understanding.lexicon.requests import IMPERATIVE

from . import moved, writes, writes_sales
from .dialogue import Conversation
from .turn import ToolCaller, ToolsUnavailable, Turn, TurnTools

log = logging.getLogger(__name__)

DEFAULT_TIMEZONE = "Europe/Madrid"
Handler = Callable[[Conversation, Turn, Frame], Awaitable[None]]

HANDLERS: dict[Intent, Handler] = {
    Intent.CREATE_QUOTATION: writes_sales.create_quotation,
    Intent.CREATE_TASK: writes.create_task,
    Intent.CREATE_LEAD: writes.create_lead,
    Intent.MOVE_LEAD: writes.lead_command,
    Intent.MARK_WON: writes.lead_command,
    Intent.MARK_LOST: writes.lead_command,
    Intent.LOG_NOTE: writes.lead_command,
    Intent.ASSIGN_LEAD: writes.lead_command,
    Intent.SET_REVENUE: writes.lead_command,
    Intent.ASSIGN_TASK: writes.task_command,
    Intent.TASK_STAGE: writes.task_command,
    Intent.TASK_DEADLINE: writes.task_command,
    Intent.LEAD_DEADLINE: writes.lead_command,
    Intent.CONFIRM_QUOTATION: writes_sales.confirm_quotation,
}
#: Intents the dialogue layer keeps: changes (preview → confirm) and small talk; every
#: other question goes to the understanding engine.
_KEPT_INTENTS = WRITE_INTENTS | {
    Intent.GREETING,
    Intent.THANKS,
    Intent.GOODBYE,
    Intent.HELP,
    Intent.WHOAMI,
}


class LocalBrain(Brain):
    name = "local"

    def __init__(
        self,
        context: BrainContext,
        *,
        today: date | Callable[[], date] | None = None,
        timezone: str | None = None,
    ) -> None:
        super().__init__(context)
        extra = context.extra
        today = today if today is not None else extra.get("today")
        if isinstance(today, str):
            today = date.fromisoformat(today)
        self._fixed_today = today
        self._timezone = timezone or extra.get("timezone") or None
        self._state = DialogueState(lang=context.lang)
        self._context_lang: Lang = context.lang
        self._tools = ToolCaller(context.tools, context.session_id)
        self._conversation = Conversation(self._state, self._tools, self.today)
        self._task: asyncio.Task[None] | None = None
        self._runner = context.tools
        self._engine: Engine | None = None

    # ----------------------------------------------------------------------- clock
    def today(self) -> date:
        fixed = self._fixed_today
        if isinstance(fixed, date):
            return fixed
        if callable(fixed):
            value = fixed()
            if isinstance(value, date):
                return value
        user = self._state.user
        engine_tz = self._engine.tz if self._engine is not None else None
        name = (
            self._timezone
            or engine_tz
            or (user.tz if user and user.tz else None)
            or DEFAULT_TIMEZONE
        )
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            zone = ZoneInfo(DEFAULT_TIMEZONE)
        return datetime.now(zone).date()

    # ----------------------------------------------------------------------- turns
    def _lang_for(self, text: str) -> Lang:
        if self.context.lang != self._context_lang:  # the page switched language
            self._context_lang = self.context.lang
            self._state.lang = self.context.lang
        detected = detect_lang(text)
        if detected is not None:
            self._state.lang = detected
        return self._state.lang

    def respond(self, text: str) -> AsyncIterator[BrainEvent]:
        lang = self._lang_for(text)
        return self._run(lang, lambda turn: self._handle_text(turn, text))

    def confirm(self, confirmation_id: str, accept: bool) -> AsyncIterator[BrainEvent]:
        pending = self._state.pending
        lang = pending.lang if pending and pending.token == confirmation_id else self._state.lang
        return self._run(lang, lambda turn: self._settle(turn, confirmation_id, accept))

    async def interrupt(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()

    def snapshot(self) -> dict[str, Any] | None:
        return moved.snapshot(self._state)

    def restore(self, snapshot: dict[str, Any]) -> bool:
        moved.restore(self._state, snapshot)
        return True

    async def _run(
        self, lang: Lang, work: Callable[[Turn], Awaitable[None]]
    ) -> AsyncIterator[BrainEvent]:
        turn = Turn(lang)
        task = asyncio.create_task(self._guarded(turn, work))
        self._task = task
        try:
            while True:
                event = await turn.queue.get()
                if event is None:
                    break
                yield event
        finally:
            if not task.done():
                task.cancel()
        outcome = turn.outcome
        if outcome is None and any(isinstance(e, ConfirmationRequest) for e in turn.events):
            outcome = "proposed"
        yield TurnDone(turn.text, outcome or ("asked" if self._state.question else "answered"))

    async def _guarded(self, turn: Turn, work: Callable[[Turn], Awaitable[None]]) -> None:
        try:
            await work(turn)
        except ToolsUnavailable:
            turn.say(say(turn.lang, "unavailable"))
        except asyncio.CancelledError:
            raise
        except Exception:  # a bug must never reach the user as a traceback
            log.exception("local brain failed on a turn")
            turn.say(say(turn.lang, "crash"))
        finally:
            turn.finish()

    async def _handle_text(self, turn: Turn, text: str) -> None:
        try:  # the user's time zone decides "today"; names are needed for any question
            await self._engine_for(turn).prepare()
        except ToolFailure as exc:
            turn.say(say(turn.lang, "tool_failed", message=exc.message))
            turn.outcome = "error"
            return
        conv, state = self._conversation, self._state
        understood = self._understand(text, turn.lang)  # the CRM's stages: from the names
        if state.pending is not None:
            token = state.pending.token
            if understood.intent is Intent.YES or is_yes(text):
                await self._settle(turn, token, True)
                return
            if understood.intent is Intent.NO or is_no(text):
                await self._settle(turn, token, False)
                return
            state.pending = None  # a new request: the preview is left to expire
            turn.say(say(turn.lang, "dropped_pending"))
        if state.question is not None:
            frame = conv.answer_question(understood, text)
            state.question = None
            if frame is not None:
                await self._dispatch(turn, frame, understood)
                return
            if understood.intent is Intent.NO:
                turn.say(say(turn.lang, "ask_dropped"))
                return
        if understood.intent in (Intent.YES, Intent.NO):
            turn.say(say(turn.lang, "nothing_pending"))
            return
        engine = self._engine_for(turn)
        command = await engine.command(understood)
        if command is not None:
            await writes.propose(conv, turn, command.tool, command.args)
            return
        if understood.intent is Intent.CONTACT_UPDATE:  # whose, or which value, is unclear
            writes.contact_unclear(turn, text)
            return
        keep = understood.intent in _KEPT_INTENTS
        if keep and understood.intent in WRITE_INTENTS and not IMPERATIVE.search(fold(text)):
            keep = False  # "el pedido confirmado de menor importe" asks, it changes nothing
        if keep and understood.intent not in WRITE_INTENTS:
            keep = not await engine.wants(text, turn.lang, self.today())  # "¿y Daniel?"
        if not keep:
            await self._understanding(turn, text)
            return
        await self._dispatch(turn, Frame(understood.intent, understood.slots), understood)

    async def _settle(self, turn: Turn, token: str, accept: bool) -> None:
        """Confirm or cancel a proposed change; after a change, names are read again."""
        await writes.settle(self._conversation, turn, token, accept)
        if accept and self._engine is not None:
            self._engine.invalidate()

    def _engine_for(self, turn: Turn) -> Engine:
        tools = TurnTools(self._tools, turn)
        if self._engine is None:
            quiet = ErpTools(self._runner, unreachable=ToolsUnavailable)
            self._engine = Engine(tools, shared_index(quiet, self._runner))
            self._conversation.names = self._engine.names
        self._engine.scope = str(self.context.extra.get("scope") or "everyone")
        self._engine.tools = tools
        return self._engine

    async def _understanding(self, turn: Turn, text: str) -> None:
        """Questions about the ERP: the understanding engine answers them."""
        engine = self._engine_for(turn)
        try:
            turn.outcome = await engine.answer(text, turn.lang, self.today(), turn.say)
        except ToolFailure as exc:
            turn.say(say(turn.lang, "tool_failed", message=exc.message))
            turn.outcome = "error"
        self._state.remember_records([r for r in engine.context.rows if "model" in r])

    def _understand(self, text: str, lang: Lang) -> Understanding:
        names = self._engine.record_spans(text) if self._engine is not None else []
        stages = self._conversation.stages()
        return understand(text, lang=lang, today=self.today(), stages=stages, names=names)

    async def _dispatch(self, turn: Turn, frame: Frame, understood: Understanding) -> None:
        handler = HANDLERS.get(frame.intent)
        if handler is not None:
            await handler(self._conversation, turn, frame)
            return
        await self._small_talk(turn, understood)

    async def _small_talk(self, turn: Turn, understood: Understanding) -> None:
        intent = understood.intent
        if intent is Intent.GREETING:
            user = (
                await self._conversation.user(turn)
                if self._state.user is None
                else self._state.user
            )
            first = f", {user.name.split()[0]}" if user and user.name else ""
            turn.say(say(turn.lang, "greeting", name=first))
        elif intent is Intent.THANKS:
            turn.say(say(turn.lang, "thanks"))
        elif intent is Intent.GOODBYE:
            turn.say(say(turn.lang, "goodbye"))
        elif intent is Intent.WHOAMI:
            await self._whoami(turn)
        elif intent is Intent.HELP:
            turn.say(say(turn.lang, "help"), say(turn.lang, "help_examples"))
        else:
            turn.say(
                say(turn.lang, "unknown"), say(turn.lang, "help"), say(turn.lang, "help_examples")
            )

    async def _whoami(self, turn: Turn) -> None:
        user = await self._conversation.user(turn)
        if user is None:
            turn.say(say(turn.lang, "unavailable"))
            return
        login = say(turn.lang, "whoami_login", login=user.login) if user.login else ""
        company = say(turn.lang, "whoami_company", company=user.company) if user.company else ""
        turn.say(say(turn.lang, "whoami", name=user.name, login=login, company=company))
