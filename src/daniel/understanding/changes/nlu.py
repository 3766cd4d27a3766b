"""Natural-language understanding: one message → an `Understanding` (intent + slots).

Pure and deterministic: no I/O, `today` is given. Known stage names (from the CRM)
can be passed as a vocabulary so "oportunidades en negociación" finds its stage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from daniel.language.dates import DateSpan, find_dates
from daniel.language.numbers import find_amounts
from daniel.language.text import Lang

from ..lexicon.requests import (
    FINISHED,
    IMPERATIVE,
    LEAD_SINGULAR,
    ORDINAL,
    ORDINALS,
    REMIND,
    REVENUE,
    TASK_SINGULAR,
    TASK_STAGE_SYNONYMS,
    TASK_STAGE_WORDS,
)
from ..lexicon.requests import NEXT_STAGE as NEXT_STAGE_WORDS
from .frames import NEXT_STAGE, RECORD_INTENTS, WRITE_INTENTS, Intent, Slots, Understanding
from .intents import classify
from .scan import BLANK, Scan
from .slots import (
    assign_runs,
    blank_greeting,
    cut_payload,
    extract_flags,
    extract_lines,
    extract_note,
    extract_project,
    extract_reason,
    extract_stage,
    extract_target,
    extract_title,
)

_TITLE_INTENTS = (Intent.CREATE_TASK, Intent.CREATE_LEAD)
_PAYLOAD_INTENTS = (
    *_TITLE_INTENTS,
    Intent.LOG_NOTE,
    Intent.MARK_LOST,
    Intent.SEARCH,
    Intent.CREATE_QUOTATION,
)
_FUTURE_INTENTS = WRITE_INTENTS
_PROJECT_INTENTS = (
    Intent.LIST_TASKS,
    Intent.CREATE_TASK,
    Intent.PROJECT_STATUS,
    Intent.FOLLOW_UP,
    Intent.LIST_PROJECTS,
)
_STAGE_INTENTS = (
    Intent.LIST_LEADS,
    Intent.MOVE_LEAD,
    Intent.PIPELINE,
    Intent.FOLLOW_UP,
    Intent.UNKNOWN,
)


def understand(
    text: str,
    *,
    lang: Lang,
    today: date,
    stages: Sequence[str] = (),
    names: Sequence[tuple[int, int]] = (),
) -> Understanding:
    """What `text` asks for. `lang` only decides how "12/10" and "1.500" read. `names`
    are where `text` says an ERP record's whole name (`Engine.record_spans`): the intent
    is read from the words around them ("move Sales dashboard to Won" is no sales
    question)."""
    shift = len(text) - len(text.lstrip())
    spans = [(start - shift, end - shift) for start, end in names]
    scan = Scan(text.strip())
    payload = cut_payload(scan, spans)
    intent = classify(_unnamed(scan.text, spans))
    if payload is not None and intent not in _PAYLOAD_INTENTS:
        # The ":" was part of a name ("Talleres Ruiz: renovación flota"), not dictation.
        scan = Scan(text.strip())
        payload = None
        intent = classify(_unnamed(scan.text, spans))
    blank_greeting(scan)
    slots = Slots()
    filtered = False  # a question's filter was said ("las ganadas", "de más de 5.000 €")
    intent = _rescheduled(scan, intent, today, lang)
    _dates(scan, intent, slots, today, lang)
    if payload is not None and intent in _TITLE_INTENTS:
        payload = _trailing_date(payload, intent, slots, today, lang)
    if payload is not None and intent is Intent.CREATE_LEAD:
        payload = _lead_payload(payload, slots, lang)
    if intent is Intent.CREATE_QUOTATION:
        slots.lines = extract_lines(scan, payload)
    elif intent is Intent.SET_REVENUE:
        _new_amount(scan, slots, lang)
        for said in REVENUE.finditer(scan.text):  # "expected revenue" names no record
            scan.blank(said.start(), said.end())
    else:
        filtered = _amounts(scan, intent, slots, lang)
    _ordinal(scan, slots)
    _dictation(scan, intent, slots, payload, spans)
    filtered = extract_flags(scan, intent, slots) or filtered
    if intent in _STAGE_INTENTS and stages:
        slots.stage = extract_stage(scan, tuple(stages))
    if intent is Intent.TASK_STAGE:
        slots.stage = _task_stage_word(scan)
    if intent is Intent.MOVE_LEAD and NEXT_STAGE_WORDS.search(scan.text):
        slots.stage = NEXT_STAGE
        m = NEXT_STAGE_WORDS.search(scan.text)
        if m:
            scan.blank(m.start(), m.end())
    if intent in _PROJECT_INTENTS:
        slots.project = extract_project(scan)
    if intent in RECORD_INTENTS:
        slots.target = extract_target(scan, intent)
    leftovers = assign_runs(scan, intent, slots)
    if intent is Intent.SEARCH and slots.query is None and leftovers:
        slots.query = " ".join(leftovers)
    narrowed = filtered or bool(slots.period or slots.stage or slots.mine)
    if intent is Intent.UNKNOWN and narrowed and not leftovers:
        intent = Intent.FOLLOW_UP
    return Understanding(intent, slots, lang, text, tuple(leftovers))


def _unnamed(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with the records' names blanked (the words of a name are no grammar)."""
    chars = list(text)
    for start, end in spans:
        for index in range(max(0, start), min(end, len(chars))):
            chars[index] = BLANK
    return "".join(chars)


