"""`BRAIN=llm`: any OpenAI-compatible chat-completions endpoint, with MCP tool calling.

- Tools are exactly the MCP server's tools, converted from their JSON schemas
  (`tool_schema.openai_tools`), except `confirm_action` / `cancel_action`: a write is
  only carried out after an explicit yes from the user (spoken, typed or the Confirm
  button), never on the model's own initiative.
- Answers stream (`stream=True`); text deltas are yielded as they arrive so speech can
  start with the first sentence. Tool calls are collected from the streamed deltas, run
  through MCP, and fed back, for at most `max_tool_calls` rounds per turn.
- A write preview (`status: needs_confirmation`) becomes a `ConfirmationRequest`.
- When the endpoint fails (connection error, HTTP 5xx or other API error, timeout), the
  turn is answered by the fallback brain (the local one) after a `Notice` that says, in
  plain words, what went wrong and what to check (`openai.errors`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, cast

from openai import omit

from daniel import metrics
from daniel.language.labels import tool_label
from daniel.resilience import CircuitOpenError, breaker_for
from daniel.server_avatar.services.base import (
    Brain,
    BrainContext,
    BrainEvent,
    ConfirmationOutcome,
    Notice,
    ProviderError,
    TextDelta,
    ToolActivity,
    ToolResult,
    TurnDone,
)
from daniel.server_avatar.services.openai.errors import endpoint_error
from daniel.server_avatar.services.openai.tool_schema import openai_tools
from daniel.server_avatar.texts import text as say
from daniel.server_avatar.tools.write_confirmations import (
    PendingConfirmations,
    activity_from,
    confirm_pending,
    is_no,
    is_yes,
)

if TYPE_CHECKING:
    from openai import AsyncOpenAI

log = logging.getLogger(__name__)

Message = dict[str, Any]
_MAX_HISTORY = 40
_MAX_TOOL_RESULT = 6000
_LANGUAGE = {"es": "Spanish (español)", "en": "English"}


class _Call:
    __slots__ = ("arguments", "id", "name")

    def __init__(self) -> None:
        self.id = ""
        self.name = ""
        self.arguments = ""


class LlmBrain(Brain):
    name = "llm"

    def __init__(
        self,
        context: BrainContext,
        *,
        client: AsyncOpenAI,
        model: str,
        system_prompt: str,
        max_tool_calls: int = 6,
        timeout: float = 20.0,
        fallback: Callable[[BrainContext], Brain] | None = None,
    ) -> None:
        super().__init__(context)
        self._client = client
        self._model = model
        self._prompt = system_prompt
        self._max_rounds = max_tool_calls
        self._timeout = timeout
        self._fallback_factory = fallback
        self._fallback: Brain | None = None
        self._tools: list[dict[str, Any]] = []
        self._tool_params: dict[str, set[str]] = {}
        self._history: list[Message] = []
        self._pending = PendingConfirmations()

    async def start(self) -> None:
        specs = await self.context.tools.list_tools()
        self._tools = openai_tools(specs)
        self._tool_params = {
            s.name: set((s.input_schema or {}).get("properties", {})) for s in specs
        }

    async def respond(self, text: str) -> AsyncIterator[BrainEvent]:
        waiting = self._pending.latest()
        if waiting is not None and (is_yes(text) or is_no(text)):
            async for event in self.confirm(waiting.confirmation_id, is_yes(text)):
                yield event
            return
        _drop_unanswered_tool_calls(self._history)  # an interrupted turn may leave some
        mark = len(self._history)
        self._history.append({"role": "user", "content": text})
        try:
            async for event in self._complete():
                yield event
        except Exception as exc:
            if not _is_endpoint_failure(exc):
                raise
            del self._history[mark:]
            async for event in self._fall_back(text, exc):
                yield event

    async def confirm(self, confirmation_id: str, accept: bool) -> AsyncIterator[BrainEvent]:
        lang = self.context.lang
        pending = self._pending.take(confirmation_id)
        if pending is None:
            message = say("no_pending_confirmation", lang)
            yield ConfirmationOutcome(confirmation_id, "expired", message)
            yield TextDelta(message)
            yield TurnDone(message)
            return
        outcome = await confirm_pending(self.context.tools, pending, accept, lang)
        yield outcome
        self._history.append({"role": "assistant", "content": outcome.summary})
        yield TextDelta(outcome.summary)
        yield TurnDone(outcome.summary)

    def snapshot(self) -> dict[str, Any] | None:
        """The messages so far and the proposals waiting for an answer."""
        return {"history": list(self._history), "pending": self._pending.snapshot()}

    def restore(self, snapshot: dict[str, Any]) -> bool:
        history = snapshot.get("history")
        if not isinstance(history, list):
            return False
        self._history = [m for m in history if isinstance(m, dict)]
        self._pending.restore(list(snapshot.get("pending") or []))
        return True

    async def close(self) -> None:
        if self._fallback is not None:
            await self._fallback.close()

    # ------------------------------------------------------------------ the model loop
    async def _complete(self) -> AsyncIterator[BrainEvent]:
        answer: list[str] = []
        for round_index in range(self._max_rounds + 1):
            allow_tools = bool(self._tools) and round_index < self._max_rounds
            breaker = breaker_for("llm", str(self._client.base_url))
            async with breaker, metrics.observe_call("llm", "chat.completions"):
                stream = await self._client.chat.completions.create(
                    model=self._model,
                    messages=cast(Any, self._messages()),
                    stream=True,
                    timeout=self._timeout,
                    tools=cast(Any, self._tools) if allow_tools else omit,
                    tool_choice="auto" if allow_tools else omit,
                )
            parts: list[str] = []
            calls: dict[int, _Call] = {}
            async for chunk in stream:
                if not chunk.choices:
                    continue
                delta = chunk.choices[0].delta
                if delta.content:
                    parts.append(delta.content)
                    yield TextDelta(delta.content)
                for piece in delta.tool_calls or ():
                    call = calls.setdefault(piece.index, _Call())
                    call.id = piece.id or call.id
                    if piece.function is not None:
                        call.name += piece.function.name or ""
                        call.arguments += piece.function.arguments or ""
            content = "".join(parts)
            answer.append(content)
            if not calls:
                self._remember({"role": "assistant", "content": content})
                yield TurnDone(" ".join(a.strip() for a in answer if a.strip()))
                return
            ordered = [calls[i] for i in sorted(calls)]
            for number, call in enumerate(ordered):
                call.id = call.id or f"call_{round_index}_{number}"
            self._history.append(
                {
                    "role": "assistant",
                    "content": content or None,
                    "tool_calls": [
                        {
                            "id": c.id,
                            "type": "function",
                            "function": {"name": c.name, "arguments": c.arguments or "{}"},
                        }
                        for c in ordered
                    ],
                }
            )
            for call in ordered:
                async for event in self._run_tool(call):
                    yield event
        yield TurnDone(" ".join(a.strip() for a in answer if a.strip()))  # pragma: no cover

    async def _run_tool(self, call: _Call) -> AsyncIterator[BrainEvent]:
        lang = self.context.lang
        label = tool_label(call.name, lang)
        yield ToolActivity(call.id, call.name, "running", label=label)
        try:
            arguments = json.loads(call.arguments) if call.arguments.strip() else {}
            if not isinstance(arguments, dict):
                raise ValueError("arguments must be a JSON object")
        except ValueError as exc:
            result = ToolResult(call.name, {"summary": f"invalid arguments: {exc}"}, "", True)
        else:
            if "lang" in self._tool_params.get(call.name, ()) and "lang" not in arguments:
                arguments["lang"] = lang
            try:
                result = await self.context.tools.call(call.name, arguments)
            except ProviderError as exc:
                result = ToolResult(call.name, {"summary": exc.message}, exc.message, True)
        yield activity_from(call.id, result, label)
        for_model: dict[str, Any] = dict(result.structured)
        if result.needs_confirmation:
            request = self._pending.register(result)
            yield request
            for_model.pop("confirmation_token", None)
            for_model["note"] = (
                "This change is now shown to the user with Confirm/Cancel buttons. Ask them "
                "to confirm in one short sentence; do not call the tool again."
            )
        self._history.append(
            {"role": "tool", "tool_call_id": call.id, "content": _compact(for_model, result)}
        )

    def _messages(self) -> list[Message]:
        today = dt.date.today().isoformat()
        system = (
            f"{self._prompt}\n\nToday is {today}. The user speaks "
            f"{_LANGUAGE[self.context.lang]}: answer in that language."
        )
        if self.context.user_name:
            system += f" The user's name is {self.context.user_name}."
        return [{"role": "system", "content": system}, *self._history]

    def _remember(self, message: Message) -> None:
        self._history.append(message)
        if len(self._history) > _MAX_HISTORY:
            cut = len(self._history) - _MAX_HISTORY
            while cut < len(self._history) and self._history[cut]["role"] != "user":
                cut += 1
            del self._history[:cut]

    async def _fall_back(self, text: str, exc: BaseException) -> AsyncIterator[BrainEvent]:
        base_url = str(self._client.base_url)
        failure = endpoint_error(exc, base_url)
        reason = failure.message
        log.warning("LLM endpoint failed (%s); answering with the fallback brain", reason)
        lang = self.context.lang
        if self._fallback_factory is None:
            raise ProviderError("brain", say("brain_failed", lang), retryable=True) from exc
        if self._fallback is None:
            self._fallback = self._fallback_factory(self.context)
            await self._fallback.start()
        yield Notice(say("llm_fallback", lang, reason=failure.localized(lang)))
        async for event in self._fallback.respond(text):
            if isinstance(event, TurnDone):
                self._history += [
                    {"role": "user", "content": text},
                    {"role": "assistant", "content": event.text},
                ]
            yield event


def _drop_unanswered_tool_calls(history: list[Message]) -> None:
    """Remove a trailing assistant tool-call message whose results never arrived."""
    for index in range(len(history) - 1, -1, -1):
        message = history[index]
        calls = message.get("tool_calls")
        if message["role"] == "assistant" and calls:
            answered = {m.get("tool_call_id") for m in history[index + 1 :]}
            if not all(c["id"] in answered for c in calls):
                del history[index:]
            return


def _compact(data: dict[str, Any], result: ToolResult) -> str:
    if not data:
        return result.text[:_MAX_TOOL_RESULT] or "{}"
    records = data.get("records")
    if isinstance(records, list) and len(records) > 20:
        data = {**data, "records": records[:20], "records_shown": 20}
    encoded = json.dumps(data, ensure_ascii=False, default=str)
    return encoded[:_MAX_TOOL_RESULT]


def _is_endpoint_failure(exc: BaseException) -> bool:
    import httpx2
    import openai

    return isinstance(exc, openai.OpenAIError | httpx2.HTTPError | TimeoutError | CircuitOpenError)
