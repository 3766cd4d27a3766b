"""Daniel: a voice-and-avatar assistant for Odoo ERP.

Layers (see docs/architecture.md):

- `daniel.odoo`          async Odoo client (XML-RPC, JSON-RPC, JSON-2)
- `daniel.sandbox`       built-in Odoo-compatible sandbox (SQLite, Spanish demo company)
- `daniel.mcp_odoo`      MCP server (FastMCP) with tool plugins in `daniel.mcp_odoo.tools`
- `daniel.server_avatar` aiohttp conversation server: handlers and provider services
- `daniel.web`           the browser front end (plain ES modules)
- `daniel.resources`     the agent prompt and the demo data
"""

__version__ = "0.1.0"
