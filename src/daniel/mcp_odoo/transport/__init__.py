"""How the registry is reached: the FastMCP server (`fastmcp_app`, its middleware) over
streamable HTTP with bearers and the Origin guard and in-process, and the lean stdio
server (`stdio`) listing what FastMCP lists (`tool_schemas`)."""
