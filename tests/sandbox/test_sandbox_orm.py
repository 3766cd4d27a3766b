"""ORM behaviour on the demo data: values on the wire, writes, computed fields, business
methods (won/lost, confirm, message_post) and Odoo's error messages."""

from __future__ import annotations

import base64
import re

import pytest
from sandbox_helpers import AMBIGUOUS, unique

from daniel.sandbox.exceptions import AccessError, MissingError, UserError, ValidationError
from daniel.sandbox.orm.env import Env

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def test_values_have_odoo_wire_formats(demo: Env) -> None:
    lead = demo["crm.lead"].search_read(
        [("partner_id", "!=", False), ("date_deadline", "!=", False)],
        [
            "partner_id",
            "tag_ids",
            "expected_revenue",
            "probability",
            "date_deadline",
            "create_date",
            "priority",
            "description",
            "active",
            "type",
        ],
        limit=1,
    )[0]
    assert isinstance(lead["partner_id"], list)
    assert len(lead["partner_id"]) == 2
    assert isinstance(lead["tag_ids"], list)
    assert isinstance(lead["expected_revenue"], float)
    assert isinstance(lead["probability"], float)
    assert DATE.match(lead["date_deadline"])
    assert DATETIME.match(lead["create_date"])
    assert lead["priority"] in {"0", "1", "2", "3"}
    assert lead["type"] in {"lead", "opportunity"}
    assert lead["description"] is False
    assert lead["active"] is True
    empty = demo["res.partner"].search_read([("email", "=", False)], ["email", "parent_id"])
    assert all(row["email"] is False for row in empty)
    avatar = demo["res.partner"].search_read([], ["avatar_128"], limit=1)[0]["avatar_128"]
    assert base64.b64decode(avatar).startswith(b"<?xml")


def test_read_keeps_order_drops_missing_and_loads_bare_ids(demo: Env) -> None:
    partners = demo["res.partner"]
    a, b = partners.search([("is_company", "=", True)], limit=2)
    rows = partners.browse([b, 999999, a, b]).read(["name", "parent_id"])
    assert [r["id"] for r in rows] == [b, a, b]
    assert list(rows[0]) == ["id", "name", "parent_id"]
    contact = partners.search([("parent_id", "!=", False)], limit=1)
    bare = partners.browse(contact).read(["parent_id"], load="")[0]
    assert isinstance(bare["parent_id"], int)
    everything = partners.browse([a]).read([])[0]
    assert {"name", "display_name", "child_ids", "write_date"} <= set(everything)
    with pytest.raises(ValueError, match=r"Invalid\ field\ 'nope'\ on\ model\ 'res\.partner'"):
        partners.browse([a]).read(["name", "nope"])


def test_passwords_never_come_back(demo: Env) -> None:
    users = demo["res.users"].search_read([], ["login", "password"])
    assert users
    assert all(u["password"] == "" for u in users)


def test_sale_order_totals_follow_the_lines(demo: Env) -> None:
    orders = demo["sale.order"]
    partner = demo["res.partner"].search([("is_company", "=", True)], limit=1)[0]
    taxed = demo["product.product"].search_read(
        [("taxes_id.amount", ">", 0)], ["list_price", "taxes_id"], limit=1
    )[0]
    product, price = taxed["id"], taxed["list_price"]
    rate = demo["account.tax"].browse(taxed["taxes_id"]).read(["amount"])[0]["amount"] / 100
    order = orders.create(
        {
            "partner_id": partner,
            "order_line": [(0, 0, {"product_id": product, "product_uom_qty": 10})],
        }
    )[0]
    row = orders.browse([order]).read(
        ["name", "amount_untaxed", "amount_tax", "amount_total", "state"]
    )[0]
    assert re.fullmatch(r"S\d{5}", row["name"])
    assert row["state"] == "draft"
    assert row["amount_untaxed"] == pytest.approx(10 * price)
    assert row["amount_tax"] == pytest.approx(10 * price * rate, abs=0.01)
    assert row["amount_total"] == pytest.approx(10 * price * (1 + rate), abs=0.01)
    orders.browse([order]).write(
        {"order_line": [(0, 0, {"product_id": product, "product_uom_qty": 2, "discount": 50.0})]}
    )
    assert orders.browse([order]).read(["amount_untaxed"])[0]["amount_untaxed"] == pytest.approx(
        11 * price
    )
    line = orders.browse([order]).read(["order_line"])[0]["order_line"][0]
    demo["sale.order.line"].browse([line]).unlink()
    assert orders.browse([order]).read(["amount_untaxed"])[0]["amount_untaxed"] == pytest.approx(
        price
    )
    assert orders.browse([order]).action_confirm() is True
    assert orders.browse([order]).read(["state"])[0]["state"] == "sale"
    with pytest.raises(UserError, match="not in a state requiring confirmation"):
        orders.browse([order]).action_confirm()


