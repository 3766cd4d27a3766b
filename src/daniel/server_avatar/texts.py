"""User-facing sentences of the avatar server, in Spanish and English.

Everything a user can read (notices, errors, reasons) comes from here, so both languages
stay side by side.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["es", "en"]

_TEXTS: dict[str, dict[Lang, str]] = {
    "protocol_error": {
        "es": "Mensaje no válido: {detail}.",
        "en": "Invalid message: {detail}.",
    },
    "start_first": {
        "es": "Primero hay que abrir la conversación (session.start).",
        "en": "Open the conversation first (session.start).",
    },
    "already_started": {
        "es": "La conversación ya está abierta.",
        "en": "The conversation is already open.",
    },
    "rate_limited": {
        "es": "Demasiados mensajes por segundo; se ignoran algunos.",
        "en": "Too many messages per second; some were dropped.",
    },
    "superseded": {
        "es": "Cancelado: una petición más reciente sustituye a esta propuesta.",
        "en": "Cancelled: a newer request replaced this proposal.",
    },
    "confirmation_gone": {
        "es": "Esa confirmación ya no es válida (se sustituyó, caducó o no es de esta "
        "conversación). No se ha cambiado nada.",
        "en": "That confirmation is no longer valid (replaced, expired or not from this "
        "conversation). Nothing was changed.",
    },
    "login_required": {
        "es": "Tu sesión ha terminado. Vuelve a iniciar sesión.",
        "en": "Your session has ended. Please log in again.",
    },
    "too_many_for_you": {
        "es": "Tienes demasiadas conversaciones abiertas. Cierra alguna e inténtalo de nuevo.",
        "en": "You have too many conversations open. Close one and try again.",
    },
    "start_timeout": {
        "es": "La conversación no se abrió a tiempo (falta session.start).",
        "en": "The conversation was not opened in time (session.start is missing).",
    },
    "server_full": {
        "es": "El servidor está atendiendo demasiadas conversaciones. Inténtalo en un momento.",
        "en": "The server is handling too many conversations. Please try again shortly.",
    },
    "session_failed": {
        "es": "No se pudo abrir la conversación ({reason}). Inténtalo de nuevo.",
        "en": "The conversation could not be opened ({reason}). Please try again.",
    },
    "shared_state_down": {
        "es": "El almacén compartido (Redis) no responde: esta conversación no podrá "
        "continuar en otro servidor y los cambios en Odoo quedan en pausa hasta que vuelva.",
        "en": "The shared store (Redis) is not answering: this conversation cannot move to "
        "another server, and changes to Odoo are paused until it is back.",
    },
    "busy": {
        "es": "Ahora mismo estoy atendiendo a mucha gente a la vez. Vuelve a preguntármelo en "
        "unos segundos.",
        "en": "I'm answering a lot of people at once right now. Please ask me again in a few "
        "seconds.",
    },
    "server_restarting": {
        "es": "El servidor se está reiniciando: reconectando, la conversación sigue.",
        "en": "The server is restarting: reconnecting, the conversation goes on.",
    },
    "server_draining": {
        "es": "El servidor se está reiniciando; vuelve a conectar en un momento.",
        "en": "The server is restarting; please reconnect in a moment.",
    },
    "resume_failed": {
        "es": "No se pudo recuperar la conversación anterior; empezamos una nueva.",
        "en": "The previous conversation could not be restored; starting a new one.",
    },
    "brain_failed": {
        "es": "No he podido responder a eso. Inténtalo de nuevo.",
        "en": "I could not answer that. Please try again.",
    },
    "confirm_unknown": {
        "es": "No he podido saber si el cambio se aplicó. Pregúntame por él antes de repetirlo.",
        "en": "I could not find out whether the change was applied. Ask me about it before "
        "repeating it.",
    },
    "brain_fallback": {
        "es": "El cerebro «{name}» no está disponible ({reason}); uso el cerebro local.",
        "en": "The “{name}” brain is unavailable ({reason}); using the local brain.",
    },
    "llm_fallback": {
        "es": "El cerebro «llm» no está disponible: {reason}. Mientras tanto respondo con el "
        "cerebro local.",
        "en": "The “llm” brain is unavailable: {reason}. Meanwhile the local brain answers.",
    },
    "tts_fallback": {
        "es": "La voz «{name}» no está disponible ({reason}); uso la voz local.",
        "en": "The “{name}” voice is unavailable ({reason}); using the local voice.",
    },
    "tts_off": {
        "es": "La voz no está disponible ({reason}); respondo solo con texto.",
        "en": "Speech is unavailable ({reason}); answering with text only.",
    },
    "avatar_fallback": {
        "es": "El avatar remoto no está disponible ({reason}); uso el avatar local.",
        "en": "The remote avatar is unavailable ({reason}); using the local one.",
    },
    "avatar_not_shown": {
        "es": "El navegador no pudo mostrar el avatar remoto; ahora responde el avatar local.",
        "en": "The browser could not show the remote avatar; the local avatar answers now.",
    },
    "voice_off_none": {
        "es": "La entrada de voz está desactivada (STT=none). Escribe tus mensajes.",
        "en": "Voice input is turned off (STT=none). Please type your messages.",
    },
    "voice_off_spanish": {
        "es": (
            "El reconocimiento de voz configurado no entiende español. Usa STT=local "
            "(sin conexión) o escribe tus mensajes."
        ),
        "en": (
            "The configured speech recognition does not understand Spanish. Use STT=local "
            "(offline) or type your messages."
        ),
    },
    "voice_off_unavailable": {
        "es": "La entrada de voz no está disponible: {reason}. Escribe tus mensajes.",
        "en": "Voice input is unavailable: {reason}. Please type your messages.",
    },
    "voice_now_off": {
        "es": "Aviso: {reason}",
        "en": "Note: {reason}",
    },
    "voice_now_on": {
        "es": "La entrada de voz vuelve a estar disponible.",
        "en": "Voice input is available again.",
    },
    "no_voice_input": {
        "es": "La entrada de voz no está disponible en esta conversación.",
        "en": "Voice input is not available in this conversation.",
    },
    "stt_failed": {
        "es": "No he podido entender el audio. Inténtalo de nuevo o escribe tu mensaje.",
        "en": "I could not understand the audio. Try again or type your message.",
    },
    "nothing_heard": {
        "es": "No te he oído.",
        "en": "I didn't hear you.",
    },
    "not_understood": {
        "es": "No te he entendido («{words}»). ¿Puedes repetirlo?",
        "en": "I didn't understand you (“{words}”). Could you say it again?",
    },
    "stt_busy": {
        "es": "Estoy atendiendo a muchas personas a la vez; repítelo en un momento, por favor.",
        "en": "I'm listening to many people at once; please say it again in a moment.",
    },
    "stt_too_long": {
        "es": "Ha sido demasiado largo para mí; dilo en frases más cortas, por favor.",
        "en": "That was too long for me; please say it in shorter sentences.",
    },
    "stt_bad_audio": {
        "es": "No he podido leer ese audio. Inténtalo de nuevo.",
        "en": "I could not read that audio. Please try again.",
    },
    "no_pending_confirmation": {
        "es": "Esa propuesta ya no está pendiente.",
        "en": "That proposal is no longer pending.",
    },
    "tts_failed": {
        "es": "No he podido generar la voz de esta respuesta.",
        "en": "I could not produce speech for this answer.",
    },
    "mcp_unreachable": {
        "es": "No puedo conectar con el servidor de herramientas de Odoo. Inténtalo más tarde.",
        "en": "I cannot reach the Odoo tools server. Please try again later.",
    },
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The sentence `key` in `lang`, with `{placeholders}` filled in."""
    template = _TEXTS[key][lang]
    return template.format(**values) if values else template
