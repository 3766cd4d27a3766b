"""Precomputed argument schemas of the built-in tools and prompts (generated).

Refresh with `python -m daniel.mcp_odoo.schemas --write`; see `schemas.py`.
"""

# ruff: noqa: E501
import json
from typing import Any

SCHEMAS: dict[str, dict[str, Any]] = json.loads(
    r"""{
 "daniel.mcp_odoo.prompts:register_prompts.<locals>.my_tasks_today": {
  "fingerprint": "b95d6d34a85d57e32039718d5407713e17a7f7bd",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "es or en (default: server's)"
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.prompts:register_prompts.<locals>.pipeline_review": {
  "fingerprint": "94040e47cc64519853f67bfefd73a605ef59155f",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "es or en (default: server's)"
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Whose pipeline (a name or 'me'); default: everyone."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.prompts:register_prompts.<locals>.sales_report": {
  "fingerprint": "814c22b612b3d1d575131d951bbdc14dd5cef39b",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "date_from": {
     "anyOf": [
      {
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Start date (default: 1st of this month)."
    },
    "date_to": {
     "anyOf": [
      {
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "End date (default: today)."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "es or en (default: server's)"
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.aggregate:register.<locals>.odoo_aggregate": {
  "fingerprint": "a551c7710c5fab36c7027768e3badc8ad19547de",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "domain": {
     "anyOf": [
      {
       "items": {},
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Odoo domain of the records to aggregate."
    },
    "group_by": {
     "anyOf": [
      {
       "items": {
        "type": "string"
       },
       "maxItems": 2,
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Up to two fields to group by; dates take a granularity, e.g. ['stage_id'] or ['date_order:month']. None: one total over the domain."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "measures": {
     "anyOf": [
      {
       "items": {
        "type": "string"
       },
       "maxItems": 6,
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Aggregates as 'field:sum|avg|max|min|count_distinct', e.g. ['expected_revenue:sum']. Every group always has its record count."
    },
    "model": {
     "description": "Odoo model, e.g. 'crm.lead'.",
     "maxLength": 100,
     "minLength": 3,
     "type": "string"
    }
   },
   "required": [
    "model"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.aggregate:register.<locals>.odoo_names": {
  "fingerprint": "5a035f48de3f8e29ca33f7a7c55e4dee4ddc6ab2",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "domain": {
     "anyOf": [
      {
       "items": {},
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Odoo domain."
    },
    "fields": {
     "anyOf": [
      {
       "items": {
        "type": "string"
       },
       "maxItems": 8,
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Extra short fields to return beside id and name."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 1000,
     "description": "At most this many rows (up to 5000).",
     "maximum": 5000,
     "minimum": 1,
     "type": "integer"
    },
    "model": {
     "description": "Odoo model, e.g. 'res.partner'.",
     "maxLength": 100,
     "minLength": 3,
     "type": "string"
    }
   },
   "required": [
    "model"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.confirmations:register.<locals>.cancel_action": {
  "fingerprint": "b2c6d8fc2c456b9a6ba9219bf31293b5a2f03c12",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "confirmation_token": {
     "description": "The confirmation_token of the preview.",
     "maxLength": 100,
     "minLength": 8,
     "type": "string"
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    }
   },
   "required": [
    "confirmation_token"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.confirmations:register.<locals>.confirm_action": {
  "fingerprint": "25f3ba04e0a507f62e1c7ca66168276224e26316",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "confirmation_token": {
     "description": "The confirmation_token of the preview.",
     "maxLength": 100,
     "minLength": 8,
     "type": "string"
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this confirmation; confirming again with it, even after a server restart, reports the first outcome and never writes twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    }
   },
   "required": [
    "confirmation_token"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm:register.<locals>.crm_get_lead": {
  "fingerprint": "8af8dd9db1e533e37e86283ba99983833ed9ad35",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "lead_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm:register.<locals>.crm_list_leads": {
  "fingerprint": "62966d19e69ad5267ced1bf402b8e2aa064e6c83",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Customer (company or person): name or id."
    },
    "date_from": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "date_to": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "min_revenue": {
     "anyOf": [
      {
       "minimum": 0,
       "type": "number"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Only leads expecting at least this revenue."
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "query": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Words in the lead's title, customer, contact or email."
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Salesperson: a user's name, id, or 'me' for the connected user."
    },
    "stage": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Stage name or id."
    },
    "status": {
     "default": "open",
     "description": "open (default), won, lost or all.",
     "enum": [
      "open",
      "won",
      "lost",
      "all"
     ],
     "type": "string"
    },
    "type": {
     "anyOf": [
      {
       "enum": [
        "lead",
        "opportunity"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "'lead' (unqualified) or 'opportunity'; default both."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm:register.<locals>.crm_list_stages": {
  "fingerprint": "3781d67abec6e1117beb00d9fc405adf70782dbe",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm:register.<locals>.crm_pipeline_summary": {
  "fingerprint": "d89a9bd4c5a6f7cc9bf576f931f250ed898f9f3d",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "date_from": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "date_to": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Salesperson: a user's name, id, or 'me' for the connected user."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_create_lead": {
  "fingerprint": "3edd6d187cad669bd0c1e015c541e5262f129cad",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "contact_name": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact person's name."
    },
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Customer (company or person): name or id. A new name is kept as the company name."
    },
    "deadline": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "description": {
     "anyOf": [
      {
       "maxLength": 5000,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Notes about the lead."
    },
    "email": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact email."
    },
    "expected_revenue": {
     "anyOf": [
      {
       "minimum": 0,
       "type": "number"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Expected revenue (company currency)."
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "name": {
     "description": "Title, e.g. 'Flota Ruiz'.",
     "maxLength": 200,
     "minLength": 1,
     "type": "string"
    },
    "phone": {
     "anyOf": [
      {
       "maxLength": 60,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact phone."
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Salesperson: a user's name, id, or 'me' for the connected user."
    },
    "stage": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Stage name or id (see crm_list_stages)."
    },
    "type": {
     "default": "opportunity",
     "description": "lead or opportunity (default).",
     "enum": [
      "lead",
      "opportunity"
     ],
     "type": "string"
    }
   },
   "required": [
    "name"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_log_note": {
  "fingerprint": "085602f60987c22005180ab8eb529e1952a07967",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    },
    "note": {
     "description": "The note text.",
     "maxLength": 5000,
     "minLength": 1,
     "type": "string"
    }
   },
   "required": [
    "lead_id",
    "note"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_mark_lost": {
  "fingerprint": "ccd4c0129206302182a5478f011e132da2187ffd",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    },
    "reason": {
     "anyOf": [
      {
       "maxLength": 500,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Why it was lost."
    }
   },
   "required": [
    "lead_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_mark_won": {
  "fingerprint": "d764324970f5208fdf8f8da3d88bfa74e75afb21",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "lead_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_move_stage": {
  "fingerprint": "a04531757f1940ab3bad10a7dbc4b81162f67e95",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    },
    "stage": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      }
     ],
     "description": "Target stage: name or id."
    }
   },
   "required": [
    "lead_id",
    "stage"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.crm_writes:register.<locals>.crm_update_lead": {
  "fingerprint": "408493034be6b16aecf9773c22275a9c22f70079",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "contact_name": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact person's name."
    },
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Customer (company or person): name or id. A new name is kept as the company name."
    },
    "deadline": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "description": {
     "anyOf": [
      {
       "maxLength": 5000,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Notes about the lead."
    },
    "email": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact email."
    },
    "expected_revenue": {
     "anyOf": [
      {
       "minimum": 0,
       "type": "number"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Expected revenue (company currency)."
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lead_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    },
    "name": {
     "anyOf": [
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "New title."
    },
    "phone": {
     "anyOf": [
      {
       "maxLength": 60,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Contact phone."
    },
    "priority": {
     "anyOf": [
      {
       "maximum": 3,
       "minimum": 0,
       "type": "integer"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Stars, 0-3."
    },
    "probability": {
     "anyOf": [
      {
       "maximum": 100,
       "minimum": 0,
       "type": "number"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "0-100 %."
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Salesperson: a user's name, id, or 'me' for the connected user."
    }
   },
   "required": [
    "lead_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.projects:register.<locals>.project_list": {
  "fingerprint": "b41c242a7fdff0dfb8f0763a5dc19d0f7df9ef81",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Customer: name or id."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "manager": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Project manager: name, id or 'me'."
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "query": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Words in the project's name."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.records:register.<locals>.odoo_read": {
  "fingerprint": "b2622ef0a435a2d4afae2a3e2b9f0b43066af295",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "domain": {
     "anyOf": [
      {
       "items": {},
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Odoo domain, e.g. [['is_company', '=', true], ['city', 'ilike', 'madrid']]."
    },
    "fields": {
     "anyOf": [
      {
       "items": {
        "type": "string"
       },
       "maxItems": 60,
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Fields to return (default: a readable set)."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "model": {
     "description": "Odoo model, e.g. 'res.partner'.",
     "maxLength": 100,
     "minLength": 3,
     "type": "string"
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "order": {
     "anyOf": [
      {
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "e.g. 'create_date desc, name'."
    }
   },
   "required": [
    "model"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.sale_writes:register.<locals>.sale_confirm_quotation": {
  "fingerprint": "b62ecc9bbb5c90c20a3c0a21a1ac4f542135e0e4",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "order_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "order_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.sale_writes:register.<locals>.sale_create_quotation": {
  "fingerprint": "64a6d4ac9cdcfef9492393a91ebfe1f94f29fb9e",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      }
     ],
     "description": "Customer: name or id."
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "lines": {
     "description": "Products to quote.",
     "items": {
      "description": "One line of a quotation.",
      "properties": {
       "price_unit": {
        "anyOf": [
         {
          "minimum": 0,
          "type": "number"
         },
         {
          "type": "null"
         }
        ],
        "default": null,
        "description": "Unit price; default: the product's sales price."
       },
       "product": {
        "anyOf": [
         {
          "type": "integer"
         },
         {
          "maxLength": 200,
          "minLength": 1,
          "type": "string"
         }
        ],
        "description": "Product: name, internal reference or id."
       },
       "quantity": {
        "default": 1.0,
        "description": "Quantity (default 1).",
        "exclusiveMinimum": 0,
        "maximum": 1000000,
        "type": "number"
       }
      },
      "required": [
       "product"
      ],
      "type": "object"
     },
     "maxItems": 50,
     "minItems": 1,
     "type": "array"
    },
    "note": {
     "anyOf": [
      {
       "maxLength": 5000,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Terms or a note."
    }
   },
   "required": [
    "customer",
    "lines"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.sales:register.<locals>.sale_get_order": {
  "fingerprint": "aed1bb67e23357caf46e67b5962f3d6aa9490c89",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "order_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "order_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.sales:register.<locals>.sale_list_orders": {
  "fingerprint": "6031bf8c7c13dd905216d04a0cd40bd86590424d",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "customer": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Customer: name or id."
    },
    "date_from": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "date_to": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "min_amount": {
     "anyOf": [
      {
       "minimum": 0,
       "type": "number"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Only orders of at least this total."
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "query": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Order reference or customer reference."
    },
    "salesperson": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Salesperson: a user's name, id, or 'me' for the connected user."
    },
    "state": {
     "anyOf": [
      {
       "enum": [
        "draft",
        "sent",
        "sale",
        "cancel",
        "quotation",
        "order"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "draft, sent, sale (confirmed), cancel; or quotation (draft+sent) or order (confirmed). Default: all but cancelled."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.sales:register.<locals>.sale_summary": {
  "fingerprint": "81334a840911fdedfa97148d3cb88ab4084b1eb8",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "date_from": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "date_to": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "group_by": {
     "default": "month",
     "description": "Group the totals by month (default), customer or salesperson.",
     "enum": [
      "month",
      "customer",
      "salesperson"
     ],
     "type": "string"
    },
    "include_quotations": {
     "default": false,
     "description": "Also count open quotations (default: confirmed orders only).",
     "type": "boolean"
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.search:register.<locals>.resolve_name": {
  "fingerprint": "aaef3b652fc885735dad6eed85812161b42caf93",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "kind": {
     "anyOf": [
      {
       "enum": [
        "partner",
        "customer",
        "user",
        "person",
        "lead",
        "project",
        "task",
        "order",
        "product",
        "stage"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "What it names: partner, customer, user, person, lead, project, task, order, product or stage. Default: anything."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 8,
     "description": "Most candidates.",
     "maximum": 20,
     "minimum": 1,
     "type": "integer"
    },
    "text": {
     "description": "A name as said: 'Maria', 'the Acme deal'.",
     "maxLength": 200,
     "minLength": 1,
     "type": "string"
    }
   },
   "required": [
    "text"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.search:register.<locals>.search_records": {
  "fingerprint": "b11af654a94081e8d9e93cd4848c455ec7ef10e5",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 5,
     "description": "Most results per area.",
     "maximum": 20,
     "minimum": 1,
     "type": "integer"
    },
    "models": {
     "anyOf": [
      {
       "items": {
        "enum": [
         "partners",
         "leads",
         "tasks",
         "projects",
         "orders",
         "products"
        ],
        "type": "string"
       },
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Where to look (default everywhere): partners, leads, tasks, projects, orders, products."
    },
    "text": {
     "description": "What to look for.",
     "maxLength": 200,
     "minLength": 1,
     "type": "string"
    }
   },
   "required": [
    "text"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.task_writes:register.<locals>.task_assign": {
  "fingerprint": "85e401761d0493778bfa3e5002c507ae9a2a482f",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "add": {
     "default": false,
     "description": "Add to the current assignees instead of replacing them.",
     "type": "boolean"
    },
    "assignees": {
     "anyOf": [
      {
       "items": {
        "anyOf": [
         {
          "type": "integer"
         },
         {
          "maxLength": 200,
          "minLength": 1,
          "type": "string"
         }
        ]
       },
       "type": "array"
      },
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      }
     ],
     "description": "User(s) to assign: names, ids, or 'me'."
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "task_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "task_id",
    "assignees"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.task_writes:register.<locals>.task_create": {
  "fingerprint": "22bbc62871149d4fc240780a660a8b07de84d704",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "assignees": {
     "anyOf": [
      {
       "items": {
        "anyOf": [
         {
          "type": "integer"
         },
         {
          "maxLength": 200,
          "minLength": 1,
          "type": "string"
         }
        ]
       },
       "type": "array"
      },
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "User(s): names, ids or 'me'."
    },
    "deadline": {
     "anyOf": [
      {
       "maxLength": 40,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "A date: 2026-11-27, 27/11, 'today', 'tomorrow', a weekday..."
    },
    "description": {
     "anyOf": [
      {
       "maxLength": 5000,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "What the task is about."
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "name": {
     "description": "Task title.",
     "maxLength": 200,
     "minLength": 1,
     "type": "string"
    },
    "priority": {
     "default": "normal",
     "description": "high (starred) or normal.",
     "enum": [
      "high",
      "normal"
     ],
     "type": "string"
    },
    "project": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      }
     ],
     "description": "Project: name or id."
    },
    "tags": {
     "anyOf": [
      {
       "items": {
        "type": "string"
       },
       "type": "array"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Tag names; missing tags are created."
    }
   },
   "required": [
    "name",
    "project"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.task_writes:register.<locals>.task_set_deadline": {
  "fingerprint": "426c02be239692a724809add4c63c1a677c54754",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "deadline": {
     "description": "New deadline: 2026-11-27, 'friday', ...",
     "type": "string"
    },
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "task_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "task_id",
    "deadline"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.task_writes:register.<locals>.task_set_stage": {
  "fingerprint": "0a45a949a523b88a6ccaf4539da119bbbb2cad4d",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "idempotency_key": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Optional unique key for this write; retrying with the same key returns the first result instead of writing twice."
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "stage": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      }
     ],
     "description": "Stage name (of the task's project) or id."
    },
    "task_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "task_id",
    "stage"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.tasks:register.<locals>.task_get": {
  "fingerprint": "e64bcc9b609f0466d5e44c8761c401576068d311",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "task_id": {
     "description": "The record's id.",
     "minimum": 1,
     "type": "integer"
    }
   },
   "required": [
    "task_id"
   ],
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.tasks:register.<locals>.task_list": {
  "fingerprint": "d9bd73ae00e5abd40925c863770a4d45d1e6bb77",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "assignee": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Assigned user: name, id, or 'me'."
    },
    "deadline": {
     "anyOf": [
      {
       "enum": [
        "overdue",
        "today",
        "this_week",
        "next_week",
        "none"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "overdue, today, this_week, next_week or none (no deadline)."
    },
    "include_closed": {
     "default": false,
     "description": "Also list done and cancelled tasks.",
     "type": "boolean"
    },
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "priority": {
     "anyOf": [
      {
       "enum": [
        "high",
        "normal"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "high (starred) or normal."
    },
    "project": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Project: name or id."
    },
    "query": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Words in the task's title."
    },
    "stage": {
     "anyOf": [
      {
       "type": "integer"
      },
      {
       "maxLength": 200,
       "minLength": 1,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Task stage: name or id."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.users:register.<locals>.user_context": {
  "fingerprint": "3781d67abec6e1117beb00d9fc405adf70782dbe",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    }
   },
   "type": "object"
  }
 },
 "daniel.mcp_odoo.tools.users:register.<locals>.user_list": {
  "fingerprint": "59707a73b9c30fa77428fee72b72286a09c5a3c7",
  "schema": {
   "additionalProperties": false,
   "properties": {
    "lang": {
     "anyOf": [
      {
       "enum": [
        "es",
        "en"
       ],
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Language of the summary: 'es' or 'en' (default: the server's MCP_LANG)."
    },
    "limit": {
     "default": 20,
     "description": "Most records to return (1-100).",
     "maximum": 100,
     "minimum": 1,
     "type": "integer"
    },
    "offset": {
     "default": 0,
     "description": "Records to skip, to page through results.",
     "minimum": 0,
     "type": "integer"
    },
    "query": {
     "anyOf": [
      {
       "maxLength": 200,
       "type": "string"
      },
      {
       "type": "null"
      }
     ],
     "default": null,
     "description": "Words in the user's name or login."
    }
   },
   "type": "object"
  }
 }
}"""
)
