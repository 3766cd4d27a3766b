"""The browser always gets one `confirm.result` for each `confirm` it sends.

A `confirm` turn is wrapped by `ConfirmGuard.wrap`: the brain's `ConfirmationOutcome`
is sent to the browser by the guard itself, once; a turn that ends, fails or is cut
without one still sends `confirm.result` (`status: "error"`, saying the outcome is not
known, never "not applied"). While the write is being settled the turn is not cut:
`settled()` lets a barge-in wait for the outcome first, so a user speaking over
"applying the change…" never leaves a confirmed write without its answer.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TYPE_CHECKING, Any

from daniel.server_avatar import protocol as wire
from daniel.server_avatar.services.base import BrainEvent, ConfirmationOutcome, Lang
from daniel.server_avatar.texts import text as say

if TYPE_CHECKING:
    from daniel.server_avatar.outbox import Outbox

Factory = Callable[[Any], Awaitable[AsyncIterator[BrainEvent] | None]]


class ConfirmGuard:
    def __init__(self, outbox: Outbox, on_done: Callable[[], None] | None = None) -> None:
        self.outbox = outbox
        #: Called after a change was applied (other processes then reload names).
        self.on_done = on_done
        self._settling: asyncio.Event | None = None

    async def settled(self, at_most: float) -> None:
        """Wait (at most `at_most` s) for the confirmation being settled, if any."""
        event = self._settling
        if event is not None and not event.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), at_most)

    def wrap(self, events: Factory, confirmation_id: str, lang: Lang) -> Factory:
        done = asyncio.Event()
        self._settling = done

        async def unknown() -> None:
            if not done.is_set():
                done.set()
                message = wire.confirm_result(
                    confirmation_id=confirmation_id,
                    status="error",
                    summary=say("confirm_unknown", lang),
                )
                await self.outbox.send(message)

        async def watch(stream: AsyncIterator[BrainEvent]) -> AsyncIterator[BrainEvent]:
            try:
                async for event in stream:
                    if isinstance(event, ConfirmationOutcome) and not done.is_set():
                        await self.outbox.send(
                            wire.confirm_result(
                                # the id the browser sent (never the brain's own id)
                                confirmation_id=confirmation_id,
                                status=event.status,
                                summary=event.summary,
                                records=event.records,
                            )
                        )
                        done.set()
                        if event.status == "done" and self.on_done is not None:
                            self.on_done()
                        continue
                    yield event
            finally:
                await asyncio.shield(unknown())

        async def factory(runner: Any) -> AsyncIterator[BrainEvent] | None:
            try:
                stream = await events(runner)
            except BaseException:
                await asyncio.shield(unknown())
                raise
            if stream is None:
                await unknown()
                return None
            return watch(stream)

        return factory
