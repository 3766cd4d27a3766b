"""Everything the local brain says, in Spanish and English.

`say(lang, key, **values)` fills a template. Sentences are short and speakable: they
go to text-to-speech one by one.
"""

from __future__ import annotations

from typing import Any

from daniel.language.text import Lang

PHRASES: dict[str, tuple[str, str]] = {
    # --- small talk -------------------------------------------------------------------
    "greeting": (
        "¡Hola{name}! ¿En qué te ayudo? Puedo consultar el CRM, tus tareas o las ventas.",
        "Hi{name}! How can I help? I can check the CRM, your tasks or sales.",
    ),
    "thanks": ("¡De nada! ¿Algo más?", "You're welcome! Anything else?"),
    "goodbye": ("¡Hasta luego!", "Bye for now!"),
    "help": (
        "Puedo consultar y actualizar el CRM, los proyectos y tareas, y las ventas de Odoo.",
        "I can look up and update the CRM, projects and tasks, and sales in Odoo.",
    ),
    "help_examples": (
        "Por ejemplo: «¿cómo va el pipeline?», «mis tareas de hoy», «ventas de este mes», "
        "«oportunidades de Ana en negociación» o «crea una tarea para Ana para el viernes: "
        "revisar el presupuesto».",
        "For example: “how's the pipeline?”, “my tasks today”, “sales this month”, "
        "“Ana's opportunities in negotiation” or “create a task for Ana due Friday to call "
        "Acme”.",
    ),
    "unknown": (
        "Perdona, no te he entendido.",
        "Sorry, I didn't catch that.",
    ),
    "whoami": (
        "Estás conectado como {name}{login}{company}.",
        "You're signed in as {name}{login}{company}.",
    ),
    "whoami_login": (" ({login})", " ({login})"),
    "whoami_company": (", en {company}", ", at {company}"),
    # --- tool labels ------------------------------------------------------------------
    "label_lead": ("Abriendo la oportunidad…", "Opening the opportunity…"),
    "label_resolve": ("Buscando «{text}» en Odoo…", "Looking for “{text}” in Odoo…"),
    "label_user": ("Consultando tu usuario…", "Checking your user…"),
    "stages": ("Las etapas del CRM son {names}.", "The CRM stages are {names}."),
    "label_stage": ("Buscando la etapa…", "Looking up the stage…"),
    "label_preview": ("Preparando el cambio…", "Preparing the change…"),
    "label_confirm": ("Aplicando el cambio en Odoo…", "Applying the change in Odoo…"),
    "label_cancel": ("Cancelando el cambio…", "Cancelling the change…"),
    # --- errors -----------------------------------------------------------------------
    "tool_error": ("Lo siento, no he podido {what}.", "Sorry, I couldn't {what}."),
    "tool_error_reason": ("Motivo: {message}", "Reason: {message}"),
    "unavailable": (
        "Lo siento, ahora mismo no puedo conectar con Odoo. Inténtalo de nuevo en un momento.",
        "Sorry, I can't reach Odoo right now. Please try again in a moment.",
    ),
    "tool_failed": (
        "Lo siento, Odoo no ha podido responder: {message}",
        "Sorry, Odoo could not answer: {message}",
    ),
    "crash": (
        "Lo siento, algo ha fallado al preparar la respuesta. ¿Puedes repetirlo de otra forma?",
        "Sorry, something went wrong preparing the answer. Could you put it another way?",
    ),
    # --- asking back ------------------------------------------------------------------
    "ask_which": (
        "Hay {count} {phrase}: {options}. ¿Cuál?",
        "There are {count} {phrase}: {options}. Which one?",
    ),
    "ask_which_many": (
        "Hay varios resultados para «{phrase}»: {options}. ¿Cuál?",
        "Several records match “{phrase}”: {options}. Which one?",
    ),
    "not_found": ("No encuentro {kind} «{phrase}».", "I can't find {kind} “{phrase}”."),
    "ask_other_name": ("¿Me dices otro nombre?", "Could you give me another name?"),
    "ask_project": ("¿Para qué proyecto es la tarea?", "Which project is the task for?"),
    "ask_task_title": ("¿Cómo se llama la tarea?", "What should the task be called?"),
    "ask_lead_name": (
        "¿Cómo se llama la oportunidad, o para qué cliente es?",
        "What's the opportunity called, or which customer is it for?",
    ),
    "ask_stage": ("¿A qué etapa la muevo?", "Which stage should I move it to?"),
    "ask_note": ("¿Qué quieres que apunte?", "What should the note say?"),
    "ask_assignee": ("¿A quién se la asigno?", "Who should I assign it to?"),
    "ask_salesperson": ("¿A quién se la paso?", "Who should I give it to?"),
    "ask_amount": ("¿Qué importe le pongo?", "What amount should I set?"),
    "ask_deadline": ("¿Para qué fecha?", "For which date?"),
    "ask_closing_date": ("¿Para qué fecha de cierre?", "To which closing date?"),
    "no_contact": (
        "No encuentro un único contacto llamado «{name}».",
        "I can't find one contact called “{name}”.",
    ),
    "ask_contact_change": (
        "Dime de quién y el dato nuevo, por ejemplo: «cambia el teléfono de Ana García a "
        "600 123 456».",
        "Tell me whose and the new value, for example: “change Ana García's phone to "
        "555 123 4567”.",
    ),
    "ask_lead": ("¿Qué oportunidad?", "Which opportunity?"),
    "ask_task": ("¿Qué tarea?", "Which task?"),
    "ask_order": ("¿Qué presupuesto?", "Which quotation?"),
    "ask_customer": (
        "¿Para qué cliente es el presupuesto?",
        "Which customer is the quotation for?",
    ),
    "ask_lines": ("¿Qué productos y cuántas unidades?", "Which products, and how many?"),
    "no_product": (
        "No encuentro ningún producto llamado «{name}».",
        "I can't find a product called “{name}”.",
    ),
    "last_stage": ("Ya está en la última etapa.", "It's already in the last stage."),
    "ask_dropped": ("Vale, lo dejamos.", "OK, let's leave it."),
    "no_item": (
        "No tengo una lista delante. Pregúntame primero, por ejemplo, por tus oportunidades.",
        "I don't have a list in front of me. Ask me first, for example, for your opportunities.",
    ),
    # --- writes -----------------------------------------------------------------------
    "preview": ("Voy a {summary}. ¿Confirmo?", "I'm going to {summary}. Shall I go ahead?"),
    "done": ("Hecho: {summary}.", "Done: {summary}."),
    "cancelled": ("Vale, lo cancelo. No he cambiado nada.", "OK, cancelled. Nothing was changed."),
    "expired": (
        "La confirmación ha caducado y no he cambiado nada. Si quieres, pídemelo otra vez.",
        "The confirmation expired and nothing was changed. Ask me again if you still want it.",
    ),
    "confirm_failed": (
        "Lo siento, no he podido aplicar el cambio.",
        "Sorry, I couldn't apply the change.",
    ),
    "nothing_pending": (
        "No tengo ningún cambio pendiente de confirmar.",
        "There's no change waiting for confirmation.",
    ),
    "dropped_pending": (
        "Dejo sin aplicar el cambio anterior.",
        "I'll leave the previous change unapplied.",
    ),
}


def say(lang: Lang, key: str, **values: Any) -> str:
    """The phrase `key` in `lang` with `values` filled in."""
    spanish, english = PHRASES[key]
    return (spanish if lang == "es" else english).format(**values)


def lower_first(text: str) -> str:
    """ "Crear la tarea «X»" → "crear la tarea «X»" (to follow "Voy a …")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text
