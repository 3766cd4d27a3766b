"""What Daniel says back: short spoken sentences in Spanish or English, built from a
`Query` and its `Result`. The full detail goes in the cards; the sentence carries the
figure asked for, the basis it was computed on, and at most three names.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from typing import Any

from daniel.language.formatting import day_words, join, money, number, parse_iso, period_words
from daniel.language.text import Lang, without_reference

from . import semantics as sem
from .executor import Result
from .query import Query

# noun (es singular, es plural, feminine?, en singular, en plural)
_NOUNS: dict[str, tuple[str, str, bool, str, str]] = {
    "opportunity": ("oportunidad", "oportunidades", True, "opportunity", "opportunities"),
    "lead": ("lead", "leads", False, "lead", "leads"),
    "task": ("tarea", "tareas", True, "task", "tasks"),
    "project": ("proyecto", "proyectos", False, "project", "projects"),
    "order": ("pedido", "pedidos", False, "order", "orders"),
    "quotation": ("presupuesto", "presupuestos", False, "quotation", "quotations"),
    "customer": ("cliente", "clientes", False, "customer", "customers"),
    "contact": ("contacto", "contactos", False, "contact", "contacts"),
    "person": ("persona", "personas", True, "person", "people"),
    "product": ("producto", "productos", False, "product", "products"),
    "stage": ("etapa", "etapas", True, "stage", "stages"),
}
# status → (es masculine plural stem, en adjective)
_STATUS: dict[str, tuple[str, str]] = {
    "open": ("abiert", "open"),
    "won": ("ganad", "won"),
    "lost": ("perdid", "lost"),
    "overdue": ("vencid", "overdue"),
    "done": ("terminad", "finished"),
    "cancelled": ("cancelad", "cancelled"),
    "confirmed": ("confirmad", "confirmed"),
    "sent": ("enviad", "sent"),
}
_FIELD_NAMES: dict[str, tuple[str, str]] = {
    "email": ("el email", "email"),
    "phone": ("el teléfono", "phone number"),
    "city": ("la ciudad", "city"),
    "address": ("la dirección", "address"),
    "website": ("la web", "website"),
    "country": ("el país", "country"),
    "probability": ("la probabilidad", "probability"),
    "deadline": ("la fecha límite", "deadline"),
    "owner": ("el responsable", "owner"),
    "assignees": ("las personas asignadas", "assignees"),
    "stage_field": ("la etapa", "stage"),
    "revenue": ("el ingreso esperado", "expected revenue"),
    "price": ("el precio de venta", "sales price"),
    "function": ("el cargo", "job title"),
    "cost": ("el precio de coste", "cost price"),
    "customer": ("el cliente", "customer"),
}


def noun(subject: str, count: int, lang: Lang) -> str:
    es1, es2, _fem, en1, en2 = _NOUNS.get(subject, _NOUNS["opportunity"])
    if lang == "es":
        return es1 if count == 1 else es2
    return en1 if count == 1 else en2


def _feminine(subject: str) -> bool:
    return _NOUNS.get(subject, _NOUNS["opportunity"])[2]


def status_word(query: Query, count: int, lang: Lang) -> str:
    status = sem.status_of(query)
    subject = query.subject or "opportunity"
    if status == "quotation":
        return "sin confirmar" if lang == "es" else "open"
    if status == "draft":
        return "en borrador" if lang == "es" else "draft"
    if status in (None, "all"):
        return ""
    if status == "overdue" and subject == "quotation":  # past their validity date
        return ("caducado" + ("" if count == 1 else "s")) if lang == "es" else "expired"
    if status == "confirmed" and subject == "order" and lang == "en":
        return "confirmed"
    stem = _STATUS.get(status)
    if stem is None:
        return ""
    if lang == "en":
        return stem[1]
    ending = ("a" if _feminine(subject) else "o") + ("" if count == 1 else "s")
    return stem[0] + ending


def described(query: Query, count: int, lang: Lang, today: date, *, owner: bool = True) -> str:
    """ "oportunidades abiertas de Ana García que cierran este mes" /
    "open opportunities owned by Ana García closing this month"."""
    subject = query.subject or "opportunity"
    status = status_word(query, count, lang)
    base = noun(subject, count, lang)
    if lang == "es":
        words = [base, status] if status else [base]
        if query.high_priority:
            words.append("de prioridad muy alta" if query.top_priority else "de alta prioridad")
    else:
        if _dated_closed(query):
            status = ""  # "opportunities won this month": said with the period (`_filters`)
        level = "very-high-priority" if query.top_priority else "high-priority"
        words = [w for w in (status, level if query.high_priority else "", base) if w]
    return " ".join(words) + _filters(query, count, lang, today, owner=owner)


def _dated_closed(query: Query) -> bool:
    """A period that applies to when deals were won or lost, not to their closing date."""
    return query.period is not None and sem.period_field(query) == "date_closed"


def _filters(query: Query, count: int, lang: Lang, today: date, *, owner: bool = True) -> str:
    subject = query.subject or "opportunity"
    parts: list[str] = []
    es = lang == "es"
    if query.owner is not None and owner and not query.also_owners:
        name = query.owner.name
        if subject == "task":
            parts.append(f"asignad{'a' if _feminine(subject) else 'o'}s a {name}" if es
                         else f"assigned to {name}")  # fmt: skip
        else:
            parts.append(f"de {name}" if es else f"owned by {name}")
    elif query.unassigned:
        parts.append("sin asignar" if es else "with nobody assigned")
    if query.undated and subject == "task":
        parts.append("sin fecha límite" if es else "with no deadline")
    elif query.undated:
        parts.append("sin fecha de cierre" if es else "with no expected closing date")
    if query.customer is not None:
        parts.append(f"de {query.customer.name}" if es else f"for {query.customer.name}")
    if query.city is not None:
        where = query.city.name
        if subject in ("customer", "contact"):
            parts.append(f"de {where}" if es else f"in {where}")
        else:
            parts.append(f"de clientes de {where}" if es else f"for customers in {where}")
    if query.tag is not None:
        tag = query.tag.name
        parts.append(f"con la etiqueta {tag}" if es else f"tagged {tag}")
    if query.sales_team is not None:
        team = query.sales_team.name
        parts.append(f"del equipo {team}" if es else f"of the {team} team")
    if query.project is not None:
        parts.append(f"del proyecto {query.project.name}" if es else f"in {query.project.name}")
    if query.stage is not None:
        parts.append(f"en {query.stage.name}" if es else f"in {query.stage.name}")
    if query.product is not None:
        product = without_reference(query.product.name) or query.product.name
        parts.append(f"con {product}" if es else f"with {product}")
    if query.category is not None:
        category = query.category.name
        if subject == "product":
            parts.append(f"de {category}" if es else f"in {category}")
        else:
            parts.append(f"con productos de {category}" if es else f"with {category} products")
    if query.amount_min is not None and query.amount_max is not None:
        low, high = _money(query.amount_min, lang), _money(query.amount_max, lang)
        parts.append(f"de entre {low} y {high}" if es else f"between {low} and {high}")
    elif query.amount_min is not None:
        parts.append(f"de más de {_money(query.amount_min, lang)}" if es
                     else f"over {_money(query.amount_min, lang)}")  # fmt: skip
    if query.amount_max is not None and query.amount_min is None:
        parts.append(f"de menos de {_money(query.amount_max, lang)}" if es
                     else f"under {_money(query.amount_max, lang)}")  # fmt: skip
    least, most = query.probability_min, query.probability_max
    if least is not None and most is not None and least == most:
        parts.append(f"con una probabilidad del {_percent(least, lang)}" if es
                     else f"with a probability of {_percent(least, lang)}")  # fmt: skip
    elif least is not None and most is not None:
        parts.append(f"con una probabilidad de entre el {_percent(least, lang)} y el "
                     f"{_percent(most, lang)}" if es else
                     f"with a probability between {_percent(least, lang)} and "
                     f"{_percent(most, lang)}")  # fmt: skip
    elif least is not None:
        parts.append(f"con una probabilidad del {_percent(least, lang)} o más" if es
                     else f"with a probability of {_percent(least, lang)} or more")  # fmt: skip
    elif most is not None:
        parts.append(f"con una probabilidad del {_percent(most, lang)} o menos" if es
                     else f"with a probability of {_percent(most, lang)} or less")  # fmt: skip
    if query.period is not None:
        when = period_words(query.period.start, query.period.end, lang, today)
        if query.period.start != query.period.end and query.period.grain == "day":
            if query.period.start == today:  # "hasta el viernes", "by Friday"
                when = (f"hasta {day_words(query.period.end, lang, today)}" if es
                        else f"by {day_words(query.period.end, lang, today)}")  # fmt: skip
            if query.period.end == today:  # "en los últimos 30 días": since the first day
                first = day_words(query.period.start, lang, today)
                when = f"desde {first}" if es else f"since {first}"
        plural = count != 1
        if _dated_closed(query):  # "ganadas este mes" / "won this month"
            parts.append(when if es else f"{status_word(query, count, lang)} {when}")
        elif query.created or subject == "lead":
            verb = ("creada" if _feminine(subject) else "creado") + ("s" if plural else "")
            parts.append(f"{verb} {when}" if es else f"created {when}")
        elif subject == "opportunity":
            verb = "cierren" if count == 0 else ("cierran" if plural else "cierra")
            parts.append(f"que {verb} {when}" if es else f"closing {when}")
        elif subject == "task":
            verb = "venzan" if count == 0 else ("vencen" if plural else "vence")
            parts.append(f"que {verb} {when}" if es else f"due {when}")
        elif query.expiring:
            verb = "caduquen" if count == 0 else ("caducan" if plural else "caduca")
            parts.append(f"que {verb} {when}" if es else f"expiring {when}")
        else:
            parts.append(when)
    return (" " + " ".join(parts)) if parts else ""


#: The company currency of the turn being answered (each turn runs in its own task).
_CURRENCY: ContextVar[str | None] = ContextVar("daniel_currency", default=None)


def _percent(value: float, lang: Lang) -> str:
    """ "60 %" in Spanish, "60%" in English."""
    return number(value, lang, 0 if value == int(value) else 1) + (" %" if lang == "es" else "%")


def _money(value: float, lang: Lang) -> str:
    return money(value, lang, _CURRENCY.get())


def set_currency(code: str | None) -> None:
    """The company currency the amounts are said in (from Odoo), for this turn."""
    _CURRENCY.set(code)


def basis(subject: str, lang: Lang) -> str:
    if subject in ("order", "quotation"):
        return " sin impuestos" if lang == "es" else " before tax"
    return ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def row_money(subject: str, row: dict[str, Any]) -> float | None:
    field = sem.AMOUNT.get(subject)
    value = row.get(field) if field else None
    return float(value) if isinstance(value, int | float) else None


def row_line(subject: str, row: dict[str, Any], lang: Lang, today: date) -> str:
    """ "Renovación CRM (45.000 €)" / "Preparar demo (vence mañana)"."""
    name = str(row.get("name") or "")
    amount = row_money(subject, row)
    if amount is not None and subject in ("opportunity", "order", "quotation", "lead"):
        customer = row.get("customer") or row.get("partner_id")
        if subject in ("order", "quotation") and customer:
            return f"{name}, {customer} ({_money(amount, lang)})"
        return f"{name} ({_money(amount, lang)})"
    if subject == "task":
        due = parse_iso(row.get("deadline") or row.get("date_deadline"))
        if due is not None:
            word = "vence" if lang == "es" else "due"
            return f"{name} ({word} {day_words(due, lang, today)})"
    return name


def count_sentence(query: Query, result: Result, lang: Lang, today: date) -> str:
    n = result.count
    what = described(query, n, lang, today)
    shown = number(n, lang)
    if query.me and query.owner is None:
        text = f"Tienes {shown} {what}" if lang == "es" else f"You have {shown} {what}"
    elif query.owner is not None and not query.owner.ambiguous and query.subject != "task":
        what = described(query, n, lang, today, owner=False)
        who = query.owner.name
        text = f"{who} tiene {shown} {what}" if lang == "es" else f"{who} has {shown} {what}"
    elif lang == "es":
        text = f"Hay {shown} {what}"
    else:
        text = f"There {'is' if n == 1 else 'are'} {shown} {what}"
    if result.leads:
        also = number(n + result.leads, lang)
        text += f"; con los leads, {also}" if lang == "es" else f"; {also} including leads"
    if result.closed:
        also = number(n + result.closed, lang)
        text += (f"; {also} en total contando las cerradas" if lang == "es"
                 else f"; {also} in all, counting closed ones")  # fmt: skip
    return text + "."


def none_sentence(query: Query, lang: Lang, today: date) -> str:
    what = described(query, 0, lang, today)
    if query.me and query.owner is None:
        return f"No tienes {what}." if lang == "es" else f"You have no {what}."
    if query.owner is not None and query.subject != "task":
        what = described(query, 0, lang, today, owner=False)
        who = query.owner.name
        return f"{who} no tiene {what}." if lang == "es" else f"{who} has no {what}."
    return f"No hay {what}." if lang == "es" else f"There are no {what}."


def sum_sentence(query: Query, result: Result, lang: Lang, today: date) -> str:
    subject = query.subject or "opportunity"
    what = described(query, result.count, lang, today)
    amount = _money(result.total, lang) + basis(subject, lang)
    if query.weighted:
        amount += " ponderados por su probabilidad" if lang == "es" else " weighted by probability"
    n = number(result.count, lang)
    if result.count == 1:  # "El único pedido confirmado este mes suma…", not "El 1 pedido"
        if lang == "es":
            article = "La única" if _feminine(subject) else "El único"
            return f"{article} {what} suma {amount}."
        return f"The only {what} comes to {amount}."
    if lang == "es":
        article = "Las" if _feminine(subject) else "Los"
        return f"{article} {n} {what} suman {amount}."
    return f"The {n} {what} add up to {amount}."


def difference_sentence(
    query: Query, first: Result, second: Result, lang: Lang, today: date
) -> str:
    """How the first period compares with the second: "Son 3.467 € más que el mes pasado
    (+35 %)", "That is 2 fewer than last quarter"."""
    assert query.versus is not None
    es = lang == "es"
    when = period_words(query.versus.start, query.versus.end, lang, today)
    if query.measure == "sum":
        now, before = first.total, second.total
        gap = _money(abs(now - before), lang)
    else:
        now, before = float(first.count), float(second.count)
        gap = number(abs(now - before), lang)
    if now == before:
        return f"Lo mismo que {when}." if es else f"The same as {when}."
    more = now > before
    if es:
        sentence = f"Son {gap} {'más' if more else 'menos'} que {when}"
    else:
        word = "more" if more else ("less" if query.measure == "sum" else "fewer")
        sentence = f"That is {gap} {word} than {when}"
    if before:
        change = (now - before) / before * 100
        sign = "+" if change > 0 else "−"
        sentence += f" ({sign}{_percent(round(abs(change)), lang)})"
    return sentence + "."