def test_lead_won_lost_and_restored(demo: Env) -> None:
    leads = demo["crm.lead"]
    stages = demo["crm.stage"].search_read([], ["name", "is_won"], order="sequence")
    lead = leads.create({"name": unique("Oportunidad"), "expected_revenue": 10000})[0]
    first = leads.browse([lead]).read(["stage_id", "probability", "user_id", "type"])[0]
    assert first["stage_id"][1] == stages[0]["name"]
    assert first["probability"] == 10.0
    assert first["user_id"][0] == demo.uid
    assert first["type"] == "opportunity"
    leads.browse([lead]).action_set_won()
    won = leads.browse([lead]).read(["stage_id", "probability", "date_closed", "prorated_revenue"])[
        0
    ]
    assert won["stage_id"][1] == next(s["name"] for s in stages if s["is_won"])
    assert won["probability"] == 100.0
    assert won["date_closed"]
    assert won["prorated_revenue"] == 10000.0
    reason = demo["crm.lost.reason"].search([], limit=1)[0]
    assert leads.browse([lead]).action_set_lost(lost_reason_id=reason) is None
    lost = leads.browse([lead]).read(["active", "probability", "lost_reason_id"])[0]
    assert lost["active"] is False
    assert lost["probability"] == 0.0
    assert lost["lost_reason_id"][0] == reason
    assert lead not in leads.search([])
    leads.browse([lead]).action_unarchive()
    assert lead in leads.search([])
    assert leads.browse([lead]).read(["lost_reason_id"])[0]["lost_reason_id"] is False


def test_task_stages_and_project_counts(demo: Env) -> None:
    project = demo["project.project"].create({"name": unique("Proyecto")})[0]
    tasks = demo["project.task"]
    task = tasks.create(
        {"name": "Escribir informe", "project_id": project, "user_ids": [(6, 0, [demo.uid])]}
    )[0]
    read = tasks.browse([task]).read(["stage_id", "state", "user_ids", "date_assign"])[0]
    stages = demo["project.task.type"].search_read([], ["name", "fold"], order="sequence")
    assert read["stage_id"][1] == stages[0]["name"]
    assert read["state"] == "01_in_progress"
    assert read["user_ids"] == [demo.uid]
    assert read["date_assign"]
    done = next(s["id"] for s in stages if s["fold"])
    tasks.browse([task]).write({"stage_id": done})
    assert tasks.browse([task]).read(["state", "is_closed"])[0] == {
        "id": task,
        "state": "1_done",
        "is_closed": True,
    }
    counts = (
        demo["project.project"]
        .browse([project])
        .read(["task_count", "open_task_count", "closed_task_count"])[0]
    )
    assert (counts["task_count"], counts["open_task_count"], counts["closed_task_count"]) == (
        1,
        0,
        1,
    )
    assert task in tasks.search([("is_closed", "=", True)])


def test_message_post_logs_a_note(demo: Env) -> None:
    lead = demo["crm.lead"].search([], limit=1)[0]
    message = demo["crm.lead"].browse([lead]).message_post(body="Llamar el <lunes>")
    assert list(message) == [message[0]]
    assert message.single
    note = (
        demo["mail.message"]
        .browse(list(message))
        .read(
            ["model", "res_id", "body", "subtype_id", "message_type", "is_internal", "author_id"]
        )[0]
    )
    assert (note["model"], note["res_id"]) == ("crm.lead", lead)
    assert note["body"] == "Llamar el &lt;lunes&gt;"
    assert note["subtype_id"][1] == "Note"
    assert note["is_internal"] is True
    assert note["message_type"] == "notification"
    assert note["author_id"]
    assert message[0] in demo["crm.lead"].browse([lead]).read(["message_ids"])[0]["message_ids"]


