"""The understanding engine: one per conversation. A question in, a spoken answer and
cards out, through the MCP tools; the conversation's context carries follow-ups.

    engine = Engine(tools)
    outcome = await engine.answer("¿Qué oportunidades tengo abiertas este mes?", "es", today, say)

`outcome` says how the turn ended (`answered`, `asked`, `not_understood`,
`out_of_scope`), for the protocol's `turn.end` and the analytics.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from daniel.language.formatting import day_words, join, number, parse_iso
from daniel.language.text import Lang, fold, tokenize

from . import answers as say_
from .changes.commands import Command, CommandReader
from .changes.frames import Understanding
from .executor import Executor, Result, ToolFailure, Tools, titled
from .interpret import Context, Decision, interpret
from .lexicon import questions as lx
from .names import EXACT, Named, NameIndex, name_tokens, pick
from .parser import Parser
from .query import KIND_SUBJECT, Query, Ref

log = logging.getLogger(__name__)

Speak = Callable[[str], None]

#: What the index loads: kind, model, domain, extra fields.
SOURCES: tuple[tuple[str, str, list[Any], list[str]], ...] = (
    ("user", "res.users", [["share", "=", False]], ["partner_id"]),
    ("partner", "res.partner", [], ["is_company", "city"]),
    ("project", "project.project", [], []),
    ("task", "project.task", [], []),
    ("lead", "crm.lead", ["|", ["active", "=", True], ["active", "=", False]], ["type"]),
    ("stage", "crm.stage", [], ["sequence"]),  # the CRM's order: "the next stage"
    ("task_stage", "project.task.type", [], []),
    ("product", "product.product", [], []),
    ("team", "crm.team", [], []),  # sales teams: "las oportunidades del equipo X"
    ("tag", "crm.tag", [], []),  # deals' tags: "oportunidades con la etiqueta X"
    ("category", "product.category", [], []),  # "¿cuánto hemos vendido de Hardware?"
)

#: Records whose names may hold grammar words ("Sales dashboard", "Proyectos internos").
_RECORD_KINDS = ("lead", "task", "project", "partner")
#: Names older than this are reloaded when a question holds a word nobody knows.
REFRESH_AFTER_SECONDS = 0.5
#: Name indexes by MCP connection: one per tool runner, which is one per person (or the
#: single service account), so nobody ever sees names loaded with another's rights.
#: Weak keys: a connection that is closed and collected takes its names with it.
_INDEXES: weakref.WeakKeyDictionary[object, NameIndex] = weakref.WeakKeyDictionary()


def shared_index(tools: Tools, owner: object) -> NameIndex:
    """The name index of the MCP connection `owner`, shared by its conversations."""
    found = _INDEXES.get(owner)
    if found is not None:
        return found

    async def load() -> list[Named]:
        return await load_names(tools)

    index = NameIndex(load)
    _INDEXES[owner] = index
    return index


def invalidate_shared_indexes() -> None:
    """Every shared name index reloads before its next use (a write elsewhere)."""
    for index in list(_INDEXES.values()):
        index.invalidate()


async def load_names(tools: Tools) -> list[Named]:
    async def one(kind: str, model: str, domain: list[Any], extra: list[str]) -> list[Named]:
        try:
            data = await tools.call(
                "odoo_names",
                {"model": model, "domain": domain, "fields": extra or None, "limit": 5000},
                quiet=True,
            )
        except ToolFailure as exc:  # a model this user may not read: no names from it
            log.info("no %s names: %s", kind, exc.message)
            raise
        rows = data.get("names")
        out = []
        for row in rows if isinstance(rows, list) else []:
            name = str(row.get("name") or "").strip()
            if name:
                extra_values = {k: v for k, v in row.items() if k not in ("id", "name")}
                said = name
                if kind == "partner" and ", " in name and not row.get("is_company"):
                    said = name.rsplit(", ", 1)[1]  # a company's contact: the person's name
                if kind == "category":  # "All / Saleable": said as its own name
                    name = said = name.rsplit(" / ", 1)[-1]
                out.append(Named(kind, int(row["id"]), name, name_tokens(said), extra_values))
        return out

    failures: list[str] = []

    async def guarded(kind: str, model: str, domain: list[Any], extra: list[str]) -> list[Named]:
        try:
            return await one(kind, model, domain, extra)
        except ToolFailure as exc:
            failures.append(exc.message)
            return []

    batches = await asyncio.gather(*(guarded(*source) for source in SOURCES))
    entries = [entry for batch in batches for entry in batch]
    if not entries and failures:  # Odoo did not answer: try again next time, say so now
        raise ToolFailure(failures[0])
    user_partners = {
        e.extra["partner_id"]["id"]
        for e in entries
        if e.kind == "user" and isinstance(e.extra.get("partner_id"), dict)
    }
    entries = [e for e in entries if not (e.kind == "partner" and e.id in user_partners)]
    return entries + _cities(entries)


def _cities(entries: list[Named]) -> list[Named]:
    """The cities the ERP's partners are in, as names ("clientes de Madrid"): each once,
    however it is capitalised, with the id of its first partner."""
    found: dict[tuple[str, ...], Named] = {}
    for entry in entries:
        city = entry.extra.get("city") if entry.kind == "partner" else None
        if isinstance(city, str) and city.strip():
            tokens = name_tokens(city.strip())
            if tokens and tokens not in found:
                found[tokens] = Named("city", entry.id, city.strip(), tokens)
    return list(found.values())


class Engine:
    def __init__(self, tools: Tools, names: NameIndex) -> None:
        self.tools = tools
        self.names = names
        self.parser = Parser(names)
        self.context = Context()
        self.uid: int | None = None
        self.user_name = ""
        self.tz: str | None = None  # the Odoo user's time zone: "today" is theirs
        self.currency: str | None = None
        self.company_partner: int | None = None
        #: Whose pipeline a question that names nobody means: mine, team or everyone.
        self.scope = "everyone"
        self._identity_loaded = False

    async def identity(self) -> None:
        """Who the conversation acts as, their time zone and the company currency (once;
        an Odoo error leaves them unknown and they are read again next turn)."""
        if self._identity_loaded:
            return
        try:
            user, company = await asyncio.gather(
                self.tools.call("user_context", {}, quiet=True),
                self.tools.call(
                    "odoo_names",
                    {"model": "res.company", "fields": ["currency_id", "partner_id"], "limit": 1},
                    quiet=True,
                ),
            )
        except ToolFailure as exc:
            log.info("user and currency not read: %s", exc.message)
            raise
        info = user.get("user") if isinstance(user.get("user"), dict) else {}
        uid = info.get("uid") if isinstance(info, dict) else None
        self.uid = uid if isinstance(uid, int) else None
        self.user_name = str(info.get("name") or "") if isinstance(info, dict) else ""
        tz = info.get("tz") if isinstance(info, dict) else None
        self.tz = str(tz) if tz else None
        rows = company.get("names")
        first = rows[0] if isinstance(rows, list) and rows and isinstance(rows[0], dict) else {}
        currency, partner = first.get("currency_id"), first.get("partner_id")
        self.currency = str(currency["name"]) if isinstance(currency, dict) else None
        # the company's own card is no customer of its own
        self.company_partner = partner.get("id") if isinstance(partner, dict) else None
        self._identity_loaded = True

    async def prepare(self) -> None:
        """Who the user is and the ERP's names, read together at the start of a turn (an
        Odoo that does not answer costs one timeout, not one per step)."""
        await self.identity()  # a dead Odoo fails here, after one timeout
        await self.names.ensure()

    async def command(self, understood: Understanding) -> Command | None:
        """The change a message asks for (as the grammar of changes read it), when its
        records and values are all clear among the ERP's names."""
        await self.prepare()
        reader = CommandReader(self.names, self.tools, self.context, self.uid)
        return await reader.read(understood)

    def record_spans(self, text: str) -> list[tuple[int, int]]:
        """Where `text` clearly names a deal, task, project or customer (two words or
        more, misspelt or not), as character spans: the grammar of changes reads the words
        around them, not inside them. Empty before the names are loaded."""
        tokens = tokenize(text, fold(text))
        mentions = self.names.find_mentions([t.norm for t in tokens], _RECORD_KINDS)
        spans = []
        for mention in pick(mentions):
            top = mention.top(*_RECORD_KINDS)  # one clear record, or a whole name
            clear = len(top) == 1 or any(c.how == EXACT for c in top)
            if clear and mention.end - mention.start >= 2:
                spans.append((tokens[mention.start].start, tokens[mention.end - 1].end))
        return spans

    async def wants(self, text: str, lang: Lang, today: date) -> bool:
        """Does `text` ask something of the ERP (so greetings in it are not the point)?"""
        await self.names.ensure()
        parse = self.parser.parse(text, lang, today)
        return bool(parse.subjects or parse.mentions or parse.out_of_scope or parse.measures
                    or parse.fields or parse.order_ref)  # fmt: skip

    def invalidate(self) -> None:
        """After a write: names may have changed."""
        self.names.invalidate()

    async def answer(self, text: str, lang: Lang, today: date, speak: Speak) -> str:
        await self.prepare()
        say_.set_currency(self.currency)
        parse = self.parser.parse(text, lang, today)
        if parse.query.leftovers and self.names.age > REFRESH_AFTER_SECONDS:
            # an unknown word may be a record created since the names were loaded
            self.names.invalidate()
            await self.names.ensure()
            parse = self.parser.parse(text, lang, today)
        decision = interpret(parse, self.context)
        if decision.action == "not_found" and decision.about == "stage":
            speak(_no_stage(decision.missing[0], decision.near, lang))
            return "asked"
        if decision.action == "not_found":
            speak(_unknown(decision.missing, lang, decision.near))
            return "asked"
        if decision.action == "ask_what":
            speak(_ASK_WHAT[lang])
            return "asked"
        if decision.action == "order":
            owner = decision.query is not None and decision.query.field == "owner"
            await self._order(parse.order_ref or "", lang, speak, owner=owner)
            return "answered"
        if decision.action == "out_of_scope":
            speak(_NOT_READ[decision.about][lang] if decision.about else _OUT_OF_SCOPE[lang])
            return "out_of_scope"
        if decision.action == "small_talk":
            speak(_HELLO[lang])
            return "answered"
        if decision.action == "not_understood":
            speak(_not_understood(decision, lang))
            return "not_understood"
        if decision.action == "ask":
            speak(_which(decision.ask[0], lang))
            return "asked"
        query = decision.query
        assert query is not None
        _default_scope(query, self.scope)
        run = Executor(self.tools, lang, today, self.uid, self.company_partner)
        if decision.action == "detail" and decision.row is not None:
            row = decision.row
            rid, model = row.get("id"), row.get("model")
            kind = _KIND_OF_MODEL.get(str(model))
            if isinstance(rid, int) and kind is not None:  # open it, with its card
                record = Ref(kind, (rid,), (str(row.get("name") or ""),), "")
                subject = KIND_SUBJECT.get(kind, query.subject or "opportunity")
                detail = query.copy(subject=subject, record=record, measure="detail", field=None)
                await self._field(run, detail, lang, today, speak)
            else:
                self._speak_row(query, row, lang, today, speak)
            return "answered"
        await self._answer(run, query, lang, today, speak)
        if query.leftovers and query.measure not in ("field", "detail"):
            speak(_left_out(query.leftovers, lang))
        self.context.query = query
        return "answered"

    # ------------------------------------------------------------------ measures
    async def _answer(self, run: Executor, q: Query, lang: Lang, today: date, speak: Speak) -> None:
        subject = q.subject or "opportunity"
        if q.measure == "field" or q.measure == "detail":
            await self._field(run, q, lang, today, speak)
            return
        if q.versus is not None and q.measure in ("count", "sum"):
            await self._compare(run, q, lang, today, speak)
            return
        if subject == "contact" and q.measure == "count" and q.record is not None:
            await self._count_contacts(run, q.record, lang, speak)
            return
        if q.measure == "win_rate":
            won, lost = await asyncio.gather(
                run.totals(q.copy(status="won", measure="count")),
                run.totals(q.copy(status="lost", measure="count"), quiet=True),
            )
            speak(say_.win_rate_sentence(q, won.count, lost.count, lang, today))
            self.context.rows = []
            return
        if q.measure == "rank":
            result = await run.ranking(q)
            self._speak_rank(q, result, lang, today, speak)
            return
        if q.measure == "summary":
            totals, stages = await asyncio.gather(
                run.totals(q, quiet=True), run.ranking(q.copy(group="stage", field="sum"))
            )
            if totals.count == 0:
                speak(say_.none_sentence(q, lang, today))
                return
            speak(say_.count_sentence(q, totals, lang, today))
            speak(_worth(subject, totals.total, lang))
            ranked = sorted((g for g in stages.groups if g[0]), key=lambda g: -g[2])
            if ranked:
                top = ranked[0]
                count = f"{number(top[1], lang)} {say_.noun(subject, top[1], lang)}"
                amount = say_._money(top[2], lang)
                if lang == "es":
                    speak(f"La etapa con más valor es {top[0]}, con {count} y {amount}.")
                else:
                    speak(f"The most valuable stage is {top[0]}, with {count} worth {amount}.")
            self.context.rows = []
            return
        if q.measure in ("count", "sum", "avg"):
            result = await run.totals(q)
            if result.count == 0:
                speak(say_.none_sentence(q, lang, today))
            elif result.units is not None and q.measure in ("count", "sum"):
                speak(say_.product_sentence(q, result, lang, today))
            elif q.measure == "count":
                speak(say_.count_sentence(q, result, lang, today))
                if q.field == "and_sum" and subject in ("opportunity", "order", "quotation"):
                    speak(say_.sum_sentence(q, result, lang, today))
            elif q.measure == "sum":
                speak(say_.sum_sentence(q, result, lang, today))
            else:
                speak(say_.avg_sentence(q, result, lang, today))
            self.context.rows = []
            return
        if q.measure in ("max", "min"):
            result = await run.extreme(q, q.measure == "max", q.limit or 1)
            self.context.rows = result.rows
            if not result.rows:
                speak(say_.none_sentence(q, lang, today))
                return
            self._speak_extreme(q, result, lang, today, speak)
            await self._field_of_extreme(run, q, result.rows[0], lang, today, speak)
            return
        if subject == "person" and q.sales_team is not None:
            await self._speak_team(run, q.sales_team, lang, speak)
            return
        limit = max(q.limit or 10, 10)
        result = await run.listing(q, limit=limit)
        self.context.rows = result.rows
        if result.count == 0:
            speak(say_.none_sentence(q, lang, today))
            return
        speak(say_.count_sentence(q, result, lang, today))
        if subject in ("opportunity", "order", "quotation") and result.total and result.count > 1:
            speak(_worth(subject, result.total, lang))
        if q.limit:
            intro = f"Los {q.limit} primeros" if lang == "es" else f"The top {q.limit}"
            speak(say_.names_sentence(q, result.rows, lang, today, intro=intro, limit=q.limit))
        else:
            speak(say_.names_sentence(q, result.rows, lang, today))
        if len(result.rows) == 1:
            self._focus(q, result.rows[0])

    async def _compare(
        self, run: Executor, q: Query, lang: Lang, today: date, speak: Speak
    ) -> None:
        """The same total for two periods, then how far apart they are."""
        assert q.versus is not None
        other = q.copy(period=q.versus, versus=None)
        first, second = await asyncio.gather(run.totals(q), run.totals(other, quiet=True))
        for query, result in ((q, first), (other, second)):
            if result.count == 0:
                speak(say_.none_sentence(query, lang, today))
            elif q.measure == "sum":
                speak(say_.sum_sentence(query, result, lang, today))
            else:
                speak(say_.count_sentence(query, result, lang, today))
        if first.count or second.count:
            speak(say_.difference_sentence(q, first, second, lang, today))
        self.context.rows = []

    async def _order(self, ref: str, lang: Lang, speak: Speak, *, owner: bool = False) -> None:
        """ "¿de cuánto es el pedido S00030?", "which customer is S00001 for?", and with
        `owner` "who's the salesperson on S00030?"."""
        data = await self.tools.call(
            "odoo_read",
            {"model": "sale.order", "domain": [["name", "=ilike", ref]], "limit": 1},
            "Consultando el pedido…" if lang == "es" else "Looking at the order…",
        )
        rows = [r for r in data.get("records") or [] if isinstance(r, dict)]
        if not rows:
            speak(f"No encuentro el pedido {ref} en Odoo." if lang == "es"
                  else f"I can't find order {ref} in Odoo.")  # fmt: skip
            return
        row = rows[0]
        self.context.rows = [row]
        self.context.focus = Ref("order", (int(row["id"]),), (str(row["name"]),), ref)
        if owner:
            person = row.get("salesperson")
            if lang == "es":
                speak(f"El comercial del pedido {row['name']} es {person}." if person
                      else f"El pedido {row['name']} no tiene comercial asignado.")  # fmt: skip
            else:
                speak(f"The salesperson on order {row['name']} is {person}." if person
                      else f"Order {row['name']} has no salesperson assigned.")  # fmt: skip
            return
        untaxed = say_._money(float(row.get("amount_untaxed") or 0), lang)
        total = say_._money(float(row.get("amount_total") or 0), lang)
        state = _ORDER_STATE[lang].get(str(row.get("state")), str(row.get("state") or ""))
        who = row.get("customer") or "—"
        if lang == "es":
            speak(f"El pedido {row['name']} es de {who}: {untaxed} sin impuestos "
                  f"({total} con impuestos), {state}.")  # fmt: skip
        else:
            speak(f"Order {row['name']} is for {who}: {untaxed} before tax "
                  f"({total} with tax), {state}.")  # fmt: skip

    def _focus(self, q: Query, row: dict[str, Any]) -> None:
        kind = _KIND_OF_SUBJECT.get(q.subject or "", "partner")
        rid = row.get("id")
        if isinstance(rid, int):
            self.context.focus = Ref(kind, (rid,), (str(row.get("name") or ""),), "")

    def _speak_extreme(
        self, q: Query, result: Result, lang: Lang, today: date, speak: Speak
    ) -> None:
        subject = q.subject or "opportunity"
        largest = q.measure == "max"
        if q.field == "created":  # by when they were created: the newest or the oldest
            self._speak_by_age(q, result, lang, today, speak)
            return
        if q.field == "soonest":
            self._speak_soonest(q, result, lang, today, speak)
            return
        if q.limit and q.limit > 1:
            what = say_.described(q, q.limit, lang, today)
            if q.field == "date":  # newest first
                intro = (f"Los {q.limit} {what} más recientes" if lang == "es"
                         else f"The {q.limit} latest {what}")  # fmt: skip
            else:
                intro = (f"{'Las' if say_._feminine(subject) else 'Los'} {q.limit} "
                         f"{'mayores' if largest else 'menores'} {what}") if lang == "es" else (
                    f"The {q.limit} {'largest' if largest else 'smallest'} {what}")  # fmt: skip
            speak(say_.names_sentence(q, result.rows, lang, today, intro=intro, limit=q.limit))
            return
        row = result.rows[0]
        what = say_.described(q, 1, lang, today)
        line = say_.row_line(subject, row, lang, today)
        if q.field == "date" and subject in ("order", "quotation"):
            self._speak_latest_order(q, row, lang, today, speak)
        elif subject == "task":
            word = "La más urgente" if lang == "es" else "The most urgent"
            speak(f"{word}: {line}.")
        elif subject == "product":  # by sales price
            price = row.get("price", row.get("list_price"))
            cost = f" ({say_._money(float(price), lang)})" if isinstance(price, int | float) else ""
            if lang == "es":
                speak(f"El producto más {'caro' if largest else 'barato'} es {line}{cost}.")
            else:
                adj = "most expensive" if largest else "cheapest"
                speak(f"The {adj} product is {line}{cost}.")
        elif lang == "es":
            adj = "mayor" if largest else "menor"
            art = "La" if say_._feminine(subject) else "El"
            speak(f"{art} {adj} {what} es {line}{say_.basis(subject, lang)}.")
        else:
            adj = "largest" if largest else "smallest"
            speak(f"The {adj} {what} is {line}{say_.basis(subject, lang)}.")
        self._focus(q, row)

    async def _field_of_extreme(
        self, run: Executor, q: Query, row: dict[str, Any], lang: Lang, today: date, speak: Speak
    ) -> None:
        """ "¿En qué etapa está la oportunidad más grande?": after the record, its stage
        (or whose it is, or its customer), as if asked of it by name."""
        rid = row.get("id")
        if q.field not in _OF_EXTREME or not isinstance(rid, int):
            return
        kind = _KIND_OF_SUBJECT[q.subject or "opportunity"]
        record = Ref(kind, (rid,), (str(row.get("name") or ""),), "")
        asked = q.copy(record=record, measure="field", limit=None)
        await self._field(run, asked, lang, today, speak, after=True)

    @staticmethod
    async def _speak_team(run: Executor, team: Ref, lang: Lang, speak: Speak) -> None:
        """ "El equipo Ventas: Ana García, Carlos Navarro y Lucía Fernández; lo dirige …"."""
        leader, members = await run.team(team.ids[0])
        people = join(members, lang) if members else ""
        if lang == "es":
            said = f"El equipo {team.name}: {people}." if people else (
                f"El equipo {team.name} no tiene miembros en Odoo.")  # fmt: skip
            speak(said + (f" Lo dirige {leader}." if leader else ""))
        else:
            said = f"The {team.name} team: {people}." if people else (
                f"The {team.name} team has no members in Odoo.")  # fmt: skip
            speak(said + (f" {leader} leads it." if leader else ""))

    @staticmethod
    def _speak_latest_order(
        q: Query, row: dict[str, Any], lang: Lang, today: date, speak: Speak
    ) -> None:
        """ "El último pedido confirmado de X es S00043, del martes 1 de diciembre: 2.225 €
        sin impuestos"."""
        what = say_.described(q.copy(customer=None), 1, lang, today)
        who = q.customer.name if q.customer is not None else ""
        day = parse_iso(row.get("date"))
        when = day_words(day, lang, today) if day else ""
        amount = say_._money(float(row.get("amount_untaxed") or 0), lang)
        if lang == "es":
            # "el miércoles 2 de diciembre" → "del miércoles…"; "hoy" → "de hoy"
            dated = ("del " + when[3:] if when.startswith("el ") else "de " + when) if when else ""
            of = f" de {who}" if who else ""
            speak(f"El último {what}{of} es {row.get('name')}"
                  f"{', ' + dated if dated else ''}: {amount} sin impuestos.")  # fmt: skip
        else:
            dated = when if when in ("today", "yesterday") else f"on {when}" if when else ""
            of = f" for {who}" if who else ""
            speak(f"The latest {what}{of} is {row.get('name')}"
                  f"{', ' + dated if dated else ''}: {amount} before tax.")  # fmt: skip

    def _speak_rank(self, q: Query, result: Result, lang: Lang, today: date, speak: Speak) -> None:
        subject = q.subject or "opportunity"
        by_money = q.field == "sum"
        groups = [g for g in result.groups if g[0]]
        if not groups:
            speak(say_.none_sentence(q, lang, today))
            return
        groups.sort(key=lambda g: (g[2] if by_money else g[1], g[1]), reverse=True)
        if q.ordinal == -1:
            groups.reverse()
        what = say_.described(q, 2, lang, today)

        def figure(g: tuple[str, int, float]) -> str:
            if by_money:
                return say_._money(g[2], lang)
            return f"{number(g[1], lang)} {say_.noun(subject, g[1], lang)}"

        group_word = {
            "stage": ("La etapa", "The stage"),
            "owner": ("La persona", "The person"),
            "customer": ("El cliente", "The customer"),
            "project": ("El proyecto", "The project"),
            "product": ("El producto", "The product"),
            "month": ("El mes", "The month"),
        }[q.group or "owner"]
        if q.place is not None:
            self._speak_place(q, groups, figure, lang, speak)
            return
        top = groups[0]
        if q.ordinal != -1:
            best_word = "con mayor importe en" if by_money else "con más"
        else:
            best_word = "con menor importe en" if by_money else "con menos"
        # "Priya, with 5 tasks. Next come Robert (5 tasks)": a tie at the top is said so
        tied = [g for g in groups if figure(g) == figure(top)]
        shown = [g[0] for g in tied[:TIED_SHOWN]]
        if len(tied) > TIED_SHOWN:
            shown.append(f"{number(len(tied) - TIED_SHOWN, lang)} {_MORE[lang]}")
        names = join(shown, lang)
        if lang == "es":
            lead = f"{group_word[0]} {best_word} {what} es {top[0]}, con {figure(top)}"
            if len(tied) > 1:
                lead = (
                    f"{group_word[0]} {best_word} {what}: empate entre {names}, "
                    f"con {figure(top)} cada uno"
                )
        else:
            most = "most" if q.ordinal != -1 else "fewest"
            if by_money:
                most = "highest total of" if q.ordinal != -1 else "lowest total of"
            lead = f"{group_word[1]} with the {most} {what} is {top[0]}, with {figure(top)}"
            if len(tied) > 1:
                lead = (
                    f"{group_word[1]} with the {most} {what}: a tie between {names}, "
                    f"with {figure(top)} each"
                )
        if by_money and subject in ("order", "quotation"):
            lead += say_.basis(subject, lang)
        speak(lead + ".")
        first = len(tied)
        rest = groups[first : max(first, (q.limit or 3) if q.limit and q.limit > 1 else 3)]
        if rest:
            listed = join([f"{g[0]} ({figure(g)})" for g in rest], lang)
            if lang == "es":
                speak(f"Le sigue {listed}." if len(rest) == 1 else f"Le siguen {listed}.")
            else:
                speak(f"Next comes {listed}." if len(rest) == 1 else f"Next come {listed}.")

    def _speak_soonest(
        self, q: Query, result: Result, lang: Lang, today: date, speak: Speak
    ) -> None:
        """ "¿Cuál cierra antes?": the deal whose expected closing date is nearest."""
        dated = [(r, parse_iso(r.get("deadline") or r.get("date_deadline"))) for r in result.rows]
        row, day = next(((r, d) for r, d in dated if d is not None), (None, None))
        if row is None or day is None:
            speak(_NO_CLOSING[lang])
            return
        when = day_words(day, lang, today)
        line = say_.row_line(q.subject or "opportunity", row, lang, today)
        if lang == "es":
            speak(f"La próxima en cerrar es {line}: su cierre previsto es {when}.")
        else:
            speak(f"The next to close is {line}, expected to close {when}.")
        self._focus(q, row)

    def _speak_by_age(
        self, q: Query, result: Result, lang: Lang, today: date, speak: Speak
    ) -> None:
        """ "La oportunidad abierta más antigua es X (…)", "The newest open deals: …"."""
        subject = q.subject or "opportunity"
        newest = q.measure == "max"
        feminine = say_._feminine(subject)
        if lang == "es":
            adj = "reciente" if newest else ("antigua" if feminine else "antiguo")
        else:
            adj = "newest" if newest else "oldest"
        if q.limit and q.limit > 1:
            what = say_.described(q, q.limit, lang, today)
            if lang == "es":
                adjs = "recientes" if newest else ("antiguas" if feminine else "antiguos")
                intro = f"{'Las' if feminine else 'Los'} {q.limit} {what} más {adjs}"
            else:
                intro = f"The {q.limit} {adj} {what}"
            speak(say_.names_sentence(q, result.rows, lang, today, intro=intro, limit=q.limit))
            return
        row = result.rows[0]
        what = say_.described(q, 1, lang, today)
        line = say_.row_line(subject, row, lang, today)
        if lang == "es":
            speak(f"{'La' if feminine else 'El'} {what} más {adj} es {line}.")
        else:
            speak(f"The {adj} {what} is {line}.")
        self._focus(q, row)

    @staticmethod
    def _speak_place(
        q: Query,
        groups: list[tuple[str, int, float]],
        figure: Callable[[tuple[str, int, float]], str],
        lang: Lang,
        speak: Speak,
    ) -> None:
        """One place of the ranking asked before: "En el puesto 2: Colegio Santa Teresa,
        con 31.919 €"; the last for -1."""
        assert q.place is not None
        index = q.place - 1 if q.place > 0 else len(groups) + q.place
        if not 0 <= index < len(groups):
            n = number(len(groups), lang)
            speak(f"La lista solo tiene {n}." if lang == "es" else f"The list only has {n}.")
            return
        name, place = groups[index][0], number(index + 1, lang)
        basis = say_.basis(q.subject or "", lang) if q.field == "sum" else ""
        if lang == "es":
            speak(f"En el puesto {place}: {name}, con {figure(groups[index])}{basis}.")
        else:
            speak(f"In place {place}: {name}, with {figure(groups[index])}{basis}.")

    async def _field(
        self, run: Executor, q: Query, lang: Lang, today: date, speak: Speak, *, after: bool = False
    ) -> None:
        """A field of one record ("La etapa de X es Negociación"); `after` the record was
        just named, of "it" ("Su etapa es Negociación")."""
        assert q.record is not None
        fields = _FIELDS_OF.get((q.record.kind, q.field or ""))
        if fields is None and q.measure == "field":
            # a field this kind of record does not have ("the deadline of <a person>"):
            # its card, never its other values under that field's name
            q = q.copy(measure="detail", field=None)
        assert q.record is not None
        if q.measure == "detail" or fields is None:
            fields = _DETAIL_FIELDS.get(q.record.kind, ["name"])
        typed = q.measure == "detail" and q.record.kind in _TYPED_KINDS
        if q.record.kind == "task" and q.field in ("assignees", "owner"):
            typed, fields = True, ["name", "assignees"]  # names, from the task's card
        result = await run.record(q, None if typed else fields)
        row = result.record
        if row is None:
            speak(_not_found(q.record, lang))
            return
        self.context.focus = q.record
        self.context.rows = [row]
        if q.role and q.record.kind == "partner" and row.get("is_company") is not False:
            await self._speak_role(run, q, str(row.get("name") or q.record.name), lang, speak)
            return
        if q.measure == "detail" or q.field is None:
            self._speak_row(q, row, lang, today, speak)
            if q.record.kind == "partner" and row.get("is_company") is not False:
                await self._speak_contacts(run, q.record.ids[0], lang, speak)
            return
        name = str(row.get("name") or q.record.name)
        if q.field == "lost_reason":
            speak(_lost_reason(row, name, lang))
            return
        value = _value(row, fields, lang, today)
        label = say_._FIELD_NAMES.get(q.field, (q.field, q.field))
        if q.record.kind == "lead" and q.field == "deadline":  # a deal has no "deadline"
            label = ("la fecha de cierre prevista", "expected closing date")
        noun = label[0].split(" ", 1)[-1]
        if after:
            if lang == "es":
                speak(f"Su {noun} es {value}." if value else f"No tiene {noun} en Odoo.")
            else:
                speak(f"Its {label[1]} is {value}." if value else f"It has no {label[1]} in Odoo.")
            return
        if not value:
            speak(f"{name} no tiene {noun} en Odoo." if lang == "es"
                  else f"{name} has no {label[1]} in Odoo.")  # fmt: skip
            return
        if q.record.kind == "task" and q.field in ("assignees", "owner"):
            speak(f"«{name}» está asignada a {value}." if lang == "es"
                  else f"“{name}” is assigned to {value}.")  # fmt: skip
        elif lang == "es":
            speak(f"{label[0][0].upper()}{label[0][1:]} de {name} es {value}.")
        else:
            speak(f"The {label[1]} of {name} is {value}.")

    async def _count_contacts(self, run: Executor, company: Ref, lang: Lang, speak: Speak) -> None:
        """ "¿Cuántos contactos tiene Acme?": "Acme Ibérica S.L. tiene 2 contactos: …"."""
        count, names = await run.contacts(company.ids[0], quiet=False)
        self.context.focus = company
        self.context.rows = []
        listed = f": {join(_some_of(count, names, lang), lang)}" if names else ""
        if lang == "es":
            word = "contacto" if count == 1 else "contactos"
            speak(f"{company.name} tiene {number(count, lang)} {word}{listed}.")
        else:
            word = "contact" if count == 1 else "contacts"
            speak(f"{company.name} has {number(count, lang)} {word}{listed}.")

    @staticmethod
    async def _speak_contacts(run: Executor, company: int, lang: Lang, speak: Speak) -> None:
        """A company's contact people, after its card: "Contactos: Laura Gil y Pedro Ruiz"."""
        count, names = await run.contacts(company)
        if not names:
            speak(_NO_CONTACTS[lang])
            return
        word = "Contactos" if lang == "es" else "Contacts"
        if count == 1:
            word = word[:-1]
        speak(f"{word}: {join(_some_of(count, names, lang), lang)}.")

    async def _speak_role(
        self, run: Executor, q: Query, company: str, lang: Lang, speak: Speak
    ) -> None:
        """The contacts of a company whose job title (from the ERP) has the words said of
        a job ("director financiero", "compras", "CFO"), or all of them with their titles:
        "Directora financiera de Acme Ibérica S.L.: María Gómez Herrero (maria@…, +34…)"."""
        _, rows = await run.contact_rows(q.record.ids[0])  # type: ignore[union-attr]
        matched = [row for row in rows if _holds_role(str(row.get("function") or ""), q.role)]
        self.context.rows = matched or rows
        if matched:
            for row in matched[:3]:
                reach = join([str(row[k]) for k in ("email", "phone") if row.get(k)], lang)
                who = f"{row['name']} ({reach})" if reach else str(row["name"])
                place = "de" if lang == "es" else "at"
                speak(f"{row['function']} {place} {company}: {who}.")
            if len(matched) == 1:
                self.context.focus = Ref(
                    "partner", (int(matched[0]["id"]),), (matched[0]["name"],), ""
                )
            return
        said = " ".join(q.role)
        if lang == "es":
            speak(f"No encuentro a nadie con el cargo «{said}» en {company}.")
        else:
            speak(f"I can't find anyone with the job title “{said}” at {company}.")
        if not rows:
            speak(_NO_CONTACTS[lang])
            return
        shown = [titled(row) for row in rows[:6]]
        word = "Sus contactos" if lang == "es" else "Its contacts"
        speak(f"{word}: {join(shown, lang)}.")

    def _speak_row(
        self, q: Query, row: dict[str, Any], lang: Lang, today: date, speak: Speak
    ) -> None:
        subject = q.subject or "opportunity"
        parts = [say_.row_line(subject, row, lang, today)]
        labels = _ROW_LABELS[lang]
        for key in _ROW_KEYS:
            value = row.get(key)
            if isinstance(value, list):
                value = join([str(v) for v in value], lang)
            elif key == "price" and isinstance(value, int | float):
                value = say_._money(float(value), lang)  # a product's card
            if (
                value
                and key in labels
                and not (key in ("customer", "partner_id") and subject in ("order", "quotation"))
            ):
                parts.append(f"{labels[key]} {value}")
        due = parse_iso(row.get("deadline") or row.get("date_deadline"))
        if due is not None and subject != "task":
            parts.append(f"{labels['date_deadline']} {day_words(due, lang, today)}")
        speak(". ".join(part[:1].upper() + part[1:] for part in parts) + ".")
        rid = row.get("id")
        if isinstance(rid, int):
            self._focus(q, row)


