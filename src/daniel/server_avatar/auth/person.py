"""The tool runner of one person's conversation.

`PersonTools` wraps the process's MCP runner for one conversation:

- every call carries the person's Odoo credential (unsealed for the call only), so the
  MCP server runs it as them;
- it remembers the confirmation tokens the MCP server gave this conversation: a
  `confirm_action`/`cancel_action` for any other token is refused here (another
  conversation's proposal can never be confirmed from this one), and a new proposal
  cancels the older ones at once on the MCP server (the session tells the browser, see
  `confirmation_ids`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from daniel.mcp_odoo.core.identity import Caller
from daniel.server_avatar.services.base import ToolResult, ToolRunner, ToolSpec

log = logging.getLogger(__name__)

_ANSWERS = frozenset({"confirm_action", "cancel_action"})


class PersonTools(ToolRunner):
    def __init__(
        self,
        inner: ToolRunner,
        caller: Callable[[], Caller | None] | None,
        *,
        lang: Callable[[], str],
    ) -> None:
        self.inner = inner
        self._caller = caller
        self._lang = lang
        #: MCP confirmation tokens proposed in this conversation and not yet answered.
        self._open: list[str] = []
        self._answered: set[str] = set()

    def snapshot(self) -> dict[str, list[str]]:
        """The tokens of this conversation, for it to go on in another process."""
        return {"open": list(self._open), "answered": sorted(self._answered)}

    def restore(self, data: dict[str, list[str]]) -> None:
        self._open = [str(t) for t in data.get("open") or []]
        self._answered = {str(t) for t in data.get("answered") or []}

    async def list_tools(self) -> Sequence[ToolSpec]:
        return await self.inner.list_tools()

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        if name in _ANSWERS:
            token = str(arguments.get("confirmation_token") or "").strip()
            if token not in self._open and token not in self._answered:
                log.warning("refused %s for a token this conversation was not given", name)
                return _not_yours(name, self._lang())
        result = await self._call(name, arguments)
        if name in _ANSWERS:
            token = str(arguments.get("confirmation_token") or "").strip()
            if token in self._open:
                self._open.remove(token)
                self._answered.add(token)
        elif result.needs_confirmation:
            token = str(result.structured.get("confirmation_token") or "")
            if token:
                await self._supersede()
                self._open.append(token)
        return result

    async def _supersede(self) -> None:
        """A new proposal replaces the waiting ones: cancel them now, not at expiry."""
        old, self._open = self._open, []
        for token in old:
            self._answered.add(token)
            try:
                await self._call("cancel_action", {"confirmation_token": token})
            except Exception as exc:  # the proposal expires on its own anyway
                log.info("could not cancel a superseded proposal: %s", exc)

    async def _call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        if self._caller is None:  # AUTH=none: the server's own Odoo account
            return await self.inner.call_as(name, arguments, None)
        caller = self._caller()
        if caller is None:  # the login ended: never fall back to the server's account
            return _logged_out(name, self._lang())
        return await self.inner.call_as(name, arguments, caller.as_meta())


def _not_yours(name: str, lang: str) -> ToolResult:
    summary = (
        "Esa confirmación no pertenece a esta conversación; no se ha cambiado nada."
        if lang == "es"
        else "That confirmation does not belong to this conversation; nothing was changed."
    )
    return ToolResult(name, {"status": "unknown", "summary": summary}, summary, is_error=True)


def _logged_out(name: str, lang: str) -> ToolResult:
    summary = (
        "Tu sesión ha terminado: vuelve a iniciar sesión."
        if lang == "es"
        else "Your session has ended: please log in again."
    )
    return ToolResult(name, {"status": "error", "summary": summary}, summary, is_error=True)
