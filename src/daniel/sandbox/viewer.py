"""A small read-only HTML viewer: `/odoo`, `/odoo/<model>` and `/odoo/<model>/<id>`.

The assistant links records as `<base>/odoo/<model>/<id>` (Odoo 17+ URLs); in the sandbox
those links open this page with the record's name, main fields and notes. Texts are in
Spanish and English. Data is read as the superuser: the sandbox is a local demo.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from aiohttp import web

from daniel.sandbox.httputil import Handler
from daniel.sandbox.orm.env import SUPERUSER_ID
from daniel.sandbox.orm.fields import Field

if TYPE_CHECKING:
    from daniel.sandbox.database import Database
    from daniel.sandbox.orm.model import BaseModel

#: Odoo app names usable in URLs (`/odoo/crm/5`).
ALIASES = {
    "crm": "crm.lead",
    "contacts": "res.partner",
    "project": "project.project",
    "tasks": "project.task",
    "sales": "sale.order",
    "products": "product.product",
    "users": "res.users",
}
MAIN_MODELS = (
    "crm.lead",
    "project.project",
    "project.task",
    "sale.order",
    "res.partner",
    "product.product",
    "res.users",
    "account.analytic.line",
    "mail.message",
)
_SKIP = {"id", "display_name", "create_uid", "write_uid", "write_date", "message_ids"}
_TAGS = re.compile(r"<[^>]+>")
_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1f2328}
header{background:#714b67;color:#fff;padding:12px 24px}header a{color:#fff;text-decoration:none}
main{max-width:960px;margin:24px auto;background:#fff;border-radius:8px;padding:24px;
box-shadow:0 1px 3px #0002}h1{margin-top:0}table{border-collapse:collapse;width:100%}
th{text-align:left;color:#57606a;font-weight:500;width:30%;vertical-align:top}
th,td{padding:6px 8px;border-bottom:1px solid #eee}a{color:#017e84}.muted{color:#57606a}
.note{border-left:3px solid #714b67;padding:4px 12px;margin:12px 0}
"""


def _page(title: str, body: str, status: int = 200) -> web.Response:
    text = (
        "<!doctype html><html lang=es><head><meta charset=utf-8>"
        f"<meta name=viewport content='width=device-width'><title>{html.escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><header><a href='/odoo'>Daniel · Odoo sandbox</a>"
        f"</header><main>{body}</main></body></html>"
    )
    return web.Response(status=status, text=text, content_type="text/html", charset="utf-8")


def _not_found(what: str) -> web.Response:
    body = (
        "<h1>No encontrado · Not found</h1>"
        f"<p class=muted>{html.escape(what)}</p><p><a href='/odoo'>Volver · Back</a></p>"
    )
    return _page("404", body, status=404)


def _link(model: str, rid: int, text: str) -> str:
    return f"<a href='/odoo/{model}/{rid}'>{html.escape(text)}</a>"


def _number(value: float, decimals: int = 2) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _money(model: BaseModel, value: float) -> str:
    """In the company's currency: "1.234,50 €" (symbol after) or "$1,234.50" (before)."""
    company = model.env["res.company"].search_read([], ["currency_id"], limit=1)
    currency = company[0]["currency_id"] if company else False
    if not isinstance(currency, list):
        return _number(value)
    row = model.env["res.currency"].browse([currency[0]]).read(["symbol", "position"])[0]
    symbol = html.escape(str(row["symbol"]))
    if row["position"] == "before":
        return f"{symbol}{value:,.2f}"
    return f"{_number(value)} {symbol}"


def _format(model: BaseModel, field: Field, value: Any) -> str:
    kind = field.type
    if kind == "boolean":
        return "Sí · Yes" if value else "No"
    if value is False or value is None or value == "" or value == []:
        return "<span class=muted>—</span>"
    if kind == "many2one":
        return _link(str(field.relation), value[0], value[1])
    if kind in ("many2many", "one2many"):
        comodel = model.env[str(field.relation)]
        names = comodel._display_names(list(value[:20]))
        links = ", ".join(_link(comodel._name, i, names.get(i, str(i))) for i in value[:20])
        more = f" <span class=muted>(+{len(value) - 20})</span>" if len(value) > 20 else ""
        return links + more
    if kind == "selection":
        return html.escape(dict(field.selection or ()).get(value, str(value)))
    if kind == "monetary":
        return _money(model, float(value))
    if kind == "float":
        return _number(float(value))
    if kind == "html":
        return html.escape(html.unescape(_TAGS.sub(" ", str(value))).strip())
    if kind == "datetime":
        return f"{html.escape(str(value))} <span class=muted>UTC</span>"
    if kind == "binary":
        return "<span class=muted>(binario · binary)</span>"
    return html.escape(str(value)).replace("\n", "<br>")


