"""User-facing text of the MCP server in Spanish and English.

Every summary and error a person may hear goes through `t(lang, key, **values)`.
Numbers and dates are formatted the way each language speaks them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from daniel.language.calendar_names import MONTHS, WEEKDAYS
from daniel.language.formatting import money
from daniel.language.labels import field_label
from daniel.mcp_odoo.core.config import Lang

_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

MESSAGES: dict[str, dict[Lang, str]] = {
    # --- reads ---------------------------------------------------------------------------
    "none_found": {"es": "No hay {what} que coincidan.", "en": "No matching {what}."},
    "found": {"es": "{count} {what}", "en": "{count} {what}"},
    "showing": {"es": "muestro {shown}", "en": "showing {shown}"},
    "leads": {"es": "oportunidades", "en": "leads"},
    "tasks": {"es": "tareas", "en": "tasks"},
    "projects": {"es": "proyectos", "en": "projects"},
    "orders": {"es": "pedidos", "en": "orders"},
    "partners": {"es": "contactos", "en": "contacts"},
    "users": {"es": "usuarios", "en": "users"},
    "stages": {"es": "etapas", "en": "stages"},
    "records": {"es": "registros", "en": "records"},
    "candidates": {"es": "candidatos", "en": "candidates"},
    "pipeline": {
        "es": "Pipeline: {count} oportunidades abiertas por {amount} de ingreso esperado.",
        "en": "Pipeline: {count} open opportunities worth {amount} in expected revenue.",
    },
    "pipeline_won": {
        "es": "; además {count} ganadas por {amount}.",
        "en": "; plus {count} won deals worth {amount}.",
    },
    "pipeline_top": {
        "es": "La etapa con más valor es {label} ({amount}).",
        "en": "The most valuable stage is {label} ({amount}).",
    },
    "sales_summary": {
        "es": "Ventas del {start} al {end}: {count} pedidos por {amount}.",
        "en": "Sales from {start} to {end}: {count} orders worth {amount}.",
    },
    "sales_top": {"es": "Lo más alto: {label} ({amount}).", "en": "Top: {label} ({amount})."},
    "user_context": {
        "es": "Conectado como {name} ({login}) en {company}.",
        "en": "Signed in as {name} ({login}) at {company}.",
    },
    "order_detail": {
        "es": "{name} de {customer}: {amount}, {state}, {lines} líneas.",
        "en": "{name} for {customer}: {amount}, {state}, {lines} lines.",
    },
    "record_detail": {"es": "{name}: {details}.", "en": "{name}: {details}."},
    "search_hits": {"es": "«{text}»: {count} resultados", "en": "«{text}»: {count} results"},
    # --- writes --------------------------------------------------------------------------
    "preview_suffix": {"es": ". ¿Lo confirmo?", "en": ". Shall I go ahead?"},
    "done_prefix": {"es": "Hecho: ", "en": "Done: "},
    "cancelled": {
        "es": "Cancelado: no se ha cambiado nada.",
        "en": "Cancelled: nothing was changed.",
    },
    "create_lead": {
        "es": "Crear la oportunidad «{name}»{details}",
        "en": "Create the lead «{name}»{details}",
    },
    "update_lead": {"es": "Actualizar «{name}»: {details}", "en": "Update «{name}»: {details}"},
    "already_in_stage": {
        "es": "«{name}» ya está en {stage}: no hay nada que cambiar.",
        "en": "«{name}» is already in {stage}: there is nothing to change.",
    },
    "not_a_phone": {
        "es": "«{value}» no parece un número de teléfono",
        "en": "“{value}” does not look like a phone number",
    },
    "not_an_email": {
        "es": "«{value}» no parece una dirección de correo",
        "en": "“{value}” does not look like an email address",
    },
    "update_contact": {
        "es": "Actualizar el contacto «{name}»: {details}",
        "en": "Update the contact «{name}»: {details}",
    },
    "move_stage": {
        "es": "Mover «{name}» de {old} a {new}",
        "en": "Move «{name}» from {old} to {new}",
    },
    "mark_won": {"es": "Marcar como ganada «{name}»", "en": "Mark «{name}» as won"},
    "mark_lost": {
        "es": "Marcar como perdida «{name}»{details}",
        "en": "Mark «{name}» as lost{details}",
    },
    "log_note": {
        "es": "Añadir una nota a «{name}»: «{note}»",
        "en": "Log a note on «{name}»: «{note}»",
    },
    "create_task": {
        "es": "Crear la tarea «{name}» en {project}{details}",
        "en": "Create the task «{name}» in {project}{details}",
    },
    "assign_task": {"es": "Asignar «{name}» a {users}", "en": "Assign «{name}» to {users}"},
    "task_stage": {
        "es": "Mover la tarea «{name}» de {old} a {new}",
        "en": "Move the task «{name}» from {old} to {new}",
    },
    "task_deadline": {
        "es": "Cambiar la fecha límite de «{name}» a {date}",
        "en": "Set the deadline of «{name}» to {date}",
    },
    "create_quote": {
        "es": "Crear un presupuesto para {customer} con {lines}{details}",
        "en": "Create a quotation for {customer} with {lines}{details}",
    },
    "order_not_draft": {
        "es": "El pedido {name} ya está {state}; solo se confirman presupuestos.",
        "en": "Order {name} is already {state}; only quotations can be confirmed.",
    },
    "quote_line": {"es": "{qty} × {product}", "en": "{qty} × {product}"},
    "about": {"es": " (≈ {amount})", "en": " (≈ {amount})"},
    "confirm_quote": {
        "es": "Confirmar el presupuesto {name} ({amount})",
        "en": "Confirm the quotation {name} ({amount})",
    },
    "for_user": {"es": " para {user}", "en": " for {user}"},
    "salesperson_part": {"es": ", comercial {user}", "en": ", salesperson {user}"},
    "closing": {"es": ", cierre el {date}", "en": ", closing {date}"},
    "note_part": {"es": ", con nota", "en": ", with a note"},
    "priority_part": {"es": ", prioridad {value}", "en": ", priority {value}"},
    "tags_part": {"es": ", etiquetas {tags}", "en": ", tags {tags}"},
    "due": {"es": ", vence el {date}", "en": ", due {date}"},
    "with_revenue": {"es": ", {amount}", "en": ", {amount}"},
    "in_stage": {"es": ", etapa {stage}", "en": ", stage {stage}"},
    "reason": {"es": " (motivo: {reason})", "en": " (reason: {reason})"},
    "nobody": {"es": "nadie", "en": "nobody"},
    "none_value": {"es": "vacío", "en": "empty"},
    # --- errors --------------------------------------------------------------------------
    "wrong_tenant": {
        "es": "Este servidor MCP atiende a «{served}», no a «{wanted}»: no se ha leído ni "
        "cambiado nada (revisa mcp_url en TENANTS).",
        "en": "This MCP server serves '{served}', not '{wanted}': nothing was read or "
        "changed (check mcp_url in TENANTS).",
    },
    "read_only": {
        "es": "El servidor MCP está en modo solo lectura (MCP_WRITE_MODE=read-only): {tool} no "
        "puede cambiar Odoo.",
        "en": "The MCP server is in read-only mode (MCP_WRITE_MODE=read-only): {tool} cannot "
        "change Odoo.",
    },
    "token_unknown": {
        "es": "No conozco esa confirmación (token desconocido o ya cancelado); no se ha cambiado "
        "nada. Vuelve a pedir la acción.",
        "en": "Unknown confirmation token (never issued or already cancelled); nothing was "
        "changed. Ask for the action again.",
    },
    "token_expired": {
        "es": "La confirmación caducó ({ttl} s); no se ha cambiado nada. Vuelve a pedir la acción "
        "para obtener otra.",
        "en": "The confirmation expired after {ttl} s; nothing was changed. Ask for the action "
        "again to get a new one.",
    },
    "token_done": {
        "es": "Esa acción ya se ejecutó; no se puede cancelar.",
        "en": "That action was already carried out; it cannot be cancelled.",
    },
    "write_missing": {
        "es": "No se ha aplicado el cambio: se perdió la respuesta de Odoo y, al comprobarlo, "
        "Odoo no lo tiene. Puedes volver a confirmarlo; no se hará dos veces.",
        "en": "The change was not applied: Odoo's answer was lost and, checking, Odoo does not "
        "have it. You can confirm it again; it will not be done twice.",
    },
    "store_down": {
        "es": "No puedo hacer cambios ahora: el registro compartido de escrituras (Redis) no "
        "responde, y sin él un cambio podría hacerse dos veces. No se ha cambiado nada; "
        "inténtalo en un momento.",
        "en": "I cannot make changes right now: the shared record of writes (Redis) is not "
        "answering, and without it a change could be made twice. Nothing was changed; try "
        "again in a moment.",
    },
    "write_unverified": {
        "es": "Todavía no sé si el cambio se aplicó: Odoo no responde para comprobarlo. Lo "
        "comprobaré antes de intentarlo otra vez; no se hará dos veces.",
        "en": "I cannot tell yet whether the change was applied: Odoo is not answering to "
        "check. I will check before trying again; it will not be done twice.",
    },
    "idempotency_clash": {
        "es": "La clave de idempotencia «{key}» ya se usó para {tool}; usa otra clave para una "
        "acción distinta.",
        "en": "The idempotency key «{key}» was already used for {tool}; use a new key for a "
        "different action.",
    },
    "not_found_name": {
        "es": "No encuentro ningún {kind} llamado «{text}». Prueba con otro nombre o con su id.",
        "en": "No {kind} named «{text}» found. Try another name or its id.",
    },
    "not_found_id": {
        "es": "No existe {kind} con id {id}.",
        "en": "There is no {kind} with id {id}.",
    },
    "ambiguous": {
        "es": "Varios {kinds} coinciden con «{text}»: {options}. ¿Cuál? (di el nombre completo o "
        "el id)",
        "en": "Several {kinds} match «{text}»: {options}. Which one? (say the full name or the id)",
    },
    "model_not_allowed": {
        "es": "El modelo «{model}» no está permitido. Modelos permitidos: {allowed}. (Añade más "
        "con MCP_ALLOWED_MODELS.)",
        "en": "Model «{model}» is not allowed. Allowed models: {allowed}. (Add more with "
        "MCP_ALLOWED_MODELS.)",
    },
    "field_denied": {
        "es": "El campo «{field}» no se puede leer ni filtrar por seguridad.",
        "en": "Field «{field}» cannot be read or filtered on, for security.",
    },
    "bad_value": {"es": "{param}: {problem}", "en": "{param}: {problem}"},
    "nothing_to_change": {
        "es": "No has indicado ningún cambio para «{name}».",
        "en": "No change given for «{name}».",
    },
    "already_so": {
        "es": "«{name}» ya está así ({details}): no hay nada que cambiar.",
        "en": "«{name}» is already so ({details}): there is nothing to change.",
    },
}

_NOUNS: dict[str, dict[Lang, str]] = {
    "partner": {"es": "contacto", "en": "contact"},
    "customer": {"es": "cliente", "en": "customer"},
    "user": {"es": "usuario", "en": "user"},
    "person": {"es": "persona", "en": "person"},
    "lead": {"es": "oportunidad", "en": "lead"},
    "project": {"es": "proyecto", "en": "project"},
    "task": {"es": "tarea", "en": "task"},
    "order": {"es": "pedido", "en": "order"},
    "product": {"es": "producto", "en": "product"},
    "stage": {"es": "etapa", "en": "stage"},
    "task_stage": {"es": "etapa de tarea", "en": "task stage"},
    "tag": {"es": "etiqueta", "en": "tag"},
    "salesperson": {"es": "comercial", "en": "salesperson"},
    "record": {"es": "registro", "en": "record"},
}


def t(lang: Lang, key: str, /, **values: Any) -> str:
    """The message `key` in `lang`, with `values` filled in."""
    return MESSAGES[key][lang].format(**values)


def noun(lang: Lang, kind: str, plural: bool = False) -> str:
    word = _NOUNS.get(kind, _NOUNS["record"])[lang]
    if not plural:
        return word
    if lang == "es":
        return word + ("es" if word[-1] not in "aeiouáéíóú" else "s")
    return word + "s"


def fmt_amount(value: float | int | None, lang: Lang, currency: str | None = None) -> str:
    """12345.5 → "12.345,50 €" (es) / "€12,345.50" (en), in the currency Odoo gives."""
    amount = float(value or 0.0)
    return money(amount, lang, currency, decimals=0 if amount == int(amount) else 2)


def fmt_date(value: str | dt.date | None, lang: Lang, today: dt.date | None = None) -> str:
    """ISO date → "viernes 27/11" (es) / "Friday 27 Nov" (en); the year only if not this year."""
    if not value:
        return MESSAGES["none_value"][lang]
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    this_year = (today or dt.date.today()).year
    weekday = WEEKDAYS[lang][day.weekday()]
    if lang == "es":
        text = f"{weekday} {day.day}/{day.month}"
        return text + (f"/{day.year}" if day.year != this_year else "")
    text = f"{weekday} {day.day} {_MONTHS_EN[day.month - 1]}"
    return text + (f" {day.year}" if day.year != this_year else "")


def join_names(names: list[str], lang: Lang) -> str:
    """["Ana", "Luis", "Eva"] → "Ana, Luis y Eva" / "Ana, Luis and Eva"."""
    if not names:
        return MESSAGES["nobody"][lang]
    if len(names) == 1:
        return names[0]
    last = " y " if lang == "es" else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def label(lang: Lang, field_name: str) -> str:
    """Human label of a field for change previews (`daniel.language.labels`)."""
    return field_label(field_name, lang)


_ORDER_STATES: dict[str, tuple[str, str]] = {
    "draft": ("presupuesto", "quotation"),
    "sent": ("presupuesto enviado", "quotation sent"),
    "sale": ("pedido confirmado", "confirmed order"),
    "cancel": ("cancelado", "cancelled"),
}


def order_state(lang: Lang, state: str | None) -> str:
    pair = _ORDER_STATES.get(state or "")
    if pair is None:
        return state or ""
    return pair[0] if lang == "es" else pair[1]


def month_label(lang: Lang, year: int, month: int) -> str:
    return f"{MONTHS[lang][month - 1]} {year}"
