"""Intent classification: ordered keyword rules over the folded message.

Writes are recognised first (they need a verb: "crea", "marca", "mueve", "create",
"mark", "move"...), then the domain a question is about, decided by the first domain
noun in the message ("tareas del proyecto X" is about tasks). What is left over is a
follow-up ("¿y los de Ana?"), a pointer into the last answer ("la segunda"), small talk
or unknown.

Questions are answered by the understanding engine (`understanding.parser`), not from
these intents. The local brain reads them to know whether a reply to a question it
asked back is an answer or a new question (`dialogue._reads_as_answer`).
"""

from __future__ import annotations

import re

from daniel.language.text import collapse, is_no, is_yes

from ..lexicon import requests as lx
from . import contact
from .frames import Intent

_PUNCT = re.compile(r"[¿?¡!.,;:()\[\]\x01]")
_LEAD_PLURAL = lx.cue(r"oportunidades|leads|deals|negocios|opportunities|prospects|pistas")
_TASK_PLURAL = lx.cue(r"tareas|tasks|to-?dos|pendientes|actividades|activities")
_TAG = lx.cue(r"etiquetas?|tags?|labels?")
_ORDER_PLURAL = lx.cue(r"pedidos|presupuestos|cotizaciones|ofertas|orders|quotations|quotes")
_AGENDA = lx.cue(
    r"que tengo(?: que hacer| pendiente| para| hoy| manana| esta)?|que me toca|mi agenda"
    r"|my agenda|what(?:'s| is) on my (?:plate|list|agenda)|what do i have(?: to do)?"
    r"|what(?:'s| is) due|what should i do|que hay que hacer|to do list|todo list"
    r"|que (?:me |nos )?vencen?"
)
_NOTE_INTO = re.compile(r"\b(?:apunta|anota)\w* (?:en|a|para) |^(?:apunta|anota)(?:me)? que\b")
_SMALLTALK_FILLER = lx.cue(
    r"daniel|muchas|mil|muy|bien|genial|perfecto|vale|ok|okay|great|perfect|good|so|very much"
    r"|por todo|for everything|a todos|everyone|there|again|de nuevo|otra vez|y|and|que tal"
    r"|como estas|how are you|estas|hoy|today|eso es todo|es todo|nada mas|that's all"
    r"|that is all|eso era todo"
)


def _first(text: str, *patterns: re.Pattern[str]) -> int:
    """Position of the first match of any pattern, or -1."""
    spots = [m.start() for pattern in patterns if (m := pattern.search(text))]
    return min(spots) if spots else -1


def _domain(text: str) -> str | None:
    """lead / task / project / sales / order: the first domain noun in `text`."""
    spots: list[tuple[int, int, int, str]] = []
    for rank, (name, pattern) in enumerate(
        (
            ("pipeline", lx.PIPELINE),
            ("lead", lx.LEAD_NOUN),
            ("task", lx.TASK_NOUN),
            ("project", lx.PROJECT_NOUN),
            ("sales", lx.SALES_NOUN),
            ("order", lx.ORDER_NOUN),
            ("users", lx.USERS_NOUN),
            ("stages", lx.STAGES_NOUN),
        )
    ):
        if m := pattern.search(text):
            # first in the message; at the same place, the longest ("sales orders")
            spots.append((m.start(), m.start() - m.end(), rank, name))
    if not spots:
        return "task" if lx.cue(r"que tengo que hacer").search(text) else None
    return min(spots)[3]


def _only(text: str, pattern: re.Pattern[str]) -> bool:
    """`text` is nothing but matches of `pattern` and filler words."""
    rest = _SMALLTALK_FILLER.sub(" ", pattern.sub(" ", text))
    return not rest.strip()


def strip_greeting(text: str) -> str:
    """ "hola daniel, ¿cómo va el pipeline?" → "¿cómo va el pipeline?"."""
    m = lx.OPENING.match(text)
    return text[m.end() :] if m and m.end() < len(text) else text


def classify(analysis: str) -> Intent:
    """The intent of a folded message (with any dictated payload already cut out)."""
    text = collapse(_PUNCT.sub(" ", analysis))
    if not text:
        return Intent.UNKNOWN
    if re.fullmatch(r"(?:una |a )?(?:nota|note|comentario|comment)", text):
        return Intent.LOG_NOTE  # "Nota: …"
    if is_yes(text):
        return Intent.YES
    if is_no(text):
        return Intent.NO
    if _only(text, lx.GREETING):
        return Intent.GREETING
    if _only(text, lx.THANKS):
        return Intent.THANKS
    if _only(text, lx.GOODBYE) or _only(
        text, re.compile(f"{lx.THANKS.pattern}|{lx.GOODBYE.pattern}")
    ):
        return Intent.GOODBYE
    text = strip_greeting(text)
    domain = _domain(text)
    write = _write_intent(text, domain)
    if write is not None:
        return write
    if lx.WHOAMI.search(text):
        return Intent.WHOAMI
    if lx.HELP.search(text) and domain is None:
        return Intent.HELP
    read = _read_intent(text, domain)
    if read is not None:
        return read
    if lx.ORDINAL.search(text) or lx.DETAIL.search(text):
        return Intent.SHOW_ITEM
    if lx.FOLLOW_UP.match(text):
        return Intent.FOLLOW_UP
    if lx.GREETING.search(text):
        return Intent.GREETING
    if lx.THANKS.search(text):
        return Intent.THANKS
    return Intent.UNKNOWN


