"""Malformed tool arguments as one clear line, the same from every transport."""

from __future__ import annotations

from pydantic import ValidationError as PydanticValidationError

_PLAIN = {
    "missing_argument": "is required",
    "missing": "is required",
    "unexpected_keyword_argument": "is not an argument of this tool",
}


def describe_validation(tool: str, error: PydanticValidationError) -> str:
    """One line per problem, "limit: must be at most 100 (got 500); bogus: is not an
    argument of this tool", instead of a multi-line pydantic report with links."""
    problems: list[str] = []
    for item in error.errors(include_url=False):
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "call") or "arguments"
        message = _PLAIN.get(str(item.get("type")), str(item.get("msg", "is invalid")))
        got = item.get("input")
        shown = "" if item.get("type") in _PLAIN or isinstance(got, dict) else f" (got {got!r:.60})"
        problems.append(f"{where}: {message[:1].lower()}{message[1:]}{shown}")
    text = f"Invalid arguments for {tool}: " + "; ".join(problems)
    return text if len(text) <= 600 else text[:599].rstrip() + "…"
