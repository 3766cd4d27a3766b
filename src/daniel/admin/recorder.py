"""Recording conversations for the dashboard, off the conversation's path.

`ConversationTap` is given every message of one conversation (the browser's, parsed, and
the server's, as sent) and turns them into rows: the conversation, each turn (when it
ends: its question, outcome, category, latency marks) and each proposed change with its
outcome. It only appends to the `Recorder`'s queue; a background task writes the queue
in batches. A full queue drops rows, a failed write is logged (type of error only, the
URL and the data are never logged): recording can never block or break a turn.

The `Recorder` also knows the live conversations of this process (`live`), which the
dashboard lists and an administrator may end.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from daniel.admin.database import Database
from daniel.admin.tables import Base, Conversation, Turn, Write, utcnow

log = logging.getLogger(__name__)

QUEUE_SIZE = 10_000
#: Tool cards that list records (docs/protocol.md `tool.kind`): none shown = "there are none".
RECORD_KINDS = frozenset({"leads", "tasks", "projects", "orders", "partners", "users", "records"})
BATCH = 200
_QUESTION_CHARS = 500


@dataclass(slots=True)
class Person:
    tenant: str = ""
    login: str = ""
    name: str = ""


@dataclass(slots=True)
class LiveConversation:
    session_id: str
    person: Person
    lang: str
    mode: str
    started_at: dt.datetime
    turns: int = 0
    last_at: dt.datetime = field(default_factory=utcnow)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.session_id,
            "tenant": self.person.tenant,
            "login": self.person.login,
            "person": self.person.name,
            "lang": self.lang,
            "mode": self.mode,
            "started_at": _iso(self.started_at),
            "last_at": _iso(self.last_at),
            "turns": self.turns,
        }


def _iso(value: dt.datetime) -> str:
    return value.isoformat(timespec="seconds") + "Z"


@dataclass(slots=True)
class _Started:
    """A conversation whose row must exist (or be reopened, when resumed)."""

    row: Conversation


@dataclass(slots=True)
class _Ended:
    session_id: str
    at: dt.datetime
    turns: int
    channel: str


class Recorder:
    def __init__(self, database: Database, *, store_text: bool = True) -> None:
        self.database = database
        self.store_text = store_text
        self.live: dict[str, LiveConversation] = {}
        self._queue: asyncio.Queue[Base | _Started | _Ended] = asyncio.Queue(QUEUE_SIZE)
        self._writer: asyncio.Task[None] | None = None
        self.dropped = 0
        self.failures = 0
        self._queued = 0  # rows accepted so far
        self._handled = 0  # rows written (or given up on) so far
        self._progress = asyncio.Event()

    def start(self) -> None:
        self._writer = asyncio.get_running_loop().create_task(self._write_forever())

    def tap(self, person: Person) -> ConversationTap:
        return ConversationTap(self, person)

    def put(self, item: Base | _Started | _Ended) -> None:
        try:
            self._queue.put_nowait(item)
            self._queued += 1
        except asyncio.QueueFull:
            self.dropped += 1
            if self.dropped % 1000 == 1:
                log.warning("analytics queue full: %d rows dropped so far", self.dropped)

    async def flush(self, wait: float = 10.0) -> None:
        """Wait (at most `wait` s) until the rows queued before this call are written;
        rows queued meanwhile are not waited for, so a busy server does not hold it."""
        target = self._queued
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                while self._handled < target:
                    self._progress.clear()
                    await self._progress.wait()

    async def close(self) -> None:
        await self.flush(5.0)
        if self._writer is not None:
            self._writer.cancel()
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _write_forever(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self._write(batch)
            except Exception as exc:  # the database is down or refused: keep going
                self.failures += 1
                log.warning("analytics: %d row(s) not written (%s)", len(batch), type(exc).__name__)
            finally:
                for _ in batch:
                    self._queue.task_done()
                self._handled += len(batch)
                self._progress.set()

    async def _write(self, batch: list[Base | _Started | _Ended]) -> None:
        async with self.database.sessions.begin() as session:
            for item in batch:
                if isinstance(item, _Started):
                    found = await session.get(Conversation, item.row.id)
                    if found is None:
                        session.add(item.row)
                    else:
                        found.ended_at = None
                        found.lang = item.row.lang
                    await session.flush()
                elif isinstance(item, _Ended):
                    found = await session.get(Conversation, item.session_id)
                    if found is not None:
                        found.ended_at = item.at
                        found.turns += item.turns  # a resumed conversation adds up
                        found.channel = _merge_channel(found.channel, item.channel)
                else:
                    session.add(item)


def _merge_channel(before: str, now: str) -> str:
    if not before or before == now:
        return now
    return "mixed"


@dataclass(slots=True)
class _OpenTurn:
    turn_id: str
    channel: str
    at: dt.datetime
    question: str | None = None
    kinds: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    marks: dict[str, int] = field(default_factory=dict)
    error: bool = False
    #: Records the turn's finished searches showed (None: it searched for none).
    shown: int | None = None


class ConversationTap:
    """Sees one conversation's messages; never raises (a bug costs a row, not a turn)."""

    def __init__(self, recorder: Recorder, person: Person) -> None:
        self.recorder = recorder
        self.person = person
        self.session_id = ""
        self.lang = "es"
        self.mode = "push_to_talk"
        self.turns = 0
        self.channels: set[str] = set()
        self._typed: str | None = None
        self._open: dict[str, _OpenTurn] = {}
        self._proposed: dict[str, dict[str, Any]] = {}
        self._live: LiveConversation | None = None

    # ------------------------------------------------------------------ the two directions
    def seen(self, direction: str, message: Any) -> None:
        try:
            if direction == "in":
                self._incoming(message)
            else:
                self._outgoing(message)
        except Exception:
            log.exception("analytics: a message could not be recorded")

    def closed(self) -> None:
        try:
            if self.session_id:
                if self.recorder.live.get(self.session_id) is self._live:
                    del self.recorder.live[self.session_id]  # not a resumed one's entry
                channel = "mixed" if len(self.channels) > 1 else next(iter(self.channels), "")
                self.recorder.put(_Ended(self.session_id, utcnow(), self.turns, channel))
        except Exception:
            log.exception("analytics: the end of a conversation could not be recorded")

    def _incoming(self, message: Any) -> None:
        kind = getattr(message, "type", "")
        if kind == "session.start":
            self.mode = str(getattr(message, "mode", None) or self.mode)
        elif kind == "user.text":
            self._typed = str(message.text)

    def _outgoing(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        turn = self._open.get(str(message.get("turn_id") or ""))
        if kind == "session.ready":
            self._ready(message)
        elif kind == "turn.start":
            source = "voice" if message.get("source") == "voice" else "typed"
            question, self._typed = (self._typed if source == "typed" else None), None
            turn_id = str(message["turn_id"])
            self._open[turn_id] = _OpenTurn(turn_id, source, utcnow(), question)
        elif turn is None:
            if kind == "confirm.result":
                self._settled(message)
        elif kind == "transcript" and message.get("final"):
            turn.question = str(message.get("text") or "") or turn.question
        elif kind == "tool" and message.get("status") == "done":
            turn.tools.append(str(message.get("name") or ""))
            if message.get("kind") not in (None, "", "other"):
                turn.kinds.append(str(message["kind"]))
            if message.get("kind") in RECORD_KINDS:
                turn.shown = (turn.shown or 0) + len(message.get("records") or [])
            elif isinstance(message.get("count"), int):  # a count or total: of how many
                turn.shown = (turn.shown or 0) + int(message["count"])
        elif kind == "confirm.request":
            self._proposed[str(message.get("confirmation_id"))] = message
        elif kind == "confirm.result":
            self._settled(message)
        elif kind == "latency":
            turn.marks = dict(message.get("marks") or {})
        elif kind == "error":
            turn.error = True
        elif kind in ("turn.end", "interrupted"):
            outcome = message.get("outcome") or ("error" if turn.error else "")
            if kind == "interrupted":
                outcome = "interrupted"
            self._finish(turn, str(outcome or "unknown"))

    # ------------------------------------------------------------------ rows
    def _ready(self, message: dict[str, Any]) -> None:
        self.session_id = str(message.get("session_id") or "")
        self.lang = str(message.get("lang") or self.lang)
        now = utcnow()
        row = Conversation(
            id=self.session_id,
            tenant=self.person.tenant,
            login=self.person.login,
            person=self.person.name,
            lang=self.lang,
            channel="",
            mode=self.mode,
            started_at=now,
            turns=0,
        )
        self.recorder.put(_Started(row))
        self._live = LiveConversation(self.session_id, self.person, self.lang, self.mode, now)
        self.recorder.live[self.session_id] = self._live

    def _finish(self, turn: _OpenTurn, outcome: str) -> None:
        self._open.pop(turn.turn_id, None)
        if not turn.question and not turn.tools and outcome in ("unknown", "interrupted"):
            return  # nothing was asked (an empty utterance, a cut before words)
        self.turns += 1
        self.channels.add(turn.channel)
        if self._live is not None:
            self._live.turns += 1
            self._live.last_at = utcnow()
        question = turn.question
        if question is not None:
            question = question.strip()[:_QUESTION_CHARS] or None
        marks = turn.marks
        self.recorder.put(
            Turn(
                conversation_id=self.session_id,
                turn_id=turn.turn_id,
                at=turn.at,
                tenant=self.person.tenant,
                login=self.person.login,
                lang=self.lang,
                channel=turn.channel,
                outcome=outcome,
                category=(turn.kinds[0] if turn.kinds else outcome)[:40],
                tools=",".join(dict.fromkeys(t for t in turn.tools if t))[:400],
                empty=outcome == "answered" and turn.shown == 0,
                question=question if self.recorder.store_text else None,
                ms_transcript=marks.get("transcript_final"),
                ms_first_text=marks.get("first_text"),
                ms_first_audio=marks.get("first_audio"),
                ms_end=marks.get("end"),
            )
        )

    def _settled(self, message: dict[str, Any]) -> None:
        proposal = self._proposed.pop(str(message.get("confirmation_id")), None)
        if proposal is None:
            return  # an id this conversation never proposed (expired, another's)
        records = [r for r in message.get("records") or [] if isinstance(r, dict)]
        first = records[0] if records else {}
        record_id = first.get("id")
        self.recorder.put(
            Write(
                tenant=self.person.tenant,
                login=self.person.login,
                person=self.person.name,
                conversation_id=self.session_id,
                via="chat",
                tool=str(proposal.get("tool") or "")[:80],
                model=str(first.get("model") or "")[:80],
                record_id=record_id if isinstance(record_id, int) else None,
                url=str(first.get("url") or "")[:500],
                summary=str(message.get("summary") or proposal.get("summary") or ""),
                changes=[c for c in proposal.get("changes") or [] if isinstance(c, dict)],
                status=str(message.get("status") or "")[:12],
            )
        )
