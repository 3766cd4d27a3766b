"""The user's sentence for a provider error, in Spanish and English.

Vendor clients raise `ProviderError(service, kind=..., status=...)` without knowing the
user's language; the session calls `error.localized(lang)`, which renders one of these
sentences. A sentence for `(service, kind)` overrides the general one for `kind`.
Placeholders: `{vendor}` (its name), `{key}` (its API-key setting), `{status}`,
`{detail}` (": the vendor's words", scrubbed, or nothing), `{resource}`, `{code}`,
`{seconds}`, `{fmt}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol


class Failure(Protocol):
    """What a sentence is made from (`services.errors.ProviderError` is one)."""

    @property
    def service(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def values(self) -> Mapping[str, object]: ...


Pair = tuple[str, str]  # (es, en)

#: service → (name in Spanish, name in English, API-key setting)
VENDORS: dict[str, tuple[str, str, str]] = {
    "elevenlabs": ("ElevenLabs", "ElevenLabs", "ELEVENLABS_API_KEY"),
    "heygen": ("HeyGen", "HeyGen", "HEYGEN_API_KEY"),
    "liveavatar": ("LiveAvatar", "LiveAvatar", "LIVEAVATAR_API_KEY"),
    "llm": ("el servicio LLM", "the LLM endpoint", "LLM_API_KEY"),
    "stt": ("el servicio de transcripción", "the transcription service", "STT_API_KEY"),
}

#: `values["resource"]` → what was not found
RESOURCES: dict[str, Pair] = {
    "agent": ("el agente (ELEVENLABS_AGENT_ID)", "the agent (ELEVENLABS_AGENT_ID)"),
    "voice": ("la voz (ELEVENLABS_VOICE_ID)", "the voice (ELEVENLABS_VOICE_ID)"),
    "transcription_model": ("el modelo de transcripción", "the transcription model"),
    "realtime_model": ("el modelo en tiempo real", "the realtime model"),
}

SENTENCES: dict[str, Pair] = {
    "auth": (
        "{Vendor} rechazó la clave de API: revisa {key}.",
        "{Vendor} rejected the API key: check {key}.",
    ),
    "forbidden": (
        "La clave de {vendor} no tiene permiso para esto: revisa sus permisos en {vendor}.",
        "The {vendor} API key lacks the permission for this: check its scopes in {vendor}.",
    ),
    "quota": (
        "Se ha agotado la cuota de {vendor}; amplía el plan o espera a que se renueve.",
        "The {vendor} quota is used up; upgrade the plan or wait for it to renew.",
    ),
    "plan": (
        "Tu plan de {vendor} no incluye esta función.",
        "Your {vendor} plan does not include this feature.",
    ),
    "not_found": (
        "{Vendor} no encuentra {resource}: revisa la configuración.",
        "{Vendor} cannot find {resource}: check the configuration.",
    ),
    "rate_limited": (
        "{Vendor} limita las peticiones (demasiadas a la vez); inténtalo en unos segundos.",
        "{Vendor} is rate limiting (too many requests at once); try again in a few seconds.",
    ),
    "concurrency": (
        "{Vendor} no admite más sesiones simultáneas con esta cuenta; cierra otras "
        "pestañas del avatar o espera a que terminen.",
        "{Vendor} allows no more simultaneous sessions on this account; close other "
        "avatar tabs or wait for them to end.",
    ),
    "refused": (
        "{Vendor} rechazó la petición (HTTP {status}){detail}.",
        "{Vendor} refused the request (HTTP {status}){detail}.",
    ),
    "server": (
        "{Vendor} tiene un problema temporal (HTTP {status}); inténtalo de nuevo.",
        "{Vendor} has a temporary problem (HTTP {status}); try again.",
    ),
    "timeout": (
        "{Vendor} no respondió a tiempo; inténtalo de nuevo.",
        "{Vendor} did not answer in time; try again.",
    ),
    "connection": (
        "No se pudo conectar con {vendor} (revisa la conexión); inténtalo de nuevo.",
        "Could not reach {vendor} (check the internet connection); try again.",
    ),
    "dropped": (
        "Se perdió la conexión con {vendor}; vuelve a intentarlo.",
        "The connection to {vendor} was lost; try again.",
    ),
    "unavailable": (
        "{service} no está disponible temporalmente tras varios fallos; "
        "se volverá a intentar en {seconds} s",
        "{service} is temporarily unavailable after repeated failures; trying again in {seconds} s",
    ),
    "malformed": (
        "{Vendor} devolvió una respuesta inesperada; inténtalo de nuevo.",
        "{Vendor} sent an unexpected answer; try again.",
    ),
    "oversized": (
        "{Vendor} envió una respuesta demasiado grande.",
        "{Vendor} sent an oversized answer.",
    ),
    "session_ended": (
        "La sesión de {vendor} terminó; vuelve a abrir la conversación.",
        "The {vendor} session ended; open the conversation again.",
    ),
    "not_started": (
        "El avatar de {vendor} no está iniciado.",
        "The {vendor} avatar is not started.",
    ),
    "failed": ("{Vendor} falló.", "{Vendor} failed."),
}

OVERRIDES: dict[tuple[str, str], Pair] = {
    ("heygen", "not_found"): (
        "HeyGen no encuentra el avatar: revisa HEYGEN_AVATAR_ID (un Interactive Avatar).",
        "HeyGen cannot find the avatar: check HEYGEN_AVATAR_ID (an Interactive Avatar).",
    ),
    ("heygen", "session_ended"): (
        "La sesión del avatar de HeyGen no está activa (quizá se cerró por inactividad); "
        "vuelve a abrir la conversación.",
        "The HeyGen avatar session is not active (it may have closed after being idle); "
        "open the conversation again.",
    ),
    ("heygen", "plan"): (
        "Tu plan de HeyGen no incluye el avatar interactivo.",
        "Your HeyGen plan does not include the interactive avatar.",
    ),
    ("heygen", "refused"): (
        "HeyGen rechazó la petición (HTTP {status}, código {code}){detail}.",
        "HeyGen refused the request (HTTP {status}, code {code}){detail}.",
    ),
    ("liveavatar", "auth"): (
        "LiveAvatar rechazó la clave: revisa LIVEAVATAR_API_KEY (las claves de HeyGen "
        "no sirven aquí).",
        "LiveAvatar rejected the key: check LIVEAVATAR_API_KEY (HeyGen keys do not work there).",
    ),
    ("liveavatar", "not_found"): (
        "LiveAvatar no encuentra el avatar o la sesión: revisa LIVEAVATAR_AVATAR_ID.",
        "LiveAvatar cannot find the avatar or session: check LIVEAVATAR_AVATAR_ID.",
    ),
    ("liveavatar", "rate_limited"): (
        "LiveAvatar limita las peticiones o las sesiones simultáneas; inténtalo en unos segundos.",
        "LiveAvatar is limiting requests or simultaneous sessions; try again in a few seconds.",
    ),
    ("liveavatar", "not_started"): (
        "El avatar de LiveAvatar no está iniciado.",
        "LiveAvatar is not started.",
    ),
    ("elevenlabs", "agent_timeout"): (
        "ElevenLabs terminó la conversación: el agente tardó demasiado en responder o no "
        "hubo voz durante un minuto ({code}). Vuelve a intentarlo.",
        "ElevenLabs ended the conversation: the agent took too long to answer or there was "
        "no speech for a minute ({code}). Try again.",
    ),
    ("elevenlabs", "settings_refused"): (
        "ElevenLabs rechazó la configuración de la conversación ({code}): permite los "
        "overrides de idioma/prompt en la pestaña Security del agente y define sus "
        "variables dinámicas.",
        "ElevenLabs refused the conversation settings ({code}): allow the language/prompt "
        "overrides in the agent's Security tab and define its dynamic variables.",
    ),
    ("elevenlabs", "internal"): (
        "ElevenLabs tuvo un error interno; vuelve a intentarlo.",
        "ElevenLabs had an internal error; try again.",
    ),
    ("elevenlabs", "url_refused"): (
        "ElevenLabs rechazó la URL firmada de la conversación; revisa ELEVENLABS_AGENT_ID "
        "y que la clave tenga acceso al agente.",
        "ElevenLabs refused the signed conversation URL; check ELEVENLABS_AGENT_ID and "
        "that the API key can use the agent.",
    ),
    ("elevenlabs", "audio_format"): (
        "El agente de ElevenLabs espera audio {fmt}; configura su formato de entrada como "
        "PCM 16000 Hz.",
        "The ElevenLabs agent expects {fmt} audio; set its user input audio format to "
        "PCM 16000 Hz.",
    ),
    ("elevenlabs", "transcription_failed"): (
        "La transcripción de ElevenLabs falló ({code}){detail}.",
        "ElevenLabs transcription failed ({code}){detail}.",
    ),
    ("elevenlabs", "closed_early"): (
        "ElevenLabs cortó la transcripción antes de terminar; inténtalo de nuevo.",
        "ElevenLabs closed the transcription before it finished; try again.",
    ),
    ("elevenlabs", "malformed"): (
        "ElevenLabs devolvió una respuesta ilegible; inténtalo de nuevo.",
        "ElevenLabs sent an unreadable answer; try again.",
    ),
    # The LLM's reasons complete "Falling back to the local brain: {reason}".
    ("llm", "auth"): (
        "el servicio LLM rechazó la clave de API (HTTP {status}): revisa LLM_API_KEY",
        "the LLM endpoint refused the API key (HTTP {status}): check LLM_API_KEY",
    ),
    ("llm", "forbidden"): (
        "el servicio LLM rechazó la clave de API (HTTP {status}): revisa LLM_API_KEY",
        "the LLM endpoint refused the API key (HTTP {status}): check LLM_API_KEY",
    ),
    ("llm", "not_found"): (
        "no se encontró el modelo o la URL (HTTP 404): revisa LLM_MODEL y LLM_BASE_URL",
        "the model or URL was not found (HTTP 404): check LLM_MODEL and LLM_BASE_URL",
    ),
    ("llm", "rate_limited"): (
        "el servicio LLM limita las peticiones (HTTP 429); inténtalo más tarde",
        "the LLM endpoint is rate limiting (HTTP 429); try again later",
    ),
    ("llm", "server"): (
        "el servicio LLM tiene un problema (HTTP {status}); inténtalo más tarde",
        "the LLM endpoint has a problem (HTTP {status}); try again later",
    ),
    ("llm", "refused"): (
        "el servicio LLM rechazó la petición (HTTP {status}): revisa LLM_MODEL y LLM_BASE_URL",
        "the LLM endpoint refused the request (HTTP {status}): check LLM_MODEL and LLM_BASE_URL",
    ),
    ("llm", "timeout"): (
        "el servicio LLM no respondió a tiempo; inténtalo de nuevo",
        "the LLM endpoint did not answer in time; try again",
    ),
    ("llm", "connection"): (
        "no se puede conectar con LLM_BASE_URL ({url}); revisa que el servicio esté en marcha",
        "cannot reach LLM_BASE_URL ({url}); check that the service is running",
    ),
    ("llm", "malformed"): (
        "el servicio LLM dio una respuesta no válida",
        "the LLM endpoint gave an invalid answer",
    ),
}


def render(error: Failure, lang: str) -> str:
    """`error` as a sentence in `lang` (`es`, anything else: English)."""
    es = lang == "es"
    pair = OVERRIDES.get((error.service, error.kind)) or SENTENCES.get(error.kind)
    if pair is None:  # pragma: no cover - every kind has a sentence
        pair = SENTENCES["failed"]
    name_es, name_en, key = VENDORS.get(error.service, (error.service, error.service, ""))
    name = name_es if es else name_en
    values: dict[str, object] = {"code": "", "seconds": "", "fmt": "", "url": "", "status": ""}
    values.update(error.values)
    detail = str(values.get("detail") or "")
    resource = str(values.get("resource") or "")
    if resource in RESOURCES:
        resource = RESOURCES[resource][0 if es else 1]
    values.update(
        vendor=name,
        Vendor=name[:1].upper() + name[1:],
        key=key,
        service=error.service,
        detail=f": {detail}" if detail else "",
        resource=resource or ("el recurso" if es else "the resource"),
    )
    return (pair[0] if es else pair[1]).format(**values)
