"""Names in a message: who and what it is about.

Name-like phrases (`Scan.runs`) get a role from the words before them ("del proyecto",
"para", "de", "'s") and the intent: owner, person, customer, project, stage, target.
Records acted on ("la tarea Llamar a Acme") and projects ("el proyecto Soporte y
mantenimiento") are cut whole, since their names may hold common words.
"""

from __future__ import annotations

import re

from . import lexicon as lx
from .frames import Intent, Slots
from .scan import Run, Scan


# --------------------------------------------------------------------------- names
def assign_runs(scan: Scan, intent: Intent, slots: Slots) -> list[str]:
    """Give each name-like phrase its role; returns the phrases nobody claimed."""
    leftovers: list[str] = []
    for run in scan.runs():
        role = _role(run, intent, slots)
        if role is None or getattr(slots, role) not in (None, ""):
            leftovers.append(run.text)
            continue
        setattr(slots, role, run.text)
    return leftovers


def _role(run: Run, intent: Intent, slots: Slots) -> str | None:
    if run.cue("proyecto", "project", "proyecto de") or run.after in ("project", "proyecto"):
        return "project"
    if run.cue("cliente", "customer", "client", "empresa", "company", "cuenta", "account"):
        return "customer"
    if run.cue(
        "comercial",
        "vendedor",
        "vendedora",
        "salesperson",
        "rep",
        "usuario",
        "user",
        "responsable",
        "asignadas a",
        "asignados a",
        "asignada a",
        "asignado a",
        "assigned to",
        "assignee",
    ):
        return "person"
    singular_record = run.cue(
        "oportunidad",
        "oportunidad de",
        "lead",
        "deal",
        "negocio",
        "opportunity",
        "tarea",
        "task",
        "pedido",
        "presupuesto",
        "order",
        "quotation",
        "quote",
        "pedido de",
        "presupuesto de",
        "tarea de",
        "opportunity for",
        "deal with",
        "lead for",
    ) or run.after in ("deal", "lead", "opportunity", "task", "order", "quotation", "quote")
    return _role_for_intent(run, intent, slots, singular_record=singular_record)


def _role_for_intent(
    run: Run, intent: Intent, slots: Slots, *, singular_record: bool
) -> str | None:
    to_cue = run.cue("a", "to", "para", "for", "al")
    if intent in (Intent.MOVE_LEAD, Intent.TASK_STAGE):
        if slots.stage is None and run.cue("a", "al", "to", "into", "hacia", "etapa", "stage"):
            return "stage"
        return "target"
    if intent in (Intent.MARK_WON, Intent.MARK_LOST, Intent.LOG_NOTE, Intent.LEAD_DETAIL):
        return "target"
    if intent in (Intent.TASK_DETAIL, Intent.TASK_DEADLINE, Intent.ORDER_DETAIL):
        return "target"
    if intent is Intent.ASSIGN_TASK:
        return "person" if run.cue("a", "to", "para", "for") else "target"
    if intent is Intent.CONFIRM_QUOTATION:
        return "target" if singular_record or not run.cue("de", "for", "of") else "customer"
    if intent is Intent.CREATE_TASK:
        if run.cue("en", "in", "al", "del", "dentro de", "within"):
            return "project"
        if to_cue or run.possessive or run.cue("de"):
            return "person"
        return "title" if slots.title is None else "person"
    if intent is Intent.CREATE_QUOTATION:
        return "customer"
    if intent is Intent.CREATE_LEAD:
        if run.cue("contacto", "contact", "con", "with"):
            return "customer" if slots.customer is None else None
        return "customer" if slots.customer is None else "title"
    if intent is Intent.PROJECT_STATUS:
        return "project"
    if intent is Intent.LIST_LEADS and run.cue("en", "in", "at", "etapa", "stage", "en la etapa"):
        return "stage"
    if intent is Intent.SEARCH:
        return "query"
    if intent in (Intent.LIST_TASKS, Intent.LIST_LEADS, Intent.PIPELINE, Intent.SALES_SUMMARY):
        return "owner"
    if intent in (Intent.LIST_ORDERS, Intent.FOLLOW_UP):
        return "owner"
    return None


