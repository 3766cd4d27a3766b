"""Text normalisation for the local brain: case and accent folding, tokens, language.

`fold` keeps the length of the text (one character in, one character out), so a span
found by a regular expression in the folded text cuts the same words, with their
original case and accents, out of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Literal

Lang = Literal["es", "en"]


@cache
def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        lowered = char
    base = unicodedata.normalize("NFD", lowered)[0]
    if base in '¿¡«»“”„‘’"`´':
        return "'" if base in "‘’`´" else " "
    return base


def fold(text: str) -> str:
    """Lower-case `text` and strip its accents (á→a, ñ→n, ü→u), keeping its length.

    Spanish opening marks and typographic quotes become spaces; curly apostrophes
    become "'"."""
    return "".join(_fold_char(char) for char in text)


_WORD = re.compile(r"[^\W_]+(?:['’][a-z]+)?|\d+(?:[.,]\d+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a message: folded form, original form and where it is."""

    norm: str
    text: str
    start: int
    end: int

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_number(self) -> bool:
        return self.norm[:1].isdigit()


def tokenize(original: str, folded: str | None = None) -> list[Token]:
    """Words and numbers of `original` (apostrophes kept inside words: "ana's")."""
    folded = fold(original) if folded is None else folded
    return [
        Token(m.group(0), original[m.start() : m.end()], m.start(), m.end())
        for m in _WORD.finditer(folded)
    ]


#: The internal reference Odoo writes before a product's name: "[HW-CAM] Cámara web HD".
_REFERENCE = re.compile(r"^\s*\[[^\]]*\]\s*")


def without_reference(name: str) -> str:
    """A product's name as people say it, without its internal reference ("" if the
    reference is all there is)."""
    return _REFERENCE.sub("", name)


def collapse(text: str) -> str:
    """Squeeze runs of whitespace and strip the ends."""
    return " ".join(text.split())


def words(text: str) -> frozenset[str]:
    """The set of the whitespace-separated words of `text` (for word lists)."""
    return frozenset(text.split())


# --------------------------------------------------------------------------- language
_ES_MARKERS = words(
    """el la los las un una de del que y en por para con mis mi tengo tareas tarea
    oportunidades oportunidad ventas proyecto proyectos hoy manana semana mes pasado
    quien soy como cuantas cuantos cual crea crear anade marca muestrame dime hola gracias
    si vale cancela adelante ayuda esta este estas estos hay va ganada perdida nota
    pedidos presupuesto presupuestos cliente comercial etapa muevela marcala
    buenos dias tardes noches vamos claro porfa favor"""
)
_EN_MARKERS = words(
    """the a an of and in for with my me i am is are what who how show list tasks task
    leads lead opportunities opportunity deals deal sales project projects today tomorrow
    week month last next this create add mark move log note hello hi thanks thank yes
    please cancel help going do have due won lost orders quotation quotations customer
    stage it one go ahead sure okay yeah nope don't can you let's about there which
    were was our we your from by to on at much many did does mark due morning"""
)
_SPANISH_ONLY_CHARS = frozenset("ñ¿¡áéíóú")


_SHORT_ES = words(
    "si vale gracias hola adios claro venga cancela cancelalo confirma confirmo adelante ayuda"
    " buenas buenos dale perfecto hazlo"
)
_SHORT_EN = words("yes yeah yep thanks thank hello hi bye sure cancel confirm help please okay")


def detect_lang(text: str) -> Lang | None:
    """The language of `text` when it is clear, else None (names, mixed messages)."""
    spanish_chars = any(char in _SPANISH_ONLY_CHARS for char in text.lower())
    said = [t.norm for t in tokenize(text)]
    if len(said) <= 2:  # "sí", "yes", "thanks": only words that belong to one language
        es_short = any(w in _SHORT_ES for w in said)
        en_short = any(w in _SHORT_EN for w in said)
        if es_short != en_short:
            return "es" if es_short else "en"
        return None
    es = sum(1 for w in said if w in _ES_MARKERS) + (2 if spanish_chars else 0)
    en = sum(1 for w in said if w in _EN_MARKERS)
    if es >= 2 and es >= 2 * en + 1:
        return "es"
    if en >= 2 and en >= 2 * es + 1:
        return "en"
    return None


# --------------------------------------------------------------------------- yes / no
_YES = re.compile(
    r"^(?:(?:si|sii+|vale|ok|okay|okey|de acuerdo|claro|venga|adelante|confirma|confirmo"
    r"|confirmado|hazlo|dale|perfecto|correcto|eso es|exacto|por supuesto|yes|yeah|yep|sure"
    r"|go ahead|do it|confirm|confirmed|please do|of course|absolutely|correct|right|go"
    r"|sounds good|that's right|si por favor|si claro|yes please)[\s,.!]*)+"
    r"(?:por favor|please|gracias|thanks)?[\s.!]*$"
)
_NO = re.compile(
    r"^(?:(?:no|nop|cancela|cancelalo|cancelar|cancelado|mejor no|dejalo|olvidalo|para"
    r"|ni hablar|de ninguna manera|no gracias|nope|cancel|cancel it|don't|do not|never mind"
    r"|nevermind|forget it|stop|no thanks|abort|no way|not now)[\s,.!]*)+"
    r"(?:por favor|please|gracias|thanks)?[\s.!]*$"
)


def _clean(text: str) -> str:
    return collapse(re.sub(r"[¿?¡!.,;:]", " ", fold(text)))


def is_yes(text: str) -> bool:
    """A short yes: "sí", "vale", "confirma", "adelante", "yes", "go ahead", "do it"."""
    return bool(_YES.match(_clean(text) + " "))


def is_no(text: str) -> bool:
    """A short no: "no", "cancela", "mejor no", "cancel", "never mind"."""
    return bool(_NO.match(_clean(text) + " "))
