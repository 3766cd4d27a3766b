"""The MCP-Odoo server: Odoo's CRM, projects, tasks, sales and users as MCP tools.

`server.create_server()` builds the FastMCP server (in-process use, streamable HTTP);
`daniel mcp` serves the same tool plugins (`tools/`) over stdio or HTTP. See docs/mcp.md.
"""
