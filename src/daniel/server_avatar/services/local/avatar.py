"""The local avatar: drawn in the browser from the speech timings; nothing server-side."""

from __future__ import annotations

from daniel.server_avatar.services.base import Avatar


class LocalAvatar(Avatar):
    name = "local"
    speaks_text = False
