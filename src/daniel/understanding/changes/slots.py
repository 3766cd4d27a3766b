"""Slot extraction: what a request says besides its intent.

Dictated text (titles, notes, reasons), flags, stages, quotation lines, and the names a
message holds: name-like phrases (`Scan.runs`) get a role from the words before them
("del proyecto", "para", "de", "'s") and the intent: owner, person, customer, project,
stage, target. Records acted on ("la tarea Llamar a Acme") and projects ("el proyecto
Soporte y mantenimiento") are cut whole, since their names may hold common words. The
phrases are resolved to records later, against the live ERP's names.

Every function reads a `Scan` and blanks what it used, so the name finder at the end
only sees words nobody else claimed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from daniel.language.dates import SMALL_NUMBERS
from daniel.language.text import fold, words

from ..lexicon import requests as lx
from .frames import Intent, QuoteLine, Slots
from .scan import Run, Scan

_WORD = re.compile(r"\b[a-z]+\b")
_QUOTED = re.compile(r"[«“\"]([^«»“”\"]{2,})[»”\"]")
_INFINITIVE = re.compile(r"^[a-z]{2,}(?:ar|er|ir)(?:le|les|lo|la|los|las|se|me)?$")
_EN_VERBS = words(
    """call email mail send review prepare check update write follow meet book fix finish pay
    order contact visit plan draft buy ask reply organize organise confirm make do get talk
    phone ring sign submit test deploy design clean read print deliver invoice chase renew
    cancel discuss present share schedule arrange collect install configure migrate backup
    research find look analyse analyze report pick ship approve escalate remind text water"""
)
_TITLE_END = re.compile(
    r"\x01|[,;?!]|\.(?:\s|$)"
    r"|\s(?:en|in|al|to|into|del|for|para) (?:el |the )?(?:proyecto|project)\b"
    r"|\s(?:asignad[ao]|assigned|y asignal[ao]|and assign|con prioridad|with (?:high )?priority"
    r"|urgente|urgent|de prioridad alta|high priority|due|para el|para la|by the)\b"
)
_NOTE_START = re.compile(
    r"\b(?:que diga(?: que)?|que ponga(?: que)?|que|diciendo(?: que)?|con el texto"
    r"|saying(?: that)?|that says|that|:)\s+(?=\S)"
)
_REASON = re.compile(
    r"\b(?:porque|por que|ya que|debido a|motivo|razon|el motivo es|because|reason(?: is)?"
    r"|since|due to|as they|as the)\b[:\s]+(?=\S)"
)
_STAGE_MARKERS = re.compile(
    r"\b(?:a|al|to|into|hacia)\s+(?:la\s+|the\s+)?(?:etapa|fase|stage|estado|column|columna)\s+"
    r"(?:de\s+)?"
)


def cut_payload(scan: Scan, names: Sequence[tuple[int, int]] = ()) -> str | None:
    """Quoted text, or what follows the first ":" (not in "10:30", nor inside one of the
    `names` spans: "Gimnasio Energía Fit: soporte 24x7" is a deal's name): a title or a
    note."""
    quoted = _QUOTED.search(scan.original)
    if quoted:
        return scan.cut(quoted.start(), quoted.end())
    for m in re.finditer(r":", scan.original):
        at = m.start()
        if any(start <= at < end for start, end in names):
            continue
        inside = 0 < at < len(scan.original) - 1
        if inside and scan.original[at - 1].isdigit() and scan.original[at + 1].isdigit():
            continue
        value = scan.cut(at, len(scan.original))
        return value or None
    return None


def _end_of_title(text: str, start: int) -> int:
    m = _TITLE_END.search(text, start)
    return m.start() if m else len(text.rstrip())


def _cut_title_from(scan: Scan, start: int, capitals: bool) -> str | None:
    text = scan.text
    end = _end_of_title(text, start)
    # "…para Ana" / "…for Ana" at the end names the assignee, not the title.
    tail = re.search(r"\s(?:para|for)\s+(\S+(?:\s+\S+)?)\s*$", text[start:end])
    if tail:
        words = scan.original[start + tail.start(1) : start + tail.end(1)]
        if (capitals and words[:1].isupper()) or (not capitals and len(words.split()) == 1):
            end = start + tail.start()
    title = scan.cut(start, end)
    return title or None


def extract_title(scan: Scan, intent: Intent) -> str | None:
    """The name of a task or lead to create when not dictated after ":" or in quotes."""
    text = scan.text
    capitals = scan.has_capitals()
    named = re.search(
        r"\b(?:llamad[ao]|titulad[ao]|con (?:el )?(?:nombre|titulo)(?: de)?|que se llame"
        r"|called|named|titled|with (?:the )?(?:name|title))\s+(?=\S)",
        text,
    )
    if named:
        scan.blank(named.start(), named.end())
        return _cut_title_from(scan, named.end(), capitals)
    remind = re.search(r"\b(?:recuerdame|recordarme|remind me)(?:\s+(?:que|to|de))?\s+", text)
    if remind:
        scan.blank(remind.start(), remind.end())
        return _cut_title_from(scan, remind.end(), capitals)
    if intent is not Intent.CREATE_TASK:
        return None
    for m in re.finditer(r"\b(?:to|para|de|que)\s+([a-z]+)\b", text):
        verb = m.group(1)
        original = scan.original[m.start(1) : m.end(1)]
        if original[:1].isupper():
            continue
        if (m.group(0).startswith("to") and verb in _EN_VERBS) or (
            not m.group(0).startswith("to") and _INFINITIVE.match(verb) and verb not in lx.STOP
        ):
            scan.blank(m.start(), m.start(1))
            return _cut_title_from(scan, m.start(1), capitals)
    noun = re.search(r"\b(?:tarea|task|to-do)s?\b", text)
    for m in _WORD.finditer(text, noun.end() if noun else 0):
        verb = m.group(0)
        if scan.original[m.start() : m.end()][:1].isupper() or verb in lx.STOP:
            continue
        if verb in _EN_VERBS or _INFINITIVE.match(verb):
            return _cut_title_from(scan, m.start(), capitals)
    return None


def extract_note(scan: Scan, names: Sequence[tuple[int, int]] = ()) -> str | None:
    """What follows "que diga", "saying", ":"…, outside the record names said."""
    for m in _NOTE_START.finditer(scan.text):
        if not any(start <= m.start() < end for start, end in names):
            return scan.cut(m.end(), len(scan.text)) or None
    return None


def extract_reason(scan: Scan) -> str | None:
    m = _REASON.search(scan.text)
    if not m:
        return None
    return scan.cut(m.start(), len(scan.text)).split(None, 1)[-1] if m else None


def _flag(scan: Scan, pattern: re.Pattern[str], *, blank: bool = True) -> bool:
    m = pattern.search(scan.text)
    if m and blank:
        scan.blank(m.start(), m.end())
    return bool(m)


def extract_flags(scan: Scan, intent: Intent, slots: Slots) -> bool:
    """Yes/no facts said with fixed words: mine and priority are kept; the filters of a
    question (open/won/lost, overdue, grouped by, draft/sent/cancelled) are only blanked,
    so they are read as no names. Whether such a filter was said."""
    listing = intent in (
        Intent.LIST_LEADS,
        Intent.PIPELINE,
        Intent.LIST_ORDERS,
        Intent.FOLLOW_UP,
        Intent.UNKNOWN,
        Intent.LIST_TASKS,
    )
    said = False
    if listing:
        said = (
            _flag(scan, lx.STATUS_WON)
            or _flag(scan, lx.STATUS_LOST)
            or (intent not in (Intent.LIST_TASKS, Intent.TASK_STAGE) and _flag(scan, lx.OPEN))
        )
    if _flag(scan, lx.OVERDUE) or _flag(scan, lx.NO_DEADLINE):
        said = True
    if _flag(scan, lx.PRIORITY_HIGH):
        slots.priority = "high"
    if (
        _flag(scan, lx.GROUP_CUSTOMER)
        or _flag(scan, lx.GROUP_SALESPERSON)
        or _flag(scan, lx.GROUP_MONTH)
    ):
        said = True
    if intent in (Intent.LIST_ORDERS, Intent.FOLLOW_UP, Intent.SALES_SUMMARY):
        for state in (lx.STATE_DRAFT, lx.STATE_SENT, lx.STATE_CANCEL):
            if _flag(scan, state):
                break
    if _flag(scan, lx.MINE, blank=False):
        slots.mine = True
        _blank_mine(scan)
    return said


def _blank_mine(scan: Scan) -> None:
    for m in lx.MINE.finditer(scan.text):
        scan.blank(m.start(), m.end())


def extract_stage(scan: Scan, stages: tuple[str, ...]) -> str | None:
    """A known stage name said anywhere in the message ("en negociación")."""
    text = scan.text
    best: tuple[int, int, str] | None = None
    for stage in stages:
        for alias in stage_aliases(stage):
            m = re.search(rf"(?<![\w]){re.escape(alias)}(?![\w])", text)
            if m and (best is None or m.end() - m.start() > best[1] - best[0]):
                best = (m.start(), m.end(), stage)
    if best is None:
        return None
    markers = list(_STAGE_MARKERS.finditer(text[: best[0]]))
    marker = markers[-1] if markers else None
    if marker is not None and marker.end() == best[0]:
        scan.blank(marker.start(), marker.end())
    scan.blank(best[0], best[1])
    return best[2]


def stage_aliases(stage: str) -> tuple[str, ...]:
    """The folded ways to say a stage name the ERP gave, with its Spanish/English
    synonyms ("negotiation" finds "Negociación")."""
    name = fold(stage).strip()
    aliases = {name}
    for group in lx.STAGE_SYNONYMS.values():
        if name in group or name.rstrip("s") in group:
            aliases.update(alias for alias in group if alias not in ("won", "lost"))
    # longest first; equal lengths alphabetically, so every process reads a message alike
    return tuple(sorted(aliases, key=lambda alias: (-len(alias), alias)))


# --------------------------------------------------------------------------- quotations
_QTY_WORDS = {**SMALL_NUMBERS, "doce": 12, "twelve": 12, "cien": 100, "hundred": 100}
_QTY = r"\d+(?:[.,]\d+)?|" + "|".join(sorted((w for w in _QTY_WORDS if len(w) > 1), key=len)[::-1])
_LINE = re.compile(
    rf"(?<![\w])(?P<qty>{_QTY})\s+(?:x\s+|unidades?\s+de\s+|units?\s+of\s+)?"
    r"(?P<product>[^\d,;:]+?)"
    r"(?:\s+(?:a|at|por|@)\s+(?P<price>\d+(?:[.,]\d+)?)\s*(?:€|euros?|eur|\$|dolares|dollars)?"
    r"(?:\s+(?:cada un[ao]|each|la unidad|por unidad|per unit))?)?"
    r"\s*(?=,|;|\s+y\s+|\s+e\s+|\s+and\s+|\.?$)"
)
_LINES_START = re.compile(rf"(?:\b(?:con|with|de|of|:)\s+|^)(?=(?:{_QTY})\s+\S)")


def parse_lines(text: str) -> tuple[QuoteLine, ...]:
    """ "10 portátiles a 850 € y 5 sillas ergonómicas" → two lines."""
    folded = fold(text)
    lines: list[QuoteLine] = []
    for m in _LINE.finditer(folded):
        raw = m.group("qty")
        quantity = float(raw.replace(",", ".")) if raw[0].isdigit() else float(_QTY_WORDS[raw])
        product = " ".join(text[m.start("product") : m.end("product")].split())
        price = m.group("price")
        if product and fold(product) not in lx.STOP:
            value = float(price.replace(",", ".")) if price else None
            lines.append(QuoteLine(quantity, product, value))
    return tuple(lines)


def extract_lines(scan: Scan, payload: str | None) -> tuple[QuoteLine, ...] | None:
    """The products of a quotation, dictated after ":" or after "con" / "with"."""
    if payload:
        return parse_lines(payload) or None
    start = _LINES_START.search(scan.text)
    if start is None:
        return None
    lines = parse_lines(scan.original[start.end() :])
    if lines:
        scan.blank(start.start(), len(scan.text))
    return lines or None


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
    if intent in (Intent.TASK_DETAIL, Intent.TASK_DEADLINE, Intent.LEAD_DEADLINE,
                  Intent.ORDER_DETAIL):  # fmt: skip
        return "target"
    if intent in (Intent.ASSIGN_TASK, Intent.ASSIGN_LEAD):
        return "person" if run.cue("a", "to", "para", "for") else "target"
    if intent is Intent.SET_REVENUE:
        return "target"
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
_GREEDY_TARGET = {
    Intent.MOVE_LEAD,
    Intent.ASSIGN_TASK,
    Intent.ASSIGN_LEAD,
    Intent.SET_REVENUE,
    Intent.TASK_STAGE,
    Intent.TASK_DEADLINE,
    Intent.LEAD_DEADLINE,
}
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
    m = lx.OPENING.match(scan.text)
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
