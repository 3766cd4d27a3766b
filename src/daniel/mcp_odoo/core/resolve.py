"""Names to ids, so a voice user never has to say an id.

`find` ranks candidates for a text across one or more kinds of record: exact name,
prefix, contains (`ilike`), accent-insensitive ("Maria" finds "María"), or a match on
another field (email, reference, customer). The first pass is one `search_read` per
model, run concurrently; only when it finds nothing does a second pass look for
accented spellings (`=ilike` with one-character wildcards, filtered here).

`resolve` picks exactly one record for a tool parameter, or fails with a clear error
that lists the candidates with their ids so the caller can ask back.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Any

from daniel.mcp_odoo.core.config import Lang
from daniel.mcp_odoo.core.gateway import OdooCalls
from daniel.mcp_odoo.core.tool_registry import ToolError, shorten
from daniel.mcp_odoo.present.cards import m2o_name
from daniel.mcp_odoo.present.i18n import noun, t
from daniel.mcp_odoo.present.text import fold, like_text, odoo_form_url


@dataclass(frozen=True)
class KindSpec:
    kind: str
    model: str
    fields: tuple[str, ...]
    #: Other fields searched with `ilike`, with the word shown as the reason of a match.
    also: tuple[tuple[str, str], ...] = ()
    domain: tuple[tuple[str, str, Any], ...] = ()


KINDS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(
            "partner",
            "res.partner",
            ("name", "email", "is_company"),
            (("email", "email"), ("ref", "reference")),
        ),
        KindSpec(
            "customer",
            "res.partner",
            ("name", "email", "is_company"),
            (("email", "email"), ("ref", "reference")),
        ),
        KindSpec("user", "res.users", ("name", "login"), (("login", "login"),)),
        KindSpec("salesperson", "res.users", ("name", "login"), (("login", "login"),)),
        KindSpec(
            "lead",
            "crm.lead",
            ("name", "partner_id", "stage_id"),
            (("partner_id", "customer"), ("partner_name", "customer"), ("email_from", "email")),
        ),
        KindSpec("project", "project.project", ("name",)),
        KindSpec("task", "project.task", ("name", "project_id")),
        KindSpec(
            "order",
            "sale.order",
            ("name", "partner_id"),
            (("client_order_ref", "reference"), ("partner_id", "customer")),
        ),
        KindSpec(
            "product", "product.product", ("name", "default_code"), (("default_code", "reference"),)
        ),
        KindSpec("stage", "crm.stage", ("name",)),
        KindSpec("task_stage", "project.task.type", ("name",)),
        KindSpec("tag", "crm.tag", ("name",)),
        KindSpec("task_tag", "project.tags", ("name",)),
    )
}
#: `resolve_name` kinds that span several models.
KIND_GROUPS: dict[str, tuple[str, ...]] = {
    "person": ("user", "partner"),
    "stage": ("stage", "task_stage"),
}

_RANK = {
    "exact": 0,
    "exact-accent": 1,
    "prefix": 2,
    "prefix-accent": 3,
    "ilike": 4,
    "ilike-accent": 5,
}
_ME = {"me", "yo", "mi", "mine", "myself", "mis", "mias", "mios"}
_LEAD_FILLER = re.compile(
    r"\b(the|deal|opportunity|lead|el|la|los|las|oportunidad|trato|negocio|de|del|con|for|with)\b"
)
_ACCENTED = set("aeiouncAEIOUNC")


@dataclass
class Candidate:
    kind: str
    model: str
    id: int
    name: str
    match: str
    rank: int
    detail: str | None = None

    def as_dict(self, base_url: str) -> dict[str, Any]:
        why = self.match.replace("exact-accent", "accent-insensitive")
        why = why.replace("prefix-accent", "accent-insensitive").replace(
            "ilike-accent", "accent-insensitive"
        )
        data: dict[str, Any] = {
            "model": self.model,
            "id": self.id,
            "name": self.name,
            "url": odoo_form_url(base_url, self.model, self.id),
            "kind": self.kind,
            "match": why,
        }
        if self.detail:
            data["detail"] = self.detail
        return data

    def label(self) -> str:
        extra = f", {self.detail}" if self.detail else ""
        return f"{self.name} (id {self.id}{extra})"


def is_me(value: str) -> bool:
    return fold(value) in _ME


def as_id(value: int | str) -> int | None:
    """An int, or a string of digits, is an id; anything else is a name."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip().lstrip("#")
    return int(text) if text.isdigit() else None


def _score(name: str, text: str) -> str | None:
    low, want = name.casefold(), text.casefold()
    folded, fwant = fold(name), fold(text)
    if low == want:
        return "exact"
    if folded == fwant:
        return "exact-accent"
    words = low.split()
    if low.startswith(want) or any(w.startswith(want) for w in words):
        return "prefix"
    if folded.startswith(fwant) or any(w.startswith(fwant) for w in folded.split()):
        return "prefix-accent"
    if want in low:
        return "ilike"
    if fwant in folded:
        return "ilike-accent"
    return None