_ROW_KEYS = ("customer", "partner_id", "project", "project_id", "stage", "stage_id",
             "salesperson", "manager", "user_id", "assignees", "email", "phone",
             "city", "price")  # fmt: skip
_ES_LABELS = {"customer": "cliente", "stage": "etapa", "salesperson": "comercial",
              "manager": "responsable", "project": "proyecto", "assignees": "asignada a",
              "email": "email", "phone": "teléfono", "city": "ciudad",
              "price": "precio de venta", "date_deadline": "cierre previsto"}  # fmt: skip
_EN_LABELS = {"customer": "customer", "stage": "stage", "salesperson": "salesperson",
              "manager": "manager", "project": "project", "assignees": "assigned to",
              "email": "email", "phone": "phone", "city": "city",
              "price": "sales price", "date_deadline": "expected to close"}  # fmt: skip
_RAW = {"partner_id": "customer", "stage_id": "stage", "user_id": "manager",
        "project_id": "project"}  # fmt: skip
_ROW_LABELS: dict[str, dict[str, str]] = {
    "es": {**_ES_LABELS, **{k: _ES_LABELS[v] for k, v in _RAW.items()}},
    "en": {**_EN_LABELS, **{k: _EN_LABELS[v] for k, v in _RAW.items()}},
}
_PARTNER = {"email": ["name", "email"], "phone": ["name", "phone", "mobile"],
            "city": ["name", "city"], "address": ["name", "street", "zip", "city"],
            "website": ["name", "website"], "country": ["name", "country_id"],
            "owner": ["name", "user_id"], "function": ["name", "function"]}  # fmt: skip
