"""The analytics and preferences tables. Times are naive UTC (the same on both databases).

Nothing here holds a secret: people are named by tenant and login, never by credential.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Conversation(Base):
    """One conversation (a WebSocket session, resumed ones included)."""

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), default="")
    login: Mapped[str] = mapped_column(String(200), default="")
    person: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[str] = mapped_column(String(8), default="es")
    #: typed, voice or mixed (from its turns); `mode` is push_to_talk or hands_free.
    channel: Mapped[str] = mapped_column(String(8), default="typed")
    mode: Mapped[str] = mapped_column(String(16), default="push_to_talk")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    turns: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_conversations_tenant_started", "tenant", "started_at"),)


class Turn(Base):
    __tablename__ = "turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(String(64), index=True)
    turn_id: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    tenant: Mapped[str] = mapped_column(String(40), default="")
    login: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[str] = mapped_column(String(8), default="es")
    channel: Mapped[str] = mapped_column(String(8), default="typed")
    outcome: Mapped[str] = mapped_column(String(20), default="unknown")
    #: What it was about: the kind of the records shown (leads, tasks, summary…), or the
    #: outcome when nothing was shown.
    category: Mapped[str] = mapped_column(String(40), default="")
    tools: Mapped[str] = mapped_column(String(400), default="")
    #: Answered, but every record search it made found nothing ("there are none").
    empty: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The words of the question; NULL with ANALYTICS_STORE_TEXT=false.
    question: Mapped[str | None] = mapped_column(Text, nullable=True)
    ms_transcript: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ms_first_text: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ms_first_audio: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ms_end: Mapped[int | None] = mapped_column(Integer, nullable=True)

    __table_args__ = (
        Index("ix_turns_tenant_at", "tenant", "at"),
        Index("ix_turns_tenant_login_at", "tenant", "login", "at"),
    )


class Write(Base):
    """A proposed change and what became of it (done, cancelled, expired, error)."""

    __tablename__ = "writes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    tenant: Mapped[str] = mapped_column(String(40), default="")
    login: Mapped[str] = mapped_column(String(200), default="")
    person: Mapped[str] = mapped_column(String(200), default="")
    conversation_id: Mapped[str] = mapped_column(String(64), default="")
    #: chat (a conversation) or mcp (an MCP client).
    via: Mapped[str] = mapped_column(String(8), default="chat")
    tool: Mapped[str] = mapped_column(String(80), default="")
    model: Mapped[str] = mapped_column(String(80), default="")
    record_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    url: Mapped[str] = mapped_column(String(500), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: [{field, label, old, new}] as proposed to the person.
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(12), default="")

    __table_args__ = (Index("ix_writes_tenant_at", "tenant", "at"),)


class Preference(Base):
    __tablename__ = "preferences"

    tenant: Mapped[str] = mapped_column(String(40), primary_key=True)
    login: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
