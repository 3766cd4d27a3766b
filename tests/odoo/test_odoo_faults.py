"""Every fault recorded from Odoo 18 maps to the right error, with a readable message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import odoo_corpus
from daniel.odoo import (
    OdooAccessError,
    OdooAuthenticationError,
    OdooError,
    OdooMissingError,
    OdooServerError,
    OdooUnknownFieldError,
    OdooUnknownModelError,
    OdooUserError,
    OdooValidationError,
)
from daniel.odoo.faults import (
    from_json2_error,
    from_json_error,
    from_xmlrpc_fault,
    summarize_traceback,
)

Auth, Access, Missing = OdooAuthenticationError, OdooAccessError, OdooMissingError
Server, User, Validation = OdooServerError, OdooUserError, OdooValidationError
UnknownField, UnknownModel = OdooUnknownFieldError, OdooUnknownModelError

#: (file, entry name) -> the error a caller must get. Code 1 faults that are programming
#: errors (bad arguments, marshalling) stay plain `OdooServerError`.
EXPECTED: dict[tuple[str, str], type[OdooError]] = {
    ("errors.json", "unknown model"): UnknownModel,
    ("errors.json", "unknown field in domain"): UnknownField,
    ("errors.json", "unknown field in dotted path"): UnknownField,
    ("errors.json", "unknown field in fields list"): UnknownField,
    ("errors.json", "invalid order spec"): User,
    ("errors.json", "invalid domain operator"): Server,
    ("errors.json", "malformed leaf (2 elements)"): Server,
    ("errors.json", "'|' with only one operand"): Server,
    ("errors.json", "domain passed as a string"): Server,
    ("errors.json", "id compared to non-numeric string"): Server,
    ("errors.json", "limit as string"): Server,
    ("errors.json", "unknown kwarg"): Server,
    ("errors.json", "private method _search"): Access,
    ("errors.json", "private method _read_group"): Access,
    ("errors.json", "read with missing ids argument"): Server,
    ("errors.json", "too many positional args"): Server,
    ("errors.json", "with_context (returns recordset)"): Server,
    ("errors.json", "sudo via RPC"): Server,
    ("errors.json", "nonexistent uid on execute_kw"): Missing,
    ("errors.json", "uid False (failed authenticate result) on execute_kw"): Auth,
    ("errors.json", "unknown database on execute_kw"): Server,
    ("errors.json", "unknown object-service method"): Server,
    ("errors.json", "execute_kw missing args list"): Server,
    ("errors.json", "restricted user: create project.project -> AccessError"): Access,
    ("errors.json", "restricted user: write other user -> AccessError"): Access,
    ("errors.json", "restricted user: read sale.order of another salesman"): Access,
    ("errors.json", "portal user: crm.lead -> AccessError"): Access,
    ("errors.json", "legacy /xmlrpc/object unknown model"): UnknownModel,
    ("errors.json", "legacy /xmlrpc/object unknown method"): Server,
    ("errors.json", "legacy /xmlrpc/object MissingError"): Missing,
    ("errors.json", "legacy /xmlrpc/object AccessError"): Access,
    ("common.json", "authenticate unknown database"): Server,
    ("common.json", "authenticate with only 3 params"): Server,
    ("common.json", "unknown common method"): Server,
    ("common.json", "version with extra args"): Server,
    ("common.json", "unknown service"): Server,
    ("crud.json", "search count=True (removed in 17+)"): Server,
    ("crud.json", "name_search with domain= (wrong kwarg name in 18)"): Server,
    ("crud.json", "write invalid selection value"): Validation,
    ("crud.json", "write many2one to nonexistent id (FK violation)"): Missing,
    ("crud.json", "write nonexistent id"): Missing,
    ("crud.json", "write recursive parent (constraint)"): User,
    ("crud.json", "create partner name False"): Validation,
    ("crud.json", "action_archive"): Server,
    ("crud.json", "action_unarchive"): Server,
    ("crud.json", "unlink already-deleted id"): Missing,
    ("crud.json", "unlink nonexistent id"): Missing,
    ("crud.json", "write task invalid selection state"): Validation,
    ("crud.json", "create task missing required name"): Validation,
    ("wire_xmlrpc.json", "raw fault code 2 (UserError)"): UnknownModel,
    ("wire_xmlrpc.json", "raw fault code 4 (AccessError)"): Access,
    ("wire_xmlrpc.json", "raw fault code 3 (AccessDenied)"): Auth,
    ("wire_xmlrpc.json", "raw fault code 1 (traceback)"): Server,
    ("wire_xmlrpc.json", "raw legacy endpoint AccessDenied (string faultCode)"): Auth,
    ("wire_xmlrpc.json", "raw method returning None (action_unarchive) -> marshalling fault"): (
        Server
    ),
    ("jsonrpc.json", "jsonrpc unknown model"): UnknownModel,
    ("jsonrpc.json", "jsonrpc unknown method"): Server,
    ("jsonrpc.json", "jsonrpc private method"): Access,
    ("jsonrpc.json", "jsonrpc unknown field in domain"): UnknownField,
    ("jsonrpc.json", "jsonrpc create missing required field"): Validation,
    ("jsonrpc.json", "jsonrpc invalid selection value"): Validation,
    ("jsonrpc.json", "jsonrpc AccessError (restricted user)"): Access,
    ("jsonrpc.json", "jsonrpc wrong password (AccessDenied)"): Auth,
    ("jsonrpc.json", "jsonrpc unknown common method"): Server,
    ("jsonrpc.json", "jsonrpc unknown service"): Server,
    ("jsonrpc.json", "jsonrpc execute_kw missing args"): Server,
}


def _fault_entries() -> list[tuple[str, dict[str, Any]]]:
    """Every recorded fault (XML-RPC fault or JSON-RPC error envelope), for parametrize."""
    found: list[tuple[str, dict[str, Any]]] = []
    for name in ("errors.json", "common.json", "crud.json", "wire_xmlrpc.json", "jsonrpc.json"):
        for entry in odoo_corpus.load(name):
            response = entry.get("raw_response")
            if "fault" in entry or (isinstance(response, dict) and "error" in response):
                found.append((name, entry))
    return found


def _error_for(entry: dict[str, Any]) -> OdooError:
    response = entry.get("raw_response")
    if isinstance(response, dict) and "error" in response:
        return from_json_error(response["error"])
    if "fault" in entry:
        fault = entry["fault"]
        text = fault["faultString"]
        if fault.get("faultString_tail"):  # long tracebacks were recorded as head + tail
            text += "\n...\n" + fault["faultString_tail"]
        return from_xmlrpc_fault(fault["faultCode"], text)
    raise AssertionError(f"not a fault: {entry['name']}")


def _assert_readable(exc: OdooError) -> None:
    text = str(exc)
    assert text == exc.message
    assert text.strip()
    assert "Traceback" not in text
    assert 'File "' not in text
    assert "\n  " not in text  # no indented source lines


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("file", "entry"),
    odoo_corpus.cases(_fault_entries(), arity=2),
    ids=lambda v: v if isinstance(v, str) else v["name"],
)
def test_recorded_fault_maps_to_typed_error(corpus: Path, file: str, entry: dict[str, Any]) -> None:
    exc = _error_for(entry)
    expected = EXPECTED[(file, entry["name"])]
    assert type(exc) is expected
    _assert_readable(exc)


@pytest.mark.corpus
def test_every_recorded_fault_is_covered(corpus: Path) -> None:
    recorded = {(file, entry["name"]) for file, entry in _fault_entries()}
    assert recorded == set(EXPECTED)


@pytest.mark.corpus
def test_traceback_faults_keep_the_traceback_in_debug_only(corpus: Path) -> None:
    tracebacks = [
        entry
        for file, entry in _fault_entries()
        if file != "jsonrpc.json" and entry["fault"]["faultCode"] == 1
    ]
    assert len(tracebacks) > 20
    for entry in tracebacks:
        exc = _error_for(entry)
        assert (exc.debug or "").startswith("Traceback")
        assert exc.code == 1
        # the message is (part of) the exception line, without its "Class: " prefix
        exception_line = entry["fault"]["fault_exception"]
        assert exc.message in exception_line
        assert not exception_line.startswith(exc.message)


@pytest.mark.corpus
def test_json_errors_keep_odoo_class_name_and_debug(corpus: Path) -> None:
    envelopes = [entry for file, entry in _fault_entries() if file == "jsonrpc.json"]
    assert envelopes
    for entry in envelopes:
        data = entry["raw_response"]["error"]["data"]
        exc = _error_for(entry)
        assert isinstance(exc, OdooServerError)
        assert exc.exception_name == data["name"]
        assert exc.debug == data["debug"]
        assert exc.message == data["message"].strip()


def test_messages_of_code_one_faults_drop_the_class_prefix() -> None:
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "<odoo>/odoo/models.py", line 4135, in _determine_fields_to_fetch\n'
        '    raise ValueError(f"Invalid field {field_name!r} on model {self._name!r}")\n'
        "ValueError: Invalid field 'x' on model 'res.partner'\n"
    )
    exc = from_xmlrpc_fault(1, traceback)
    assert isinstance(exc, OdooUnknownFieldError)
    assert exc.message == "Invalid field 'x' on model 'res.partner'"
    assert exc.exception_name == "builtins.ValueError"


def test_database_errors_keep_only_their_first_line() -> None:
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "<odoo>/odoo/sql_db.py", line 354, in execute\n'
        "    res = self._obj.execute(query, params)\n"
        'psycopg2.errors.InvalidTextRepresentation: invalid input syntax for type integer: "a"\n'
        "LINE 1: ...\n"
        "            ^\n"
    )
    assert summarize_traceback(traceback) == (
        "psycopg2.errors.InvalidTextRepresentation",
        'invalid input syntax for type integer: "a"',
    )


def test_chained_tracebacks_report_the_last_exception() -> None:
    traceback = (
        "Traceback (most recent call last):\n"
        '  File "a.py", line 1, in f\n'
        "    x()\n"
        "KeyError: 'y'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n"
        '  File "b.py", line 2, in g\n'
        "    z()\n"
        "TypeError: cannot marshal None unless allow_none is enabled\n"
    )
    assert summarize_traceback(traceback) == (
        "TypeError",
        "cannot marshal None unless allow_none is enabled",
    )


def test_plain_text_is_its_own_message() -> None:
    assert summarize_traceback("  Access Denied \n") == (None, "Access Denied")


def test_json2_errors_use_the_body_then_the_status() -> None:
    body = {
        "name": "werkzeug.exceptions.Unauthorized",
        "message": "Invalid apikey",
        "arguments": ["Invalid apikey", 401],
        "context": {},
        "debug": "Traceback (most recent call last):\n...",
    }
    exc = from_json2_error(401, body)
    assert isinstance(exc, OdooAuthenticationError)
    assert exc.message == "Invalid apikey"
    assert exc.code == 401
    missing_model = from_json2_error(404, "the model 'no.such' does not exist")
    assert isinstance(missing_model, OdooUnknownModelError)
    assert isinstance(from_json2_error(403, "forbidden"), OdooAccessError)
    assert isinstance(from_json2_error(422, "bad arguments"), OdooUserError)
    assert type(from_json2_error(500, "internal server error")) is OdooServerError


def test_long_messages_are_shortened() -> None:
    exc = from_xmlrpc_fault(2, "x" * 5000)
    assert len(exc.message) <= 1000
    assert exc.message.endswith("…")