_FIELDS_OF: dict[tuple[str, str], list[str]] = {
    **{("partner", k): v for k, v in _PARTNER.items()},
    **{("user", k): v for k, v in _PARTNER.items() if k in ("email", "phone")},
    ("lead", "owner"): ["name", "user_id"],
    ("order", "owner"): ["name", "user_id"],
    ("lead", "lost_reason"): ["name", "lost_reason_id", "active", "stage_id"],
    ("lead", "probability"): ["name", "probability"],
    ("lead", "deadline"): ["name", "date_deadline"],
    ("lead", "stage_field"): ["name", "stage_id"],
    ("lead", "revenue"): ["name", "expected_revenue"],
    ("lead", "email"): ["name", "email_from"],
    ("lead", "phone"): ["name", "phone"],
    ("lead", "city"): ["name", "city"],
    ("task", "owner"): ["name", "user_ids"],
    ("task", "assignees"): ["name", "user_ids"],
    ("task", "deadline"): ["name", "date_deadline"],
    ("task", "stage_field"): ["name", "stage_id"],
    ("project", "owner"): ["name", "user_id"],
    ("project", "customer"): ["name", "partner_id"],
    ("lead", "customer"): ["name", "partner_id"],
    ("project", "assignees"): ["name", "user_id"],
    ("project", "deadline"): ["name", "date"],
    ("project", "stage_field"): ["name", "task_count"],
    ("product", "price"): ["name", "list_price"],
    ("product", "cost"): ["name", "standard_price"],
}
_NO_CLOSING = {
    "es": "Ninguna de esas oportunidades tiene un cierre previsto de hoy en adelante.",
    "en": "None of those opportunities is expected to close from today on.",
}
#: Groups tied at the top of a ranking named before "and N more".
TIED_SHOWN = 4
_MORE = {"es": "más", "en": "more"}
#: What may be said of the largest (smallest) record after it (interpret's choice).
_OF_EXTREME = frozenset(["stage_field", "owner", "customer", "probability", "deadline"])
#: The kind of record (`Ref.kind`) each subject's records are.
_KIND_OF_SUBJECT = {"opportunity": "lead", "lead": "lead", "task": "task", "project": "project",
                    "order": "order", "quotation": "order", "customer": "partner",
                    "contact": "partner", "person": "user", "product": "product"}  # fmt: skip
