"""Commands that change Odoo. Each resolves what it needs (asking back when something is
missing or ambiguous), then calls the write tool. In the MCP server's confirm mode the
tool only previews: the brain asks "¿Confirmo?" and the user's yes or no (or the page's
buttons) settles it through `confirm_action` / `cancel_action`."""

from __future__ import annotations

import re
import time
from datetime import date
from typing import Any

from daniel.language.formatting import day_words, join, parse_iso
from daniel.language.text import Lang, fold
from daniel.server_avatar.services.base import ConfirmationOutcome, ConfirmationRequest
from daniel.server_avatar.services.local.erp_tools import error_text
from daniel.understanding.changes import contact
from daniel.understanding.changes.commands import change, closing_stage, deadline_of
from daniel.understanding.changes.frames import NEXT_STAGE, Intent
from daniel.understanding.changes.phrases import lower_first, say
from daniel.understanding.changes.slots import stage_aliases
from daniel.understanding.changes.state import MODEL_OF_KIND, Entity, Frame, PendingWrite
from daniel.understanding.executor import ToolFailure
from daniel.understanding.lexicon.requests import TASK_STAGE_SYNONYMS

from .dialogue import ASKED, Asked, Conversation
from .moved import confirm_moved
from .turn import Turn, TurnTools, records_of

_ASK_TARGET = {"lead": "ask_lead", "task": "ask_task", "order": "ask_order"}
_DONE: dict[str, tuple[str, str]] = {
    "task_create": ("he creado la tarea «{name}»", "I've created the task “{name}”"),
    "crm_create_lead": (
        "he creado la oportunidad «{name}»",
        "I've created the opportunity “{name}”",
    ),
    "crm_move_stage": ("«{name}» está ahora en {stage}", "“{name}” is now in {stage}"),
    "crm_mark_won": ("«{name}» está marcada como ganada", "“{name}” is marked as won"),
    "crm_mark_lost": ("«{name}» está marcada como perdida", "“{name}” is marked as lost"),
    "crm_log_note": ("he añadido la nota a «{name}»", "I've logged the note on “{name}”"),
    "task_assign": ("«{name}» está asignada a {assignees}", "“{name}” is assigned to {assignees}"),
    "task_set_stage": ("«{name}» está ahora en {stage}", "“{name}” is now in {stage}"),
    "task_set_deadline": ("«{name}» vence ahora {deadline}", "“{name}” is now due {deadline}"),
    "contact_update": ("he actualizado «{name}»", "I've updated “{name}”"),
    "sale_confirm_quotation": (
        "he confirmado el presupuesto {name}",
        "I've confirmed quotation {name}",
    ),
    "sale_create_quotation": ("he creado el presupuesto {name}", "I've created quotation {name}"),
}


def contact_unclear(turn: Turn, text: str) -> None:
    """A contact's phone, email or job title asked to change, not proposed: the contact
    is not one the ERP knows (or not only one), or the sentence lacks the new value."""
    said = contact.read(text, turn.lang)
    if said is None:
        turn.say(say(turn.lang, "ask_contact_change"))
    else:
        turn.say(say(turn.lang, "no_contact", name=said.name), say(turn.lang, "ask_other_name"))


async def target(conv: Conversation, turn: Turn, frame: Frame, kind: str) -> Entity | Asked:
    """The record a command acts on: named, pointed at ("la segunda"), or the one the
    conversation is about ("márcala como ganada")."""
    if "target" in frame.resolved:
        return frame.resolved["target"]
    model = MODEL_OF_KIND[kind]
    slots = frame.slots
    card = None
    if slots.ordinal is not None:
        card = conv.state.pick(slots.ordinal, model)
        if card is None:
            turn.say(say(turn.lang, "no_item"))
            return ASKED
    elif slots.target:
        found = await conv.resolve(turn, frame, "target", slots.target, (kind,))
        return found if found is not None else ASKED
    else:
        card = conv.state.focused(model)
    if card is None:
        return conv.ask(turn, frame, "target", kind, _ASK_TARGET[kind])
    entity = Entity(kind, int(card["id"]), str(card.get("name") or ""), model)
    frame.resolved["target"] = entity
    return entity


