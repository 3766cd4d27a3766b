"""Odoo's RPC services (`common`, `db`, `object`) and `call_kw`, transport-independent.

`dispatch` runs in the database thread; XML-RPC, JSON-RPC and JSON-2 only differ in how
they decode requests and shape results and faults. Service functions keep Odoo's names and
signatures (`exp_authenticate`, `execute_kw`...) so argument errors read like Odoo's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from daniel.sandbox.exceptions import (
    OperationalError,
    UserError,
    private_method_error,
    unknown_method_error,
)
from daniel.sandbox.orm.env import INSTALLED_LANGS, check_context
from daniel.sandbox.orm.model import BaseModel, RecordIds

if TYPE_CHECKING:
    from daniel.sandbox.database import Database

# The version the sandbox reports. It implements the JSON-2 API, which appeared in 19.0.
SERVER_VERSION_INFO: tuple[int, int, int, str, int, str] = (19, 0, 0, "final", 0, "")
SERVER_SERIE = "19.0"
SERVER_VERSION = "19.0"
PROTOCOL_VERSION = 1


def version_info() -> dict[str, Any]:
    return {
        "server_version": SERVER_VERSION,
        "server_version_info": list(SERVER_VERSION_INFO),
        "server_serie": SERVER_SERIE,
        "protocol_version": PROTOCOL_VERSION,
    }


def check_database(sandbox: Database, name: Any) -> None:
    from daniel.sandbox.database import DB_NAME

    if name != DB_NAME:
        raise OperationalError(
            'connection to server on socket "/var/run/postgresql/.s.PGSQL.5432" failed: '
            f'FATAL:  database "{name}" does not exist'
        )


# --- common -----------------------------------------------------------------------------
def exp_version(*, sandbox: Database) -> dict[str, Any]:
    return version_info()


def exp_about(extended: bool = False, *, sandbox: Database) -> Any:
    info = "See http://openerp.com"
    return [info, SERVER_VERSION] if extended else info


def exp_authenticate(
    db: Any, login: Any, password: Any, user_agent_env: Any, *, sandbox: Database
) -> int | bool:
    check_database(sandbox, db)
    return sandbox.authenticate(login, password)


def exp_login(db: Any, login: Any, password: Any, *, sandbox: Database) -> int | bool:
    return exp_authenticate(db, login, password, None, sandbox=sandbox)


# --- db ---------------------------------------------------------------------------------
def exp_list(*, sandbox: Database) -> list[str]:
    from daniel.sandbox.database import DB_NAME

    return [DB_NAME]


def exp_server_version(*, sandbox: Database) -> str:
    return SERVER_VERSION


def exp_db_exist(db_name: Any, *, sandbox: Database) -> bool:
    from daniel.sandbox.database import DB_NAME

    return bool(db_name == DB_NAME)


def exp_list_lang(*, sandbox: Database) -> list[list[str]]:
    return [[code, name] for code, name in INSTALLED_LANGS.items()]


# --- object -----------------------------------------------------------------------------
def execute_kw(
    db: Any, uid: int, obj: Any, method: Any, args: Any, kw: Any = None, *, sandbox: Database
) -> Any:
    return execute_cr(sandbox, uid, obj, method, args, kw or {})


def execute(db: Any, uid: int, obj: Any, method: Any, *args: Any, sandbox: Database) -> Any:
    return execute_cr(sandbox, uid, obj, method, args, {})


def execute_cr(sandbox: Database, uid: int, obj: Any, method: Any, args: Any, kw: Any) -> Any:
    if not isinstance(method, str):
        raise TypeError(f"method name must be a string, not {type(method).__name__}")
    if method.startswith("_"):
        raise private_method_error(method)
    if not isinstance(obj, str) or obj not in sandbox.registry:
        raise UserError(f"Object {obj} doesn't exist")
    if not isinstance(kw, dict):
        raise TypeError(f"keyword arguments must be a dictionary, not {type(kw).__name__}")
    if not isinstance(args, (list, tuple)):
        raise TypeError(f"positional arguments must be a list, not {type(args).__name__}")
    model = sandbox.env(uid)[obj]
    return sandbox.transaction(lambda: call_kw(model, method, tuple(args), dict(kw)))


def call_kw(model: BaseModel, name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Odoo's `api.call_kw`: model methods get all arguments, record methods ids first."""
    cls = type(model)
    if not cls.has_rpc_method(name):
        raise unknown_method_error(model._name, name)
    context = check_context(kwargs.pop("context", None))
    env = model.env.with_context(**context)
    method = getattr(cls, name)
    if getattr(method, "_api_model", False):
        result = method(cls(env, ()), *args, **kwargs)
    else:
        ids, rest = args[0], args[1:]
        records = cls(env, ()).browse(ids)
        result = method(records, *rest, **kwargs)
    if isinstance(result, RecordIds):
        return (result[0] if result else False) if result.single else list(result)
    return result


def call_json2(
    sandbox: Database, uid: int, model_name: str, name: str, ids: Any, context: Any, kwargs: Any
) -> Any:
    """The JSON-2 call: named arguments only, recordset results become lists of ids."""
    from daniel.sandbox.exceptions import HttpError

    if model_name not in sandbox.registry:
        raise HttpError(404, f"the model {model_name!r} does not exist")
    if name.startswith("_"):
        raise private_method_error(name)
    cls = sandbox.registry[model_name]
    if not cls.has_rpc_method(name):
        raise HttpError(404, str(unknown_method_error(model_name, name)))
    method = getattr(cls, name)
    env = sandbox.env(uid).with_context(**check_context(context))
    if getattr(method, "_api_model", False) and ids:
        raise HttpError(422, f"cannot call {model_name}.{name} with ids")
    records = cls(env, ()).browse(ids or [])
    try:
        inspect.signature(method).bind(records, **kwargs)
    except TypeError as exc:
        raise HttpError(422, str(exc.args[0])) from None
    result = sandbox.transaction(lambda: method(records, **kwargs))
    return list(result) if isinstance(result, RecordIds) else result


# --- dispatch ---------------------------------------------------------------------------
COMMON: dict[str, Callable[..., Any]] = {
    "version": exp_version,
    "about": exp_about,
    "authenticate": exp_authenticate,
    "login": exp_login,
}
DB: dict[str, Callable[..., Any]] = {
    "list": exp_list,
    "server_version": exp_server_version,
    "db_exist": exp_db_exist,
    "list_lang": exp_list_lang,
}


def dispatch(sandbox: Database, service: Any, method: Any, params: Any) -> Any:
    """Odoo's `dispatch_rpc` (runs in the database thread)."""
    if not isinstance(params, (list, tuple)):
        raise TypeError(f"params must be a list, not {type(params).__name__}")
    if service == "common":
        func = COMMON.get(method)
        if func is None:
            raise Exception(f"Method not found: {method}")
        return func(*params, sandbox=sandbox)
    if service == "db":
        func = DB.get(method)
        if func is None:
            raise Exception(f"Method not found: {method}")
        return func(*params, sandbox=sandbox)
    if service == "object":
        db_name, uid, password = params[0], params[1], params[2]
        check_database(sandbox, db_name)
        uid = sandbox.check_uid(uid, password)
        if method == "execute":
            return execute(db_name, uid, *params[3:], sandbox=sandbox)
        if method == "execute_kw":
            return execute_kw(db_name, uid, *params[3:], sandbox=sandbox)
        raise NameError(f"Method not available {method}")
    raise KeyError(service)