def test_x2many_commands(demo: Env) -> None:
    partners = demo["res.partner"]
    tags = demo["res.partner.category"]
    one, two = tags.create([{"name": unique("Etiqueta")}, {"name": unique("Etiqueta")}])
    partner = partners.create({"name": unique("Contacto"), "category_id": [(6, 0, [one])]})[0]
    record = partners.browse([partner])

    def current() -> list[int]:
        return list(record.read(["category_id"])[0]["category_id"])

    record.write({"category_id": [(4, two)]})
    assert sorted(current()) == sorted([one, two])
    record.write({"category_id": [(3, one)]})
    assert current() == [two]
    record.write({"category_id": [(5,)]})
    assert current() == []
    record.write({"category_id": [(0, 0, {"name": unique("Nueva")})]})
    assert len(current()) == 1
    record.write({"category_id": [one, two]})
    assert sorted(current()) == sorted([one, two])


def test_odoo_error_messages(demo: Env) -> None:
    with pytest.raises(ValidationError) as missing:
        demo["project.task"].create({"project_id": False})
    assert str(missing.value).endswith("Model: Task (project.task)\nField: Title (name)\n")
    with pytest.raises(ValueError, match=r"^Wrong value for project.task.state: 'bogus'$"):
        demo["project.task"].create({"name": "x", "state": "bogus"})
    with pytest.raises(MissingError) as gone:
        demo["res.partner"].create({"name": "x", "country_id": 999999})
    assert str(gone.value) == (
        "Record does not exist or has been deleted.\n"
        f"(Record: res.country(999999,), User: {demo.uid})"
    )
    with pytest.raises(ValidationError, match="Contacts require a name"):
        demo["res.partner"].create({"name": False})
    parent = demo["res.partner"].create({"name": unique("Padre")})[0]
    child = demo["res.partner"].create({"name": unique("Hijo"), "parent_id": parent})[0]
    with pytest.raises(
        ValidationError, match=r"^You\ cannot\ create\ recursive\ Partner\ hierarchies\.$"
    ):
        demo["res.partner"].browse([parent]).write({"parent_id": child})
    with pytest.raises(ValueError, match=r"Invalid\ field\ 'nope'\ on\ model\ 'res\.partner'"):
        demo["res.partner"].create({"name": "x", "nope": 1})
    with pytest.raises(MissingError):
        demo["res.partner"].browse([999999]).write({"name": "x"})


def test_related_fields_write_through(demo: Env) -> None:
    login = unique("user").replace(" ", "")
    user = demo["res.users"].create({"name": "Nuevo Usuario", "login": login, "password": "x1"})[0]
    partner = demo["res.users"].browse([user]).read(["partner_id"])[0]["partner_id"][0]
    demo["res.users"].browse([user]).write({"name": "Nombre Nuevo", "tz": "Atlantic/Canary"})
    assert demo["res.partner"].browse([partner]).read(["name", "tz"])[0]["name"] == "Nombre Nuevo"
    assert demo["res.users"].search([("name", "=", "Nombre Nuevo")]) == [user]


def test_deleting_cascades_restricts_or_clears(demo: Env) -> None:
    orders = demo["sale.order"]
    partner = demo["res.partner"].create({"name": unique("Cliente")})[0]
    order = orders.create(
        {"partner_id": partner, "order_line": [(0, 0, {"name": "Servicio", "price_unit": 10})]}
    )[0]
    lines = orders.browse([order]).read(["order_line"])[0]["order_line"]
    with pytest.raises(ValidationError, match="another model requires the record"):
        demo["res.partner"].browse([partner]).unlink()
    lead = demo["crm.lead"].create({"name": unique("Lead"), "partner_id": partner})[0]
    orders.browse([order]).unlink()
    assert demo["sale.order.line"].browse(lines).exists() == []
    demo["res.partner"].browse([partner]).unlink()
    assert demo["crm.lead"].browse([lead]).read(["partner_id"])[0]["partner_id"] is False


def test_copy_and_name_create(demo: Env) -> None:
    partner = demo["res.partner"].create({"name": "Original"})[0]
    copy = demo["res.partner"].browse([partner]).copy()
    assert demo["res.partner"].browse(copy).read(["name"])[0]["name"] == "Original (copy)"
    order = demo["sale.order"].search([("order_line", "!=", False)], limit=1)[0]
    new = demo["sale.order"].browse([order]).copy()[0]
    old_row, new_row = (
        demo["sale.order"].browse([order, new]).read(["name", "amount_total", "state"])
    )
    assert new_row["name"] != old_row["name"]
    assert new_row["state"] == "draft"
    assert new_row["amount_total"] == old_row["amount_total"]
    rid, name = demo["crm.tag"].name_create("Nueva etiqueta")
    assert name == "Nueva etiqueta"
    assert rid in demo["crm.tag"].search([])


