"""From what the parser saw to the question to answer: the subject, the measure, the
ranking, and how a follow-up continues the previous question.

`interpret(parse, context)` returns a `Decision`: answer a `Query`, ask back, say the
question is outside the ERP, or say what was not understood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from daniel.language.dates import DateSpan
from daniel.language.text import words

from .lexicon.questions import PRIVATE, STATUS_WORDS
from .parser import (
    CHEAP_WORDS,
    CLOSE_WORDS,
    DEAR_WORDS,
    DUE_WORDS,
    EXPIRY_WORDS,
    OLDEST_WORDS,
    PENDING_WORDS,
    RECENT_WORDS,
    SALES_WORDS,
    SALESPERSON_WORDS,
    WHERE_WORDS,
    Parse,
)
from .query import KIND_SUBJECT, REF_FILTERS, Query, Ref
from .semantics import STATUSES, status_of

BASE_SUBJECTS = ("opportunity", "lead", "task", "project", "order", "quotation")
_GROUP_OF = {"stage": "stage", "person": "owner", "customer": "customer", "project": "project",
             "product": "product"}  # fmt: skip
#: What each subject can be ranked by (the fields its model has).
_GROUPS = {"opportunity": {"stage", "owner", "customer", "month"},
           "lead": {"stage", "owner", "customer", "month"},
           "order": {"owner", "customer", "product", "month"},
           "quotation": {"owner", "customer", "product", "month"},
           "task": {"stage", "owner", "project", "month"}}  # fmt: skip
#: The stages each kind of record is in: deals the CRM's, tasks the projects'.
_STAGE_KINDS = {"opportunity": {"stage"}, "lead": {"stage"}, "task": {"task_stage"},
                "order": set(), "quotation": set(), "customer": set(), "product": set(),
                "project": set()}  # fmt: skip
_PARTNER_FIELDS = {"email", "phone", "city", "address", "website", "country", "function"}

Action = Literal[
    "answer",
    "ask",
    "ask_what",
    "out_of_scope",
    "not_understood",
    "small_talk",
    "detail",
    "not_found",
    "order",
]


@dataclass(slots=True)
class Context:
    """What the conversation remembers between questions."""

    query: Query | None = None
    rows: list[dict[str, object]] = field(default_factory=list)
    focus: Ref | None = None
    pending: Query | None = None  # a question waiting for "which one?"


@dataclass(slots=True)
class Decision:
    action: Action
    query: Query | None = None
    ask: list[Ref] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    row: dict[str, object] | None = None
    #: For "not_found": the ERP's names that share words with the one not found.
    near: list[str] = field(default_factory=list)
    #: For "out_of_scope": what Odoo keeps and Daniel does not read ("accounting"…), if so;
    #: for "not_found", "stage" when the name not found was said as a stage's.
    about: str = ""


def interpret(p: Parse, ctx: Context) -> Decision:
    q = p.query
    if ctx.pending is not None and not p.subjects:
        resolved = _resolve_pending(p, ctx)
        if resolved is not None:
            return Decision("answer", resolved)
    said_exactly = any(
        ref is not None and ref.how == "exact" for ref in (q.record, q.owner, q.customer, q.project)
    )
    private = bool(set(p.words) & PRIVATE)  # a salary is never answered with a pipeline
    if p.out_of_scope and (private or not (set(p.subjects) & set(BASE_SUBJECTS) or said_exactly)):
        return Decision("out_of_scope")
    if p.not_read:
        return Decision("out_of_scope", about=p.not_read[0])  # invoices, activities
    role = _role_at_a_company(p)
    if role is not None:
        return Decision("answer", role)
    whose = _customer_of_the_focus(p, ctx)
    if whose is not None:
        return Decision("answer", whose)
    if p.stage_gap:
        # "¿cuántas oportunidades hay en la etapa Cierre?" where no stage is called so:
        # never the whole pipeline instead, the stages there are offered
        return Decision("not_found", missing=[p.stage_gap], near=list(p.stages), about="stage")
    if p.unknown_names and not p.out_of_scope:
        return Decision("not_found", missing=list(p.unknown_names), near=list(p.near_names))
    if p.filter_gaps:  # an unknown word where a filter goes: never answer without it
        return Decision("not_understood", missing=list(p.filter_gaps))
    if {"price", "cost"} & set(p.fields) and not _product_in_play(q, ctx):
        return Decision("out_of_scope")  # only products have a price in Odoo's sales
    if _unknown_of_a_record(p, q):
        # "¿cuánto stock hay de <producto>?", "¿cuántas horas lleva el proyecto X?":
        # something of it Daniel does not read, never answered with its price or a count of
        # every project
        return Decision("not_understood", missing=list(q.leftovers))
    if p.order_ref is not None:
        if "person" in p.subjects or "owner" in p.fields:
            q.field = "owner"  # "¿quién es el comercial del pedido S00045?"
        return Decision("order", q)
    if p.write_verb and q.record is None and ctx.focus is None and not p.subjects:
        return Decision("ask_what", q)  # "apúntame algo", "change its stage": of what?
    if not p.understood and not p.mentions:
        if p.small_talk:
            return Decision("small_talk")
        if p.reference and ctx.query is not None and p.followup:
            return Decision("answer", ctx.query)
        if "detail" in p.measures and (ctx.focus is not None or ctx.rows):
            return _open(q, ctx)
        if p.reference or p.who or p.measures or q.ordinal is not None or p.pronoun:
            return Decision("ask_what", q)  # "¿cuánto?", "whose?", "la segunda" with no list
        return Decision("not_understood", missing=list(q.leftovers))
    if p.pronoun and q.owner is None and not q.me and ctx.query is None:
        return Decision("ask_what", q)  # "¿cuánto ha vendido él?": who is "él"?
    if p.write_verb and q.record is None and ctx.focus is None:
        return Decision("ask_what", q)  # "cámbiale la etapa": of which record?

    # a follow-up continues the previous question; a new subject starts afresh
    continued = _continue(p, ctx)
    if continued is not None:
        q = continued
        if q.measure == "detail":
            return _open(q, ctx)
    else:
        _shape(p, q, ctx)

    if (
        q.stage is not None
        and q.subject in _STAGE_KINDS
        and q.stage.kind not in _STAGE_KINDS[q.subject]
    ):
        # "¿Cuántos pedidos ha hecho X?", "orders waiting to be delivered": a task stage
        # ("Hecho", "Delivered") is no filter of orders nor deals; the word is left out, said
        q.leftovers.append(q.stage.said)
        q.stage = None
    if (
        q.measure == "avg"
        and "probability" in p.fields
        and q.subject in (None, "opportunity", "lead")
    ):
        # "¿cuál es la probabilidad media del pipeline?": Odoo's probability, not the money
        q.subject, q.field = q.subject or "opportunity", "probability"
    if "win_rate" in p.measures and q.subject in (None, "opportunity", "lead", "order"):
        # "¿cuál es la tasa de éxito de Ana este año?": of the deals won or lost (by when)
        q.subject, q.measure, q.status, q.group, q.versus = (
            "opportunity",
            "win_rate",
            None,
            None,
            None,
        )
        q.limit = q.ordinal = None
        return Decision("answer", q)
    if p.comparing and q.period is not None:
        _compare_periods(p, q, p.today or date.today())
    if (
        p.period_ahead is not None
        and q.versus is None
        and q.period is not None
        and not q.created
        and q.subject in ("opportunity", "task")
        and status_of(q) in ("open", "all")
        and not set(p.words) & _PAST_WORDS
    ):
        # "¿cuánto hay previsto cerrar en enero?" in December: the January to come
        q.period = p.period_ahead
    if (q.probability_min is not None or q.probability_max is not None) and q.subject not in (
        "opportunity",
        "lead",
    ):
        # "tareas al 50 %": only deals have a probability; the percentage is left out and
        # said so, never read as money or dropped unsaid
        q.probability_min = q.probability_max = None
        said = " ".join(w for w, tag in zip(p.words, p.tags, strict=True) if tag == "probability")
        q.leftovers.append(said + " %" if said[-1:].isdigit() else said)
    if q.subject in ("order", "quotation") and set(p.words) & EXPIRY_WORDS:
        # "¿qué presupuestos caducan este mes?": open quotations, by their validity date
        q.subject, q.expiring = "quotation", True
    if q.ambiguous:
        ctx.pending = q
        return Decision("ask", q, ask=list(q.ambiguous))
    ctx.pending = None
    if q.subject is None:
        if p.measures or p.who or p.reference or q.ordinal is not None or p.fields:
            return Decision("ask_what", q)
        return Decision("not_understood", q, missing=list(q.leftovers))
    return Decision("answer", q)


def _customer_of_the_focus(p: Parse, ctx: Context) -> Query | None:
    """ "¿quién es el cliente?", "who's the customer?" right after one deal, project or
    order: that record's customer, not the list of every customer."""
    q, focus = p.query, ctx.focus
    if focus is None or focus.ambiguous or focus.kind not in ("lead", "project", "order"):
        return None
    if set(p.subjects) != {"customer"} or not (p.who or p.reference):
        return None
    named = (q.record, q.customer, q.owner, q.project, q.stage, q.product, q.city, q.period)
    if any(x is not None for x in named) or p.measures or p.statuses or p.fields or q.group:
        return None
    if focus.kind == "order":  # an order's card says its customer first
        return Query(subject="order", record=focus, measure="detail")
    return Query(subject=KIND_SUBJECT[focus.kind], record=focus, measure="field", field="customer")


