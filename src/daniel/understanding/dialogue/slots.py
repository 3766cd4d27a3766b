"""Slot extraction: dictated text (titles, notes, reasons), flags, and who/what names.

Every function reads a `Scan` and blanks what it used, so the name finder at the end
only sees words nobody else claimed.
"""

from __future__ import annotations

import re

from daniel.language.dates import SMALL_NUMBERS
from daniel.language.text import fold, words

from . import lexicon as lx
from .frames import Intent, QuoteLine, Slots
from .scan import Scan

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
    r"\b(?:que|diciendo(?: que)?|con el texto|saying(?: that)?|that says|that|:)\s+(?=\S)"
)
_REASON = re.compile(
    r"\b(?:porque|por que|ya que|debido a|motivo|razon|el motivo es|because|reason(?: is)?"
    r"|since|due to|as they|as the)\b[:\s]+(?=\S)"
)
_STAGE_MARKERS = re.compile(
    r"\b(?:a|al|to|into|hacia)\s+(?:la\s+|the\s+)?(?:etapa|fase|stage|estado|column|columna)\s+"
    r"(?:de\s+)?"
)


def cut_payload(scan: Scan) -> str | None:
    """Quoted text, or what follows the first ":" (not in "10:30"): a title or a note."""
    quoted = _QUOTED.search(scan.original)
    if quoted:
        return scan.cut(quoted.start(), quoted.end())
    for m in re.finditer(r":", scan.original):
        at = m.start()
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


def extract_note(scan: Scan) -> str | None:
    m = _NOTE_START.search(scan.text)
    if not m:
        return None
    return scan.cut(m.end(), len(scan.text)) or None


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


def extract_flags(scan: Scan, intent: Intent, slots: Slots) -> None:
    """Yes/no facts said with fixed words: mine, open/won/lost, overdue, priority..."""
    listing = intent in (
        Intent.LIST_LEADS,
        Intent.PIPELINE,
        Intent.LIST_ORDERS,
        Intent.FOLLOW_UP,
        Intent.UNKNOWN,
        Intent.LIST_TASKS,
    )
    if listing:
        if _flag(scan, lx.STATUS_WON):
            slots.status = "won"
        elif _flag(scan, lx.STATUS_LOST):
            slots.status = "lost"
        elif intent not in (Intent.LIST_TASKS, Intent.TASK_STAGE) and _flag(scan, lx.OPEN):
            slots.status = "open"
    if _flag(scan, lx.OVERDUE):
        slots.deadline_filter = "overdue"
    elif _flag(scan, lx.NO_DEADLINE):
        slots.deadline_filter = "none"
    if _flag(scan, lx.PRIORITY_HIGH):
        slots.priority = "high"
    if _flag(scan, lx.GROUP_CUSTOMER):
        slots.group_by = "customer"
    elif _flag(scan, lx.GROUP_SALESPERSON):
        slots.group_by = "salesperson"
    elif _flag(scan, lx.GROUP_MONTH):
        slots.group_by = "month"
    if intent in (Intent.LIST_ORDERS, Intent.FOLLOW_UP, Intent.SALES_SUMMARY):
        if _flag(scan, lx.STATE_DRAFT):
            slots.order_state = "draft"
        elif _flag(scan, lx.STATE_SENT):
            slots.order_state = "sent"
        elif _flag(scan, lx.STATE_CANCEL):
            slots.order_state = "cancel"
        elif lx.QUOTATION_WORD.search(scan.text):
            slots.order_state = "quotation"
        elif intent is Intent.LIST_ORDERS and lx.ORDER_WORD.search(scan.text):
            slots.order_state = "order"
    if intent is Intent.LIST_LEADS and lx.LEAD_ONLY.search(scan.text):
        slots.lead_type = "lead"
    if _flag(scan, lx.MINE, blank=False):
        slots.mine = True
        _blank_mine(scan)


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


_STAGE_SYNONYMS = {
    "new": ("nuevo", "nueva", "nuevos", "nuevas", "new"),
    "qualified": ("cualificado", "cualificada", "calificado", "calificada", "qualified"),
    "proposition": ("propuesta", "propuestas", "proposal", "proposition", "oferta enviada"),
    "negotiation": ("negociacion", "negotiation", "negotiating", "en negociacion"),
    "won": ("ganado", "ganada", "won"),
    "lost": ("perdido", "perdida", "lost"),
}


def stage_aliases(stage: str) -> tuple[str, ...]:
    """The folded ways to say a stage name, with Spanish/English synonyms."""
    name = fold(stage).strip()
    aliases = {name}
    for group in _STAGE_SYNONYMS.values():
        if name in group or name.rstrip("s") in group:
            aliases.update(alias for alias in group if alias not in ("won", "lost"))
    return tuple(sorted(aliases, key=len, reverse=True))


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
