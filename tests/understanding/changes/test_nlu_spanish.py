"""Spanish phrasings → intent and slots (today is Wednesday 13 May 2026)."""

from __future__ import annotations

from typing import Any

import pytest
from nlu_cases import check

from daniel.understanding.changes.frames import QuoteLine

MAY = ("2026-05-01", "2026-05-31")
APRIL = ("2026-04-01", "2026-04-30")
TODAY_ = ("2026-05-13", "2026-05-13")
TOMORROW = ("2026-05-14", "2026-05-14")
FRIDAY = ("2026-05-15", "2026-05-15")
THIS_WEEK = ("2026-05-11", "2026-05-17")
NEXT_WEEK = ("2026-05-18", "2026-05-24")

CASES: list[tuple[str, str, dict[str, Any]]] = [
    # CRM: pipeline and lists
    ("¿Cómo va el pipeline?", "pipeline", {}),
    ("Dame un resumen del embudo de ventas", "pipeline", {}),
    ("hola Daniel, ¿cómo va el pipeline?", "pipeline", {}),
    ("¿Cómo va mi pipeline este mes?", "pipeline", {"mine": True, "period": MAY}),
    (
        "¿qué oportunidades tengo abiertas este mes?",
        "list_leads",
        {"mine": True, "period": MAY},
    ),
    ("oportunidades en negociación", "list_leads", {"stage": "Negociación"}),
    ("leads de Acme de más de 10.000 €", "list_leads", {"owner": "Acme"}),
    ("enséñame las oportunidades de Ana", "list_leads", {"owner": "Ana"}),
    ("oportunidades de Ana en propuesta", "list_leads", {"owner": "Ana", "stage": "Propuesta"}),
    (
        "¿cuántas oportunidades hemos ganado este mes?",
        "list_leads",
        {"period": MAY},
    ),
    ("oportunidades perdidas el mes pasado", "list_leads", {"period": APRIL}),
    ("oportunidades de más de diez mil euros", "list_leads", {}),
    ("negocios del cliente Talleres Ruiz", "list_leads", {"customer": "Talleres Ruiz"}),
    ("oportunidades del comercial Luis Pérez", "list_leads", {"person": "Luis Pérez"}),
    ("mis oportunidades de más de 10k", "list_leads", {"mine": True}),
    ("háblame de la oportunidad de Talleres Ruiz", "lead_detail", {"target": "Talleres Ruiz"}),
    # tasks and projects
    (
        "mis tareas de hoy",
        "list_tasks",
        {"mine": True, "period": TODAY_},
    ),
    (
        "¿qué tengo que hacer hoy?",
        "list_tasks",
        {"mine": True, "period": TODAY_},
    ),
    ("¿qué tengo para mañana?", "list_tasks", {"mine": True, "period": TOMORROW}),
    ("tareas atrasadas", "list_tasks", {}),
    ("¿tengo tareas vencidas?", "list_tasks", {"mine": True}),
    # "vencen" and "últimos" are never names
    (
        "¿Qué tareas vencen esta semana?",
        "list_tasks",
        {"period": THIS_WEEK},
    ),
    ("¿qué vence hoy?", "list_tasks", {"period": TODAY_}),
    ("tareas que vencen mañana", "list_tasks", {"period": TOMORROW}),
    ("últimos pedidos", "list_orders", {}),
    ("los últimos pedidos", "list_orders", {}),
    ("últimas oportunidades", "list_leads", {}),
    (
        "tareas de Ana para esta semana",
        "list_tasks",
        {"owner": "Ana", "period": THIS_WEEK},
    ),
    (
        "mis tareas de la semana que viene",
        "list_tasks",
        {"mine": True, "period": NEXT_WEEK},
    ),
    ("tareas del proyecto Web Corporativa", "list_tasks", {"project": "Web Corporativa"}),
    ("tareas urgentes", "list_tasks", {"priority": "high"}),
    ("¿cómo va el proyecto Web Corporativa?", "project_status", {"project": "Web Corporativa"}),
    ("estado del proyecto App Móvil", "project_status", {"project": "App Móvil"}),
    ("qué proyectos hay", "list_projects", {}),
    # sales
    ("ventas de este mes", "sales_summary", {"period": MAY}),
    ("ventas del mes pasado", "sales_summary", {"period": APRIL}),
    (
        "ventas por cliente este año",
        "sales_summary",
        {"period": ("2026-01-01", "2026-12-31")},
    ),
    (
        "¿cuánto hemos vendido por comercial el trimestre pasado?",
        "sales_summary",
        {"period": ("2026-01-01", "2026-03-31")},
    ),
    ("¿cuánto ha vendido Ana este mes?", "sales_summary", {"owner": "Ana", "period": MAY}),
    ("presupuestos pendientes", "list_orders", {}),
    ("pedidos de Acme", "list_orders", {"owner": "Acme"}),
    ("presupuestos en borrador", "list_orders", {}),
    # writes
    (
        "crea una tarea para Ana para el viernes: revisar el presupuesto",
        "create_task",
        {"person": "Ana", "period": FRIDAY, "title": "revisar el presupuesto"},
    ),
    (
        "crea una tarea en el proyecto Web Corporativa para revisar el presupuesto mañana",
        "create_task",
        {"project": "Web Corporativa", "period": TOMORROW, "title": "revisar el presupuesto"},
    ),
    (
        "recuérdame llamar a Acme mañana",
        "create_task",
        {"mine": True, "period": TOMORROW, "title": "llamar a Acme"},
    ),
    (
        "nueva tarea «Preparar la demo» para Luis el 15 de diciembre",
        "create_task",
        {"person": "Luis", "period": ("2026-12-15", "2026-12-15"), "title": "Preparar la demo"},
    ),
    (
        "crea una oportunidad para Acme de 5.000 €",
        "create_lead",
        {"customer": "Acme", "amount": 5000.0},
    ),
    (
        "nueva oportunidad: Renovación de licencias para Talleres Ruiz, 12.000 €",
        "create_lead",
        {"customer": "Talleres Ruiz", "amount": 12000.0, "title": "Renovación de licencias"},
    ),
    (
        "mueve la oportunidad de Talleres Ruiz a negociación",
        "move_lead",
        {"target": "Talleres Ruiz", "stage": "Negociación"},
    ),
    ("pasa Acme a propuesta", "move_lead", {"target": "Acme", "stage": "Propuesta"}),
    ("muévela a negociación", "move_lead", {"stage": "Negociación"}),
    ("mueve la segunda", "move_lead", {"ordinal": 2}),
    (
        "mueve la oportunidad Talleres Ruiz: renovación flota a propuesta",
        "move_lead",
        {"target": "Talleres Ruiz: renovación flota", "stage": "Propuesta"},
    ),
    ("confirma el primero", "confirm_quotation", {"ordinal": 1}),
    ("pasa la oportunidad a la siguiente etapa", "move_lead", {"stage": "+1"}),
    (
        "crea un presupuesto para Acme Ibérica con 10 portátiles y 5 sillas ergonómicas",
        "create_quotation",
        {
            "customer": "Acme Ibérica",
            "lines": (QuoteLine(10, "portátiles"), QuoteLine(5, "sillas ergonómicas")),
        },
    ),
    (
        "nuevo presupuesto para Talleres Ruiz: 3 licencias ERP a 300 €, dos monitores",
        "create_quotation",
        {
            "customer": "Talleres Ruiz",
            "lines": (QuoteLine(3, "licencias ERP", 300.0), QuoteLine(2, "monitores")),
        },
    ),
    ("¿qué etapas hay?", "list_stages", {}),
    ("¿quiénes son los comerciales?", "list_users", {}),
    (
        "marca como ganada la oportunidad de Talleres Ruiz",
        "mark_won",
        {"target": "Talleres Ruiz"},
    ),
    ("márcala como ganada", "mark_won", {}),
    ("marca la segunda como ganada", "mark_won", {"ordinal": 2}),
    (
        "márcala como perdida porque el precio era demasiado alto",
        "mark_lost",
        {"reason": "el precio era demasiado alto"},
    ),
    (
        "añade una nota a la oportunidad de Acme: llamar el lunes",
        "log_note",
        {"target": "Acme", "note": "llamar el lunes"},
    ),
    (
        "apunta en la oportunidad de Acme que han pedido descuento",
        "log_note",
        {"target": "Acme", "note": "han pedido descuento"},
    ),
    ("confirma el presupuesto S00012", "confirm_quotation", {"target": "S00012"}),
    (
        "asigna la tarea Llamar a Acme a Ana",
        "assign_task",
        {"target": "Llamar a Acme", "person": "Ana"},
    ),
    (
        "cambia la fecha de la tarea Revisar presupuesto al viernes",
        "task_deadline",
        {"target": "Revisar presupuesto", "period": FRIDAY},
    ),
    (
        "marca la tarea Revisar presupuesto como hecha",
        "task_stage",
        {"target": "Revisar presupuesto", "stage": "done"},
    ),
    (
        "crea una tarea para ana para el viernes revisar el presupuesto",  # as dictated
        "create_task",
        {"person": "ana", "period": FRIDAY, "title": "revisar el presupuesto"},
    ),
    (
        "crea una tarea en el proyecto Proyectos internos: ordenar el almacén",
        "create_task",
        {"project": "Proyectos internos", "title": "ordenar el almacén"},
    ),
    (
        "cambia la etapa de la oportunidad de Acme a negociación",
        "move_lead",
        {"target": "Acme", "stage": "Negociación"},
    ),
    ("asígnamela", "assign_task", {"mine": True}),
    ("apunta que el cliente quiere una demo", "log_note", {"note": "el cliente quiere una demo"}),
    # context, pointers, small talk
    ("¿y los de Ana?", "follow_up", {"owner": "Ana"}),
    (
        "¿y la semana que viene?",
        "follow_up",
        {"period": NEXT_WEEK},
    ),
    ("¿y las ganadas?", "follow_up", {}),
    ("la segunda", "show_item", {"ordinal": 2}),
    ("ábrela", "show_item", {}),
    ("busca Talleres Ruiz", "search", {"query": "Talleres Ruiz"}),
    ("nota: quieren una demo", "log_note", {"note": "quieren una demo"}),
    ("¿quién soy?", "whoami", {}),
    ("¿qué puedes hacer?", "help", {}),
    ("hola", "greeting", {}),
    ("buenos días", "greeting", {}),
    ("muchas gracias", "thanks", {}),
    ("gracias, eso es todo", "thanks", {}),
    ("buenas tardes Daniel", "greeting", {}),
    ("adiós, hasta luego", "goodbye", {}),
    ("sí", "yes", {}),
    ("vale, adelante", "yes", {}),
    ("no, mejor no", "no", {}),
    ("cancela", "no", {}),
    ("¿qué tiempo hace en Marte?", "unknown", {}),
]


@pytest.mark.parametrize(("text", "intent", "slots"), CASES, ids=[c[0] for c in CASES])
def test_spanish_phrasing_is_understood(text: str, intent: str, slots: dict[str, Any]) -> None:
    check(text, "es", intent, slots)


def test_there_are_at_least_forty_spanish_phrasings() -> None:
    assert len({text for text, _, _ in CASES}) >= 40