def _role_at_a_company(p: Parse) -> Query | None:
    """ "¿Quién es el director financiero de Acme?", "who's the CFO at Acme?", "el contacto
    de compras de Acme": a company named, asked who, and words the grammar does not read
    as anything else (or a word of buying): the company's contacts whose job title in
    the ERP has them (`Query.role`), or all of them with their titles."""
    q = p.query
    company = q.record or q.customer
    if company is None or company.kind != "partner" or company.ambiguous:
        return None
    asked = p.who or "contact" in p.subjects or "owner" in p.fields  # "quién es el jefe de"
    if not asked or set(p.subjects) & set(BASE_SUBJECTS):
        return None
    if p.measures or set(p.fields) - {"owner"} or q.owner is not None or q.period is not None:
        return None
    said = [
        word
        for word, tag in zip(p.words, p.tags, strict=True)
        if (tag == "?" or tag == "purchase") and len(word) >= 2
    ]
    if not said:
        return None
    return Query(subject="customer", measure="detail", record=company, role=said)


def _compare_periods(p: Parse, q: Query, today: date) -> None:
    """Two periods side by side: the same total for each. One period said is compared
    with the one before it ("compara este trimestre con el anterior"), or, when it is not
    the current one, with the current one ("¿cómo vamos frente al mes pasado?")."""
    assert q.period is not None
    if q.versus is None:
        if p.shift:
            q.versus = shift_period(q.period, p.shift)
        else:
            current = shift_period(DateSpan(today, today, q.period.grain), 0)
            if (current.start, current.end) == (q.period.start, q.period.end):
                q.versus = shift_period(q.period, -1)
            else:
                q.period, q.versus = current, q.period
    money = q.subject in ("order", "quotation", "opportunity") and q.measure != "count"
    q.measure = "sum" if money else "count"
    q.group, q.limit, q.ordinal = None, None, None


