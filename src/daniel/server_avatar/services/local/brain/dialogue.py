"""The conversation: turning understood messages into frames with the session's
context, resolving names through the MCP server, and asking back.

    pointers        "la segunda", "márcala como ganada" use the last answer
    questions       "Hay dos María: … ¿Cuál?" / "¿Para qué proyecto es la tarea?";
                    the next message answers them
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from daniel.language.formatting import join
from daniel.language.numbers import find_amounts
from daniel.language.text import Lang, fold
from daniel.server_avatar.services.local.erp_tools import error_text
from daniel.understanding.changes.frames import Intent, Understanding
from daniel.understanding.changes.phrases import say
from daniel.understanding.changes.slots import parse_lines
from daniel.understanding.changes.state import (
    MODEL_OF_KIND,
    DialogueState,
    Entity,
    Frame,
    Question,
    UserInfo,
)
from daniel.understanding.lexicon.requests import ORDINAL, ORDINALS, STOP
from daniel.understanding.names import Named, NameIndex, name_tokens

from .turn import ToolCaller, Turn

_KIND_NOUN = {
    "user": ("ninguna persona llamada", "anyone called"),
    "partner": ("ningún cliente llamado", "any customer called"),
    "customer": ("ningún cliente llamado", "any customer called"),
    "project": ("ningún proyecto llamado", "any project called"),
    "lead": ("ninguna oportunidad llamada", "any opportunity called"),
    "task": ("ninguna tarea llamada", "any task called"),
    "order": ("ningún pedido llamado", "any order called"),
}
_NUMBER_WORDS = {
    "es": {2: "dos", 3: "tres", 4: "cuatro", 5: "cinco"},
    "en": {2: "two", 3: "three", 4: "four", 5: "five"},
}


@dataclass(slots=True)
class Asked:
    """Resolution stopped: the brain asked the user (or said it found nothing)."""


ASKED = Asked()


class Conversation:
    def __init__(self, state: DialogueState, tools: ToolCaller, today: Callable[[], date]) -> None:
        self.state = state
        self.tools = tools
        self.today = today
        #: The ERP's names, once the understanding engine has loaded them.
        self.names: NameIndex | None = None

    # ----------------------------------------------------------------------- user
    async def user(self, turn: Turn) -> UserInfo | None:
        """The connected Odoo user (asked once per session)."""
        if self.state.user is None:
            result = await self.tools.call(turn, "user_context", {}, say(turn.lang, "label_user"))
            data = result.structured.get("user")
            if result.is_error or not isinstance(data, dict):
                return None
            uid = data.get("uid")
            self.state.user = UserInfo(
                uid=int(uid) if isinstance(uid, int) else None,
                name=str(data.get("name") or ""),
                login=_str(data.get("login")),
                company=_str(data.get("company")),
                tz=_str(data.get("tz")),
            )
        return self.state.user

    async def me(self, turn: Turn) -> int | str:
        """The current user as a tool parameter: the uid, or "me"."""
        user = await self.user(turn)
        return user.uid if user is not None and user.uid is not None else "me"

    def stages(self) -> tuple[str, ...]:
        """The CRM's stage names in its order, from the understanding engine's name index:
        read from the live ERP with the other names, as this conversation's user, and
        reloaded with them (empty before the first turn has loaded them)."""
        return self.names.names_of("stage") if self.names is not None else ()

    # ----------------------------------------------------------------------- names
    async def resolve(
        self,
        turn: Turn,
        frame: Frame,
        slot: str,
        phrase: str,
        kinds: tuple[str, ...],
        *,
        quiet_missing: bool = False,
    ) -> Entity | Asked | None:
        """The one record `phrase` names among `kinds`; asks back when several match.
        None when nothing matches (and `quiet_missing`: the caller falls back)."""
        if slot in frame.resolved:
            return frame.resolved[slot]
        known = self._known(phrase, kinds)
        if len(known) == 1:
            frame.resolved[slot] = known[0]
            return known[0]
        if known:
            self.ask_options(turn, frame, slot, kinds[0], phrase, known)
            return ASKED
        kind_arg = _kind_argument(kinds)
        result = await self.tools.call(
            turn,
            "resolve_name",
            {"text": phrase, "kind": kind_arg, "limit": 20},
            say(turn.lang, "label_resolve", text=phrase),
        )
        if result.is_error:
            turn.say(say(turn.lang, "tool_error", what=_what(turn.lang, "resolve")))
            turn.say(say(turn.lang, "tool_error_reason", message=error_text(result)))
            return ASKED
        candidates = _candidates(result.structured, kinds)
        chosen = choose(candidates, phrase)
        if isinstance(chosen, Entity):
            frame.resolved[slot] = chosen
            return chosen
        if chosen:
            self.ask_options(turn, frame, slot, kinds[0], phrase, chosen)
            return ASKED
        if quiet_missing:
            return None
        kind_words = _KIND_NOUN.get(kinds[0], _KIND_NOUN["lead"])
        turn.say(say(turn.lang, "not_found", kind=kind_words[turn.lang == "en"], phrase=phrase))
        turn.say(say(turn.lang, "ask_other_name"))
        retry = frame.copy()
        if hasattr(retry.slots, slot):
            setattr(retry.slots, slot, None)
        self.state.question = Question(retry, slot, kinds[0])
        return ASKED

    def _known(self, phrase: str, kinds: tuple[str, ...]) -> list[Entity]:
        """The records `phrase` names among the ERP's names the conversation loaded
        (the matching questions use); none when it names nothing there, and the MCP
        server's look-up is asked instead."""
        if self.names is None or not self.names.entries:
            return []
        found = self.names.named(phrase, kinds)
        users = {fold(n.name) for n in found if n.kind == "user"}
        return [
            Entity(n.kind, n.id, n.name, MODEL_OF_KIND.get(n.kind, ""))
            for n in found
            if not (n.kind == "partner" and fold(n.name) in users)
        ]

    def ask_options(
        self, turn: Turn, frame: Frame, slot: str, kind: str, phrase: str, options: list[Entity]
    ) -> None:
        shown = options[:4]
        names = join([option.name for option in shown], turn.lang)
        count = _NUMBER_WORDS[turn.lang].get(len(shown))
        if count and len(phrase.split()) <= 2:
            turn.say(say(turn.lang, "ask_which", count=count, phrase=phrase, options=names))
        else:
            turn.say(say(turn.lang, "ask_which_many", phrase=phrase, options=names))
        self.state.question = Question(frame.copy(), slot, kind, list(shown), phrase)

    def ask(self, turn: Turn, frame: Frame, slot: str, kind: str, key: str) -> Asked:
        turn.say(say(turn.lang, key))
        self.state.question = Question(frame.copy(), slot, kind)
        return ASKED

    # ----------------------------------------------------------------------- questions
    def answer_question(self, understood: Understanding, text: str) -> Frame | None:
        question = self.state.question
        frame = answer_question(self.state, understood, text)
        if frame is None or question is None or question.options:
            return frame
        whole = text.strip(" .!?¿¡")
        named = question.slot in ("target", "project", "person") and question.kind in MODEL_OF_KIND
        if named and self._known(whole, (question.kind,)):  # the reply is a whole ERP name
            setattr(frame.slots, question.slot, whole)
        return frame


