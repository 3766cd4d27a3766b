"""MCP resources: one record, or one model's fields, as JSON.

- `odoo://{model}/fields`: the model's fields (`fields_get`), credential fields removed.
- `odoo://{model}/{id}`: one record of an allowed model, credential fields removed,
  binary fields as size references, with its form URL.
"""

from __future__ import annotations

import json
from typing import Any

from daniel.mcp_odoo.core.deps import ServerDeps
from daniel.mcp_odoo.core.generic_reads import clean_record, default_fields, field_defs
from daniel.mcp_odoo.core.safety import check_model
from daniel.mcp_odoo.core.tool_registry import ToolError, ToolRegistry
from daniel.mcp_odoo.present.text import odoo_form_url

_ATTRIBUTES = ("string", "type", "relation", "required", "readonly", "selection", "store")


def register_resources(mcp: ToolRegistry, deps: ServerDeps) -> None:
    # Registered first: "odoo://crm.lead/fields" must not be read as record id "fields".
    @mcp.resource(
        "odoo://{model}/fields",
        name="model_fields",
        description="The fields of an allowed Odoo model (name, label, type, relation...).",
        mime_type="application/json",
    )
    async def model_fields(model: str) -> str:
        call = deps.call(None)
        check_model(model, deps.config.allowed_models, call.lang)
        defs = await field_defs(call.odoo, model)
        out = {
            name: {key: spec[key] for key in _ATTRIBUTES if key in spec}
            for name, spec in sorted(defs.items())
        }
        return json.dumps({"model": model, "fields": out}, ensure_ascii=False)

    @mcp.resource(
        "odoo://{model}/{id}",
        name="record",
        description="One record of an allowed Odoo model, as JSON.",
        mime_type="application/json",
    )
    async def record(model: str, id: str) -> str:
        call = deps.call(None)
        if not id.isdigit():
            raise ToolError(f"odoo://{model}/{id}: the record id must be a number")
        record_id = int(id)
        check_model(model, deps.config.allowed_models, call.lang)
        defs = await field_defs(call.odoo, model)
        fields = default_fields(model, defs, full=True)
        rows = await call.odoo.read(model, [record_id], fields)
        if not rows:
            raise ToolError(f"odoo://{model}/{record_id}: no such record")
        data: dict[str, Any] = clean_record(rows[0], defs)
        data["url"] = odoo_form_url(deps.config.odoo_url, model, record_id)
        return json.dumps(
            {"model": model, "id": record_id, "record": data}, ensure_ascii=False, default=str
        )