# --------------------------------------------------------------------------- targets
_RECORD_HEAD = re.compile(
    r"\b(?:oportunidad|lead|deal|negocio|opportunity|tarea|task|pedido|presupuesto|order"
    r"|quotation|quote|cotizacion)(?:\s+(?:de|del|for|with|of|con|named|called|llamad[ao]"
    r"|titulad[ao]))?\s+"
)
_GREEDY_TARGET = {Intent.MOVE_LEAD, Intent.ASSIGN_TASK, Intent.TASK_STAGE, Intent.TASK_DEADLINE}
_TARGET_STOP = re.compile(
    r"\s(?:como|as|porque|because|que|saying|diciendo|y|and|con|with)\s|[\x01,;?!]|\.(?:\s|$)"
)
_TARGET_TO = re.compile(r"\s(?:a|al|a la|to|into|hacia|para|for|en|in)(?=\s|$|\x01)")


def extract_target(scan: Scan, intent: Intent) -> str | None:
    """The record a write or detail request names after its noun: "la tarea Llamar a
    Acme" → "Llamar a Acme"; "move the task Call Acme to Ana" → "Call Acme"."""
    text = scan.text
    head = _RECORD_HEAD.search(text)
    if head is None:
        return None
    start = head.end()
    stop = _TARGET_STOP.search(text, start)
    end = stop.start() if stop else len(text)
    if intent in _GREEDY_TARGET:
        tos = [m for m in _TARGET_TO.finditer(text, start, end) if m.start() > start]
        if tos:
            end = tos[-1].start()
    else:
        first_to = _TARGET_TO.search(text, start, end)
        if first_to:
            end = first_to.start()
    words_said = text[start:end].split()
    capitalised = scan.original[start:end].strip()[:1].isupper()
    if not words_said or (words_said[0] in lx.STOP and not capitalised):
        return None
    name = scan.original[start:end].strip(" ,.;:!?¿¡\"'«»“”")
    scan.blank(head.start(), end)
    return " ".join(name.split()) or None


def blank_greeting(scan: Scan) -> None:
    m = re.match(
        r"^[\s\x01]*(?:hola|buenas|buenos dias|buenas tardes|buenas noches|hey|hi|hello"
        r"|good morning|good afternoon|good evening|oye|mira)\b(?:\s+daniel\b)?[\s,!.]*",
        scan.text,
    )
    if m and m.end() < len(scan.text):
        scan.blank(m.start(), m.end())


_PROJECT_HEAD = re.compile(
    r"\b(?:proyecto|project)\s+(?:(?:de|del|llamado|called|named)\s+)?(?=\S)(?!\x01)"
)
_PROJECT_END = re.compile(
    r"\s(?:para|for|con|with|a|al|to|que|that|due|by|asignad[ao]|assigned|y asigna\w*"
    r"|and assign\w*|como|as)(?=\s|$)|[\x01,;:?!]|\.(?:\s|$)"
)


def extract_project(scan: Scan) -> str | None:
    """The project named after its noun, whole: "en el proyecto Soporte y mantenimiento
    para Ana" → "Soporte y mantenimiento"."""
    text = scan.text
    head = _PROJECT_HEAD.search(text)
    if head is None:
        return None
    start = head.end()
    stop = _PROJECT_END.search(text, start)
    end = stop.start() if stop else len(text.rstrip())
    said = text[start:end].split()
    if not said or all(word in lx.STOP for word in said):
        return None
    name = scan.original[start:end].strip(" ,.;:!?¿¡\"'«»“”")
    scan.blank(head.start(), end)
    return " ".join(name.split()) or None