# --------------------------------------------------------------------------- questions
def answer_question(state: DialogueState, understood: Understanding, text: str) -> Frame | None:
    """The asked-for frame completed with this reply, or None when the reply is
    something else (the question is then dropped)."""
    question = state.question
    if question is None:
        return None
    frame = question.frame.copy()
    if question.options:
        picked = pick_option(question.options, text)
        if picked is None:
            return None
        frame.resolved[question.slot] = picked
        return frame
    if not _reads_as_answer(understood, question.kind):
        return None
    value = "lines" if question.slot == "lines" else _answer_value(understood, question.slot, text)
    if not value:
        return None
    if question.slot == "lines":
        lines = parse_lines(text)
        if not lines:
            return None
        frame.slots.lines = lines
    elif question.slot == "amount":
        amounts = [a for a in find_amounts(fold(text), understood.lang) if a.value >= 1]
        if not amounts:
            return None
        frame.slots.amount = amounts[-1].value
    elif question.slot == "period" and understood.slots.period is not None:
        frame.slots.period = understood.slots.period
    else:
        setattr(frame.slots, question.slot, value)
    return frame


# --------------------------------------------------------------------------- helpers
def _str(value: Any) -> str | None:
    return str(value) if isinstance(value, str) and value else None


def _what(lang: Lang, key: str) -> str:
    return {"resolve": ("buscar ese nombre", "look that name up")}[key][lang == "en"]


