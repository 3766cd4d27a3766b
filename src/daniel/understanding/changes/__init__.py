"""The dialogue layer's command grammar: what a change asks for and which pieces are
missing ("crea una tarea para Ana para el viernes: …" → create_task, person, date, title),
so the local brain can ask for them one at a time before the MCP preview → confirm flow.

Questions about the ERP are read by the understanding engine (`daniel.understanding`);
this grammar covers changes and small talk.
"""
