"""The one FastMCP server (`fastmcp_app`) and how it is reached: stdio, streamable HTTP
with bearers and the Origin guard, and the middleware every request goes through."""
