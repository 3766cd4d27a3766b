"""What the ElevenLabs agent is told about tool calls that need the user.

The agent declares client tools named like the MCP tools (docs/vendors.md); each
`client_tool_call` is run through the session's `ToolRunner` and answered with
`client_tool_result {tool_call_id, result (a string), is_error}`. A write that needs the
user's confirmation becomes a `ConfirmationRequest` for the screen (the shared
`tools.write_confirmations` flow), and the result string tells the agent that nothing has
changed yet and to ask the user. When the user answers on screen, the agent is told what
happened so that it can say it.
"""

from __future__ import annotations

from daniel.server_avatar.services.base import Lang
from daniel.server_avatar.services.elevenlabs.errors import say


def ask_user(tool_text: str, summary: str, token: str, lang: Lang) -> str:
    """The tool result for the agent when a write waits for the user."""
    return (
        tool_text
        + "\n\n"
        + say(
            lang,
            "TODAVÍA NO SE HA CAMBIADO NADA. El usuario ve una tarjeta con Confirmar/Cancelar. "
            f"Pregúntale si lo confirma: «{summary}». Si dice que sí, llama a confirm_action "
            f"con confirmation_token {token}; si dice que no, llama a cancel_action.",
            "NOTHING HAS BEEN CHANGED YET. The user sees a card with Confirm/Cancel. "
            f"Ask whether to go ahead: «{summary}». If they say yes, call confirm_action with "
            f"confirmation_token {token}; if not, call cancel_action.",
        )
    )


def screen_note(accepted: bool, result_text: str, lang: Lang) -> str:
    """Tells the agent what the user did on screen, so it can say the outcome."""
    if accepted:
        return say(
            lang,
            f"(He pulsado Confirmar en la pantalla.) Resultado: {result_text}",
            f"(I pressed Confirm on the screen.) Result: {result_text}",
        )
    return say(
        lang,
        f"(He pulsado Cancelar en la pantalla.) Resultado: {result_text}",
        f"(I pressed Cancel on the screen.) Result: {result_text}",
    )