def _kind_argument(kinds: tuple[str, ...]) -> str | None:
    if len(kinds) == 1:
        return kinds[0]
    if set(kinds) == {"user", "partner"}:
        return "person"
    return None


def _candidates(data: dict[str, Any], kinds: tuple[str, ...]) -> list[Entity]:
    wanted = {"customer" if k == "partner" else k for k in kinds} | set(kinds)
    found: list[Entity] = []
    for row in data.get("records") or data.get("candidates") or []:
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            continue
        kind = str(row.get("kind") or "")
        if kind == "customer":
            kind = "partner"
        if kind not in wanted and not (kind == "partner" and "customer" in wanted):
            continue
        found.append(
            Entity(kind, int(row["id"]), str(row.get("name") or ""), str(row.get("model") or ""))
        )
    users = {fold(e.name) for e in found if e.kind == "user"}
    return [e for e in found if not (e.kind == "partner" and fold(e.name) in users)]


def choose(candidates: list[Entity], phrase: str) -> Entity | list[Entity]:
    """One clear winner among the MCP server's candidates, or the tied best (empty:
    none), by the same matching as every other name (`NameIndex.named`)."""
    if len(candidates) <= 1:
        return candidates[0] if candidates else []
    index = NameIndex.of(Named(c.kind, c.id, c.name, name_tokens(c.name)) for c in candidates)
    found = {(n.kind, n.id) for n in index.named(phrase, {c.kind for c in candidates})}
    best = [c for c in candidates if (c.kind, c.id) in found]
    if not best:
        return candidates[:4]
    return best[0] if len(best) == 1 else best


def pick_option(options: list[Entity], text: str) -> Entity | None:
    """The option a reply names: "la segunda", "López", "María Pérez", "the first"."""
    folded = fold(text)
    m = ORDINAL.search(folded)
    if m:
        index = ORDINALS[m.group("word")] if m.group("word") else int(m.group("num"))
        position = len(options) - 1 if index == -1 else index - 1
        if 0 <= position < len(options):
            return options[position]
    said = [w for w in _words(folded) if w not in STOP]
    if not said:
        return None
    matching = [
        o for o in options if all(any(n.startswith(w) for n in _words(fold(o.name))) for w in said)
    ]
    if len(matching) == 1:
        return matching[0]
    exact = [o for o in options if fold(o.name) == " ".join(said)]
    return exact[0] if len(exact) == 1 else None


def _words(text: str) -> list[str]:
    return [w for w in "".join(c if c.isalnum() else " " for c in text).split() if w]


_ANSWER_INTENTS = {
    "project": (Intent.PROJECT_STATUS, Intent.LIST_PROJECTS, Intent.LIST_TASKS),
    "lead": (Intent.LIST_LEADS, Intent.LEAD_DETAIL),
    "task": (Intent.LIST_TASKS, Intent.TASK_DETAIL),
    "order": (Intent.LIST_ORDERS, Intent.ORDER_DETAIL),
}


def _reads_as_answer(understood: Understanding, kind: str) -> bool:
    if understood.intent in (Intent.NO, Intent.YES):
        return False
    if understood.intent in (Intent.UNKNOWN, Intent.FOLLOW_UP, Intent.SHOW_ITEM, Intent.SEARCH):
        return True
    if kind == "text":
        return not understood.is_write
    return understood.intent in _ANSWER_INTENTS.get(kind, ())


def _answer_value(understood: Understanding, slot: str, text: str) -> str | None:
    slots = understood.slots
    if slot == "period":
        return slots.period.words if slots.period else None
    if slot in ("title", "note", "reason"):
        return text.strip(" .!?¿¡") or None
    for value in (getattr(slots, slot, None), slots.project, slots.target, slots.owner):
        if isinstance(value, str) and value:
            return value
    if understood.leftovers:
        return understood.leftovers[0]
    words = [w for w in text.strip(" .!?¿¡").split() if fold(w) not in STOP]
    return " ".join(words) or None