async def person(conv: Conversation, turn: Turn, frame: Frame) -> Entity | Asked | int | str | None:
    """The user named by the person slot, or the current user for "me"."""
    if frame.slots.person:
        found = await conv.resolve(turn, frame, "person", frame.slots.person, ("user",))
        return found if found is not None else ASKED
    if frame.slots.mine:
        return await conv.me(turn)
    return None


def _person_id(value: Entity | Asked | int | str | None) -> int | str | None:
    if isinstance(value, Asked):
        return None
    return value.id if isinstance(value, Entity) else value


# --------------------------------------------------------------------------- commands
async def create_task(conv: Conversation, turn: Turn, frame: Frame) -> None:
    slots = frame.slots
    if not slots.title:
        conv.ask(turn, frame, "title", "text", "ask_task_title")
        return
    project: Entity | Asked | None = frame.resolved.get("project")
    if project is None and slots.project:
        project = await conv.resolve(turn, frame, "project", slots.project, ("project",))
    if project is None:
        project = conv.state.project_focus
    if project is None:
        conv.ask(turn, frame, "project", "project", "ask_project")
        return
    if not isinstance(project, Entity):
        return
    who = await person(conv, turn, frame)
    if isinstance(who, Asked):
        return
    await _propose_change(conv, turn, frame, project=project.id, person=_person_id(who))


async def create_lead(conv: Conversation, turn: Turn, frame: Frame) -> None:
    slots = frame.slots
    if not slots.title and not slots.customer:
        conv.ask(turn, frame, "title", "text", "ask_lead_name")
        return
    customer: int | str | None = None
    if slots.customer:
        found = await conv.resolve(
            turn, frame, "customer", slots.customer, ("partner",), quiet_missing=True
        )
        if isinstance(found, Asked):
            return
        customer = found.id if found is not None else slots.customer
    who = await person(conv, turn, frame)
    if isinstance(who, Asked):
        return
    name = slots.title or (
        f"Oportunidad {slots.customer}" if turn.lang == "es" else f"{slots.customer} opportunity"
    )
    due = deadline_of(slots.period)
    args: dict[str, Any] = {
        "name": name,
        "customer": customer,
        "expected_revenue": slots.amount,
        "salesperson": _person_id(who),
        "deadline": due.isoformat() if due else None,
    }
    await propose(conv, turn, "crm_create_lead", args)


async def lead_command(conv: Conversation, turn: Turn, frame: Frame) -> None:
    """Move to a stage, give to a salesperson, set the expected revenue, mark won or
    lost, log a note."""
    intent, slots = frame.intent, frame.slots
    if intent is Intent.MOVE_LEAD and not slots.stage:
        conv.ask(turn, frame, "stage", "text", "ask_stage")
        return
    if intent is Intent.LOG_NOTE and not slots.note:
        conv.ask(turn, frame, "note", "text", "ask_note")
        return
    if intent is Intent.ASSIGN_LEAD and not (slots.person or slots.mine):
        conv.ask(turn, frame, "person", "user", "ask_salesperson")
        return
    if intent is Intent.SET_REVENUE and slots.amount is None:
        conv.ask(turn, frame, "amount", "text", "ask_amount")
        return
    if intent is Intent.LEAD_DEADLINE and slots.period is None:
        conv.ask(turn, frame, "period", "text", "ask_closing_date")
        return
    lead = await target(conv, turn, frame, "lead")
    if not isinstance(lead, Entity):
        return
    stage: str | None = None
    if intent is Intent.MOVE_LEAD and slots.stage == NEXT_STAGE:
        stage = await _next_stage(conv, turn, lead)
        if stage is None:
            turn.say(say(turn.lang, "last_stage"))
            return
    elif intent is Intent.MOVE_LEAD:
        stage = await _crm_stage_name(conv, turn, slots.stage or "")
    who: Entity | Asked | int | str | None = None
    if intent is Intent.ASSIGN_LEAD:
        who = await person(conv, turn, frame)
        if isinstance(who, Asked) or who is None:
            return
    await _propose_change(conv, turn, frame, record=lead.id, person=_person_id(who), stage=stage)