_KIND_OF_MODEL = {"crm.lead": "lead", "project.task": "task", "project.project": "project",
                  "sale.order": "order", "res.partner": "partner", "res.users": "user",
                  "product.product": "product"}  # fmt: skip
#: Kinds whose record is opened with its business card (the page shows it).
_TYPED_KINDS = frozenset({"lead", "task", "project", "order", "partner", "product"})
_DETAIL_FIELDS: dict[str, list[str]] = {
    "lead": ["name", "partner_id", "expected_revenue", "stage_id", "user_id", "date_deadline"],
    "task": ["name", "project_id", "user_ids", "date_deadline", "stage_id"],
    "project": ["name", "user_id", "partner_id", "task_count"],
    "partner": ["name", "email", "phone", "city"],
    "user": ["name", "login", "email"],
    "product": ["name", "list_price"],
    "stage": ["name"],
}


def _lost_reason(row: dict[str, Any], name: str, lang: Lang) -> str:
    """Why a deal was lost, as noted in Odoo; a deal still active is not lost."""
    es = lang == "es"
    if row.get("active") is True:  # a card gives an unset boolean as None
        stage = _name_of(row.get("stage_id"))
        where = (
            (f": está en la etapa {stage}" if es else f": it is in the {stage} stage")
            if stage
            else ""
        )
        return f"«{name}» no está perdida{where}." if es else f"“{name}” is not lost{where}."
    reason = _name_of(row.get("lost_reason_id"))
    if not reason:
        return (f"«{name}» se perdió, y no tiene motivo anotado en Odoo." if es
                else f"“{name}” was lost, and has no reason noted in Odoo.")  # fmt: skip
    return f"«{name}» se perdió por: {reason}." if es else f"“{name}” was lost: {reason}."


