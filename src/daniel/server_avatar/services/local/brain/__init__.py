"""The `local` brain: a deterministic intent engine in Spanish and English for ERP
questions and commands, needing no LLM. It talks to Odoo only through the MCP
server's tools.

    text.py       normalisation (case and accent folding), tokens, language, yes/no
    dates.py      "mañana", "el viernes", "la semana que viene", "on Dec 15", "in 3 days"
    amounts.py    "10.000 €", "10k", "diez mil"
    lexicon.py    the words listened for
    intents.py    intent classification
    scan.py       a message being taken apart; name-like phrases and their cues
    slots.py      slot extraction: dictated titles and notes, flags, stages
    names.py      who and what: people, customers, projects, records acted on
    frames.py     `Intent`, `Slots`, `Understanding`
    nlu.py        one message → `Understanding` (intent + slots)
    state.py      what a session remembers
    dialogue.py   follow-ups, pointers, name resolution, asking back
    turn.py       one turn's events and tool calls (`ToolActivity` for each)
    reads.py      questions → read tools → spoken answers (reads_sales.py, answers*.py,
                  speech.py, phrases.py)
    writes.py     commands → write tools → confirmation
    brain.py      `LocalBrain`
"""

from daniel.server_avatar.services.local.brain.brain import LocalBrain

__all__ = ["LocalBrain"]
