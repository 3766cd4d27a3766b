"""Changes people ask for, read with the same name matching as questions: mark a deal
won or lost, move it to a stage, give it or a task to someone, set a task's deadline,
close a task, create a task, change a deal's expected revenue.

`read_command` returns a `Command` (an MCP write tool and its arguments) when the
message is a change whose target and values are all clear; the brain sends it through
the MCP server's preview → confirm flow. Anything unclear returns None and the dialogue
layer asks for what is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from daniel.language.dates import find_dates
from daniel.language.numbers import find_amounts
from daniel.language.text import Lang, fold, tokenize

from ..executor import Tools
from ..interpret import Context
from ..names import EXACT, Mention, NameIndex, pick

_WON = re.compile(r"\b(ganad[ao]s?|ganamos|hemos ganado|won|we won|win)\b")
_LOST = re.compile(r"\b(perdid[ao]s?|perdimos|hemos perdido|lost|we lost|lose)\b")
_CLOSE = re.compile(
    r"\b(hecha|hecho|terminad[ao]|completad[ao]|he terminado|he acabado|acabad[ao]|done"
    r"|finished|completed|i've finished|i have finished|i finished|cierra la tarea)\b"
)
_ASSIGN = re.compile(r"\b(asigna\w*|reasigna\w*|assign\w*|give|hand|que lleve|pasasela)\b")
_STAGE_VERB = re.compile(r"\b(mueve\w*|pasa|pasala|cambia\w*|move|put|set|lleva\w*)\b")
_DEADLINE = re.compile(
    r"\b(fecha limite|deadline|vencimiento|plazo|due date|para|to|aplaza\w*|retrasa\w*"
    r"|reschedule|push)\b"
)
_CREATE_TASK = re.compile(r"\b(crea\w*|anade|anadir|create|add|new|nueva)\b.*\b(tarea|task)\b")
_REVENUE = re.compile(r"\b(importe esperado|ingreso esperado|expected revenue|valor esperado)\b")
_QUOTED = re.compile(r"[«\"“](.+?)[»\"”]")
_QUESTION = re.compile(
    r"^\s*(cuant[oa]s?|cuanto|que(?! lleve)|cual(es)?|quien(es)?|how|what|which|who|when"
    r"|cuando|donde"
    r"|where|is|are|do|does|did|tiene|hay)\b"
)
_POINTERS = frozenset(["it", "this", "that", "esta", "este", "esa", "ese", "la", "lo"])
_CLITICS = ("ala", "alo", "ela", "elo")
_NEXT_STAGE = re.compile(r"\b(siguiente etapa|next stage|siguiente fase)\b")


@dataclass(slots=True)
class Command:
    tool: str
    args: dict[str, Any]


class CommandReader:
    def __init__(self, names: NameIndex, tools: Tools, context: Context) -> None:
        self.names = names
        self.tools = tools
        self.context = context
        self._pointing = False

    async def read(self, text: str, lang: Lang, today: date) -> Command | None:
        folded = fold(text)
        if _QUESTION.search(folded) and not _CREATE_TASK.search(folded):
            return None  # "¿cuántas hemos ganado?" asks, it does not change anything
        tokens = tokenize(text, folded)
        words = [t.norm for t in tokens]
        self._pointing = any(w in _POINTERS or w.endswith(_CLITICS) for w in words)
        if _NEXT_STAGE.search(folded):
            return None  # the dialogue layer knows the CRM's order
        if _CREATE_TASK.search(folded):
            return self._create_task(text, folded, tokens, words, today, lang)
        if _REVENUE.search(folded):
            lead = self._target(words, ("lead",))
            amounts = [a for a in find_amounts(folded, lang) if a.value >= 1]
            if lead is None or not amounts:
                return None
            return Command(
                "crm_update_lead", {"lead_id": lead, "expected_revenue": amounts[-1].value}
            )
        if _ASSIGN.search(folded):
            return self._assign(words)
        if _CLOSE.search(folded):
            task = self._target(words, ("task",))
            if task is None:
                return None
            stage = await self._done_stage(task)
            return Command("task_set_stage", {"task_id": task, "stage": stage}) if stage else None
        if _WON.search(folded):
            lead = self._target(words, ("lead",))
            return Command("crm_mark_won", {"lead_id": lead}) if lead else None
        if _LOST.search(folded):
            lead = self._target(words, ("lead",))
            return Command("crm_mark_lost", {"lead_id": lead}) if lead else None
        dates = find_dates(folded, today, lang, prefer_future=True)
        if dates and _DEADLINE.search(folded):
            task = self._target(words, ("task",))
            if task is not None:
                due = dates[-1].span.end.isoformat()
                return Command("task_set_deadline", {"task_id": task, "deadline": due})
        if _STAGE_VERB.search(folded):
            crm_stage = self._best(words, ("stage",))
            lead = self._target(words, ("lead",), avoid=crm_stage)
            if crm_stage is not None and lead is not None:
                return Command("crm_move_stage", {"lead_id": lead, "stage": crm_stage[1]})
        return None

    # ------------------------------------------------------------------ pieces
    def _best(
        self, words: list[str], kinds: tuple[str, ...], avoid: tuple[Mention, int] | None = None
    ) -> tuple[Mention, int] | None:
        """The clearest mention of one record of `kinds`: the whole name wins; two equal
        candidates are not clear (None)."""
        mentions = self.names.find_mentions(words, kinds)
        if avoid is not None:
            taken = set(range(avoid[0].start, avoid[0].end))
            mentions = [m for m in mentions if not taken & set(range(m.start, m.end))]
        for mention in pick(mentions):
            top = mention.top(*kinds)
            if len(top) == 1:
                return mention, top[0].named.id
            exact = [c for c in top if c.how == EXACT]
            if len(exact) == 1:
                return mention, exact[0].named.id
        return None

    def _target(
        self, words: list[str], kinds: tuple[str, ...], avoid: tuple[Mention, int] | None = None
    ) -> int | None:
        found = self._best(words, kinds, avoid)
        if found is not None:
            return found[1]
        kind = kinds[0]
        focus = self.context.focus
        if self._pointing and focus is not None and focus.kind == kind and len(focus.ids) == 1:
            return focus.ids[0]  # "márcala como ganada", "mark it as won"
        return None

    def _assign(self, words: list[str]) -> Command | None:
        person = self._best(words, ("user",))
        if person is None:
            return None
        lead = self._best(words, ("lead",), avoid=person)
        task = self._best(words, ("task",), avoid=person)
        if lead is not None and (task is None or _length(lead) >= _length(task)):
            return Command("crm_update_lead", {"lead_id": lead[1], "salesperson": person[1]})
        if task is not None:
            return Command("task_assign", {"task_id": task[1], "assignees": [person[1]]})
        return None

    def _create_task(
        self, text: str, folded: str, tokens: list[Any], words: list[str], today: date, lang: Lang
    ) -> Command | None:
        project = self._best(words, ("project",))
        if project is None:
            return None
        quoted = _QUOTED.search(text)
        if quoted:
            title = quoted.group(1).strip()
        else:
            end = tokens[project[0].end - 1].end
            rest = text[end:]
            if ":" not in rest:
                return None
            title = rest.rsplit(":", 1)[1].strip()
        if not title:
            return None
        args: dict[str, Any] = {"name": title, "project": project[1]}
        person = self._best(words, ("user",), avoid=project)
        if person is not None:
            args["assignees"] = [person[1]]
        head = fold(text.replace(title, " "))
        dates = find_dates(head, today, lang, prefer_future=True)
        if dates:
            args["deadline"] = dates[-1].span.end.isoformat()
        return Command("task_create", args)

    async def _done_stage(self, task_id: int) -> int | None:
        """The task's project's closing (folded) stage, as the ERP names it."""
        task = await self.tools.call(
            "odoo_names",
            {"model": "project.task", "domain": [["id", "=", task_id]], "fields": ["project_id"]},
            quiet=True,
        )
        rows = task.get("names") or []
        project = rows[0].get("project_id") if rows else None
        domains: list[list[Any]] = [[["fold", "=", True]]]
        if isinstance(project, dict):  # the project's own closing stage first
            domains.insert(0, [["fold", "=", True], ["project_ids", "in", [project["id"]]]])
        for domain in domains:
            stages = await self.tools.call(
                "odoo_names", {"model": "project.task.type", "domain": domain}, quiet=True
            )
            found = stages.get("names") or []
            if found:
                return int(found[0]["id"])
        return None


def _length(found: tuple[Mention, int]) -> int:
    return found[0].end - found[0].start