def _name_of(value: Any) -> str:
    """The name of a many2one as `odoo_read` gives it (a name, or `[id, name]`)."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return str(value[1])
    return str(value) if value not in (None, False, "") else ""


def _value(row: dict[str, Any], fields: list[str], lang: Lang, today: date) -> str:
    values = []
    for name in fields[1:]:
        value = row.get(name)
        if value in (None, False, "", []):
            continue
        if name == "probability" and isinstance(value, int | float):
            values.append(f"{number(float(value), lang)} %")
        elif name in ("expected_revenue", "list_price", "standard_price") and isinstance(
            value, int | float
        ):
            values.append(say_._money(float(value), lang))
        elif name in ("date_deadline", "date"):
            day = parse_iso(value)
            values.append(day_words(day, lang, today) if day else str(value))
        elif isinstance(value, list):
            values.append(join([str(v) for v in value], lang))
        else:
            values.append(str(value))
    return ", ".join(values)


def _worth(subject: str, total: float, lang: Lang) -> str:
    amount = say_._money(total, lang) + say_.basis(subject, lang)
    return f"En total, {amount}." if lang == "es" else f"Worth {amount} in all."


_ORDER_STATE = {
    "es": {"draft": "en presupuesto", "sent": "presupuesto enviado", "sale": "confirmado",
           "done": "confirmado", "cancel": "cancelado"},
    "en": {"draft": "a draft quotation", "sent": "a quotation sent", "sale": "confirmed",
           "done": "confirmed", "cancel": "cancelled"},
}  # fmt: skip
_ASK_WHAT = {
    "es": "¿A qué te refieres? Dime de qué oportunidad, tarea, pedido o persona hablas y te "
    "lo busco.",
    "en": "What do you mean? Tell me which opportunity, task, order or person you mean and "
    "I'll look it up.",
}
_OUT_OF_SCOPE = {
    "es": "Eso queda fuera de lo que puedo consultar: te ayudo con el CRM, los proyectos y "
    "tareas, las ventas, los productos y los contactos de Odoo.",
    "en": "That's outside what I can look up: I can help with Odoo's CRM, projects and tasks, "
    "sales, products and contacts.",
}
#: Answers for what Odoo keeps and Daniel does not read (lexicon.NOT_READ_WORDS).
_NOT_READ = {
    "accounting": {
        "es": "Todavía no consulto facturas ni cobros (la contabilidad de Odoo). Sí puedo "
        "decirte lo vendido en pedidos confirmados, por ejemplo: «¿cuánto vendimos el mes "
        "pasado?» o «¿qué cliente nos ha comprado más este año?».",
        "en": "I can't read invoices or payments yet (Odoo's Accounting). I can tell you what "
        "was sold in confirmed orders, for example: “how much did we sell last month?” or "
        "“which customer bought the most this year?”.",
    },
    "timesheet": {
        "es": "Todavía no consulto las horas imputadas (los partes de horas de Odoo). Sí "
        "puedo decirte las tareas de un proyecto, por ejemplo: «¿cómo va el proyecto X?» o "
        "«¿qué tareas vencidas hay?».",
        "en": "I can't read logged hours yet (Odoo's timesheets). I can tell you a project's "
        "tasks, for example: “how is the X project going?” or “which tasks are overdue?”.",
    },
    "inventory": {
        "es": "Todavía no consulto entregas ni existencias (el inventario de Odoo). Sí puedo "
        "decirte los pedidos confirmados, por ejemplo: «¿qué pedidos hemos confirmado este "
        "mes?».",
        "en": "I can't read deliveries or stock yet (Odoo's Inventory). I can tell you the "
        "confirmed orders, for example: “which orders did we confirm this month?”.",
    },
    "activity": {
        "es": "Todavía no consulto las actividades de Odoo (llamadas, reuniones, "
        "recordatorios). Sí puedo decirte tus tareas y oportunidades, por ejemplo: «¿qué "
        "tareas tengo para hoy?» o «¿qué oportunidades cierran esta semana?».",
        "en": "I can't read Odoo's activities yet (calls, meetings, reminders). I can tell you "
        "your tasks and opportunities, for example: “what tasks do I have today?” or “which "
        "deals close this week?”.",
    },
}
_NO_CONTACTS = {
    "es": "No tiene personas de contacto en Odoo.",
    "en": "It has no contact people in Odoo.",
}
_HELLO = {
    "es": "¡Hola! Pregúntame por tus oportunidades, tareas, pedidos o clientes.",
    "en": "Hi! Ask me about your opportunities, tasks, orders or customers.",
}


def _default_scope(query: Query, scope: str) -> None:
    """A pipeline question that names nobody covers the person's default scope."""
    if scope not in ("mine", "team") or query.subject not in (None, "opportunity", "lead"):
        return
    if query.owner or query.me or query.everyone or query.unassigned or query.record:
        return
    if scope == "mine":
        query.me = True
    else:
        query.team = True