def _unknown_of_a_record(p: Parse, q: Query) -> bool:
    """A product or a project is named and asked about with words the parser does not
    know, and nothing else it knows is asked of it."""
    record = q.record
    if record is None or record.kind not in ("product", "project") or not q.leftovers:
        return False
    if p.fields or p.purchase or not set(p.subjects) <= {KIND_SUBJECT[record.kind]}:
        return False
    return record.kind == "product" or bool(set(p.measures) & {"count", "sum", "avg"})


def _product_in_play(q: Query, ctx: Context) -> bool:
    """A product is named, or was the subject of the last answer ("¿y cuánto cuesta?")."""
    if q.record is not None:
        return q.record.kind == "product"
    return q.product is not None or (ctx.focus is not None and ctx.focus.kind == "product")


def _open(q: Query, ctx: Context) -> Decision:
    """ "la segunda", "ábrela", "open the last one": an item of the last answer."""
    rows = ctx.rows
    if q.ordinal is None and ctx.focus is not None and len(rows) != 1:
        focus = ctx.focus
        return Decision("detail", q, row={"id": focus.ids[0], "model": _MODEL_OF.get(focus.kind),
                                           "name": focus.name})  # fmt: skip
    index = q.ordinal or 1
    pos = index - 1 if index > 0 else len(rows) + index
    if 0 <= pos < len(rows):
        return Decision("detail", q, row=rows[pos])
    return Decision("ask_what", q)


_MODEL_OF = {"lead": "crm.lead", "task": "project.task", "project": "project.project",
             "order": "sale.order", "partner": "res.partner", "user": "res.users",
             "product": "product.product"}  # fmt: skip


