"""The preview → confirm flow of MCP writes, as brains use it.

A write tool in `confirm` mode answers `{status: "needs_confirmation", summary, changes,
confirmation_token, expires_in, ...}`. `PendingConfirmations.register` keeps the token on
the server side and hands out an opaque confirmation id for the browser (the token
never leaves the process). `confirm_pending` calls `confirm_action` or `cancel_action`
and turns the answer into a `ConfirmationOutcome`. `is_yes` / `is_no` recognise an
explicit spoken or typed answer ("sí", "vale", "yes", "no", "cancela"...).
"""

from __future__ import annotations

import itertools
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from daniel.server_avatar.services.base import (
    ConfirmationOutcome,
    ConfirmationRequest,
    Lang,
    ProviderError,
    ToolActivity,
    ToolResult,
    ToolRunner,
)

_YES = re.compile(
    r"^(?:(?:si|sii|vale|ok|okay|de acuerdo|confirmo|confirma|confirmalo|confirmado|adelante"
    r"|hazlo|dale|correcto|claro|por supuesto|perfecto|yes|yeah|yep|sure|confirm|go ahead"
    r"|do it|please do|of course|right|that's right|por favor|please)\s*)+$"
)
_NO = re.compile(
    r"^(?:(?:no|nop|cancela|cancelalo|cancelar|mejor no|dejalo|olvidalo|para|nope|cancel"
    r"|cancel it|don't|do not|never mind|nevermind|forget it|stop|abort|no gracias"
    r"|no thanks)\s*)+$"
)
_PUNCT = re.compile(r"[¿?¡!.,;:«»\"()]")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_PUNCT.sub(" ", plain).split())


def is_yes(text: str) -> bool:
    return bool(_YES.match(_fold(text)))


def is_no(text: str) -> bool:
    return bool(_NO.match(_fold(text)))


@dataclass(frozen=True, slots=True)
class Pending:
    confirmation_id: str
    token: str
    tool: str
    expires_at: float


class PendingConfirmations:
    """Tokens of previews waiting for the user's answer, by opaque confirmation id."""

    def __init__(self) -> None:
        self._items: dict[str, Pending] = {}
        self._ids = itertools.count(1)

    def register(self, result: ToolResult) -> ConfirmationRequest:
        data = result.structured
        expires_in = int(data.get("expires_in") or 120)
        confirmation_id = f"k{next(self._ids)}"
        self._items[confirmation_id] = Pending(
            confirmation_id,
            str(data.get("confirmation_token") or ""),
            str(data.get("tool") or result.name),
            time.monotonic() + expires_in,
        )
        return ConfirmationRequest(
            confirmation_id=confirmation_id,
            tool=str(data.get("tool") or result.name),
            summary=str(data.get("summary") or ""),
            changes=tuple(c for c in data.get("changes") or () if isinstance(c, dict)),
            expires_in=expires_in,
        )

    def latest(self) -> Pending | None:
        """The most recent proposal still waiting (a spoken "yes" answers this one)."""
        self._drop_expired()
        return next(reversed(self._items.values()), None)

    def take(self, confirmation_id: str) -> Pending | None:
        self._drop_expired()
        return self._items.pop(confirmation_id, None)

    def clear(self) -> None:
        self._items.clear()

    def snapshot(self) -> list[dict[str, Any]]:
        """The waiting proposals as JSON (expiry in wall-clock seconds), to move them."""
        self._drop_expired()
        left = time.monotonic()
        return [
            {
                "confirmation_id": p.confirmation_id,
                "token": p.token,
                "tool": p.tool,
                "expires_at": time.time() + (p.expires_at - left),
            }
            for p in self._items.values()
        ]

    def restore(self, items: list[dict[str, Any]]) -> None:
        now, left = time.time(), time.monotonic()
        for item in items:
            expires_at = left + float(item["expires_at"]) - now
            pending = Pending(
                str(item["confirmation_id"]), str(item["token"]), str(item["tool"]), expires_at
            )
            self._items[pending.confirmation_id] = pending
        numbers = [int(k[1:]) for k in self._items if k[1:].isdigit()]
        self._ids = itertools.count(max(numbers, default=0) + 1)

    def _drop_expired(self) -> None:
        now = time.monotonic()
        for key in [k for k, p in self._items.items() if p.expires_at < now]:
            del self._items[key]


async def confirm_pending(
    tools: ToolRunner, pending: Pending, accept: bool, lang: Lang
) -> ConfirmationOutcome:
    """Carry out (`accept`) or drop the proposal; never raises for tool failures."""
    name = "confirm_action" if accept else "cancel_action"
    try:
        result = await tools.call(name, {"confirmation_token": pending.token, "lang": lang})
    except ProviderError as exc:
        return ConfirmationOutcome(pending.confirmation_id, "error", exc.message)
    return outcome_from(result, pending.confirmation_id, accept)


_STATUSES: dict[str, Literal["done", "cancelled", "expired", "error"]] = {
    "done": "done",
    "cancelled": "cancelled",
    "expired": "expired",
}


def outcome_from(result: ToolResult, confirmation_id: str, accept: bool) -> ConfirmationOutcome:
    data = result.structured
    status = _STATUSES.get(str(data.get("status") or ""))
    if status is None:
        status = "error" if result.is_error else ("done" if accept else "cancelled")
    summary = str(data.get("summary") or result.text or "")
    records = tuple(r for r in data.get("records") or () if isinstance(r, dict))
    return ConfirmationOutcome(confirmation_id, status, summary, records)


def activity_from(call_id: str, result: ToolResult, label: str = "") -> ToolActivity:
    """The `done`/`error` activity of a finished tool call (records become cards)."""
    data: dict[str, Any] = result.structured
    records = tuple(r for r in data.get("records") or () if isinstance(r, dict))
    return ToolActivity(
        call_id=call_id,
        name=result.name,
        status="error" if result.is_error else "done",
        label=label,
        summary=str(data.get("summary") or (result.text if result.is_error else "")),
        kind=str(data.get("kind") or ("other" if not result.needs_confirmation else "summary")),
        records=records,
    )