def _not_understood(decision: Decision, lang: Lang) -> str:
    words = [w for w in decision.missing if w]
    if words:
        shown = ", ".join(f"«{w}»" for w in words[:3]) if lang == "es" else ", ".join(
            f"“{w}”" for w in words[:3])  # fmt: skip
        if lang == "es":
            return (f"No he entendido {shown}. ¿Me lo preguntas de otra forma? Por ejemplo: "
                    "«¿qué oportunidades tengo abiertas?»")  # fmt: skip
        return (f"I didn't understand {shown}. Could you ask another way? For example: "
                "“what opportunities do I have open?”")  # fmt: skip
    if lang == "es":
        return "No te he entendido. ¿Me lo preguntas de otra forma?"
    return "I didn't understand that. Could you ask another way?"


def _left_out(words: list[str], lang: Lang) -> str:
    if lang == "es":
        shown = ", ".join(f"«{w}»" for w in words[:3])
        return f"No he tenido en cuenta {shown}: no sé a qué se refiere."
    shown = ", ".join(f"“{w}”" for w in words[:3])
    return f"I left out {shown}: I don't know what it refers to."


def _which(ref: Ref, lang: Lang) -> str:
    options = join(list(ref.names[:4]), lang).replace(" y ", " o ").replace(" and ", " or ")
    if lang == "es":
        return f"Hay varios que encajan con «{ref.said}»: {options}. ¿Cuál?"
    return f"Several match “{ref.said}”: {options}. Which one?"


