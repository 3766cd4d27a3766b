"""A contact's phone, mobile, email or job title, changed by voice.

"cambia el teléfono de Jordi Puig a 600 123 456", "actualiza el email de Acme Ibérica:
info@acme.es", "change Olivia Bennett's phone to 555 123 4567", "set the job title of
Olivia Bennett to Head of Purchasing". The sentence gives three pieces: which field, whose
(a name the ERP knows as a partner: a company or one of its people) and the new value,
kept exactly as said (an email keeps its case, a number its spaces). The MCP tool
`contact_update` checks the value and previews the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daniel.language.text import Lang

#: The field said, in either language: the words that name it → the partner field.
_FIELDS = {
    "phone": r"tel[eé]fono|n[uú]mero(?: de tel[eé]fono)?|phone(?: number)?|number|tlf",
    "mobile": r"m[oó]vil|celular|mobile(?: phone| number)?|cell(?: ?phone)?",
    "email": r"e-?mail|correo(?: electr[oó]nico)?|email address|e-mail address",
    "function": r"cargo|puesto|job title|title|position|role",
}
_FIELD = "|".join(f"(?P<{key}>{words})" for key, words in _FIELDS.items())
#: ("pon el teléfono de Ana", "ponme…" ask to be shown it: "pon" is not among them)
_VERB = (
    r"(?:cambia|actualiza|modifica|corrige|change|update|set|correct|fix)"
    r"(?:le|la|lo|r)?"
)
#: "cambia el teléfono de X a Y", "change the email of X to Y", "set X's phone to Y"
_PATTERNS = (
    re.compile(
        rf"^\W*(?:por favor,? |please,? )?{_VERB}\s+(?:el |la |su |the |his |her |their )?"
        rf"(?:{_FIELD})\s+(?:de|del|of|for)\s+(?P<name>.+?)"
        r"\s*(?:\s(?:a|al|por|to|as|en)\s|:|\s(?:es|is)\s)\s*(?P<value>.+?)\W*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\W*(?:please,? )?{_VERB}\s+(?P<name>.+?)['’]s\s+(?:{_FIELD})"
        r"\s*(?:\s(?:to|as)\s|:)\s*(?P<value>.+?)\W*$",
        re.IGNORECASE,
    ),
    # "el nuevo teléfono de X es Y", "X's new email is Y"
    re.compile(
        rf"^\W*(?:el |la |su )?nuev[oa] (?:{_FIELD})\s+(?:de|del)\s+(?P<name>.+?)"
        r"\s+es\s+(?P<value>.+?)\W*$",
        re.IGNORECASE,
    ),
    re.compile(
        rf"^\W*(?P<name>.+?)['’]s\s+new\s+(?:{_FIELD})\s+is\s+(?P<value>.+?)\W*$",
        re.IGNORECASE,
    ),
)
#: What the folded message starts with when it asks for such a change (for the intent).
CUE = re.compile(
    r"^\W*(?:por favor,? |please,? )?(?:cambia|actualiza|modifica|corrige|change|update|set"
    r"|correct|fix)(?:le|la|lo|r)?\s+(?:el |la |su |the |his |her |their )?(?:telefono|movil"
    r"|celular|e-?mail|correo|cargo|puesto|phone|mobile|cell|job title)\b"
    r"|^\W*(?:el |la |su )?nuev[oa] (?:telefono|movil|celular|e-?mail|correo|cargo|puesto)"
    r" de\b"
    r"|(?:['’]s |^\W*)(?:new )?(?:phone|mobile|cell|e-?mail|email address|job title)\b"
    r".*\b(?:to|is)\b"  # "X's phone to …", "X's new email is …" (a name said is blanked)
)


@dataclass(frozen=True, slots=True)
class ContactChange:
    name: str  # as said
    field: str  # phone, mobile, email or function
    value: str  # as said


def read(text: str, lang: Lang) -> ContactChange | None:
    """The change `text` asks for, or None when it does not say all three pieces."""
    del lang  # both languages' words are read in either
    for pattern in _PATTERNS:
        match = pattern.match(text.strip())
        if match is None:
            continue
        field = next(key for key in _FIELDS if match.group(key))
        name = match.group("name").strip(" ,.;")
        value = match.group("value").strip(" ,;")
        if field == "email":
            value = value.rstrip(".")
        if name and value:
            return ContactChange(name, field, value)
    return None
