"""Conversations, turns, writes and preferences.

Revision ID: 0001
Revises:
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("tenant", sa.String(40), nullable=False),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("turns", sa.Integer(), nullable=False),
    )
    op.create_index("ix_conversations_tenant_started", "conversations", ["tenant", "started_at"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("turn_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("tenant", sa.String(40), nullable=False),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(8), nullable=False),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("tools", sa.String(400), nullable=False),
        sa.Column("question", sa.Text(), nullable=True),
        sa.Column("ms_transcript", sa.Integer(), nullable=True),
        sa.Column("ms_first_text", sa.Integer(), nullable=True),
        sa.Column("ms_first_audio", sa.Integer(), nullable=True),
        sa.Column("ms_end", sa.Integer(), nullable=True),
    )
    op.create_index("ix_turns_conversation_id", "turns", ["conversation_id"])
    op.create_index("ix_turns_tenant_at", "turns", ["tenant", "at"])
    op.create_index("ix_turns_tenant_login_at", "turns", ["tenant", "login", "at"])
    op.create_table(
        "writes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("tenant", sa.String(40), nullable=False),
        sa.Column("login", sa.String(200), nullable=False),
        sa.Column("person", sa.String(200), nullable=False),
        sa.Column("conversation_id", sa.String(64), nullable=False),
        sa.Column("via", sa.String(8), nullable=False),
        sa.Column("tool", sa.String(80), nullable=False),
        sa.Column("model", sa.String(80), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
    )
    op.create_index("ix_writes_tenant_at", "writes", ["tenant", "at"])
    op.create_table(
        "preferences",
        sa.Column("tenant", sa.String(40), primary_key=True),
        sa.Column("login", sa.String(200), primary_key=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("preferences")
    op.drop_table("writes")
    op.drop_table("turns")
    op.drop_table("conversations")
