"""The understanding benchmark: a question bank, an oracle, a checker and a runner.

- `bank`    loads `bank/*.yaml` into questions (one turn, or a dialogue of 2–4 turns) whose
            names are slots, e.g. ``{customer}``; see docs/understanding-bank.md.
- `slots`   fills the slots from the live ERP (deterministic: sorted candidates, seeded).
- `oracle`  computes each turn's expected answer with direct Odoo calls (`daniel.odoo`),
            following the business definitions of docs/understanding.md.
- `checker` judges one turn from what the server sent over the WebSocket.
- `runner`  runs questions over the WebSocket (docs/protocol.md), one session each.
- `report`  accuracy by category and language, confident-wrong answers, latency.

`bench/understanding.py` is the command line; `tests/understanding/` the tests.
"""
