"""The grammar of changes: the one place a change a person asks for is recognised.

    nlu.py       one message → an `Understanding`: an intent (mark won, move, assign,
                 create a task…, or small talk) and its pieces as said (`frames.py`)
    intents.py   which change (or small talk) a message asks for, read from the words
                 around the ERP's names (`lexicon/requests.py` holds the words)
    slots.py     the pieces: dictated titles and notes, dates, amounts, stages, and the
                 role of each name-like phrase (`scan.py` takes the message apart)
    commands.py  `change`: the one map from a change to its MCP write tool and arguments;
                 `CommandReader`: a recognised change resolved against the live ERP's
                 names (`understanding.names`)
    state.py     what a conversation remembers; phrases.py what the local brain says

When every piece is clear the change is proposed at once; when one is missing or unclear
the local brain's dialogue asks for it, one at a time, resolves the reply with the same
name matcher, and meets the same `change` before the MCP preview → confirm flow. A new
kind of change is its words in `lexicon/requests.py`, its rule in `intents.py` and its
tool in `commands.change`. Questions about the ERP are read by the
understanding engine (`understanding.parser`, `interpret`).
"""