# --------------------------------------------------------------------------- new questions
def _shape(p: Parse, q: Query, ctx: Context) -> None:
    """Subject, measure, grouping and status of a question that stands on its own."""
    subjects = list(dict.fromkeys(p.subjects))
    base = [s for s in subjects if s in BASE_SUBJECTS]
    groupers = [s for s in subjects if s in _GROUP_OF]
    measures = set(p.measures) - {"detail"}
    if {"max", "min"} <= measures:
        measures.discard("max")  # "el más pequeño", "la que menos"
    pipeline_money = "pipeline" in p.words or "embudo" in p.words
    said = set(p.words)
    ranking = bool(measures & {"max", "min"}) or (p.who and bool(measures & {"max", "min"}))
    if p.purchase and not base:
        base = ["order"]
        if q.record is not None and q.record.kind == "partner" and q.customer is None:
            q.customer, q.record = q.record, None  # "¿ha comprado algo X?": X's orders
    if not base and q.record is not None and q.record.kind == "project" and said & PENDING_WORDS:
        q.project, q.record = q.record, None  # "what does Ana have pending in <project>?"
    if not base and set(p.fields) <= {"deadline", "stage_field"} and q.record is None:
        if said & DUE_WORDS or (said & PENDING_WORDS and (q.owner or q.me or q.project)):
            base = ["task"]  # "¿qué vence hoy?", "¿qué tiene pendiente Carlos?"
        elif (q.me or q.owner) and q.period is not None and not measures - {"list"}:
            base = ["task"]  # "¿qué tengo para hoy?", "what does Ana have this week?"
        elif said & CLOSE_WORDS:
            base = ["opportunity"]  # "what should close this month"
    if (
        q.record is not None
        and q.record.kind in ("partner", "user")
        and "revenue" in p.fields
        and not set(p.fields) & (_PARTNER_FIELDS | {"owner"})
    ):
        # a company or a person has no expected revenue of its own: "how much is <Acme>
        # (worth)", "¿cuánto vale <Carlos>?" is the sum of their opportunities
        p.fields.remove("revenue")
        measures.add("sum")
    if not base and set(p.fields) & {"revenue", "probability"} and q.record is None:
        base = ["opportunity"]  # "el importe esperado de todo lo abierto"
        measures.add("sum" if "revenue" in p.fields else "avg")
    if "stage" in groupers and q.stage is not None and not ranking and not q.group:
        groupers.remove("stage")  # "valor de la etapa Propuesta": what is in that stage
        if not base:
            base = ["task"] if q.stage.kind == "task_stage" else ["opportunity"]
    if said & WHERE_WORDS and ranking and "stage" not in groupers:
        groupers.append("stage")  # "¿dónde se acumulan más oportunidades?"
    # "¿qué productos hemos vendido este mes?": the products of those orders, most sold first
    if (
        "product" in groupers
        and q.product is None
        and q.record is None
        and (p.purchase or said & SALES_WORDS)
        and not measures - {"list"}
    ):
        q.group = "product"
    if (
        base
        and base[0] in ("order", "quotation")
        and said & SALES_WORDS
        and not measures - {"list"}
    ):
        measures.discard("list")
        measures.add("sum")  # "ventas de este mes" is an amount

    # "why was <deal> lost?", "¿por qué se perdió <deal>?": the reason noted, not a list
    if q.record is not None and q.record.kind == "lead" and "lost" in p.statuses and _why(p):
        p.statuses.remove("lost")
        p.fields.append("lost_reason")

    # "¿para qué cliente es el proyecto X?", "which customer is the X deal for?"
    if (
        q.record is not None
        and q.record.kind in ("project", "lead")
        and "customer" in subjects
        and not p.fields
        and set(base) <= {KIND_SUBJECT[q.record.kind]}
    ):
        p.fields.append("customer")
        base = []

    # "salesperson on <deal>", "¿qué comercial lleva <deal>?": its owner
    if (q.record is not None and "person" in subjects and not p.fields
            and q.record.kind in ("lead", "project", "task", "order", "partner")
            and set(base) <= {KIND_SUBJECT[q.record.kind]}):  # fmt: skip
        p.fields.append("owner")
        base = []

    # "¿qué vence esta semana en <proyecto>?", "what's due in <project>?": its tasks, not
    # the project's own deadline (that is "¿cuándo vence…?", "the deadline of…")
    if (
        q.record is not None
        and q.record.kind == "project"
        and set(p.fields) == {"deadline"}
        and set(base) <= {"project", "task"}
        and said & _DUE_VERBS
        and (q.period is not None or not said & _WHEN_WORDS)
    ):
        q.project, q.record, base = q.record, None, ["task"]
        p.fields.clear()

    # "¿cómo va el proyecto X?", "status of the X project": how its tasks stand (a project
    # has no stage of its own)
    if (
        q.record is not None
        and q.record.kind == "project"
        and set(p.fields) == {"stage_field"}
        and set(base) <= {"project"}
    ):
        q.project, q.record, base = q.record, None, ["task"]
        p.fields.clear()
        measures.add("count")
    # "¿cuánto vale <producto>?": a product's amount is its price
    if q.record is not None and q.record.kind == "product" and not base and "sum" in measures:
        p.fields.append("price")
    # the record itself is asked about ("email de Acme", "who owns the X deal")
    if p.fields and (q.record is not None or (not base and ctx.focus is not None)):
        record = q.record or ctx.focus
        assert record is not None
        q.subject = KIND_SUBJECT.get(record.kind, "customer")
        q.record = record
        q.measure = "field"
        q.field = _pick_field(p, record.kind)
        return
    if q.record is not None and not base and not (measures - {"list"}) and not p.statuses:
        q.subject = KIND_SUBJECT.get(q.record.kind, "customer")
        q.measure = "field" if p.fields else "detail"
        q.field = _pick_field(p, q.record.kind) if p.fields else None
        return
    if q.record is not None and q.record.kind == "lead" and base == ["opportunity"]:
        q.subject = "opportunity"
        q.measure = "field" if p.fields else "detail"
        q.field = _pick_field(p, "lead") if p.fields else None
        return

    company = q.customer or (
        q.record if q.record is not None and q.record.kind == "partner" else None
    )
    if "contact" in subjects and not base and company is not None and "count" in measures:
        # "¿cuántos contactos tiene Acme?": its contact people, never its opportunities
        q.subject, q.record, q.customer, q.measure = "contact", company, None, "count"
        return

    # a record named with a status or a measure: what it holds ("¿qué queda pendiente en
    # <proyecto>?", "¿algo abierto con <cliente>?", "how much is <person>'s pipeline?")
    if q.record is not None and not base and (measures - {"list"} or p.statuses):
        kind = q.record.kind
        if kind == "project":
            q.project, q.record, base = q.record, None, ["task"]
        elif kind == "partner":
            q.customer, q.record = q.record, None
            base = ["order"] if p.purchase else ["opportunity"]
        elif kind == "user":
            q.owner, q.record, base = q.record, None, ["opportunity"]
        elif kind == "lead" and measures & {"sum"}:
            p.fields.append("revenue")  # "importe esperado de <deal>"

    # "¿qué le vendimos a X la última vez?", "X's last order": its newest confirmed order
    if (
        q.ordinal == -1
        and q.customer is not None
        and q.record is None
        and set(base) <= {"order"}
        and (base or p.purchase or said & SALES_WORDS)
        and not measures - {"list", "sum"}
    ):
        q.subject, q.measure, q.field, q.ordinal = "order", "max", "date", None
        _status(p, q)
        return

    # "los cinco pedidos más recientes", "the latest quotes": by date, newest first
    if said & RECENT_WORDS and base and set(base) <= {"order", "quotation"} and q.record is None:
        q.subject, q.measure, q.field = base[0], "max", "date"  # type: ignore[assignment]
        q.limit = p.number if p.number and p.number > 1 else None
        _status(p, q)
        return

    # "¿cuál es la oportunidad más antigua?", "our newest deals": by when they were created
    records = {"opportunity", "lead", "task", "project"}
    if said & (RECENT_WORDS | OLDEST_WORDS) and base and set(base) <= records and q.record is None:
        q.subject = base[0]  # type: ignore[assignment]
        q.measure = "min" if said & OLDEST_WORDS else "max"
        q.field = "created"
        q.limit = p.number if p.number and p.number > 1 else None
        _status(p, q)
        return

    # "¿cuál es el producto más caro?", "the cheapest thing we sell": by sales price, not
    # by what was sold of each
    if (
        said & (DEAR_WORDS | CHEAP_WORDS)
        and set(base) <= {"order"}
        and q.record is None
        and (base or not q.leftovers)  # "un hotel barato": no product said, a word unknown
    ):
        q.subject = "product"
        q.measure = "min" if said & CHEAP_WORDS else "max"
        if p.number and p.number > 1:
            q.limit = p.number
        return

    # "¿en qué etapa está la oportunidad más grande?", "who owns the largest deal?": that
    # of the one largest record, never a ranking of the stages or of the people
    asked = _field_of_the_extreme(p, base, groupers, measures)
    if asked is not None:
        q.subject = base[0]  # type: ignore[assignment]
        q.measure = "min" if "min" in measures and "max" not in measures else "max"
        q.field = asked
        _status(p, q)
        return

    # rankings: "la etapa con más oportunidades", "top customer", "who sold the most"
    group_subject = next((g for g in groupers if not (g == "project" and "project" in base
                                                      and "task" not in base)), None)  # fmt: skip
    if p.who and ranking and group_subject is None:
        group_subject = "person"
    if q.owner is not None and q.also_owners and q.record is None and not q.group:
        # "¿quién tiene más, Javier o Carlos?", "deals of James and David": side by side
        group_subject, q.group = "person", "owner"
    if group_subject is not None and (ranking or q.group) and (base or group_subject != "project"):
        if group_subject == "project" and "task" not in base:
            base = ["task", *base]
        subject = next((b for b in base if b != "project"), None)
        if subject is None:
            subject = (
                "order" if group_subject in ("customer", "product") or p.purchase else "opportunity"
            )
            if group_subject == "project":
                subject = "task"
        q.subject = subject  # type: ignore[assignment]
        q.group = q.group or _GROUP_OF[group_subject]  # type: ignore[assignment]
        money = pipeline_money or "sum" in measures or subject in ("order", "quotation")
        if "count" in measures or (not money and subject not in ("order", "quotation")):
            q.measure = "rank"
            q.field = "count"
        else:
            q.measure = "rank"
            q.field = "sum"
        if "min" in measures and "max" not in measures:
            q.ordinal = -1
        q.limit = p.number
        _status(p, q)
        return

    subject = base[0] if base else (groupers[0] if groupers else None)
    if subject is None and "product" in subjects:
        subject = "product"  # "lista los productos": the catalogue
    if subject == "person" and q.owner is not None and len(base) == 0:
        subject = "opportunity"
    if subject in ("person", "contact") and q.customer is not None and not base:
        # "the contact person at Acme", "gente de Acme": the company's card and its people;
        # "¿qué comercial tiene Acme?", "salesperson for Acme": who sells to it
        q.subject, q.record, q.customer, q.measure = "customer", q.customer, None, "detail"
        if "owner" in p.fields or said & SALESPERSON_WORDS:
            q.measure, q.field = "field", "owner"
        return
    if subject is None:
        subject = _subject_from_names(q) or _subject_from_status(p)
    q.subject = subject  # type: ignore[assignment]
    if subject == "stage" and not base:
        q.measure = "list"
        return
    if q.group is not None:
        q.measure = "rank"
        q.field = "sum" if ("sum" in measures or pipeline_money) else "count"
        if subject in ("order", "quotation") and "count" not in measures:
            q.field = "sum"
    elif "soonest" in measures and subject in ("opportunity", "lead"):
        q.measure, q.field = "min", "soonest"  # "¿qué oportunidad cierra antes?"
    elif "avg" in measures:
        q.measure = "avg"
    elif measures & {"max", "min"} and "count" not in measures:
        # "la oportunidad de más valor", "top 3 by value": the largest records
        q.measure = "max" if "max" in measures else "min"
        if p.number and p.number > 1:
            q.limit = p.number
    elif "sum" in measures and "count" not in measures:
        q.measure = "sum"
    elif "count" in measures:
        q.measure = "count"
        if "sum" in measures:
            q.field = "and_sum"
    elif pipeline_money and subject == "opportunity" and not measures & {"list"}:
        q.measure = "summary"
    elif subject == "opportunity" and set(p.fields) == {"stage_field"} and not p.mentions:
        q.measure = "summary"  # "¿cómo va el pipeline?", "how are my deals going?"
    else:
        q.measure = "list"
        if p.number and p.number > 1:
            q.limit = p.number
    _status(p, q)


