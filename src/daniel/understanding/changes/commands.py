"""Changes resolved against the live ERP's names: mark a deal won or lost, move it to a
stage, give it or a task to someone, set a task's deadline, close a task, create a task,
change a deal's expected revenue.

The change itself is recognised once, by the grammar of changes (`nlu.understand`: an
intent and the pieces as said). `CommandReader.read` finds its records with the same name
matching as questions (`understanding.names`) and returns a `Command` (an MCP write tool
and its arguments) when every piece is clear; the brain sends it through the MCP server's
preview → confirm flow. Anything unclear returns None and the dialogue asks for what is
missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from daniel.language.dates import DateSpan
from daniel.language.text import fold, tokenize

from ..executor import Tools
from ..interpret import Context
from ..names import EXACT, Mention, NameIndex, pick
from . import contact
from .frames import NEXT_STAGE, Intent, Slots, Understanding

_POINTERS = frozenset(["it", "this", "that", "esta", "este", "esa", "ese", "la", "lo"])
_CLITICS = ("ala", "alo", "ela", "elo")


def deadline_of(period: DateSpan | None) -> date | None:
    """A single due date: a day as is; a week ends on its Friday; longer periods on
    their last day."""
    if period is None:
        return None
    if period.grain == "day":
        return period.end  # a day, or "hasta el viernes": the last day of the range
    if period.grain == "week":
        return min(period.end, period.start + timedelta(days=4))
    return period.end


@dataclass(slots=True)
class Command:
    tool: str
    args: dict[str, Any]


Person = int | str  # a user id, or "me"


def change(
    intent: Intent,
    slots: Slots,
    *,
    record: int | None = None,
    person: Person | None = None,
    stage: int | str | None = None,
    project: int | None = None,
) -> Command | None:
    """The MCP write tool and arguments of a change whose records are resolved: `record`
    the deal or task acted on, `person` the salesperson or assignee, `stage` the ERP's
    stage, `project` the project of a new task. The one place each kind of change meets
    its tool, whichever path resolved its pieces; None when a piece is missing."""
    due = deadline_of(slots.period)
    if intent is Intent.CREATE_TASK:
        if project is None or not slots.title:
            return None
        args: dict[str, Any] = {"name": slots.title, "project": project}
        if person is not None:
            args["assignees"] = [person]
        if due is not None:
            args["deadline"] = due.isoformat()
        if slots.priority == "high":
            args["priority"] = "high"
        return Command("task_create", args)
    if record is None:
        return None
    lead, task = {"lead_id": record}, {"task_id": record}
    if intent is Intent.MARK_WON:
        return Command("crm_mark_won", lead)
    if intent is Intent.MARK_LOST:
        return Command("crm_mark_lost", {**lead, "reason": slots.reason} if slots.reason else lead)
    if intent is Intent.LOG_NOTE and slots.note:
        return Command("crm_log_note", {**lead, "note": slots.note})
    if intent is Intent.SET_REVENUE and slots.amount is not None:
        return Command("crm_update_lead", {**lead, "expected_revenue": slots.amount})
    if intent is Intent.ASSIGN_LEAD and person is not None:
        return Command("crm_update_lead", {**lead, "salesperson": person})
    if intent is Intent.MOVE_LEAD and stage is not None:
        return Command("crm_move_stage", {**lead, "stage": stage})
    if intent is Intent.ASSIGN_TASK and person is not None:
        return Command("task_assign", {**task, "assignees": [person]})
    if intent is Intent.TASK_STAGE and stage is not None:
        return Command("task_set_stage", {**task, "stage": stage})
    if intent is Intent.TASK_DEADLINE and due is not None:
        return Command("task_set_deadline", {**task, "deadline": due.isoformat()})
    if intent is Intent.LEAD_DEADLINE and due is not None:
        return Command("crm_update_lead", {**lead, "deadline": due.isoformat()})
    return None


class CommandReader:
    def __init__(
        self, names: NameIndex, tools: Tools, context: Context, uid: int | None = None
    ) -> None:
        self.names = names
        self.tools = tools
        self.context = context
        self.uid = uid  # the Odoo user the conversation acts as
        self._pointing = False

    async def read(self, understood: Understanding) -> Command | None:
        intent, slots = understood.intent, understood.slots
        text = understood.text
        tokens = tokenize(text, fold(text))
        words = [t.norm for t in tokens]
        self._pointing = any(w in _POINTERS or w.endswith(_CLITICS) for w in words)
        if intent is Intent.CONTACT_UPDATE:
            return self._contact(understood)
        if intent is Intent.CREATE_TASK:
            return self._create_task(slots, words)
        if intent in (Intent.ASSIGN_LEAD, Intent.ASSIGN_TASK):
            return self._assign(slots, words)
        if intent is Intent.TASK_STAGE and slots.stage == "done":
            task = self._target(words, ("task",))
            stage = await closing_stage(self.tools, task) if task is not None else None
            return change(intent, slots, record=task, stage=stage)
        if intent in (Intent.MARK_WON, Intent.MARK_LOST, Intent.SET_REVENUE, Intent.LEAD_DEADLINE):
            return change(intent, slots, record=self._target(words, ("lead",)))
        if intent is Intent.TASK_DEADLINE:
            return change(intent, slots, record=self._target(words, ("task",)))
        crm_stage = self._best(words, ("stage",)) if intent is Intent.MOVE_LEAD else None
        if intent in (Intent.TASK_STAGE, Intent.MOVE_LEAD) and crm_stage is None:
            moved = self._task_to_stage(words)  # "move X to Client Review": the ERP's name
            if moved is not None:
                return moved
        if intent is Intent.MOVE_LEAD and slots.stage != NEXT_STAGE:  # the next: the CRM's order
            lead = self._target(words, ("lead",), avoid=crm_stage)
            if crm_stage is not None:
                return change(intent, slots, record=lead, stage=crm_stage[1])
        return None

    def _task_to_stage(self, words: list[str]) -> Command | None:
        """A task and one of the ERP's task stages, both named: "move Interview sales
        candidates to Client Review", "pasa la tarea X a Revisión". The stage must be said
        whole (a word of it inside the task's name is no stage)."""
        whole = [
            m
            for m in self.names.find_mentions(words, ("task_stage",))
            if any(c.how == EXACT for c in m.top("task_stage"))
        ]
        for mention in pick(whole):
            task = self._target(words, ("task",), avoid=(mention, 0))
            if task is not None:
                stage = next(c for c in mention.top("task_stage") if c.how == EXACT)
                return Command("task_set_stage", {"task_id": task, "stage": stage.named.name})
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

    def _contact(self, understood: Understanding) -> Command | None:
        """ "cambia el teléfono de Jordi Puig a 600 123 456": the partner (a company, one of
        its people, or a user's own contact card) and the value as said."""
        said = contact.read(understood.text, understood.lang)
        if said is None:
            return None
        found = self.contact_of(said.name)
        if found is None:
            return None
        return Command("contact_update", {"contact_id": found, said.field: said.value})

    def contact_of(self, name: str) -> int | None:
        """The one partner `name` clearly names (a user: their own partner), or None."""
        words = [t.norm for t in tokenize(name, fold(name))]
        for mention in pick(self.names.find_mentions(words, ("partner", "user"))):
            if mention.end - mention.start < len(words) - 1:
                continue  # most of what was said must be the name
            top = mention.top("partner", "user")
            exact = [c for c in top if c.how == EXACT]
            chosen = top if len(top) == 1 else exact if len(exact) == 1 else []
            if not chosen:
                return None
            named = chosen[0].named
            if named.kind == "user":
                partner = named.extra.get("partner_id")
                return partner.get("id") if isinstance(partner, dict) else None
            return named.id
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

    def _assign(self, slots: Slots, words: list[str]) -> Command | None:
        person = self._best(words, ("user",))
        if person is None:
            return None
        lead = self._best(words, ("lead",), avoid=person)
        task = self._best(words, ("task",), avoid=person)
        if lead is not None and (task is None or _length(lead) >= _length(task)):
            return change(Intent.ASSIGN_LEAD, slots, record=lead[1], person=person[1])
        if task is not None:
            return change(Intent.ASSIGN_TASK, slots, record=task[1], person=person[1])
        return None

    def _create_task(self, slots: Slots, words: list[str]) -> Command | None:
        project = self._best(words, ("project",))
        person = self._best(words, ("user",), avoid=project)
        who: Person | None = person[1] if person is not None else None
        if who is None and slots.mine:
            if self.uid is None:
                return None
            who = self.uid  # "recuérdame…": the person speaking
        found = project[1] if project is not None else None
        return change(Intent.CREATE_TASK, slots, project=found, person=who)


async def closing_stage(tools: Tools, task_id: int) -> int | None:
    """The closing (folded) stage of the task's project, as the ERP names it; any
    closing stage when the project has none of its own."""
    task = await tools.call(
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
        stages = await tools.call(
            "odoo_names", {"model": "project.task.type", "domain": domain}, quiet=True
        )
        found = stages.get("names") or []
        if found:
            return int(found[0]["id"])
    return None


def _length(found: tuple[Mention, int]) -> int:
    return found[0].end - found[0].start
