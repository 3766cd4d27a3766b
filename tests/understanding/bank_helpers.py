"""Helpers shared by the understanding tests: read an ERP's names, run bank questions."""

from __future__ import annotations

from typing import Any

import aiohttp
from bench.understanding.bank import Question
from bench.understanding.erp import load_snapshot
from bench.understanding.oracle import Oracle
from bench.understanding.runner import QuestionResult, login, run_all
from bench.understanding.slots import SlotFiller

from daniel.odoo import OdooClient


async def erp_names(sandbox: Any) -> dict[str, list[str]]:
    """Names of people, partners, projects and stages in a sandbox, by kind."""
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        users = await odoo.search_read("res.users", [], ["name"])
        partners = await odoo.search_read("res.partner", [], ["name"])
        projects = await odoo.search_read("project.project", [], ["name"])
        stages = await odoo.search_read("crm.stage", [], ["name"])
        task_stages = await odoo.search_read("project.task.type", [], ["name"])
    return {
        "user": [r["name"] for r in users],
        "partner": [r["name"] for r in partners],
        "project": [r["name"] for r in projects],
        "stage": [r["name"] for r in stages + task_stages],
    }


async def run_bank(sandbox: Any, ws_url: str, questions: list[Question]) -> list[QuestionResult]:
    """Ask `questions` on `ws_url`, judged against the sandbox the server uses."""
    async with (
        OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo,
        aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http,
    ):
        snap = await load_snapshot(odoo)
        await login(http, ws_url, sandbox.login, sandbox.api_key)  # AUTH=odoo: as the admin
        return await run_all(
            http, ws_url, questions, SlotFiller(snap), Oracle(odoo, snap), wait=30.0
        )