def _dates(scan: Scan, intent: Intent, slots: Slots, today: date, lang: Lang) -> None:
    matches = find_dates(scan.text, today, lang, prefer_future=intent in _FUTURE_INTENTS)
    if not matches:
        return
    first = matches[0]
    words = " ".join(scan.original[first.start : first.end].split())
    slots.period = DateSpan(first.span.start, first.span.end, first.span.grain, words)
    if len(matches) > 1 and intent not in _FUTURE_INTENTS:
        last = matches[-1]
        if last.span.end > first.span.end:  # "del 1 de marzo al 15 de abril"
            words = " ".join(scan.original[first.start : last.end].split())
            slots.period = DateSpan(first.span.start, last.span.end, "day", words)
    for match in matches:
        scan.blank(match.start, match.end)


def _trailing_date(payload: str, intent: Intent, slots: Slots, today: date, lang: Lang) -> str:
    """A dictated title ending with a date: "llamar a Acme mañana" → the date is the
    deadline, the rest the title."""
    inner = Scan(payload)
    matches = find_dates(inner.text, today, lang, prefer_future=True)
    if not matches or slots.period is not None:
        return payload
    last = matches[-1]
    rest = inner.folded[last.end :].strip(" .!,")
    if rest:
        return payload
    slots.period = DateSpan(
        last.span.start,
        last.span.end,
        last.span.grain,
        " ".join(payload[last.start : last.end].split()),
    )
    trimmed = payload[: last.start].rstrip(" ,.")
    for tail in (" para el", " para", " el", " due", " by", " on", " for"):
        if trimmed.lower().endswith(tail):
            trimmed = trimmed[: -len(tail)]
    return trimmed.strip(" ,.;") or payload


def _rescheduled(scan: Scan, intent: Intent, today: date, lang: Lang) -> Intent:
    """ "pon la tarea X para mañana", "move the task X to tomorrow": a task moved to a
    date (not a stage) is a new deadline."""
    text = scan.text
    if intent not in (Intent.TASK_STAGE, Intent.LIST_TASKS, Intent.MOVE_LEAD):
        return intent
    if not IMPERATIVE.search(text) or TASK_STAGE_WORDS.search(text) or FINISHED.search(text):
        return intent
    if intent is Intent.LIST_TASKS and not TASK_SINGULAR.search(text):
        return intent  # "ponme las tareas de mañana" lists them
    if NEXT_STAGE_WORDS.search(text) or not find_dates(text, today, lang, prefer_future=True):
        return intent
    if intent is Intent.MOVE_LEAD and LEAD_SINGULAR.search(text):
        return Intent.LEAD_DEADLINE  # "mueve la oportunidad X al viernes": its closing date
    return Intent.TASK_DEADLINE