def _status(p: Parse, q: Query) -> None:
    for status in p.statuses:
        if status == "high_priority":
            q.high_priority = True
        elif status == "top_priority":
            q.high_priority = q.top_priority = True
        elif status == "weighted" and q.subject in ("opportunity", "lead"):
            q.weighted = True
            if q.measure in ("list", "count", None):
                q.measure = "sum"  # "¿cuál es el pipeline ponderado?" is an amount
        elif status == "unassigned":
            q.unassigned = True
        elif status == "undated" and q.subject in ("opportunity", "lead", "task"):
            q.undated = True
        elif status == "confirmed" and q.subject == "quotation":
            q.subject = "order"
        elif status == "quotation" and q.subject == "order":
            q.subject = "quotation"
        elif status in ("draft", "sent") and q.subject == "order":
            q.subject = "quotation"
            q.status = status
        elif status == "won" and q.subject in ("order", "quotation"):
            q.subject = "order"
        elif status == "lost" and q.subject in ("order", "quotation"):
            q.status = "cancelled"  # a lost sale is a cancelled quotation or order
        elif status == "open" and q.subject in ("order", "quotation"):
            q.subject = "quotation"
        elif status == "overdue" and (
            q.subject == "quotation"
            or (q.subject == "order" and any(w.startswith(("caduc", "expir")) for w in p.words))
        ):
            # "presupuestos caducados", "expired orders": quotations past their validity
            # ("pedidos atrasados", late deliveries, is not that: left out below)
            q.subject, q.status = "quotation", "overdue"
        elif status in STATUSES.get(q.subject or "", ()):
            q.status = status
        elif status not in ("all", "open"):
            # "tareas perdidas", "projects that are late": a status the records do not
            # have is left out and said so, never counted as if they had it
            q.leftovers += [w for w in p.words if STATUS_WORDS.get(w) == status][:1]