def _viewer_fields(model: BaseModel) -> list[str]:
    if model._viewer_fields:
        return list(model._viewer_fields)
    names = [
        name
        for name, field in model._fields.items()
        if name not in _SKIP and field.type != "binary" and (field.store or field.related)
    ]
    return names[:14]


def render_record(sandbox: Database, model_name: str, rid: int) -> web.Response:
    env = sandbox.env(SUPERUSER_ID, {"active_test": False}, su=True)
    model = env[model_name]
    if rid not in model._table.rows:
        return _not_found(f"{model._description} ({model_name}) #{rid}")
    record = model.browse([rid])
    fields = _viewer_fields(model)
    values = record._read_format(["display_name", *fields, "create_date"])[0]
    rows = "".join(
        f"<tr><th>{html.escape(model._fields[n].string)}</th>"
        f"<td>{_format(model, model._fields[n], values[n])}</td></tr>"
        for n in fields
    )
    title = values["display_name"] or f"{model_name},{rid}"
    archived = "" if model._table.rows[rid].get("active", True) else " · archivado / archived"
    body = (
        f"<p class=muted><a href='/odoo/{model_name}'>{html.escape(model._description)}</a>"
        f" · {html.escape(model_name)} #{rid}{archived}</p><h1>{html.escape(title)}</h1>"
        f"<table>{rows}</table>{_chatter(sandbox, model, rid)}"
    )
    return _page(title, body)


def _chatter(sandbox: Database, model: BaseModel, rid: int) -> str:
    if not model._mail_thread:
        return ""
    messages = model.env["mail.message"]
    ids = messages._search([("model", "=", model._name), ("res_id", "=", rid)], 0, 20, None)
    if not ids:
        return ""
    rows = messages.browse(ids)._read_format(["date", "author_id", "body", "subject"])
    notes = "".join(
        "<div class=note><p class=muted>"
        f"{html.escape(str(m['date']))} UTC · {html.escape(_name(m['author_id']))}"
        f"</p><p>{html.escape(html.unescape(_TAGS.sub(' ', m['body'] or '')).strip())}</p></div>"
        for m in rows
    )
    return f"<h2>Notas · Notes</h2>{notes}"


def _name(value: Any) -> str:
    return str(value[1]) if value else ""


def render_list(sandbox: Database, model_name: str) -> web.Response:
    env = sandbox.env(SUPERUSER_ID, su=True)
    model = env[model_name]
    ids = model._search([], 0, 200, None)
    names = model._display_names(ids)
    items = "".join(f"<li>{_link(model_name, i, names.get(i) or str(i))}</li>" for i in ids)
    body = (
        f"<h1>{html.escape(model._description)}</h1><p class=muted>{html.escape(model_name)} · "
        f"{len(model._table.rows)} registros · records</p><ul>{items}</ul>"
    )
    return _page(model._description, body)


def render_index(sandbox: Database) -> web.Response:
    env = sandbox.env(SUPERUSER_ID, su=True)
    items = "".join(
        f"<li><a href='/odoo/{name}'>{html.escape(env[name]._description)}</a> "
        f"<span class=muted>{name} · {len(env[name]._table.rows)}</span></li>"
        for name in MAIN_MODELS
    )
    body = (
        "<h1>Odoo sandbox</h1><p>Base de datos <b>sandbox</b> · login <b>admin</b>. "
        "Un ERP de demostración compatible con la API externa de Odoo. · A demo ERP that "
        f"speaks Odoo's external API.</p><ul>{items}</ul>"
    )
    return _page("Odoo sandbox", body)


def make_handler(sandbox: Database) -> Handler:
    async def handle(request: web.Request) -> web.StreamResponse:
        name = request.match_info.get("model")
        raw_id = request.match_info.get("id")
        if name is None:
            return await sandbox.run(lambda: render_index(sandbox))
        model_name = ALIASES.get(name, name)
        if model_name not in sandbox.registry:
            return _not_found(f"Modelo desconocido · Unknown model: {name}")
        if raw_id is None:
            return await sandbox.run(lambda: render_list(sandbox, model_name))
        if not raw_id.isdigit():
            return _not_found(f"{model_name} #{raw_id}")
        return await sandbox.run(lambda: render_record(sandbox, model_name, int(raw_id)))

    return handle
