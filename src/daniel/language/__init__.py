"""The words Daniel speaks and reads, shared by the MCP server and the brains.

- `text`: the `Lang` type, accent and case folding, tokens, language detection, yes/no.
- `dates`: dates and periods as people say them ("el viernes", "last month", "Q1").
- `numbers`: amounts as people say them ("10k", "diez mil euros").
- `calendar_names`: month and weekday names.
- `formatting`: numbers, money in a company's currency, counted nouns, lists, days and
  periods as spoken.
- `labels`: the bilingual labels of Odoo fields (change previews) and MCP tools (tool
  activity), one table per kind.
"""
