"""The grammar of changes: the one place a change a person asks for is recognised.

    nlu.py       one message → an `Understanding`: an intent (mark won, move, assign,
                 create a task…, or small talk) and its pieces as said (`frames.py`)
    intents.py   which change (or small talk) a message asks for, read from the words
                 around the ERP's names (`lexicon/requests.py` holds the words)
    slots.py     the pieces: dictated titles and notes, dates, amounts, stages, and the
                 role of each name-like phrase (`scan.py` takes the message apart)
    commands.py  a recognised change resolved against the live ERP's names
                 (`understanding.names`) into an MCP write tool and its arguments
    state.py     what a conversation remembers; phrases.py what the local brain says

When a piece is missing or unclear the local brain's dialogue asks for it, one at a time,
before the MCP preview → confirm flow. A new kind of change is a word list in
`lexicon/requests.py`, a rule in `intents.py` and its tool in `commands.py` (and the
brain's `writes.py` for asking back). Questions about the ERP are read by the
understanding engine (`understanding.parser`, `interpret`).
"""
