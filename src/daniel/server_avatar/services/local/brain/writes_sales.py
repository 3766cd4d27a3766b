"""Sales commands: create a quotation from spoken lines, confirm a quotation."""

from __future__ import annotations

from typing import Any

from daniel.understanding.changes.phrases import say
from daniel.understanding.changes.state import Entity, Frame

from .dialogue import Asked, Conversation
from .turn import Turn
from .writes import propose, target


async def confirm_quotation(conv: Conversation, turn: Turn, frame: Frame) -> None:
    order = await target(conv, turn, frame, "order")
    if not isinstance(order, Entity):
        return
    await propose(conv, turn, "sale_confirm_quotation", {"order_id": order.id})


async def create_quotation(conv: Conversation, turn: Turn, frame: Frame) -> None:
    slots = frame.slots
    if not slots.customer and "customer" not in frame.resolved:
        conv.ask(turn, frame, "customer", "partner", "ask_customer")
        return
    if not slots.lines:
        conv.ask(turn, frame, "lines", "text", "ask_lines")
        return
    customer = await conv.resolve(turn, frame, "customer", slots.customer or "", ("partner",))
    if not isinstance(customer, Entity):
        return
    lines: list[dict[str, Any]] = []
    for index, line in enumerate(slots.lines):
        product = await _product(conv, turn, frame, f"product{index}", line.product)
        if product is None:
            turn.say(say(turn.lang, "no_product", name=line.product))
            return
        if isinstance(product, Asked):
            return
        item: dict[str, Any] = {"product": product.id, "quantity": line.quantity}
        if line.price is not None:
            item["price_unit"] = line.price
        lines.append(item)
    await propose(conv, turn, "sale_create_quotation", {"customer": customer.id, "lines": lines})


async def _product(
    conv: Conversation, turn: Turn, frame: Frame, slot: str, said: str
) -> Entity | Asked | None:
    """A product by name, also in the plural ("portátiles" finds "Portátil ProBook 14")."""
    for phrase in dict.fromkeys((said, singular(said))):
        found = await conv.resolve(turn, frame, slot, phrase, ("product",), quiet_missing=True)
        if found is not None:
            return found
    return None


def singular(phrase: str) -> str:
    """ "sillas ergonómicas" → "silla ergonómica", "portátiles" → "portátil", "routers" →
    "router" (good enough to find a product by name)."""
    words = []
    for word in phrase.split():
        low = word.lower()
        if len(low) > 4 and low.endswith("es") and low[-3] in "lrndzj":
            word = word[:-2]
        elif len(low) > 3 and low.endswith("s") and not low.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)