async def task_command(conv: Conversation, turn: Turn, frame: Frame) -> None:
    """Assign a task, move it to a stage, change its deadline."""
    intent, slots = frame.intent, frame.slots
    if intent is Intent.ASSIGN_TASK and not (slots.person or slots.mine):
        conv.ask(turn, frame, "person", "user", "ask_assignee")
        return
    if intent is Intent.TASK_DEADLINE and slots.period is None:
        conv.ask(turn, frame, "period", "text", "ask_deadline")
        return
    if intent is Intent.TASK_STAGE and not slots.stage:
        conv.ask(turn, frame, "stage", "text", "ask_stage")
        return
    task = await target(conv, turn, frame, "task")
    if not isinstance(task, Entity):
        return
    who: Entity | Asked | int | str | None = None
    stage: int | str | None = None
    if intent is Intent.ASSIGN_TASK:
        who = await person(conv, turn, frame)
        if isinstance(who, Asked) or who is None:
            return
    elif intent is Intent.TASK_STAGE:
        stage = await _task_stage(conv, turn, task, slots.stage or "")
    await _propose_change(conv, turn, frame, record=task.id, person=_person_id(who), stage=stage)


async def _propose_change(
    conv: Conversation,
    turn: Turn,
    frame: Frame,
    *,
    record: int | None = None,
    person: int | str | None = None,
    stage: int | str | None = None,
    project: int | None = None,
) -> None:
    """The change with its pieces resolved, as the grammar of changes maps it to a tool."""
    command = change(
        frame.intent, frame.slots, record=record, person=person, stage=stage, project=project
    )
    if command is not None:
        await propose(conv, turn, command.tool, command.args)


async def _next_stage(conv: Conversation, turn: Turn, lead: Entity) -> str | None:
    """The stage after the lead's current one (in the CRM's order)."""
    card = conv.state.focused("crm.lead")
    current = card.get("stage") if card is not None and card.get("id") == lead.id else None
    if current is None:
        result = await conv.tools.call(
            turn, "crm_get_lead", {"lead_id": lead.id}, say(turn.lang, "label_lead")
        )
        cards = records_of(result)
        current = cards[0].get("stage") if cards else None
    stages = list(conv.stages())
    if current not in stages:
        return stages[0] if stages else None
    index = stages.index(str(current))
    return stages[index + 1] if index + 1 < len(stages) else None


async def _crm_stage_name(conv: Conversation, turn: Turn, said: str) -> str:
    """The CRM's own name for a stage said in other words ("negotiation" → "Negociación")."""
    folded = fold(said).strip()
    for stage in conv.stages():
        if folded in stage_aliases(stage):
            return stage
    return said


async def _task_stage(conv: Conversation, turn: Turn, task: Entity, said: str) -> int | str:
    """The ERP's stage for "done" (the project's closing stage), "in progress" or
    "cancelled" (the stage so named: "Hecho", "In Progress", …)."""
    if said == "done":
        try:
            closing = await closing_stage(TurnTools(conv.tools, turn), task.id)
        except ToolFailure:
            closing = None
        if closing is not None:
            return closing
    spanish, english = TASK_STAGE_SYNONYMS.get(said, ((said,), (said,)))
    result = await conv.tools.call(
        turn,
        "odoo_read",
        {"model": "project.task.type", "fields": ["name"], "limit": 100},
        say(turn.lang, "label_stage"),
    )
    for card in records_of(result):
        if fold(str(card.get("name") or "")).strip() in spanish + english:
            return str(card["name"])
    return spanish[0] if turn.lang == "es" else english[0]


