"""A message being taken apart: the original text, its folded form, and the parts
already understood (blanked out so nothing reads them twice).

Name-like phrases are "runs": consecutive words that are not in `lexicon.STOP`, with
the words just before them (their cue: "de", "para", "del proyecto", "'s"...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from daniel.language.text import Token, fold, tokenize

from ..lexicon.requests import CONNECTORS, STOP

BLANK = "\x01"
#: Names that are also common words; taken as names when capitalised mid-sentence.
_NAME_WORDS = frozenset({"mark", "may", "will", "bill", "grace", "hope", "joy", "rose", "sol"})
_GAP_OK = re.compile(r"^[\s\-&'.]*$")


@dataclass(frozen=True, slots=True)
class Run:
    """A name-like phrase: its original text, the (folded) words before and after it."""

    text: str
    start: int
    end: int
    before: tuple[str, ...]
    after: str
    possessive: bool = False

    def cue(self, *endings: str) -> bool:
        """The words right before the run end with one of `endings` ("del proyecto")."""
        said = " ".join(self.before)
        return any(said == e or said.endswith(" " + e) for e in endings)


class Scan:
    def __init__(self, original: str) -> None:
        self.original = original
        self.folded = fold(original)
        self._buf = list(self.folded)

    @property
    def text(self) -> str:
        """The folded text with the understood parts blanked out."""
        return "".join(self._buf)

    def blank(self, start: int, end: int) -> None:
        for index in range(max(0, start), min(end, len(self._buf))):
            self._buf[index] = BLANK

    def cut(self, start: int, end: int) -> str:
        """The original text of [start, end), trimmed, and blank it."""
        value = self.original[start:end].strip(" ,.;:!?¿¡\"'«»“”")
        self.blank(start, end)
        return " ".join(value.split())

    def has_capitals(self) -> bool:
        """Whether the user types names with capitals (speech recognisers may not)."""
        words = self.original.split()[1:]
        return any(word[:1].isupper() for word in words)

    # ----------------------------------------------------------------------- runs
    def runs(self) -> list[Run]:
        text = self.text
        tokens = [t for t in tokenize(self.original, text) if BLANK not in t.norm]
        capitals = self.has_capitals()
        found: list[Run] = []
        index = 0
        while index < len(tokens):
            if not self._content(tokens, index, capitals):
                index += 1
                continue
            first = index
            possessive = False
            while index < len(tokens):
                token = tokens[index]
                if token.norm.endswith(("'s", "’s")):
                    possessive = True
                    index += 1
                    break
                nxt = index + 1
                if nxt < len(tokens) and not self._joined(tokens[index], tokens[nxt]):
                    index += 1
                    break
                if nxt < len(tokens) and self._content(tokens, nxt, capitals):
                    index = nxt
                    continue
                bridge = self._bridge(tokens, nxt, capitals)
                if bridge:
                    index = bridge
                    continue
                index += 1
                break
            last = index - 1
            found.append(self._run(tokens, first, last, possessive))
        return found

    def _content(self, tokens: list[Token], index: int, capitals: bool) -> bool:
        token = tokens[index]
        norm = token.norm.removesuffix("'s").removesuffix("’s")
        if not norm or norm.isdigit():
            return False
        if norm not in STOP:
            return not (capitals and len(norm) == 1)
        if not (capitals and token.capitalized and self._mid_sentence(token)):
            return False
        if norm in _NAME_WORDS:
            return True
        # A capitalised common word starting a longer name: "Proyectos internos".
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        return (
            len(norm) > 2
            and not token.text.isupper()
            and following is not None
            and self._joined(token, following)
            and following.norm not in STOP
            and not following.norm.isdigit()
        )

    def _mid_sentence(self, token: Token) -> bool:
        before = self.original[: token.start].rstrip()
        return bool(before) and before[-1] not in '.!?¿¡:;"«“('

    def _joined(self, left: Token, right: Token) -> bool:
        return bool(_GAP_OK.match(self.text[left.end : right.start]))

    def _bridge(self, tokens: list[Token], index: int, capitals: bool) -> int:
        """Connectors inside a capitalised name ("Talleres de la Fuente"): the index of
        the next content word when they bridge two capitalised words, else 0."""
        if not capitals:
            return 0
        scan = index
        while scan < len(tokens) and tokens[scan].norm in CONNECTORS and scan - index < 2:
            if not self._joined(tokens[scan - 1], tokens[scan]):
                return 0
            scan += 1
        if scan == index or scan >= len(tokens):
            return 0
        if not self._joined(tokens[scan - 1], tokens[scan]):
            return 0
        following = tokens[scan]
        bridged = following.capitalized and tokens[index - 1].capitalized
        return scan if bridged and self._content(tokens, scan, capitals) else 0

    def _run(self, tokens: list[Token], first: int, last: int, possessive: bool) -> Run:
        start, end = tokens[first].start, tokens[last].end
        text = self.original[start:end]
        if possessive:
            text = re.sub(r"['’]s$", "", text)
        before: list[str] = []
        right = tokens[first]
        for token in reversed(tokens[max(0, first - 4) : first]):
            if not self._joined(token, right):
                break
            before.insert(0, token.norm)
            right = token
        after = tokens[last + 1].norm if last + 1 < len(tokens) else ""
        if last + 1 < len(tokens) and not self._joined(tokens[last], tokens[last + 1]):
            after = ""
        return Run(" ".join(text.split()), start, end, tuple(before), after, possessive)
