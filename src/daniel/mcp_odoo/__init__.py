"""The MCP-Odoo server: Odoo's CRM, projects, tasks, sales and users as MCP tools.

`server.create_server()` builds the one FastMCP server; `daniel mcp` serves it over
stdio or streamable HTTP, and the avatar server uses it in-process. `core/` holds the
way to Odoo and the write machinery, `present/` what a person reads, `transport/` how
the server is reached, `tools/` the tool plugins. See docs/mcp.md.
"""