def _holds_role(function: str, said: list[str]) -> bool:
    """A job title holds the words said of a job: each word, or its first five letters
    ("financiero" / "financiera", "compras" / "Compras", "purchasing" / "Purchasing
    Manager"), or the title's initials ("CFO" for "Chief Financial Officer")."""
    title = [w for w in fold(function).replace("-", " ").split() if w]
    if not title:
        return False
    initials = "".join(w[0] for w in title if w not in lx.TITLE_FILLER)
    wanted = [fold(w) for w in said if fold(w) not in lx.TITLE_FILLER]
    if any(w not in lx.JOB_LEAD_WORDS for w in wanted):
        wanted = [w for w in wanted if w not in lx.JOB_LEAD_WORDS]  # "jefe de marketing": marketing
    if not wanted:
        return False
    if len(wanted) == 1 and wanted[0] == initials and len(initials) >= 2:
        return True
    return all(any(w == t or (len(w) >= 5 and t.startswith(w[:5])) for t in title) for w in wanted)


def _unknown(names: list[str], lang: Lang, near: Sequence[str] = ()) -> str:
    shown = join([f"«{n}»" if lang == "es" else f"“{n}”" for n in names[:2]], lang)
    similar = join(list(near[:3]), lang)
    if lang == "es":
        have = f" Sí tengo {similar}." if near else ""
        return f"No encuentro {shown} en Odoo.{have} ¿Me dices el nombre tal como aparece en Odoo?"
    have = f" I do have {similar}." if near else ""
    return f"I can't find {shown} in Odoo.{have} Could you tell me the name as it appears in Odoo?"


def _some_of(count: int, names: list[str], lang: Lang) -> list[str]:
    """Up to four names read of `count` (the first three of more), then "and N more"."""
    shown = names[:3] if count > 4 else names
    if count > len(shown):
        shown = [*shown, f"{number(count - len(shown), lang)} {_MORE[lang]}"]
    return shown


def _no_stage(said: str, stages: Sequence[str], lang: Lang) -> str:
    """A stage named that the ERP does not have, and the ones it has (in their order)."""
    listed = join(list(stages), lang)
    if lang == "es":
        have = f" Las etapas son {listed}." if stages else ""
        return f"No encuentro ninguna etapa «{said}» en Odoo.{have}"
    have = f" The stages are {listed}." if stages else ""
    return f"I can't find a stage called “{said}” in Odoo.{have}"


def _not_found(ref: Ref, lang: Lang) -> str:
    if lang == "es":
        return f"No encuentro «{ref.said or ref.name}» en Odoo, o no tengo acceso."
    return f"I can't find “{ref.said or ref.name}” in Odoo, or I have no access to it."