def win_rate_sentence(query: Query, won: int, lost: int, lang: Lang, today: date) -> str:
    """Deals won of those closed, won or lost, in the period asked about (by when they
    were closed): "La tasa de éxito de las oportunidades de Ana García este año es del
    40 %: 4 ganadas y 6 perdidas"."""
    scope = _filters(query.copy(status=None, period=None), 2, lang, today)
    when = ""
    if query.period is not None:
        when = " " + period_words(query.period.start, query.period.end, lang, today)
    closed = won + lost
    if lang == "es":
        if not closed:
            return (
                f"No hay oportunidades{scope} ganadas ni perdidas{when}: aún no hay tasa de éxito."
            )
        rate = _percent(round(won / closed * 100), lang)
        return (f"La tasa de éxito de las oportunidades{scope}{when} es del {rate}: "
                f"{number(won, lang)} ganadas y {number(lost, lang)} perdidas.")  # fmt: skip
    if not closed:
        return f"No opportunities{scope} were won or lost{when}, so there is no win rate yet."
    rate = _percent(round(won / closed * 100), lang)
    return (f"The win rate of opportunities{scope}{when} is {rate}: {number(won, lang)} won "
            f"and {number(lost, lang)} lost.")  # fmt: skip


def product_sentence(query: Query, result: Result, lang: Lang, today: date) -> str:
    """What was sold of a product in the orders asked about: "Soporte anual: 14 unidades
    en 6 pedidos confirmados, por 3.450 € sin impuestos" (its lines, not the orders' totals)."""
    subject = query.subject or "order"
    orders = query.copy(product=None, category=None)
    what = described(orders, result.count, lang, today)
    if query.product is None:  # a category: its products' lines, units of many kinds apart
        assert query.category is not None
        amount = _money(result.sold or 0, lang) + basis(subject, lang)
        n = number(result.count, lang)
        if lang == "es":
            return f"{query.category.name}: {amount} en {n} {what}."
        return f"{query.category.name}: {amount} in {n} {what}."
    units = number(result.units or 0, lang, 2)
    amount = _money(result.sold or 0, lang) + basis(subject, lang)
    n = number(result.count, lang)
    name = without_reference(query.product.name) or query.product.name
    if lang == "es":
        word = "unidad" if result.units == 1 else "unidades"
        return f"{name}: {units} {word} en {n} {what}, por {amount}."
    word = "unit" if result.units == 1 else "units"
    return f"{name}: {units} {word} in {n} {what}, for {amount}."