def _new_amount(scan: Scan, slots: Slots, lang: Lang) -> None:
    """The value a field is set to: the last amount said, with or without currency."""
    found = [m for m in find_amounts(scan.text, lang) if m.value >= 1]
    if found:
        slots.amount = found[-1].value
        scan.blank(found[-1].start, found[-1].end)


def _amounts(scan: Scan, intent: Intent, slots: Slots, lang: Lang) -> bool:
    """Money said: a new lead's expected revenue, else a question's "more than" (only
    blanked, whether one was said is returned)."""
    minimum = False
    for match in find_amounts(scan.text, lang):
        if not match.is_money:
            continue
        if intent is Intent.CREATE_LEAD:
            slots.amount = slots.amount or match.value
        else:
            minimum = minimum or bool(match.value)
        scan.blank(match.start, match.end)
        prefix = scan.text[: match.start]
        for cue in (
            "mas de ",
            "de mas de ",
            "por encima de ",
            "over ",
            "above ",
            "more than ",
            "worth ",
            "at least ",
            "de al menos ",
            "al menos ",
            "por valor de ",
            "valorada en ",
            "de ",
        ):
            if prefix.endswith(cue):
                scan.blank(match.start - len(cue), match.start)
                break
    return minimum


def _ordinal(scan: Scan, slots: Slots) -> None:
    m = ORDINAL.search(scan.text)
    if not m:
        return
    if m.group("word"):
        slots.ordinal = ORDINALS[m.group("word")]
    else:
        slots.ordinal = int(m.group("num"))
    scan.blank(m.start(), m.end())


def _task_stage_word(scan: Scan) -> str | None:
    m = TASK_STAGE_WORDS.search(scan.text)
    if not m:
        finished = FINISHED.search(scan.text)
        if finished:  # "he terminado X"
            scan.blank(finished.start(), finished.end())
            return "done"
        return None
    word = m.group(0)
    scan.blank(m.start(), m.end())
    for key, (spanish, english) in TASK_STAGE_SYNONYMS.items():
        if word in spanish or word in english:
            return key
    return word


def _lead_payload(payload: str, slots: Slots, lang: Lang) -> str:
    """ "Renovación de licencias para Talleres Ruiz, 12.000 €": the title, the customer
    and the expected revenue of a new lead, dictated after ":"."""
    inner = Scan(payload)
    for match in find_amounts(inner.text, lang):
        if match.is_money:
            slots.amount = slots.amount or match.value
            inner.blank(match.start, match.end)
    text = inner.text
    customer = None
    for m in re.finditer(r"\s(?:para|for|de|from|con|with)\s+(?=\S)", text):
        rest = payload[m.end() :].split(",")[0].strip(" .")
        if rest[:1].isupper() and BLANK not in text[m.end() : m.end() + len(rest)]:
            customer = rest
            text = text[: m.start()] + BLANK * (len(text) - m.start())
            break
    if customer and not slots.customer:
        slots.customer = customer
    kept = "".join(payload[i] if ch != BLANK else " " for i, ch in enumerate(text))
    return " ".join(kept.split()).strip(" ,.;") or payload


def _dictation(
    scan: Scan,
    intent: Intent,
    slots: Slots,
    payload: str | None,
    names: Sequence[tuple[int, int]] = (),
) -> None:
    if intent is Intent.CREATE_TASK and REMIND.search(scan.text):
        slots.mine = True
    if intent in _TITLE_INTENTS:
        slots.title = payload or extract_title(scan, intent)
    elif intent is Intent.LOG_NOTE:
        slots.note = payload or extract_note(scan, names)
    elif intent is Intent.MARK_LOST:
        slots.reason = payload or extract_reason(scan)
    elif intent in (Intent.SEARCH, Intent.UNKNOWN):
        slots.query = payload