#: When several fields are named, the most specific one is what is asked.
_FIELD_ORDER = ("lost_reason", "email", "phone", "function", "cost", "price", "probability",
                "revenue", "customer", "assignees", "owner", "deadline", "city", "address",
                "website", "country", "stage_field")  # fmt: skip


#: Said of what already happened: a month named with them is the one past.
_PAST_WORDS = words(
    "cerraron cerramos cerro vencio vencieron hubo tuvimos fue fueron closed was were did had"
)
_DUE_VERBS = frozenset({"vence", "vencen", "venza", "venzan", "due"})
_WHEN_WORDS = frozenset({"cuando", "when", "fecha", "date", "deadline", "plazo"})


def _why(p: Parse) -> bool:
    words = p.words
    return (
        "why" in words
        or "porque" in words
        or any(pair == ("por", "que") for pair in pairwise(words))
    )


#: What may be asked of the largest (or smallest) record itself, per subject.
_OF_THE_EXTREME = {"opportunity": ("stage_field", "customer", "owner", "probability", "deadline"),
                   "lead": ("stage_field", "customer", "owner", "probability", "deadline"),
                   "order": ("owner",), "quotation": ("owner",)}  # fmt: skip


#: The size of one record: "la oportunidad más grande", "the smallest deal".
_SIZE_WORDS = words("grande mayor pequena pequeno menor biggest largest smallest big large small")
#: Subject words that are all the records at once: "el pipeline más grande" is a sum.
_ALL_OF_THEM = frozenset(["pipeline", "embudo", "funnel", "cartera"])


