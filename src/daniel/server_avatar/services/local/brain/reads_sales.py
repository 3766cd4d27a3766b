"""Questions about sales: totals over a period, by customer or salesperson, and lists
of quotations and orders."""

from __future__ import annotations

from daniel.language.dates import month_of

from .answers import pick
from .answers_sales import orders_answer, sales_of_answer, sales_summary_answer
from .dialogue import Asked, Conversation, remember
from .phrases import say
from .reads import currency_of, failed, period_args, period_spoken, show_record, who_of
from .state import Frame
from .turn import Turn, error_text, records_of


async def sales(conv: Conversation, turn: Turn, frame: Frame) -> None:
    who = await who_of(conv, turn, frame, owner_kinds=("user", "partner"))
    if isinstance(who, Asked):
        return
    today = conv.today()
    period = frame.slots.period
    start, end = (period.start, period.end) if period else month_of(today.year, today.month)
    spoken = period_spoken(conv, frame, turn.lang) or pick(turn.lang, "este mes", "this month")
    dates = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    if who.person is not None or who.customer is not None:
        args = {
            "state": "order",
            "salesperson": who.person,
            "customer": who.customer,
            "limit": 100,
            **dates,
        }
        result = await conv.tools.call(
            turn, "sale_list_orders", args, say(turn.lang, "label_sales")
        )
        if result.is_error:
            return failed(turn, "sales", error_text(result))
        cards = records_of(result)
        count = int(result.structured.get("count") or len(cards))
        name = who.person_name or who.customer_name or ""
        if frame.slots.mine and who.person_name is None:
            name = pick(turn.lang, "Tú", "You")
        turn.say(
            *sales_of_answer(
                turn.lang,
                name,
                who.person is None,
                spoken,
                cards,
                count,
                currency_of(result.structured),
            )
        )
        remember(conv.state, frame, cards)
        return
    group_by = frame.slots.group_by or "month"
    args = {"group_by": group_by, **dates}
    result = await conv.tools.call(turn, "sale_summary", args, say(turn.lang, "label_sales"))
    if result.is_error:
        return failed(turn, "sales", error_text(result))
    data = result.structured
    groups = [g for g in data.get("groups") or [] if isinstance(g, dict)]
    total = float(data.get("total") or sum(float(g.get("amount") or 0) for g in groups))
    turn.say(*sales_summary_answer(turn.lang, spoken, group_by, groups, total, currency_of(data)))
    remember(conv.state, frame, [])


async def list_orders(conv: Conversation, turn: Turn, frame: Frame) -> None:
    who = await who_of(conv, turn, frame, owner_kinds=("partner", "user"))
    if isinstance(who, Asked):
        return
    state = frame.slots.order_state
    args = {
        "state": state,
        "customer": who.customer,
        "salesperson": who.person,
        "min_amount": frame.slots.min_amount,
        "limit": 10,
        **period_args(frame),
    }
    result = await conv.tools.call(turn, "sale_list_orders", args, say(turn.lang, "label_orders"))
    if result.is_error:
        return failed(turn, "orders", error_text(result))
    cards = records_of(result)
    count = int(result.structured.get("count") or len(cards))
    ordinal = frame.slots.ordinal
    if ordinal is not None and cards:  # "el último presupuesto": newest first
        index = 0 if ordinal == -1 else ordinal - 1
        if index < len(cards):
            await show_record(conv, turn, cards[index])
            return
    spoken = period_spoken(conv, frame, turn.lang) or ""
    turn.say(
        *orders_answer(
            turn.lang,
            state,
            who.customer_name,
            spoken,
            cards,
            count,
            currency_of(result.structured),
        )
    )
    remember(conv.state, frame, cards)
