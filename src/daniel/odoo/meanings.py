"""What Odoo's data means in business terms, defined once for every layer that reads it
(the MCP tools' filters and summaries, the understanding engine's answers). Explained for
people in docs/understanding.md.

- An opportunity is open while it is active and not in a won stage; won when active in a
  won stage (`crm.stage.is_won`); lost when archived with probability 0.
- A task is closed when done or cancelled (Odoo 17+ `state`); overdue when open with its
  deadline passed (Odoo's late tasks).
- A sale is a confirmed order (`sale`, and `done` on versions that still have it); a
  quotation is a draft or sent order. Sales are measured before tax (`amount_untaxed`).
"""

from __future__ import annotations

from typing import Any

LEAD_OPEN: list[Any] = [["active", "=", True], ["stage_id.is_won", "=", False]]
LEAD_WON: list[Any] = [["active", "=", True], ["stage_id.is_won", "=", True]]
LEAD_LOST: list[Any] = [["active", "=", False], ["probability", "=", 0]]
LEAD_ANY: list[Any] = ["|", ["active", "=", True], ["active", "=", False]]
TASK_CLOSED_STATES: tuple[str, ...] = ("1_done", "1_canceled")
ORDER_CONFIRMED_STATES: tuple[str, ...] = ("sale", "done")
QUOTATION_STATES: tuple[str, ...] = ("draft", "sent")
SALES_AMOUNT = "amount_untaxed"