def _field_of_the_extreme(
    p: Parse, base: list[str], groupers: list[str], measures: set[str]
) -> str | None:
    """The field asked of one largest or smallest record ("¿de quién es la oportunidad
    más grande?": "owner"), or None. The record is said in the singular: "¿qué comercial
    tiene más oportunidades?" ranks the people."""
    if not measures & {"max", "min"} or measures & {"count", "sum", "avg"} or len(base) != 1:
        return None
    fields = _OF_THE_EXTREME.get(base[0], ())
    said = [w for w, tag in zip(p.words, p.tags, strict=True) if tag == f"subject:{base[0]}"]
    if not fields or not said or any(w.endswith("s") or w in _ALL_OF_THEM for w in said):
        return None
    if not set(p.words) & _SIZE_WORDS:
        return None  # "¿quién ha vendido más?": the most of all, a ranking
    asked = {
        "stage_field": "stage" in groupers or "stage_field" in p.fields,
        "customer": "customer" in groupers,
        "owner": "owner" in p.fields or "person" in groupers or p.who,
        "probability": "probability" in p.fields,
        "deadline": "deadline" in p.fields,
    }
    return next((f for f in fields if asked[f]), None)


def _pick_field(p: Parse, kind: str) -> str:
    wanted = sorted(set(p.fields), key=lambda f: _FIELD_ORDER.index(f) if f in _FIELD_ORDER else 99)
    if kind in ("partner", "user"):
        for name in wanted:
            if name in _PARTNER_FIELDS or name == "owner":
                return name
    if kind == "product":
        # what it is sold for, or what it costs the company ("precio de coste")
        return "cost" if "cost" in wanted else "price"
    if kind == "task" and "owner" in wanted:
        return "assignees"
    if "sum" in p.measures and kind == "lead" and not wanted:
        return "revenue"
    return wanted[0] if wanted else ("revenue" if "sum" in p.measures else "stage_field")


def _subject_from_names(q: Query) -> str | None:
    if q.project is not None:
        return "task"
    if q.stage is not None:
        return "opportunity" if q.stage.kind == "stage" else "task"
    if q.customer is not None or q.owner is not None:
        return "opportunity"
    return None


def _subject_from_status(p: Parse) -> str | None:
    statuses = set(p.statuses)
    if statuses & {"won", "lost"}:
        return "opportunity"
    if statuses & {"overdue", "done"}:
        return "task"
    if statuses & {"confirmed"}:
        return "order"
    if statuses & {"draft", "sent", "quotation"}:
        return "quotation"
    return None


