"""Spoken answers built from tool results: counts, the top few items, totals.

Each function takes the language, what was asked (`Ask`: who, filters, period words)
and the records or groups the MCP server returned, and gives back short sentences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from daniel.language.formatting import count_noun, day_words, join, money, number, parse_iso
from daniel.language.text import Lang

Card = dict[str, Any]


def pick(lang: Lang, spanish: str, english: str) -> str:
    return spanish if lang == "es" else english


def quote(name: object, lang: Lang) -> str:
    """«Flota Ruiz» in Spanish, “Flota Ruiz” in English."""
    return f"«{name}»" if lang == "es" else f"“{name}”"


@dataclass(slots=True)
class Ask:
    """What a list question asked for, in words ready to be spoken."""

    mine: bool = False
    who: str | None = None  # "Ana García" (salesperson or assignee)
    customer: str | None = None
    project: str | None = None
    stage: str | None = None
    status: str | None = None
    period: str | None = None  # the user's own words: "este mes", "next week"
    min_amount: float | None = None
    deadline: str | None = None
    priority: str | None = None
    extra: list[str] = field(default_factory=list)


def _subject(lang: Lang, ask: Ask, count: int) -> str:
    if ask.mine:
        return pick(lang, "Tienes", "You have")
    if ask.who:
        return pick(lang, f"{ask.who} tiene", f"{ask.who} has")
    return pick(lang, "Hay", "There " + ("is" if count == 1 else "are"))


def _none_subject(lang: Lang, ask: Ask) -> str:
    if ask.mine:
        return pick(lang, "No tienes", "You have no")
    if ask.who:
        return pick(lang, f"{ask.who} no tiene", f"{ask.who} has no")
    return pick(lang, "No hay", "There are no")


# --------------------------------------------------------------------------- CRM
_STATUS_ES = {
    "open": ("abierta", "abiertas"),
    "won": ("ganada", "ganadas"),
    "lost": ("perdida", "perdidas"),
}


def _lead_noun(lang: Lang, ask: Ask, count: int) -> str:
    status = ask.status or "open"
    if lang == "es":
        adjective = _STATUS_ES.get(status, ("", ""))[count != 1]
        base = count_noun(count, "oportunidad", "oportunidades", lang) if count else "oportunidades"
        return f"{base} {adjective}".strip()
    adjective = {"open": "open", "won": "won", "lost": "lost"}.get(status, "")
    noun = "opportunity" if count == 1 else "opportunities"
    shown = f"{number(count, lang)} " if count else ""
    return f"{shown}{adjective} {noun}".replace("  ", " ").strip()


def _lead_filters(lang: Lang, ask: Ask, currency: str | None) -> str:
    parts: list[str] = []
    if ask.customer:
        parts.append(pick(lang, f"de {ask.customer}", f"for {ask.customer}"))
    if ask.stage:
        parts.append(pick(lang, f"en {ask.stage}", f"in {ask.stage}"))
    if ask.min_amount:
        amount = money(ask.min_amount, lang, currency)
        parts.append(pick(lang, f"de más de {amount}", f"over {amount}"))
    if ask.period:
        parts.append(ask.period)
    return " ".join(parts)


def leads_answer(
    lang: Lang, ask: Ask, cards: Sequence[Card], count: int, currency: str | None
) -> list[str]:
    filters = _lead_filters(lang, ask, currency)
    if count == 0:
        return [f"{_none_subject(lang, ask)} {_lead_noun(lang, ask, 0)} {filters}".strip() + "."]
    sentences = [f"{_subject(lang, ask, count)} {_lead_noun(lang, ask, count)} {filters}".strip()]
    amounts = [float(c.get("expected_revenue") or 0) for c in cards]
    if len(cards) >= count and sum(amounts) > 0:
        total = money(sum(amounts), lang, currency)
        sentences[0] += pick(lang, f", por {total} en total", f", worth {total} in total")
    sentences[0] += "."
    if count == 1 and cards:
        sentences.extend(lead_detail(lang, cards[0], currency, brief=True))
    elif cards:
        top = [_lead_item(lang, c, currency) for c in cards[:3]]
        if len(cards) > 3 or count > 3:
            lead_in = pick(lang, "Las mayores son", "The biggest are")
        else:
            lead_in = pick(lang, "Son", "They are")
        sentences.append(f"{lead_in} {join(top, lang)}.")
    return sentences


def _lead_item(lang: Lang, card: Card, currency: str | None) -> str:
    name = str(card.get("name") or "")
    revenue = float(card.get("expected_revenue") or 0)
    return f"{name} ({money(revenue, lang, currency)})" if revenue else name


def lead_detail(
    lang: Lang, card: Card, currency: str | None, today: date | None = None, *, brief: bool = False
) -> list[str]:
    """ "«Flota Ruiz» es de Talleres Ruiz, está en Propuesta y espera 20.000 €." plus,
    unless `brief`, when it should close and who owns it."""
    name = str(card.get("name") or "")
    parts: list[str] = []
    if card.get("customer"):
        parts.append(pick(lang, f"es de {card['customer']}", f"is for {card['customer']}"))
    if card.get("stage"):
        parts.append(pick(lang, f"está en {card['stage']}", f"is in {card['stage']}"))
    if card.get("expected_revenue"):
        amount = money(float(card["expected_revenue"]), lang, currency)
        parts.append(pick(lang, f"espera {amount}", f"expects {amount}"))
    sentences = [
        (f"{quote(name, lang)} " + join(parts, lang) if parts else quote(name, lang)) + "."
    ]
    if brief:
        return sentences
    deadline = parse_iso(card.get("deadline"))
    if deadline and today:
        when = day_words(deadline, lang, today)
        if deadline >= today:
            sentences.append(
                pick(lang, f"El cierre está previsto {_on(when)}.", f"It should close {when}.")
            )
        else:
            sentences.append(
                pick(lang, f"Debía cerrarse {_on(when)}.", f"It was due to close {when}.")
            )
    if card.get("salesperson"):
        sentences.append(
            pick(lang, f"La lleva {card['salesperson']}.", f"{card['salesperson']} owns it.")
        )
    return sentences


def _on(when: str) -> str:
    """ "para mañana" / "para el viernes 15 de mayo"."""
    return f"para {when}"


def pipeline_answer(
    lang: Lang, ask: Ask, groups: Sequence[dict[str, Any]], currency: str | None
) -> list[str]:
    count = sum(int(g.get("count") or 0) for g in groups)
    total = sum(float(g.get("amount") or 0) for g in groups)
    where = pick(lang, "en el pipeline", "in the pipeline")
    if ask.period:
        where += f" {ask.period}"
    if count == 0:
        return [f"{_none_subject(lang, ask)} {_lead_noun(lang, ask, 0)} {where}."]
    noun = _lead_noun(lang, Ask(status="open"), count)
    first = f"{_subject(lang, ask, count)} {noun} {where}, "
    first += pick(
        lang, f"por {money(total, lang, currency)}.", f"worth {money(total, lang, currency)}."
    )
    ranked = sorted(groups, key=lambda g: float(g.get("amount") or 0), reverse=True)
    sentences = [first]
    top = ranked[0]
    if float(top.get("amount") or 0) > 0 and len(ranked) > 1:
        stage_count = count_noun(int(top.get("count") or 0), "oportunidad", "oportunidades", lang)
        if lang == "en":
            n = int(top.get("count") or 0)
            stage_count = f"{n} {'opportunity' if n == 1 else 'opportunities'}"
        amount = money(float(top.get("amount") or 0), lang, currency)
        sentences.append(
            pick(
                lang,
                f"La etapa con más valor es {top.get('label')}, con {stage_count} y {amount}.",
                f"The most valuable stage is {top.get('label')}, with {stage_count} and {amount}.",
            )
        )
        others = [
            pick(
                lang,
                f"{g.get('count')} en {g.get('label')}",
                f"{g.get('count')} in {g.get('label')}",
            )
            for g in ranked[1:4]
            if g.get("count")
        ]
        if others:
            sentences.append(pick(lang, "Además, ", "Also ") + join(others, lang) + ".")
    return sentences


# --------------------------------------------------------------------------- tasks
def _task_when(lang: Lang, ask: Ask) -> str:
    words = {
        "today": ("para hoy", "due today"),
        "overdue": ("atrasadas", "overdue"),
        "this_week": ("para esta semana", "due this week"),
        "next_week": ("para la semana que viene", "due next week"),
        "none": ("sin fecha", "with no deadline"),
    }
    if ask.deadline in words:
        return words[ask.deadline][lang == "en"]
    return ask.period or ""


def tasks_answer(lang: Lang, ask: Ask, cards: Sequence[Card], count: int, today: date) -> list[str]:
    when = _task_when(lang, ask)
    where = pick(lang, f"en {ask.project}", f"in {ask.project}") if ask.project else ""
    urgent = pick(lang, "urgentes", "urgent") if ask.priority == "high" else ""
    if lang == "es":
        noun = count_noun(count, "tarea", "tareas", lang) if count else "tareas"
        described = " ".join(p for p in (noun, urgent, when, where) if p)
    else:
        noun = "task" if count == 1 else "tasks"
        shown = f"{number(count, lang)} " if count else ""
        overdue = ask.deadline == "overdue"
        head = f"{shown}{'overdue ' if overdue else ''}{urgent + ' ' if urgent else ''}{noun}"
        described = " ".join(p for p in (head, "" if overdue else when, where) if p)
    if count == 0:
        return [f"{_none_subject(lang, ask)} {described}."]
    sentences = [f"{_subject(lang, ask, count)} {described}"]
    items = [str(c.get("name") or "") for c in cards[:3]]
    more = count - len(items)
    if more > 0:
        items.append(pick(lang, f"{more} más", f"{more} more"))
    sentences[0] += ": " + join(items, lang) + "."
    dated = [(d, c) for c in cards if (d := parse_iso(c.get("deadline")))]
    if dated and ask.deadline != "today" and not (ask.period and count == 1):
        day, card = min(dated, key=lambda item: item[0])
        when = day_words(day, lang, today)
        if day < today:
            sentences.append(
                pick(
                    lang,
                    f"La más atrasada es «{card.get('name')}», que vencía {when}.",
                    f"The oldest is “{card.get('name')}”, due {when}.",
                )
            )
        elif count > 1:
            sentences.append(
                pick(
                    lang,
                    f"La primera que vence es «{card.get('name')}», {when}.",
                    f"The first one due is “{card.get('name')}”, {when}.",
                )
            )
    return sentences


def task_detail(lang: Lang, card: Card, today: date) -> str:
    name = str(card.get("name") or "")
    parts: list[str] = []
    if card.get("project"):
        parts.append(
            pick(lang, f"es del proyecto {card['project']}", f"belongs to {card['project']}")
        )
    if card.get("stage"):
        parts.append(pick(lang, f"está en {card['stage']}", f"is in {card['stage']}"))
    assignees = [str(a) for a in card.get("assignees") or []]
    if assignees:
        parts.append(pick(lang, "la tiene ", "is assigned to ") + join(assignees, lang))
    deadline = parse_iso(card.get("deadline"))
    if deadline:
        parts.append(pick(lang, "vence ", "is due ") + day_words(deadline, lang, today))
    return (f"{quote(name, lang)} " + join(parts, lang) if parts else quote(name, lang)) + "."


def project_answer(
    lang: Lang, name: str, cards: Sequence[Card], count: int, overdue: int, today: date
) -> list[str]:
    if count == 0:
        return [
            pick(
                lang,
                f"El proyecto {name} no tiene tareas abiertas.",
                f"The {name} project has no open tasks.",
            )
        ]
    tasks = count_noun(count, "tarea abierta", "tareas abiertas", lang)
    if lang == "en":
        tasks = f"{number(count, lang)} open task{'s' if count != 1 else ''}"
    first = pick(lang, f"El proyecto {name} tiene {tasks}", f"The {name} project has {tasks}")
    if overdue:
        first += pick(
            lang,
            f", {number(overdue, lang)} de ellas atrasadas",
            f", {number(overdue, lang)} of them overdue",
        )
    sentences = [first + "."]
    by_stage: dict[str, int] = {}
    for card in cards:
        stage = str(card.get("stage") or "—")
        by_stage[stage] = by_stage.get(stage, 0) + 1
    if len(by_stage) > 1:
        shown = [pick(lang, f"{n} en {s}", f"{n} in {s}") for s, n in list(by_stage.items())[:4]]
        sentences.append(pick(lang, "Por etapas: ", "By stage: ") + join(shown, lang) + ".")
    upcoming = [c for c in cards if (d := parse_iso(c.get("deadline"))) and d >= today]
    if upcoming:
        nxt = upcoming[0]
        due = day_words(parse_iso(nxt.get("deadline")) or today, lang, today)
        sentences.append(
            pick(
                lang,
                f"Lo próximo que vence es «{nxt.get('name')}», {due}.",
                f"Next due is “{nxt.get('name')}”, {due}.",
            )
        )
    return sentences


def projects_answer(lang: Lang, cards: Sequence[Card], count: int) -> list[str]:
    if count == 0:
        return [pick(lang, "No encuentro proyectos.", "I can't find any projects.")]
    names = [str(c.get("name")) for c in cards[:5]]
    if count > len(names):
        names.append(pick(lang, f"{count - len(names)} más", f"{count - len(names)} more"))
    noun = pick(
        lang, "proyecto" if count == 1 else "proyectos", "project" if count == 1 else "projects"
    )
    verb = pick(lang, "Hay", "There " + ("is" if count == 1 else "are"))
    return [f"{verb} {number(count, lang)} {noun}: {join(names, lang)}."]


def users_answer(lang: Lang, cards: Sequence[Card], count: int) -> list[str]:
    if count == 0:
        return [pick(lang, "No encuentro usuarios.", "I can't find any users.")]
    names = [str(c.get("name")) for c in cards[:6]]
    if count > len(names):
        names.append(pick(lang, f"{count - len(names)} más", f"{count - len(names)} more"))
    noun = pick(lang, "usuario" if count == 1 else "usuarios", "user" if count == 1 else "users")
    verb = pick(lang, "Hay", "There " + ("is" if count == 1 else "are"))
    return [f"{verb} {number(count, lang)} {noun}: {join(names, lang)}."]