def _write_intent(text: str, domain: str | None) -> Intent | None:
    question = bool(lx.QUESTION_START.search(text))
    if contact.CUE.search(text) and not question:
        return Intent.CONTACT_UPDATE  # "cambia el teléfono de X a …"
    if lx.REMIND.search(text):
        return Intent.CREATE_TASK
    create = lx.CREATE.search(text)
    plural_leads = _LEAD_PLURAL.search(text)
    note_at = _first(text, lx.cue(r"notas?|notes?|comentarios?|comments?"))
    noted = (note_at >= 0 and (lx.NOTE_VERB.search(text) or create)) or _NOTE_INTO.search(text)
    if noted and (not question or lx.NOTE_VERB.search(text[:note_at])):
        return Intent.LOG_NOTE
    if create and not question and not _TAG.search(text):
        # "add the Urgent tag to X" asks to tag X (not a change Daniel makes), never to
        # create a lead named after X
        after = text[create.start() :]
        kind = _domain(after)
        if kind == "task" or lx.TASK_SINGULAR.search(after):
            return Intent.CREATE_TASK
        if kind in ("lead", "pipeline"):
            return Intent.CREATE_LEAD
        if kind == "order":
            return Intent.CREATE_QUOTATION
    if lx.REVENUE.search(text) and not question:
        return Intent.SET_REVENUE
    closing = lx.CLOSING_DATE.search(text) or (lx.DEADLINE_CHANGE.search(text) and domain == "lead")
    if closing and not question and not plural_leads and lx.CHANGE_VERB.search(text):
        return Intent.LEAD_DEADLINE  # "cambia la fecha de cierre de X al viernes"
    if lx.DEADLINE_CHANGE.search(text) and domain in (None, "task") and not question:
        return Intent.TASK_DEADLINE
    if lx.ASSIGN.search(text) and not question:
        if domain in ("lead", "pipeline") and not plural_leads:
            return Intent.ASSIGN_LEAD  # the record may still turn out a task by its name
        if domain in (None, "task"):
            return Intent.ASSIGN_TASK
    if lx.FINISHED.search(text) and not question and domain in (None, "task"):
        return Intent.TASK_STAGE
    mark = lx.MARK.search(text)
    if mark and not question and not plural_leads:
        if domain == "task" or (domain is None and lx.TASK_STAGE_WORDS.search(text)):
            if lx.TASK_STAGE_WORDS.search(text):
                return Intent.TASK_STAGE
        elif lx.WON.search(text):
            return Intent.MARK_WON
        elif lx.LOST.search(text):
            return Intent.MARK_LOST
    confirm = lx.CONFIRM_ORDER.search(text) and not question
    if confirm and lx.ORDER_NOUN.search(text) and not _ORDER_PLURAL.search(text):
        return Intent.CONFIRM_QUOTATION
    if confirm and domain is None and lx.ORDINAL.search(text):
        return Intent.CONFIRM_QUOTATION  # "confirma el segundo" after a list of quotations
    move = lx.MOVE.search(text)
    moved = (
        move
        and not question
        and not re.search(r"\bque pasa\b", text)
        and (
            re.search(r"\b(?:a|al|to|into|hacia|en|in)\b", text[move.end() :])
            or lx.ORDINAL.search(text)  # "mueve la segunda": the stage is asked for
            or re.fullmatch(r"(?:muevel[ao]|move it|pasal[ao])", text)
        )
    )
    if moved:
        if domain == "task" and not _TASK_PLURAL.search(text):
            return Intent.TASK_STAGE
        if domain in (None, "lead") and not plural_leads:
            return Intent.MOVE_LEAD
    return None


def _read_intent(text: str, domain: str | None) -> Intent | None:
    detail = lx.DETAIL.search(text)
    if domain == "pipeline":
        return Intent.PIPELINE
    if domain is None and _AGENDA.search(text):
        return Intent.LIST_TASKS
    if lx.SEARCH.match(text) and domain is None:
        return Intent.SEARCH
    if domain == "lead":
        if detail and lx.LEAD_SINGULAR.search(text) and not _LEAD_PLURAL.search(text):
            return Intent.LEAD_DETAIL
        return Intent.LIST_LEADS
    if domain == "task":
        if detail and lx.TASK_SINGULAR.search(text) and not _TASK_PLURAL.search(text):
            return Intent.TASK_DETAIL
        return Intent.LIST_TASKS
    if domain == "project":
        if lx.LIST_PROJECTS.search(text):
            return Intent.LIST_PROJECTS
        if lx.STATUS_QUESTION.search(text) or lx.PROJECT_SINGULAR.search(text):
            return Intent.PROJECT_STATUS
        return Intent.LIST_PROJECTS
    if domain == "sales":
        return Intent.SALES_SUMMARY
    if domain == "users":
        return Intent.LIST_USERS
    if domain == "stages":
        return Intent.LIST_STAGES
    if domain == "order":
        if detail and lx.ORDER_SINGULAR.search(text) and not _ORDER_PLURAL.search(text):
            return Intent.ORDER_DETAIL
        return Intent.LIST_ORDERS
    if lx.GROUP_CUSTOMER.search(text) or lx.GROUP_SALESPERSON.search(text):
        return Intent.SALES_SUMMARY
    if lx.SEARCH.match(text):
        return Intent.SEARCH
    return None
