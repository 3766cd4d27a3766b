"""Hypothesis strategies for fuzzing: hostile JSON values and values shaped by a JSON schema."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

HOSTILE_TEXT = [
    "",
    " ",
    "me",
    "0",
    "-1",
    "Talleres Ruiz",
    "2025-13-45",
    "mañana",
    "' OR 1=1 --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "password",
    "api_key",
    "res.users",
    "ir.config_parameter",
    "_compute_something",
    "\x00\x01\x02",
    "\ud7ff\ufffd",
    "🙂" * 50,
    "{{7*7}}",
    "%s%s%s%n",
]


class Huge(str):
    """A long string whose repr stays short, so failing examples print readably."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} chars: {str.__repr__(self[:40])}…>"


class HugeBytes(bytes):
    """Long bytes whose repr stays short."""

    def __repr__(self) -> str:
        return f"<{len(self)} bytes: {bytes.__repr__(self[:16])}…>"


huge_text = st.integers(min_value=3_000, max_value=70_000).map(lambda n: Huge("á" * n))
any_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=120), huge_text)
any_int = st.one_of(
    st.integers(min_value=-3, max_value=60),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.sampled_from([2**31, 2**31 - 1, -(2**31) - 1, 2**80]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    any_int,
    st.floats(allow_nan=False, allow_infinity=False),
    any_text,
)
#: Any JSON value, nested a little.
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=6),
        st.dictionaries(st.text(max_size=12), children, max_size=6),
    ),
    max_leaves=25,
)


def from_schema(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Plausible values for a JSON-schema property, often right, often subtly wrong."""
    options: list[st.SearchStrategy[Any]] = []
    if "enum" in schema:
        options.append(st.sampled_from(schema["enum"]))
    for alternative in schema.get("anyOf", []):
        options.append(from_schema(alternative))
    kind = schema.get("type")
    if kind == "string":
        options.append(any_text)
    elif kind == "integer":
        options.append(any_int)
    elif kind == "number":
        options.append(st.floats(allow_nan=False, allow_infinity=False))
    elif kind == "boolean":
        options.append(st.booleans())
    elif kind == "null":
        options.append(st.none())
    elif kind == "array":
        options.append(st.lists(from_schema(schema.get("items") or {}), max_size=8))
    elif kind == "object":
        options.append(st.dictionaries(st.text(max_size=12), json_values, max_size=5))
    if not options:
        options.append(json_values)
    return st.one_of(*options)


def arguments(input_schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Tool arguments: a random subset of the declared ones, plus now and then junk."""
    properties: dict[str, Any] = input_schema.get("properties", {})
    shaped = st.fixed_dictionaries(
        {},
        optional={
            name: st.one_of(from_schema(prop), json_values) for name, prop in properties.items()
        },
    )
    junk = st.dictionaries(st.text(max_size=20), json_values, max_size=3)
    return st.one_of(
        shaped,
        st.tuples(shaped, junk).map(lambda pair: {**pair[1], **pair[0]}),
    )
