"""Bilingual labels both servers show: Odoo fields in change previews ("Ingreso esperado")
and MCP tools while they run ("Buscando oportunidades en el CRM…").

One table of (Spanish, English) pairs per kind of label, one lookup for all of them.
"""

from __future__ import annotations

from daniel.language.text import Lang

Pair = tuple[str, str]  # (es, en)

FIELD_LABELS: dict[str, Pair] = {
    "name": ("Nombre", "Name"),
    "partner_id": ("Cliente", "Customer"),
    "partner_name": ("Empresa", "Company"),
    "contact_name": ("Contacto", "Contact"),
    "email_from": ("Email", "Email"),
    "phone": ("Teléfono", "Phone"),
    "mobile": ("Móvil", "Mobile"),
    "email": ("Email", "Email"),
    "function": ("Cargo", "Job title"),
    "expected_revenue": ("Ingreso esperado", "Expected revenue"),
    "probability": ("Probabilidad", "Probability"),
    "user_id": ("Comercial", "Salesperson"),
    "stage_id": ("Etapa", "Stage"),
    "date_deadline": ("Fecha límite", "Deadline"),
    "expected_closing": ("Cierre previsto", "Expected closing"),
    "description": ("Descripción", "Description"),
    "priority": ("Prioridad", "Priority"),
    "type": ("Tipo", "Type"),
    "active": ("Activa", "Active"),
    "note": ("Nota", "Note"),
    "project_id": ("Proyecto", "Project"),
    "user_ids": ("Asignados", "Assignees"),
    "tag_ids": ("Etiquetas", "Tags"),
    "order_line": ("Líneas", "Lines"),
    "state": ("Estado", "Status"),
    "lost_reason": ("Motivo", "Reason"),
}

TOOL_LABELS: dict[str, Pair] = {
    "crm_list_leads": ("Buscando oportunidades en el CRM…", "Looking up leads in the CRM…"),
    "crm_pipeline_summary": ("Consultando el pipeline…", "Checking the pipeline…"),
    "crm_get_lead": ("Abriendo la oportunidad…", "Opening the lead…"),
    "crm_create_lead": ("Preparando la nueva oportunidad…", "Preparing the new lead…"),
    "crm_update_lead": ("Preparando el cambio en la oportunidad…", "Preparing the lead update…"),
    "crm_move_stage": ("Preparando el cambio de etapa…", "Preparing the stage change…"),
    "crm_mark_won": ("Preparando: marcar como ganada…", "Preparing: mark as won…"),
    "crm_mark_lost": ("Preparando: marcar como perdida…", "Preparing: mark as lost…"),
    "crm_log_note": ("Preparando la nota…", "Preparing the note…"),
    "crm_list_stages": ("Consultando las etapas del CRM…", "Checking the CRM stages…"),
    "project_list": ("Buscando proyectos…", "Looking up projects…"),
    "task_list": ("Buscando tareas…", "Looking up tasks…"),
    "task_get": ("Abriendo la tarea…", "Opening the task…"),
    "task_create": ("Preparando la nueva tarea…", "Preparing the new task…"),
    "task_assign": ("Preparando la asignación…", "Preparing the assignment…"),
    "task_set_stage": ("Preparando el cambio de etapa…", "Preparing the stage change…"),
    "task_set_deadline": ("Preparando la nueva fecha límite…", "Preparing the new deadline…"),
    "contact_update": ("Preparando el cambio en el contacto…", "Preparing the contact update…"),
    "sale_list_orders": ("Buscando pedidos y presupuestos…", "Looking up orders and quotations…"),
    "sale_get_order": ("Abriendo el pedido…", "Opening the order…"),
    "sale_summary": ("Calculando las ventas…", "Adding up the sales…"),
    "sale_create_quotation": ("Preparando el presupuesto…", "Preparing the quotation…"),
    "sale_confirm_quotation": ("Preparando la confirmación…", "Preparing the confirmation…"),
    "user_context": ("Consultando tu usuario…", "Checking your user…"),
    "user_list": ("Buscando usuarios…", "Looking up users…"),
    "search_records": ("Buscando en Odoo…", "Searching Odoo…"),
    "resolve_name": ("Buscando el nombre en Odoo…", "Looking up the name in Odoo…"),
    "odoo_read": ("Leyendo registros de Odoo…", "Reading Odoo records…"),
    "confirm_action": ("Aplicando el cambio en Odoo…", "Applying the change in Odoo…"),
    "cancel_action": ("Cancelando el cambio…", "Cancelling the change…"),
}


def pick(pair: Pair, lang: Lang) -> str:
    """The Spanish or English half of `pair`."""
    return pair[0] if lang == "es" else pair[1]


def field_label(name: str, lang: Lang) -> str:
    """Human label of Odoo field `name` for change previews (the name itself if unknown)."""
    pair = FIELD_LABELS.get(name)
    return name if pair is None else pick(pair, lang)


def tool_label(name: str, lang: Lang) -> str:
    """The line shown while MCP tool `name` runs."""
    return pick(TOOL_LABELS.get(name, ("Consultando Odoo…", "Asking Odoo…")), lang)
