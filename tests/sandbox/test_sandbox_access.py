"""The restricted salesperson (laura / laura; megan / megan in the English dataset): what
she may see and do, over XML-RPC, with Odoo's AccessError messages (faultCode 4)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from sandbox_helpers import Rpc, restricted, unique

ANA = 3  # the sales director (ana / sarah), another salesperson
COOKIES = (
    "If you really, really need access, perhaps you can win over your friendly "
    "administrator with a batch of freshly baked cookies."
)


@pytest.fixture
def made(admin: Rpc) -> Iterator[list[tuple[str, int]]]:
    """Records a test creates on the shared sandbox, deleted afterwards."""
    created: list[tuple[str, int]] = []
    yield created
    for model, rid in reversed(created):
        admin(model, "unlink", [rid])


def _lead(admin: Rpc, user: int | bool, made: list[tuple[str, int]]) -> int:
    lead: int = admin("crm.lead", "create", {"name": unique("Prueba acceso"), "user_id": user})
    made.append(("crm.lead", lead))
    return lead


def test_laura_sees_only_her_own_and_unassigned_leads(
    admin: Rpc, laura: Rpc, made: list[tuple[str, int]]
) -> None:
    mine, unassigned, anas = (
        _lead(admin, laura.uid, made),
        _lead(admin, False, made),
        _lead(admin, ANA, made),
    )
    visible = laura("crm.lead", "search_read", [], fields=["user_id"])
    assert {r["user_id"][0] for r in visible if r["user_id"]} == {laura.uid}
    ids = {r["id"] for r in visible}
    assert {mine, unassigned} <= ids
    assert anas not in ids
    assert (
        laura("crm.lead", "search_count", [])
        == len(visible)
        < admin("crm.lead", "search_count", [])
    )


def test_reading_someone_elses_lead_is_an_access_error(
    admin: Rpc, laura: Rpc, made: list[tuple[str, int]]
) -> None:
    fault = laura.fault("crm.lead", "read", [_lead(admin, ANA, made)], fields=["name"])
    name = admin("res.users", "read", [laura.uid], fields=["name"])[0]["name"]
    assert fault.faultCode == 4
    assert fault.faultString == (
        "Uh-oh! Looks like you have stumbled upon some top-secret records.\n\n"
        f"Sorry, {name} (id={laura.uid}) doesn't have 'read' access to:\n"
        f"- Lead/Opportunity (crm.lead)\n\n{COOKIES}"
    )


def test_other_salespeoples_orders_are_out_of_reach(
    admin: Rpc, laura: Rpc, made: list[tuple[str, int]]
) -> None:
    partner = admin("res.partner", "search", [("is_company", "=", True)], limit=1)[0]
    order = admin("sale.order", "create", {"partner_id": partner, "user_id": ANA})
    made.append(("sale.order", order))
    fault = laura.fault("sale.order", "read", [order], fields=["name", "user_id"])
    assert fault.faultCode == 4
    assert fault.faultString.endswith(COOKIES)
    assert "- Sales Order (sale.order)" in fault.faultString
    own = laura("sale.order", "search_read", [], fields=["user_id"])
    assert all(not r["user_id"] or r["user_id"][0] == laura.uid for r in own)
    lines = laura("sale.order.line", "search_read", [], fields=["salesman_id"])
    assert all(not r["salesman_id"] or r["salesman_id"][0] == laura.uid for r in lines)


def test_laura_cannot_create_projects(laura: Rpc) -> None:
    fault = laura.fault("project.project", "create", {"name": "nope"})
    assert fault.faultCode == 4
    assert fault.faultString == (
        "You are not allowed to create 'Project' (project.project) records.\n\n"
        "This operation is allowed for the following groups:\n\t- Project/Administrator\n\n"
        "Contact your administrator to request access if necessary."
    )
    assert laura("project.project", "search_count", []) > 0


def test_laura_may_change_her_preferences_but_not_other_users(laura: Rpc) -> None:
    tz = laura("res.users", "read", [laura.uid], fields=["tz"])[0]["tz"]
    fault = laura.fault("res.users", "write", [ANA], {"name": "hacked"})
    assert fault.faultCode == 4
    assert fault.faultString.startswith("You are not allowed to modify 'User' (res.users) records.")
    assert "\t- Administration/Access Rights\n" in fault.faultString
    assert laura("res.users", "write", [laura.uid], {"tz": "Atlantic/Canary"}) is True
    assert laura("res.users", "read", [laura.uid], fields=["tz"])[0]["tz"] == "Atlantic/Canary"
    laura("res.users", "write", [laura.uid], {"tz": tz})
    assert laura("res.users", "read", [2], fields=["login", "password"]) == [
        {"id": 2, "login": "admin", "password": ""}
    ]


def test_laura_creates_her_own_leads_only(laura: Rpc, made: list[tuple[str, int]]) -> None:
    lead = laura("crm.lead", "create", {"name": unique("Mi oportunidad")})
    made.append(("crm.lead", lead))
    assert laura("crm.lead", "read", [lead], fields=["user_id"])[0]["user_id"][0] == laura.uid
    fault = laura.fault("crm.lead", "create", {"name": unique("Para Ana"), "user_id": ANA})
    assert fault.faultCode == 4
    assert "doesn't have 'create' access" in fault.faultString


def test_notes_follow_the_document(admin: Rpc, laura: Rpc, made: list[tuple[str, int]]) -> None:
    anas = _lead(admin, ANA, made)
    admin("crm.lead", "message_post", [anas], body="Nota privada de Ana")
    fault = laura.fault("crm.lead", "message_post", [anas], body="hola")
    assert fault.faultCode == 4
    notes = laura("mail.message", "search_read", [("model", "=", "crm.lead")], fields=["res_id"])
    assert anas not in {n["res_id"] for n in notes}
    mine = _lead(admin, laura.uid, made)
    assert isinstance(laura("crm.lead", "message_post", [mine], body="Llamada hecha"), int)


def test_laura_works_on_tasks(laura: Rpc, made: list[tuple[str, int]]) -> None:
    project = laura("project.project", "search", [], limit=1)[0]
    task = laura("project.task", "create", {"name": unique("Tarea"), "project_id": project})
    made.append(("project.task", task))
    assert laura("project.task", "write", [task], {"user_ids": [(4, laura.uid)]}) is True
    assert laura("res.partner", "search_count", []) > 40


async def test_json2_applies_the_same_rules(
    admin: Rpc, sandbox: Any, made: list[tuple[str, int]]
) -> None:
    anas = _lead(admin, ANA, made)
    headers = {"Authorization": f"bearer {restricted(sandbox.dataset)[2]}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{sandbox.url}/json/2/crm.lead/read"
        async with http.post(url, json={"ids": [anas], "fields": ["name"]}) as response:
            body = await response.json()
            assert response.status == 403
            assert body["name"] == "odoo.exceptions.AccessError"
        url = f"{sandbox.url}/json/2/crm.lead/search_count"
        async with http.post(url, json={"domain": [["user_id", "=", ANA]]}) as response:
            assert response.status == 200
            assert await response.json() == 0