def accent_pattern(text: str) -> str:
    """ "Maria" → "%m_r__%": one-character wildcards where an accent could be."""
    cleaned = re.sub(r"[%_\\]", " ", text.strip())
    return "%" + "".join("_" if ch in _ACCENTED else ch for ch in cleaned) + "%"


def clean_lead_text(text: str) -> str:
    """ "the Acme deal" → "Acme"."""
    stripped = _LEAD_FILLER.sub(" ", text)
    return " ".join(stripped.split()) or text.strip()


async def find(
    calls: OdooCalls, kinds: tuple[str, ...], text: str, *, limit: int = 8
) -> list[Candidate]:
    """Candidates for `text` across `kinds`, best first."""
    text = text.strip()
    if not text:
        return []
    passes = await asyncio.gather(*(_find_in(calls, KINDS[k], text, accent=False) for k in kinds))
    found = [c for group in passes for c in group]
    if not found:
        passes = await asyncio.gather(
            *(_find_in(calls, KINDS[k], text, accent=True) for k in kinds)
        )
        found = [c for group in passes for c in group]
    found.sort(key=lambda c: (c.rank, len(c.name), c.name.casefold()))
    return found[:limit]


async def _find_in(calls: OdooCalls, spec: KindSpec, text: str, *, accent: bool) -> list[Candidate]:
    query = clean_lead_text(text) if spec.kind == "lead" else text
    if accent:
        leaves: list[Any] = [["name", "=ilike", accent_pattern(query)]]
    else:
        pattern = like_text(query)
        leaves = [["name", "ilike", pattern]] + [[f, "ilike", pattern] for f, _ in spec.also]
    domain: list[Any] = ["|"] * (len(leaves) - 1) + leaves
    domain = [list(leaf) for leaf in spec.domain] + domain
    rows = await calls.search_read(
        spec.model, domain, list(spec.fields), limit=100 if accent else 40
    )
    return rank_rows(spec, rows, query, accent_only=accent)


def rank_rows(
    spec: KindSpec, rows: list[dict[str, Any]], text: str, *, accent_only: bool = False
) -> list[Candidate]:
    """Candidates from rows already fetched, best first."""
    found: list[Candidate] = []
    for row in rows:
        name = str(row.get("name") or row.get("display_name") or "")
        match = _score(name, text)
        if match is None and accent_only:
            continue
        if match is None:
            match = _other_reason(row, spec, text)
        rank = _RANK.get(match, 6)
        found.append(
            Candidate(spec.kind, spec.model, int(row["id"]), name, match, rank, _detail(row, spec))
        )
    found.sort(key=lambda c: (c.rank, len(c.name), c.name.casefold()))
    return found


def _other_reason(row: dict[str, Any], spec: KindSpec, text: str) -> str:
    want = fold(text)
    for field_name, reason in spec.also:
        value = row.get(field_name)
        shown = m2o_name(value) or (value if isinstance(value, str) else "")
        if shown and want in fold(shown):
            return reason
    return spec.also[0][1] if spec.also else "ilike"


def _detail(row: dict[str, Any], spec: KindSpec) -> str | None:
    for key in ("partner_id", "project_id", "login", "email", "default_code"):
        if key in spec.fields:
            value = row.get(key)
            shown = m2o_name(value) or (value if isinstance(value, str) and value else None)
            if shown:
                return str(shown)
    return None


async def resolve(
    calls: OdooCalls, kind: str, value: int | str, *, lang: Lang, param: str | None = None
) -> tuple[int, str]:
    """(id, name) of the one record `value` names, or a tool error to ask back."""
    spec = KINDS[kind]
    record_id = as_id(value)
    if record_id is not None:
        rows = await calls.read(spec.model, [record_id], ["display_name"])
        if not rows:
            raise ToolError(t(lang, "not_found_id", kind=noun(lang, kind), id=record_id))
        return record_id, str(rows[0].get("display_name") or record_id)
    text = str(value).strip()
    if spec.model == "res.users" and is_me(text):
        uid = await calls.uid()
        rows = await calls.read("res.users", [uid], ["display_name"])
        return uid, str(rows[0].get("display_name") if rows else uid)
    candidates = await find(calls, (kind,), text, limit=8)
    return pick(candidates, kind=kind, text=text, lang=lang)


def pick(candidates: list[Candidate], *, kind: str, text: str, lang: Lang) -> tuple[int, str]:
    if not candidates:
        raise ToolError(t(lang, "not_found_name", kind=noun(lang, kind), text=shorten(text)))
    best = candidates[0]
    runner_up = candidates[1] if len(candidates) > 1 else None
    if runner_up is None or (best.rank <= 1 and runner_up.rank > best.rank):
        return best.id, best.name
    options = ", ".join(c.label() for c in candidates[:6])
    raise ToolError(
        t(
            lang,
            "ambiguous",
            kinds=noun(lang, kind, plural=True),
            text=shorten(text),
            options=options,
        )
    )
