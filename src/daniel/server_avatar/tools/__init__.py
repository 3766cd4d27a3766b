"""The avatar server's side of the MCP-Odoo tools, shared by every brain.

`mcp_client`: the one MCP client of the process (`McpToolRunner`: in-process, stdio or
streamable HTTP). `write_confirmations`: the preview → confirm flow of MCP writes as
brains use it (pending proposals, yes/no answers, tool activity lines).
"""
