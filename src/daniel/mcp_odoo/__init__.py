"""The MCP-Odoo server: Odoo's CRM, projects, tasks, sales and users as MCP tools.

`server.create_server()` builds the FastMCP server: `daniel mcp --transport http` serves
it and the avatar server uses it in-process; `daniel mcp` on stdio serves the same
registry with the lean stdio server, which lists and answers as FastMCP does. `core/` holds the
way to Odoo and the write machinery, `present/` what a person reads, `transport/` how
the server is reached, `tools/` the tool plugins. See docs/mcp.md.
"""
