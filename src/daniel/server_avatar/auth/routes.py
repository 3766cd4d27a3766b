"""Login routes and the access middleware.

- `GET /login`: the login page (`daniel/web/login.html`); `GET /auth/options` tells it the
  tenants to choose from and, against the sandbox, its demo accounts.
- `POST /auth/login` with JSON `{"login", "password", "tenant"?, "lang"?}`: 200 with the
  person and a session cookie (HttpOnly, SameSite=Strict, Secure behind HTTPS); 401 with
  one message whatever was wrong (nothing says whether the account exists); 429 with
  `Retry-After` past the throttle; 503 when Odoo cannot be asked.
- `POST /auth/logout`: ends the login, its conversations and its Odoo connection.
- `GET /auth/me`: the logged-in person (401 otherwise).
- The middleware answers 421 to any request whose Host is not allowed (but `/health` and
  `/metrics`, which Kubernetes probes and Prometheus reach by pod address and which hold
  no personal data), and sends a browser asking for the app without a login to `/login`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

import daniel
from daniel import metrics
from daniel.server_avatar.app_state import STATE
from daniel.server_avatar.auth.access import COOKIE, Access
from daniel.server_avatar.auth.guard import host_allowed, origin_allowed
from daniel.server_avatar.auth.odoo_check import OdooUnavailable, check_login
from daniel.server_avatar.auth.tenants import Tenant
from daniel.server_avatar.handlers.replies import error, request_lang, say
from daniel.server_avatar.shared_state import SharedStateDown

log = logging.getLogger("daniel.server_avatar.auth")

LOGIN_PAGE = daniel.__file__.rsplit("/", 1)[0] + "/web/login.html"
_APP_PAGES = frozenset({"/", "/index.html"})
#: Probes and scrapers name the pod by its address; these carry no personal data.
MONITORING = frozenset({"/health", "/metrics"})
_MAX_FIELD = 500

_TEXTS = {
    "bad_credentials": {
        "es": "Usuario o contraseña incorrectos.",
        "en": "Wrong login or password.",
    },
    "throttled": {
        "es": "Demasiados intentos. Espera {seconds} s y vuelve a intentarlo.",
        "en": "Too many attempts. Wait {seconds} s and try again.",
    },
    "odoo_down": {
        "es": "No se puede comprobar el acceso: Odoo no responde. Inténtalo en un momento.",
        "en": "Cannot check your login: Odoo is not answering. Please try again shortly.",
    },
    "bad_request": {
        "es": "Escribe tu usuario y tu contraseña (o clave API).",
        "en": "Enter your login and your password (or API key).",
    },
    "choose_tenant": {
        "es": "Elige tu empresa.",
        "en": "Choose your company.",
    },
    "not_logged_in": {
        "es": "No has iniciado sesión, o tu sesión ha caducado.",
        "en": "You are not logged in, or your session has expired.",
    },
    "company": {
        "es": "No tienes acceso a esa empresa.",
        "en": "You have no access to that company.",
    },
    "store_down": {
        "es": "No se puede iniciar sesión ahora: el almacén compartido de sesiones (Redis) "
        "no responde. Inténtalo en un momento.",
        "en": "Cannot log in right now: the shared session store (Redis) is not answering. "
        "Please try again shortly.",
    },
    "origin": {
        "es": "Petición de otro sitio web rechazada.",
        "en": "Request from another web site refused.",
    },
}


_lang = request_lang


def _say(key: str, lang: str, /, **values: Any) -> str:
    return say(_TEXTS, key, lang, **values)


def _error(status: int, key: str, lang: str, /, **values: Any) -> web.Response:
    return error(_TEXTS, status, key, lang, **values)


def access_of(request: web.Request) -> Access:
    access = request.app[STATE].access
    assert access is not None  # set at start-up, before any request
    return access


def client_address(request: web.Request) -> str:
    return request.remote or "?"


# --------------------------------------------------------------------------- middleware
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def access_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app.get(STATE)
    access: Access | None = state.access if state is not None else None
    if access is None:
        return await handler(request)
    if request.path not in MONITORING and not host_allowed(request.host, access.allowed):
        log.warning("refused a request for host %r (not in SERVER_ALLOWED_HOSTS)", request.host)
        metrics.session_rejected("host")
        return web.Response(
            status=421, text="Misdirected request: this server does not answer to that host."
        )
    if access.required and request.path in _APP_PAGES and await access.login_of(request) is None:
        raise web.HTTPFound("/login")
    return await handler(request)


# --------------------------------------------------------------------------- handlers
async def login_page(request: web.Request) -> web.StreamResponse:
    access = access_of(request)
    if not access.required or await access.login_of(request) is not None:
        raise web.HTTPFound("/")  # nothing to log in to, or already logged in
    return web.FileResponse(LOGIN_PAGE, headers={"Content-Type": "text/html; charset=utf-8"})


async def options(request: web.Request) -> web.Response:
    access = access_of(request)
    tenant = access.tenant_of(request)
    choices = (
        []
        if tenant is not None
        else [{"name": t.name, "label": t.label} for t in access.tenants.values()]
    )
    demo: list[dict[str, Any]] = []
    if access.required:
        shown = [tenant] if tenant is not None else list(access.tenants.values())[:1]
        for one in shown:
            demo = await access.demo_accounts(one)
    return web.json_response(
        {"auth": access.settings.auth, "tenants": choices, "demo_accounts": demo}
    )


async def login(request: web.Request) -> web.Response:
    access = access_of(request)
    lang = _lang(request)
    if not origin_allowed(
        request.headers.get("Origin"), access.allowed, access.settings.server_allowed_origins
    ):
        return _error(403, "origin", lang)
    try:
        body = await request.json() if request.content_type == "application/json" else None
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _error(400, "bad_request", lang)
    lang = _lang(request, body.get("lang"))
    user, secret = body.get("login"), body.get("password")
    if (
        not isinstance(user, str)
        or not isinstance(secret, str)
        or not user.strip()
        or not secret
        or len(user) > _MAX_FIELD
        or len(secret) > _MAX_FIELD
    ):
        return _error(400, "bad_request", lang)
    user = user.strip()
    tenant = _chosen_tenant(access, request, body.get("tenant"))
    if tenant is None:
        return _error(400, "choose_tenant", lang)
    address = client_address(request)
    account = f"{tenant.name}|{user.lower()}"
    try:
        wait = max(
            await access.by_address.retry_after(address),
            await access.by_account.retry_after(account),
        )
    except SharedStateDown:
        log.error("login refused: the shared session store (Redis) is unavailable")
        return _error(503, "store_down", lang)
    if wait:
        log.warning("login throttled (address or account over the limit)")
        response = _error(429, "throttled", lang, seconds=wait)
        response.headers["Retry-After"] = str(wait)
        return response
    try:
        person = await check_login(tenant.connection, user, secret)
    except OdooUnavailable as exc:
        log.warning("login not checked: Odoo of tenant %s unavailable (%s)", tenant.name, exc)
        return _error(503, "odoo_down", lang)
    if person is None:
        with contextlib.suppress(SharedStateDown):
            await access.by_account.note(account)
            await access.by_address.note(address)
        log.info("login refused for an account of tenant %s", tenant.name)
        await asyncio.sleep(0.2)  # a little cost per wrong guess
        return _error(401, "bad_credentials", lang)
    with contextlib.suppress(SharedStateDown):
        await access.by_account.clear(account)
    company = person.company
    if body.get("company") is not None:
        company = _allowed_company(person.companies, body.get("company"))
        if company is None:
            return _error(400, "company", lang)
    try:
        record = await access.logins.create(
            tenant=tenant.name,
            login=person.login,
            uid=person.uid,
            name=person.name,
            secret=secret,
            companies=person.companies,
            company=company,
        )
    except SharedStateDown:
        log.error("login refused: the shared session store (Redis) is unavailable")
        return _error(503, "store_down", lang)
    log.info("%s logged in (tenant %s, uid %d)", person.login, tenant.name, person.uid)
    response = web.json_response({"user": record.public()})
    response.set_cookie(
        COOKIE,
        record.sid,
        max_age=int(access.logins.lifetime),
        path="/",
        httponly=True,
        samesite="Strict",
        secure=_is_https(request),
    )
    return response


async def logout(request: web.Request) -> web.Response:
    access = access_of(request)
    if not origin_allowed(
        request.headers.get("Origin"), access.allowed, access.settings.server_allowed_origins
    ):
        return _error(403, "origin", _lang(request))
    record = await access.login_of(request)
    if record is not None:
        await access.logins.log_out(record.sid)
        await request.app[STATE].store.drop_owner(access.owner_of(record))
        log.info("%s logged out", record.login)
    response = web.json_response({"ok": True})
    response.del_cookie(COOKIE, path="/")
    return response


async def switch_company(request: web.Request) -> web.Response:
    """`POST /auth/company {"company": id}`: work within another allowed company."""
    access = access_of(request)
    lang = _lang(request)
    if not origin_allowed(
        request.headers.get("Origin"), access.allowed, access.settings.server_allowed_origins
    ):
        return _error(403, "origin", lang)
    record = await access.login_of(request)
    if record is None:
        return _error(401, "not_logged_in", lang)
    try:
        body = await request.json() if request.content_type == "application/json" else None
    except ValueError:
        body = None
    company = _allowed_company(record.companies, (body or {}).get("company"))
    if company is None:
        return _error(400, "company", lang)
    record.company = company
    with contextlib.suppress(SharedStateDown):
        await access.logins.save(record)
    log.info("%s now works in company %s", record.login, company["id"])
    return web.json_response({"user": record.public()})


def _allowed_company(companies: list[dict[str, Any]], wanted: Any) -> dict[str, Any] | None:
    if isinstance(wanted, bool) or not isinstance(wanted, int):
        return None
    return next((c for c in companies if c["id"] == wanted), None)


async def me(request: web.Request) -> web.Response:
    access = access_of(request)
    record = await access.login_of(request)
    if record is None:
        if not access.required:
            return web.json_response({"user": None, "auth": "none"})
        return _error(401, "not_logged_in", _lang(request))
    return web.json_response({"user": record.public(), "auth": "odoo"})


def _chosen_tenant(access: Access, request: web.Request, given: Any) -> Tenant | None:
    by_host = access.tenant_of(request)
    if by_host is not None:
        return by_host
    return access.tenants.get(given) if isinstance(given, str) else None


def _is_https(request: web.Request) -> bool:
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return request.secure or forwarded == "https"


def add_auth_routes(app: web.Application) -> None:
    app.router.add_get("/login", login_page)
    app.router.add_get("/auth/options", options)
    app.router.add_post("/auth/login", login)
    app.router.add_post("/auth/logout", logout)
    app.router.add_get("/auth/me", me)
    app.router.add_post("/auth/company", switch_company)
