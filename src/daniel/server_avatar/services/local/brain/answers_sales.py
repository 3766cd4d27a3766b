"""Spoken answers about sales, orders and searches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from daniel.language.formatting import capitalize, join, money, number
from daniel.language.text import Lang

from .answers import Card, pick

_STATE_WORDS = {
    "draft": ("presupuesto", "quotation"),
    "sent": ("presupuesto enviado", "sent quotation"),
    "sale": ("pedido confirmado", "confirmed order"),
    "done": ("pedido cerrado", "locked order"),
    "cancel": ("pedido cancelado", "cancelled order"),
}
_ORDER_NOUNS = {
    "quotation": (("presupuesto", "presupuestos"), ("quotation", "quotations")),
    "draft": (
        ("presupuesto en borrador", "presupuestos en borrador"),
        ("draft quotation", "draft quotations"),
    ),
    "sent": (
        ("presupuesto enviado", "presupuestos enviados"),
        ("sent quotation", "sent quotations"),
    ),
    "order": (
        ("pedido confirmado", "pedidos confirmados"),
        ("confirmed order", "confirmed orders"),
    ),
    "sale": (("pedido confirmado", "pedidos confirmados"), ("confirmed order", "confirmed orders")),
    "cancel": (("pedido cancelado", "pedidos cancelados"), ("cancelled order", "cancelled orders")),
    None: (
        ("pedido o presupuesto", "pedidos y presupuestos"),
        ("order or quotation", "orders and quotations"),
    ),
}


def _orders_noun(lang: Lang, state: str | None, count: int) -> str:
    spanish, english = _ORDER_NOUNS.get(state, _ORDER_NOUNS[None])
    singular, plural = spanish if lang == "es" else english
    return singular if count == 1 else plural


def _count(count: int, lang: Lang) -> str:
    """ "un" pedido / "one" order; digits otherwise."""
    return pick(lang, "un", "one") if count == 1 else number(count, lang)


def _total(cards: Sequence[Card]) -> float:
    return sum(float(c.get("amount_total") or 0) for c in cards)


def sales_summary_answer(
    lang: Lang,
    period: str,
    group_by: str,
    groups: Sequence[dict[str, Any]],
    total: float,
    currency: str | None,
) -> list[str]:
    count = sum(int(g.get("count") or 0) for g in groups)
    when = capitalize(period)
    if count == 0 and total == 0:
        return [pick(lang, f"{when} no hay ventas confirmadas.", f"No confirmed sales {period}.")]
    orders = _orders_noun(lang, "order", count)
    sentences = [
        pick(
            lang,
            f"{when}, {money(total, lang, currency)} en {_count(count, lang)} {orders}.",
            f"{when}: {money(total, lang, currency)} across {_count(count, lang)} {orders}.",
        )
    ]
    ranked = sorted(groups, key=lambda g: float(g.get("amount") or 0), reverse=True)
    if group_by in ("customer", "salesperson") and ranked:
        top = ranked[0]
        amount = money(float(top.get("amount") or 0), lang, currency)
        if group_by == "customer":
            lead = pick(
                lang,
                f"El cliente que más compra es {top.get('label')}, con {amount}",
                f"The top customer is {top.get('label')} with {amount}",
            )
        else:
            lead = pick(
                lang,
                f"Quien más vende es {top.get('label')}, con {amount}",
                f"The top seller is {top.get('label')} with {amount}",
            )
        rest = [
            f"{g.get('label')} ({money(float(g.get('amount') or 0), lang, currency)})"
            for g in ranked[1:3]
        ]
        if rest:
            follow = "; le sigue " if len(rest) == 1 else "; le siguen "
            lead += pick(lang, follow, ", followed by ") + join(rest, lang)
        sentences.append(lead + ".")
    elif group_by == "month" and len(ranked) > 1:
        top = ranked[0]
        amount = money(float(top.get("amount") or 0), lang, currency)
        sentences.append(
            pick(
                lang,
                f"El mejor mes fue {top.get('label')}, con {amount}.",
                f"The best month was {top.get('label')}, with {amount}.",
            )
        )
    return sentences


def sales_of_answer(
    lang: Lang,
    who: str,
    is_customer: bool,
    period: str,
    cards: Sequence[Card],
    count: int,
    currency: str | None,
) -> list[str]:
    if count == 0:
        return [
            pick(
                lang,
                f"{who} no tiene pedidos confirmados {period}.",
                f"{who} has no confirmed orders {period}.",
            )
        ]
    total = money(_total(cards), lang, currency)
    at_least = len(cards) < count
    verb_es = "ha comprado" if is_customer else "ha vendido"
    verb_en = "bought" if is_customer else "sold"
    orders = _orders_noun(lang, "order", count)
    prefix_es, prefix_en = ("al menos ", "at least ") if at_least else ("", "")
    return [
        pick(
            lang,
            f"{who} {verb_es} {prefix_es}{total} {period}, en {_count(count, lang)} {orders}.",
            f"{who} {verb_en} {prefix_en}{total} {period}, in {_count(count, lang)} {orders}.",
        )
    ]


def orders_answer(
    lang: Lang,
    state: str | None,
    customer: str | None,
    period: str,
    cards: Sequence[Card],
    count: int,
    currency: str | None,
) -> list[str]:
    noun = _orders_noun(lang, state, count)
    qualifier = " ".join(
        p
        for p in (pick(lang, f"de {customer}", f"for {customer}") if customer else "", period)
        if p
    )
    if count == 0:
        return [
            pick(
                lang,
                f"No hay {noun} {qualifier}".strip() + ".",
                f"There are no {noun} {qualifier}".strip() + ".",
            )
        ]
    verb = pick(lang, "Hay", "There " + ("is" if count == 1 else "are"))
    first = f"{verb} {number(count, lang)} {noun} {qualifier}".strip()
    if len(cards) >= count:
        first += pick(
            lang,
            f", por {money(_total(cards), lang, currency)}",
            f", worth {money(_total(cards), lang, currency)}",
        )
    sentences = [first + "."]
    items = [order_item(lang, c, currency, with_customer=not customer) for c in cards[:3]]
    if items:
        lead = pick(
            lang,
            "Los más recientes son" if count > 1 else "Es",
            "The latest are" if count > 1 else "It's",
        )
        sentences.append(f"{lead} {join(items, lang)}.")
    return sentences


def order_item(lang: Lang, card: Card, currency: str | None, *, with_customer: bool = True) -> str:
    text = str(card.get("name") or "")
    if with_customer and card.get("customer"):
        text += pick(lang, f" de {card['customer']}", f" for {card['customer']}")
    if card.get("amount_total"):
        text += f" ({money(float(card['amount_total']), lang, currency)})"
    return text


def order_detail(lang: Lang, card: Card, currency: str | None) -> str:
    state = _STATE_WORDS.get(str(card.get("state") or ""), ("pedido", "order"))
    kind = state[lang == "en"]
    article = pick(lang, "un", "a")
    text = f"{card.get('name')}"
    if card.get("customer"):
        text += pick(lang, f", de {card['customer']},", f", for {card['customer']},")
    text += pick(lang, f" es {article} {kind}", f" is {article} {kind}")
    if card.get("amount_total"):
        text += pick(lang, " de ", " of ") + money(float(card["amount_total"]), lang, currency)
    lines = card.get("lines")
    if isinstance(lines, list) and lines:
        text += pick(lang, f" con {len(lines)} líneas", f" with {len(lines)} lines")
    return text + "."


_MODEL_NOUNS = {
    "res.partner": ("contacto", "contact"),
    "res.users": ("usuario", "user"),
    "crm.lead": ("oportunidad", "opportunity"),
    "project.project": ("proyecto", "project"),
    "project.task": ("tarea", "task"),
    "sale.order": ("pedido", "order"),
    "product.product": ("producto", "product"),
}


def search_answer(lang: Lang, text: str, cards: Sequence[Card]) -> list[str]:
    if not cards:
        return [
            pick(
                lang,
                f"No encuentro nada con «{text}».",
                f"I can't find anything matching “{text}”.",
            )
        ]
    items = []
    for card in cards[:4]:
        noun = _MODEL_NOUNS.get(str(card.get("model")), ("registro", "record"))[lang == "en"]
        items.append(f"{card.get('name')} ({noun})")
    count = len(cards)
    head = pick(
        lang,
        f"He encontrado {number(count, lang)} resultado{'s' if count != 1 else ''} para «{text}»",
        f"I found {number(count, lang)} result{'s' if count != 1 else ''} for “{text}”",
    )
    return [f"{head}: {join(items, lang)}."]