def avg_sentence(query: Query, result: Result, lang: Lang, today: date) -> str:
    subject = query.subject or "opportunity"
    what = described(query, result.count, lang, today)
    mean = result.total / result.count if result.count else 0.0
    if query.field == "probability":
        n, share = number(result.count, lang), _percent(round(mean), lang)
        if lang == "es":
            return f"La probabilidad media de las {n} {what} es del {share}."
        return f"The average probability of the {n} {what} is {share}."
    amount = _money(mean, lang) + basis(subject, lang)
    n = number(result.count, lang)
    if lang == "es":
        article = "las" if _feminine(subject) else "los"
        return f"El importe medio de {article} {n} {what} es {amount}."
    return f"The average of the {n} {what} is {amount}."


def names_sentence(query: Query, rows: list[dict[str, Any]], lang: Lang, today: date,
                   *, intro: str | None = None, limit: int = 3) -> str:  # fmt: skip
    subject = query.subject or "opportunity"
    lines = [row_line(subject, row, lang, today) for row in rows[:limit]]
    if not lines:
        return ""
    listed = join(lines, lang)
    if intro is None:
        if subject in ("opportunity", "order", "quotation") and len(rows) > 1:
            intro = "Las mayores" if _feminine(subject) else "Los mayores"
            intro = intro if lang == "es" else "The largest"
            if subject in ("order", "quotation"):
                intro = "Los más recientes" if lang == "es" else "The latest"
        elif subject == "task" and len(rows) > 1 and query.undated:
            intro = "Entre ellas" if lang == "es" else "Among them"  # none is due
        elif subject == "task" and len(rows) > 1 and sem.status_of(query) in ("open", "overdue"):
            intro = "Las más urgentes" if lang == "es" else "The most urgent"
        elif subject == "task" and len(rows) > 1:  # closed ones too: no longer urgent
            intro = "Por fecha límite" if lang == "es" else "By deadline"
        else:
            intro = ""
    return f"{intro}: {listed}." if intro else f"{_capital(listed)}."
