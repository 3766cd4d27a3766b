"""The `local` brain: needs no LLM; talks to Odoo only through the MCP server's tools.

It is an adapter: questions go to the understanding engine (`daniel.understanding`), and
changes are recognised by the grammar of changes (`daniel.understanding.changes`) and
resolved against the ERP's names; when pieces are missing, the dialogue asks for them one
at a time.

    brain.py      `LocalBrain`: routing, the clock, turns as `BrainEvent`s
    turn.py       one turn's events and tool calls (`ToolActivity` for each)
    dialogue.py   the dialogue state machine: asking back, pointers, name resolution
    writes.py     changes → MCP write tools → preview → confirm (writes_sales.py)
"""

from daniel.server_avatar.services.local.brain.brain import LocalBrain

__all__ = ["LocalBrain"]
