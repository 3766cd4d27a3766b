"""MCP prompts: ready-made requests a user can pick in an MCP client, in both languages."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.tool_registry import ToolRegistry

PromptLang = Annotated[
    Literal["es", "en"] | None, Field(description="es or en (default: server's)")
]

_PIPELINE = {
    "es": (
        "Revisa mi pipeline de ventas{who}. Llama a crm_pipeline_summary{args} para ver "
        "oportunidades e ingreso esperado por etapa, y a crm_list_leads{args} para las más "
        "grandes. Resume en pocas frases: total, etapas con más valor, oportunidades "
        "estancadas o con fecha de cierre vencida, y propón los tres siguientes pasos."
    ),
    "en": (
        "Review my sales pipeline{who}. Call crm_pipeline_summary{args} for the opportunities "
        "and expected revenue per stage, and crm_list_leads{args} for the biggest ones. Sum it "
        "up in a few sentences: the total, the most valuable stages, stalled or overdue "
        "opportunities, and suggest the next three actions."
    ),
}
_TASKS = {
    "es": (
        "¿Qué tengo que hacer hoy? Llama a task_list con assignee='me' y deadline='today', y "
        "también con deadline='overdue'. Dime primero lo vencido, luego lo de hoy, por "
        "prioridad, en frases cortas que se puedan decir en voz alta."
    ),
    "en": (
        "What do I have to do today? Call task_list with assignee='me' and deadline='today', "
        "and again with deadline='overdue'. Tell me the overdue ones first, then today's, by "
        "priority, in short sentences that can be spoken aloud."
    ),
}
_SALES = {
    "es": (
        "Prepara un informe de ventas del {start} al {end}. Llama a sale_summary con esas "
        "fechas agrupando por month, después por customer y por salesperson. Resume el total, "
        "los mejores clientes y comerciales, y cualquier tendencia llamativa."
    ),
    "en": (
        "Prepare a sales report from {start} to {end}. Call sale_summary with those dates "
        "grouped by month, then by customer and by salesperson. Summarize the total, the best "
        "customers and salespeople, and any notable trend."
    ),
}


def register_prompts(mcp: ToolRegistry, deps: ServerDeps) -> None:
    @mcp.prompt(
        name="pipeline_review", description="Review the CRM pipeline and suggest next steps."
    )
    def pipeline_review(
        salesperson: Annotated[
            str | None, Field(description="Whose pipeline (a name or 'me'); default: everyone.")
        ] = None,
        lang: PromptLang = None,
    ) -> str:
        chosen = lang or deps.config.lang
        who = ""
        args = ""
        if salesperson:
            who = f" ({salesperson})"
            args = f" (salesperson='{salesperson}')"
        return _PIPELINE[chosen].format(who=who, args=args)

    @mcp.prompt(name="my_tasks_today", description="My overdue tasks and today's, by priority.")
    def my_tasks_today(lang: PromptLang = None) -> str:
        return _TASKS[lang or deps.config.lang]

    @mcp.prompt(
        name="sales_report",
        description="Sales totals for a period, by month, customer and salesperson.",
    )
    def sales_report(
        date_from: Annotated[
            str | None, Field(description="Start date (default: 1st of this month).")
        ] = None,
        date_to: Annotated[str | None, Field(description="End date (default: today).")] = None,
        lang: PromptLang = None,
    ) -> str:
        chosen = lang or deps.config.lang
        default_start = "el día 1 de este mes" if chosen == "es" else "the 1st of this month"
        default_end = "hoy" if chosen == "es" else "today"
        return _SALES[chosen].format(start=date_from or default_start, end=date_to or default_end)
