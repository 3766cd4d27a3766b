"""What each person may choose, and the defaults.

lang        es | en            the conversation and page language
voice       bool               the answers are spoken
speed       0.5 – 2.0          how fast they are spoken (playback rate)
avatar      local | remote     the avatar drawn in the page, or the remote one
                               (when the server has one configured)
mode        push_to_talk | hands_free
scope       mine | team | everyone   whose opportunities "the pipeline" means when a
                               question names nobody (the understanding layer uses it)
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Scope = Literal["mine", "team", "everyone"]


class Preferences(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lang: Literal["es", "en"] | None = None
    voice: bool = True
    speed: float = Field(1.0, ge=0.5, le=2.0)
    avatar: Literal["local", "remote"] = "remote"
    mode: Literal["push_to_talk", "hands_free"] = "push_to_talk"
    scope: Scope = "everyone"


def merged(stored: dict[str, Any] | None, change: dict[str, Any]) -> Preferences:
    """The stored preferences with `change` applied (validated; ValueError when not)."""
    base = Preferences.model_validate(_known(stored or {})).model_dump()
    base.update(change)
    return Preferences.model_validate(base)


def _known(data: dict[str, Any]) -> dict[str, Any]:
    """Stored data of an older version: unknown keys are dropped, bad values forgotten."""
    out: dict[str, Any] = {}
    for key in Preferences.model_fields:
        if key in data:
            try:
                Preferences.model_validate({key: data[key]})
            except ValueError:
                continue
            out[key] = data[key]
    return out
