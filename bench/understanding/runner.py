"""Runs bank questions over the conversation WebSocket (docs/protocol.md).

Each question runs in a fresh session started in its session language. Before a
question runs its slots are filled and every turn's expectation is computed from the live
ERP; a turn is judged as soon as its `turn.end` arrives. A write preview
(`confirm.request`) is answered with `confirm` accept false, so the ERP is left unchanged.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from daniel.odoo import OdooServerError

from .bank import Question
from .checker import Observed, Verdict, judge
from .oracle import Expected, Oracle, OracleError
from .slots import SlotError, SlotFiller, render

Message = dict[str, Any]


@dataclass
class TurnResult:
    text: str
    expected: Expected | None
    verdict: Verdict
    answer: str = ""
    cards: list[str] = field(default_factory=list)
    first_text_ms: float | None = None  # client side: user.text sent → first text
    server_first_text_ms: float | None = None  # the server's latency mark

    def to_json(self) -> dict[str, Any]:
        return {
            "ask": self.text,
            "expected": self.expected.to_json() if self.expected else None,
            **self.verdict.to_json(),
            "answer": self.answer,
            "cards": self.cards[:10],
            "first_text_ms": self.first_text_ms,
            "server_first_text_ms": self.server_first_text_ms,
        }


@dataclass
class QuestionResult:
    question: Question
    turns: list[TurnResult] = field(default_factory=list)
    skipped: str = ""

    def to_json(self) -> dict[str, Any]:
        q = self.question
        return {
            "id": q.id,
            "category": q.category,
            "lang": q.lang,
            "session": q.session,
            "need": q.need,
            "skipped": self.skipped,
            "turns": [t.to_json() for t in self.turns],
        }


class ServerError(RuntimeError):
    """The conversation server could not be reached or closed the socket."""


def http_base(ws_url: str) -> str:
    parts = urlsplit(ws_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return urlunsplit((scheme, parts.netloc, "", "", ""))


async def login(http: aiohttp.ClientSession, ws_url: str, user: str, password: str) -> None:
    """POST /auth/login {login, password}; the session cookie stays in `http`'s jar."""
    async with http.post(
        f"{http_base(ws_url)}/auth/login", json={"login": user, "password": password}
    ) as response:
        if response.status >= 400:
            raise ServerError(f"login as {user!r} refused (HTTP {response.status})")


class Session:
    """One WebSocket conversation, as a browser would hold it."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, wait: float) -> None:
        self.ws = ws
        self.wait = wait

    async def start(self, lang: str) -> None:
        await self.send({"type": "session.start", "lang": lang})
        while True:
            message = await self.receive()
            if message["type"] == "state":  # the first state follows session.ready
                return

    async def send(self, message: Message) -> None:
        await self.ws.send_str(json.dumps(message))

    async def receive(self) -> Message:
        while True:
            frame = await self.ws.receive(timeout=self.wait)
            if frame.type == aiohttp.WSMsgType.TEXT:
                message: Message = json.loads(frame.data)
                return message
            if frame.type != aiohttp.WSMsgType.BINARY:  # audio is ignored
                raise ServerError(f"the server closed the conversation ({frame.type.name})")

    async def turn(self, outgoing: Message) -> tuple[list[Message], float | None]:
        """Send one message; the messages of the turn it starts, up to its `turn.end`,
        and the ms from sending to the first agent text."""
        sent = time.perf_counter()
        await self.send(outgoing)
        turn_id: str | None = None
        first: float | None = None
        messages: list[Message] = []
        async with asyncio.timeout(self.wait):
            while True:
                message = await self.receive()
                kind = message["type"]
                if kind == "turn.start" and turn_id is None:
                    turn_id = str(message["turn_id"])
                if kind == "error" and turn_id is None:  # refused before any turn began
                    return [message], None
                if turn_id is None or message.get("turn_id") not in (None, turn_id):
                    if kind == "confirm.result":
                        messages.append(message)
                    continue
                if kind in ("agent.delta", "agent.text") and first is None:
                    first = (time.perf_counter() - sent) * 1000
                messages.append(message)
                if kind in ("turn.end", "interrupted"):
                    return messages, first


async def prepare(
    question: Question, filler: SlotFiller, oracle: Oracle
) -> tuple[list[str], list[Expected]] | str:
    """The rendered turns and their expectations, or why the question is skipped."""
    try:
        values = filler.fill(question.id, question.slots)
        texts = [render(t.text, values) for t in question.turns]
        expected = [await oracle.expect(t.expect, values, question.session) for t in question.turns]
    except (SlotError, OracleError) as exc:
        return str(exc)
    except OdooServerError as exc:  # e.g. a field this Odoo does not have
        return f"the oracle could not compute it on this Odoo: {exc}"
    return texts, expected


async def run_question(
    http: aiohttp.ClientSession,
    url: str,
    question: Question,
    filler: SlotFiller,
    oracle: Oracle,
    wait: float = 60.0,
) -> QuestionResult:
    result = QuestionResult(question)
    prepared = await prepare(question, filler, oracle)
    if isinstance(prepared, str):
        result.skipped = prepared
        return result
    texts, expectations = prepared
    async with http.ws_connect(url, max_msg_size=0) as ws:
        session = Session(ws, wait)
        await session.start(question.session)
        previous: Observed | None = None
        previous_expected: Expected | None = None
        for text, expected in zip(texts, expectations, strict=True):
            messages, first = await session.turn({"type": "user.text", "text": text})
            verdict = judge(
                expected,
                messages,
                previous=previous,
                previous_expected=previous_expected,
                today=oracle.snap.today,
                names=oracle.names,
            )
            seen = Observed.from_messages(messages)
            marks: dict[str, Any] = next(
                (m["marks"] for m in messages if m["type"] == "latency"), {}
            )
            result.turns.append(
                TurnResult(
                    text, expected, verdict, seen.text, [str(c.get("name")) for c in seen.cards],
                    first, marks.get("first_text"),
                )
            )  # fmt: skip
            for request in seen.confirms:  # preview only: never change the ERP
                cancel = {"type": "confirm", "confirmation_id": request["confirmation_id"]}
                await session.turn({**cancel, "accept": False})
            previous, previous_expected = seen, expected
        await session.send({"type": "session.stop"})
    return result


async def run_all(
    http: aiohttp.ClientSession,
    url: str,
    questions: list[Question],
    filler: SlotFiller,
    oracle: Oracle,
    *,
    concurrency: int = 1,
    wait: float = 60.0,
    progress: Any = None,
) -> list[QuestionResult]:
    """Every question, `concurrency` sessions at a time, results in bank order."""
    gate = asyncio.Semaphore(concurrency)
    results: list[QuestionResult | None] = [None] * len(questions)

    async def one(index: int, question: Question) -> None:
        async with gate:
            try:
                results[index] = await run_question(http, url, question, filler, oracle, wait)
            except (TimeoutError, ServerError, aiohttp.ClientError) as exc:
                failed = QuestionResult(question)
                failed.turns.append(
                    TurnResult(question.turns[0].text, None,
                               Verdict("wrong", f"no answer: {exc!r}"[:200], False, "error"))
                )  # fmt: skip
                results[index] = failed
            if progress is not None:
                progress(results[index])

    await asyncio.gather(*(one(i, q) for i, q in enumerate(questions)))
    return [r for r in results if r is not None]
