"""Text in and out of the tools: user words made safe for Odoo, results made readable.

- `odoo_form_url`: the link to a record's form in the Odoo web client.
- `encode_content`: a tool result in MCP form, a short human summary plus structured data.
- `wants_projects` / `wants_tasks`: cheap intent detection on a user's words.
- `like_text`: a user's words for an `ilike` leaf, their `%`, `_` and `\\` taken literally.
- `html_to_text`: Odoo HTML (descriptions, notes) as one line of plain text.
- `fold`: lower case, no accents, spaces collapsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from daniel.language.text import fold as fold_text
from daniel.mcp_odoo.core.tool_registry import ToolOutput


def like_text(text: str) -> str:
    """ "50%_off" → "50\\%\\_off": Odoo's `ilike` treats `%` and `_` as wildcards (SQL
    LIKE, backslash escapes), so a name search for "50%" must not match everything."""
    return text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def odoo_form_url(base_url: str, model: str, record_id: int) -> str:
    """`https://erp.example.com/odoo/crm.lead/42`: the record's form (Odoo 17+ URLs)."""
    return f"{base_url.rstrip('/')}/odoo/{model}/{record_id}"


def encode_content(summary: str, data: dict[str, Any], *, is_error: bool = False) -> ToolOutput:
    """A tool result: the summary as text, the data as structured content.

    The data is also serialized as a second text block, as the MCP specification asks
    for clients that ignore structured content.
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return ToolOutput(texts=(summary, payload), data=data, is_error=is_error)


def fold(text: str) -> str:
    """Lower-case, accents removed, spaces collapsed: "  María  José" → "maria jose"."""
    return " ".join(fold_text(text).split())


_TAGS = re.compile(r"<[^>]+>")


def html_to_text(value: Any, limit: int = 1000) -> str | None:
    """Odoo HTML (a description, a note) as one line of plain text, at most `limit` long."""
    if not value:
        return None
    text = " ".join(_TAGS.sub(" ", str(value)).split())
    return text[:limit] if text else None


_PROJECT_WORDS = re.compile(r"\b(proyectos?|projects?)\b")
_TASK_WORDS = re.compile(r"\b(tareas?|tasks?|pendientes?|to-?dos?)\b")


def wants_projects(text: str) -> bool:
    """True when the words are about projects ("¿qué proyectos tengo?")."""
    return bool(_PROJECT_WORDS.search(fold(text)))


def wants_tasks(text: str) -> bool:
    """True when the words are about tasks ("my tasks for today", "mis tareas")."""
    return bool(_TASK_WORDS.search(fold(text)))