# --------------------------------------------------------------------------- follow-ups
def _continue(p: Parse, ctx: Context) -> Query | None:
    """The previous question changed by this one ("¿y la mayor?", "and Ana's?"), or None
    when this one stands on its own (a new subject drops the old filters)."""
    prev = ctx.query
    if prev is None:
        return None
    q = p.query
    if p.subjects and not (p.reference and p.followup):
        base = [s for s in p.subjects if s in BASE_SUBJECTS]
        if base and base[0] != prev.subject:
            return None
        if not (p.followup or p.reference):
            return None
    groupers = [s for s in p.subjects if s in _GROUP_OF]
    regroup = q.group or (_GROUP_OF[groupers[0]] if groupers else None)
    if prev.group is None or regroup == prev.group:
        regroup = None
    elif regroup is not None and not (
        p.followup and regroup in _GROUPS.get(prev.subject or "", ())
    ):
        return None  # "¿cuál es nuestro mejor cliente?" after a ranking of salespeople
    if q.record is not None and not p.fields:
        return None
    if p.fields and (q.record is not None or not (p.reference or p.followup)):
        return None
    ranked_again = q.ordinal is not None and prev.measure == "rank" and not p.subjects
    if ranked_again and not set(p.measures) - {"detail"} and not p.fields:
        # "¿y el segundo?" after a ranking: that place of it
        return prev.copy(place=q.ordinal, leftovers=list(q.leftovers), limit=None)
    if q.ordinal is not None and not set(p.measures) - {"detail"} and not p.fields and ctx.rows:
        out = prev.copy(measure="detail", ordinal=q.ordinal)
        return out
    if not (p.followup or p.reference or p.measures or p.statuses or q.owner or q.customer
            or q.period or q.me or q.project or q.stage or p.fields or q.everyone
            or p.shift):  # fmt: skip
        return None
    out = prev.copy(leftovers=list(q.leftovers), ambiguous=list(q.ambiguous), limit=None,
                    ordinal=None)  # fmt: skip
    if regroup is not None:
        out.group = regroup  # type: ignore[assignment]  # "¿y por cliente?"
    if p.shift and prev.period is not None and q.period is None:
        out.period = shift_period(prev.period, p.shift)
    if q.period is not None or p.shift:
        out.versus = q.versus  # a new period said: compared only if compared again
    if p.fields and ctx.focus is not None:
        out.record = ctx.focus
        out.subject = KIND_SUBJECT.get(ctx.focus.kind, out.subject or "customer")
        out.measure = "field"
        out.field = _pick_field(p, ctx.focus.kind)
        return out
    if p.subjects:
        base = [s for s in p.subjects if s in BASE_SUBJECTS]
        if base:
            out.subject = base[0]  # type: ignore[assignment]
    for name in (*REF_FILTERS, "period"):
        value = getattr(q, name)
        if value is not None:
            setattr(out, name, value)
            if name == "owner":
                out.me = False
                out.also_owners = list(q.also_owners)  # "¿y Ana?" after comparing two
    if q.me:
        out.me, out.owner = True, None
    if q.everyone:
        out.me, out.owner = False, None
    if q.amount_min is not None or q.amount_max is not None:
        out.amount_min, out.amount_max = q.amount_min, q.amount_max
    if q.probability_min is not None or q.probability_max is not None:
        out.probability_min, out.probability_max = q.probability_min, q.probability_max
    measures = set(p.measures)
    if "soonest" in measures and out.subject in ("opportunity", "lead"):
        out.measure, out.field = "min", "soonest"  # "¿cuál cierra antes?"
    elif measures & {"max", "min"} and prev.measure not in ("rank",):
        out.measure = "max" if "max" in measures else "min"
        out.limit = p.number if p.number and p.number > 1 else None
    elif measures & {"max", "min"}:
        out.ordinal = -1 if "min" in measures and "max" not in measures else None
    elif "sum" in measures:
        out.measure = "sum"
    elif "avg" in measures:
        out.measure = "avg"
    elif "count" in measures:
        out.measure = "count"
    elif "list" in measures or (p.statuses and prev.measure in ("max", "min", "detail", "field")):
        out.measure = "list"
    if prev.measure in ("field", "detail") and out.measure in ("field", "detail"):
        out.measure = "list"
        out.record = None
    out.status = None
    out.high_priority = prev.high_priority
    _status(p, out)
    if not p.statuses:
        out.status = prev.status
    return out


def _resolve_pending(p: Parse, ctx: Context) -> Query | None:
    """ "la primera", "Ana García", "the one at Acme": which of the offered records."""
    pending = ctx.pending
    assert pending is not None
    if not pending.ambiguous:
        return None
    ref = pending.ambiguous[0]
    chosen: int | None = None
    if p.query.ordinal is not None:
        index = p.query.ordinal
        pos = index - 1 if index > 0 else len(ref.ids) + index
        if 0 <= pos < len(ref.ids):
            chosen = pos
    else:
        said = set(p.words)
        scores = []
        for pos, name in enumerate(ref.names):
            from .names import name_tokens

            overlap = len(said & set(name_tokens(name)))
            scores.append((overlap, pos))
        scores.sort(reverse=True)
        if scores and scores[0][0] > 0 and (len(scores) == 1 or scores[0][0] > scores[1][0]):
            chosen = scores[0][1]
    if chosen is None:
        return None
    kind = ref.kinds[chosen] if len(ref.kinds) > chosen else ref.kind
    single = Ref(kind, (ref.ids[chosen],), (ref.names[chosen],), ref.said, ref.how)
    out = pending.copy(ambiguous=pending.ambiguous[1:])
    for name in (*REF_FILTERS, "record"):
        if getattr(out, name) == ref:
            setattr(out, name, single)
    ctx.pending = None
    return out


def shift_period(period: DateSpan, step: int) -> DateSpan:
    """The same kind of period, `step` periods later ("¿y el que viene?")."""
    from daniel.language.dates import month_of, quarter_of, week_of

    start = period.start
    if period.grain == "week":
        first, last = week_of(start + timedelta(weeks=step))
    elif period.grain == "month":
        first, last = month_of(start.year, start.month + step)
    elif period.grain == "quarter":
        first, last = quarter_of(start.year, (start.month - 1) // 3 + 1 + step)
    elif period.grain == "year":
        first, last = date(start.year + step, 1, 1), date(start.year + step, 12, 31)
    else:
        days = (period.end - period.start).days + 1
        first, last = start + timedelta(days=days * step), period.end + timedelta(days=days * step)
    return DateSpan(first, last, period.grain, "")