def test_name_search(demo: Env, sandbox_dataset: str) -> None:
    prefix, first_name = AMBIGUOUS[sandbox_dataset]
    partners = demo["res.partner"]
    found = partners.name_search(prefix.lower())
    companies = partners.search_read(
        [("is_company", "=", True), ("name", "=ilike", f"{prefix}%")], ["name"]
    )
    assert len(companies) == 2  # the deliberate "which one?" pair
    assert {c["name"] for c in companies} <= {name for _, name in found}
    by_company = partners.name_search(prefix.lower(), args=[("is_company", "=", True)])
    assert sorted(n for _, n in by_company) == sorted(c["name"] for c in companies)
    assert partners.name_search(prefix.lower(), domain=[("is_company", "=", True)]) == by_company
    assert partners.name_search("", limit=3) == [[r, n] for r, n in partners.name_search("")[:3]]
    namesakes = partners.name_search(first_name.lower())
    assert len([n for _, n in namesakes if first_name in n]) >= 3  # two contacts and a user


def test_fields_get_shapes(demo: Env) -> None:
    attrs = ["string", "type", "relation", "required", "readonly", "selection", "store"]
    fields = demo["crm.lead"].fields_get(attributes=attrs)
    assert fields["partner_id"] == {
        "readonly": False,
        "relation": "res.partner",
        "required": False,
        "store": True,
        "string": "Customer",
        "type": "many2one",
    }
    assert fields["type"]["selection"] == [["lead", "Lead"], ["opportunity", "Opportunity"]]
    assert "relation" not in fields["name"]
    assert "selection" not in fields["name"]
    only = demo["res.partner"].fields_get(["name", "no_such_field"], ["type"])
    assert only == {"name": {"type": "char"}}
    full = demo["crm.stage"].fields_get()["name"]
    assert {"searchable", "sortable", "groupable", "name", "depends"} <= set(full)


def test_defaults_and_access_checks(demo: Env) -> None:
    defaults = (
        demo["crm.lead"]
        .with_env(demo.with_context(default_priority="2"))
        .default_get(["priority", "type", "user_id", "name"])
    )
    assert defaults == {"priority": "2", "type": "opportunity", "user_id": demo.uid}
    assert demo["project.project"].check_access_rights("create") is True


def test_ir_model_describes_the_registry_read_only(demo: Env) -> None:
    models = demo["ir.model"].search_read([("model", "=", "crm.lead")], ["name", "field_id"])
    assert models[0]["name"] == "Lead/Opportunity"
    fields = demo["ir.model.fields"].search_read(
        [("model", "=", "crm.lead"), ("name", "=", "expected_revenue")], ["ttype", "model_id"]
    )
    assert fields[0]["ttype"] == "monetary"
    assert fields[0]["model_id"][0] == models[0]["id"]
    assert fields[0]["id"] in models[0]["field_id"]
    with pytest.raises(AccessError, match="No group currently allows this operation"):
        demo["ir.model"].create({"name": "X", "model": "x.y"})


def test_a_new_order_gets_its_salespersons_team(demo: Env) -> None:
    """As Odoo's sale.order: the team is the one the salesperson leads or belongs to."""
    teams = demo["crm.team"].search_read([], ["name", "user_id", "member_ids"])
    member = next(t for t in teams if t["member_ids"])
    user = member["member_ids"][0]
    expected = next(
        t["id"]
        for t in teams
        if (t["user_id"] and t["user_id"][0] == user) or user in t["member_ids"]
    )
    partner = demo["res.partner"].search([("is_company", "=", True)], limit=1)[0]
    order = demo["sale.order"].create({"partner_id": partner, "user_id": user})
    assert demo["sale.order"].browse(order).read(["team_id"])[0]["team_id"][0] == expected
    chosen = demo["sale.order"].create({"partner_id": partner, "user_id": user, "team_id": False})
    assert demo["sale.order"].browse(chosen).read(["team_id"])[0]["team_id"] is False
