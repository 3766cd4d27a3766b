"""The pure helpers: dates as spoken, numbers, name matching, credential filtering."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from daniel.mcp_odoo.core.audit import AuditLog
from daniel.mcp_odoo.core.resolve import accent_pattern, clean_lead_text
from daniel.mcp_odoo.core.safety import check_domain, is_denied, sanitize
from daniel.mcp_odoo.core.tool_registry import ToolError
from daniel.mcp_odoo.present.dates import parse_day, week_bounds
from daniel.mcp_odoo.present.i18n import fmt_amount, fmt_date, join_names
from daniel.mcp_odoo.present.text import fold, odoo_form_url, wants_projects, wants_tasks

THURSDAY = dt.date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", dt.date(2026, 12, 1)),
        ("hoy", THURSDAY),
        ("Mañana", dt.date(2026, 11, 27)),
        ("pasado mañana", dt.date(2026, 11, 28)),
        ("el viernes", dt.date(2026, 11, 27)),
        ("thursday", dt.date(2026, 12, 3)),
        ("next week", dt.date(2026, 11, 30)),
        ("27/11", dt.date(2026, 11, 27)),
        ("3/1", dt.date(2027, 1, 3)),
        ("15/03/2027", dt.date(2027, 3, 15)),
        ("en 10 días", dt.date(2026, 12, 6)),
    ],
)
def test_spoken_dates(text: str, expected: dt.date) -> None:
    assert parse_day(text, param="deadline", lang="es", today=THURSDAY) == expected


def test_unreadable_dates_name_the_parameter() -> None:
    with pytest.raises(ToolError, match=r"deadline: cannot read 'algún día'"):
        parse_day("algún día", param="deadline", lang="es", today=THURSDAY)


def test_week_bounds_start_on_monday() -> None:
    assert week_bounds(THURSDAY) == (dt.date(2026, 11, 23), dt.date(2026, 11, 30))
    assert week_bounds(THURSDAY, 1)[0] == dt.date(2026, 11, 30)


def test_amounts_and_dates_read_naturally() -> None:
    assert fmt_amount(12345.5, "es", "EUR") == "12.345,50 €"
    assert fmt_amount(12000, "en", "EUR") == "€12,000"
    assert fmt_amount(99, "es") == "99"
    assert fmt_date("2026-11-27", "es", today=THURSDAY) == "viernes 27/11"
    assert fmt_date("2026-11-27 09:00:00", "en", today=THURSDAY) == "Friday 27 Nov"
    assert fmt_date("2027-01-04", "es", today=THURSDAY) == "lunes 4/1/2027"
    assert join_names(["Ana", "Luis", "Eva"], "es") == "Ana, Luis y Eva"
    assert join_names([], "en") == "nobody"


def test_names_fold_and_accent_patterns() -> None:
    assert fold("  María   JOSÉ ") == "maria jose"
    assert accent_pattern("Maria 50%") == "%M_r__ 50 %"
    assert clean_lead_text("the Acme deal") == "Acme"
    assert clean_lead_text("la oportunidad de Talleres Ruiz") == "Talleres Ruiz"
    assert odoo_form_url("https://erp.example.com/", "crm.lead", 42) == (
        "https://erp.example.com/odoo/crm.lead/42"
    )
    assert wants_projects("¿Qué proyectos tengo?")
    assert not wants_projects("mis tareas")
    assert wants_tasks("What are my tasks today?")


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "password_crypt",
        "api_key_ids",
        "totp_secret",
        "signup_token",
        "oauth_access_token",
        "access_token",
        "partner_id.signup_token",
        "new_password",
    ],
)
def test_credential_fields_are_denied(name: str) -> None:
    assert is_denied(name)


@pytest.mark.parametrize("name", ["name", "login", "email", "partner_id.name", "active"])
def test_ordinary_fields_are_not_denied(name: str) -> None:
    assert not is_denied(name)


def test_sanitize_drops_credentials_and_sizes_binaries() -> None:
    record = {"id": 1, "name": "Ana", "password": "x", "image_1920": "aGVsbG8=", "logo": False}
    clean = sanitize(record, {"image_1920": "binary", "logo": "binary"})
    assert clean == {
        "id": 1,
        "name": "Ana",
        "image_1920": {"binary": True, "size": 5},
        "logo": None,
    }


def test_domains_are_checked() -> None:
    assert check_domain(["|", ["a", "=", 1], ("b", "ilike", "x")], "en") == [
        "|",
        ["a", "=", 1],
        ["b", "ilike", "x"],
    ]
    with pytest.raises(ToolError, match="password"):
        check_domain([["user_id", "any", [["password", "=", "x"]]]], "en")
    with pytest.raises(ToolError, match="domain"):
        check_domain("[('a','=',1)]", "en")


async def test_audit_keys_survive_a_new_log_object(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "audit.jsonl"
    first = AuditLog(path)
    await first.append(
        {"tool": "t", "idempotency_key": "k1", "result": {"status": "done", "ids": [7]}}
    )
    await first.append({"tool": "t", "idempotency_key": "k2", "result": {"status": "error"}})
    path.write_text(path.read_text() + "not json\n")
    reopened = AuditLog(path)
    found = await reopened.find_key("k1")
    assert found is not None
    assert found["result"]["ids"] == [7]
    assert await reopened.find_key("k2") is None
    assert len(await reopened.entries()) == 2
