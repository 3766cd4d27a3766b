"""The server's core: the way to Odoo (`gateway`, `deps`), who a call acts as
(`identity`), what is refused (`safety`), how writes happen once (`writes`, `write_once`,
`idempotency`, `landed`, `audit`), names to ids (`resolve`) and what plugins register
into (`tool_registry`, `plugins`)."""