# --------------------------------------------------------------------------- preview
async def propose(conv: Conversation, turn: Turn, tool: str, args: dict[str, Any]) -> None:
    """Call a write tool: a preview becomes a confirmation request and a question."""
    result = await conv.tools.call(turn, tool, args, say(turn.lang, "label_preview"))
    data = result.structured
    if result.is_error:
        failed_write(turn, error_text(result))
        return
    if result.needs_confirmation:
        token = str(data.get("confirmation_token") or "")
        summary = str(data.get("summary") or "")
        changes = tuple(c for c in data.get("changes") or [] if isinstance(c, dict))
        expires = int(data.get("expires_in") or 120)
        turn.emit(ConfirmationRequest(token, tool, summary, changes, expires))
        conv.state.pending = PendingWrite(
            token, tool, summary, turn.lang, args=dict(args), expires_at=time.time() + expires
        )
        turn.say(say(turn.lang, "preview", summary=lower_first(spoken(summary, turn.lang))))
        return
    cards = records_of(result)
    turn.say(done_sentence(turn.lang, tool, cards, str(data.get("summary") or ""), conv.today()))
    conv.state.remember_records(cards)


def spoken(summary: str, lang: Lang) -> str:
    """The server's preview as it reads aloud: no product codes, no symbols."""
    text = re.sub(r"\[[^\]]{1,20}\]\s*", "", summary)
    text = text.replace("≈ ", "unos " if lang == "es" else "about ")
    return text.rstrip(". ")


def failed_write(turn: Turn, message: str) -> None:
    turn.say(
        say(
            turn.lang,
            "tool_error",
            what="hacer ese cambio" if turn.lang == "es" else "make that change",
        )
    )
    if message:
        turn.say(say(turn.lang, "tool_error_reason", message=message))


def done_sentence(
    lang: Lang, tool: str, cards: list[dict[str, Any]], summary: str, today: date
) -> str:
    card = cards[0] if cards else {}
    template = _DONE.get(tool)
    if template is None or not card.get("name"):
        text = summary.rstrip(". ") or ("hecho" if lang == "es" else "done")
        return text[:1].upper() + text[1:] + "."
    due = parse_iso(card.get("deadline"))
    values = {
        "name": card.get("name"),
        "stage": card.get("stage") or "",
        "assignees": join([str(a) for a in card.get("assignees") or []], lang),
        "deadline": day_words(due, lang, today) if due else "",
    }
    return say(lang, "done", summary=template[lang == "en"].format(**values))


async def settle(conv: Conversation, turn: Turn, token: str, accept: bool) -> None:
    """Confirm or cancel a previewed write and say how it went."""
    pending = conv.state.pending
    if pending is not None and pending.token == token:
        conv.state.pending = None
    tool = "confirm_action" if accept else "cancel_action"
    label = say(turn.lang, "label_confirm" if accept else "label_cancel")
    result = await conv.tools.call(turn, tool, {"confirmation_token": token}, label)
    if accept and pending is not None and pending.token == token and pending.moved:
        result = await confirm_moved(conv, turn, pending, result)
    data = result.structured
    status = str(data.get("status") or ("error" if result.is_error else "done"))
    summary = str(data.get("summary") or result.text or "")
    cards = records_of(result)
    if accept and status == "done" and not result.is_error:
        written = str(data.get("tool") or (pending.tool if pending else ""))
        turn.emit(ConfirmationOutcome(token, "done", summary, tuple(cards)))
        turn.say(done_sentence(turn.lang, written, cards, summary, conv.today()))
        conv.state.remember_records(cards)
    elif status == "cancelled" or (not accept and not result.is_error):
        turn.emit(ConfirmationOutcome(token, "cancelled", summary))
        turn.say(say(turn.lang, "cancelled"))
    elif status == "expired":
        turn.emit(ConfirmationOutcome(token, "expired", summary))
        turn.say(say(turn.lang, "expired"))
    elif status == "unverified":  # Odoo cannot say yet whether it landed: say exactly that
        turn.emit(ConfirmationOutcome(token, "error", summary))
        turn.say(error_text(result) or say(turn.lang, "confirm_failed"))
    else:
        turn.emit(ConfirmationOutcome(token, "error", summary))
        turn.say(say(turn.lang, "confirm_failed"))
        if summary:
            turn.say(say(turn.lang, "tool_error_reason", message=error_text(result)))
