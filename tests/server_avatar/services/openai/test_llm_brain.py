"""`BRAIN=llm` against an in-process OpenAI-compatible server (SSE streaming, tool calls),
with the real MCP tools on the sandbox, through the real WebSocket."""

from __future__ import annotations

import json
import random
import string
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.odoo import OdooClient
from daniel.server_avatar.config import ServerTuning
from fakes import FakeOpenAI


@pytest.fixture
async def llm(aiohttp_server: Any) -> tuple[FakeOpenAI, str]:
    fake = FakeOpenAI()
    server: TestServer = await aiohttp_server(fake.app)
    return fake, str(server.make_url("/v1"))


def _settings(avatar_settings: SettingsFactory, base_url: str, **changes: Any) -> Any:
    values: dict[str, Any] = {"llm_model": "fake-model", "llm_api_key": "sk-test", **changes}
    return avatar_settings(brain="llm", llm_base_url=base_url, **values)


async def test_a_question_runs_the_mcp_tool_the_model_asks_for(
    aiohttp_client: Any, avatar_settings: SettingsFactory, llm: tuple[FakeOpenAI, str]
) -> None:
    fake, url = llm
    client = await aiohttp_client(make_app(_settings(avatar_settings, url)))
    talk = await open_conversation(client, lang="es")
    assert talk.ready["providers"]["brain"] == "llm"
    turn = await talk.ask("¿Cómo va el pipeline?")
    summary = turn.tool("crm_pipeline_summary")["summary"]
    assert summary.startswith("Pipeline:")
    assert turn.text == f"Según Odoo: {summary} ¿Algo más?"
    deltas = "".join(m["text"] for m in turn.of("agent.delta"))
    assert deltas.strip() == turn.text
    assert len(turn.of("agent.delta")) > 5, "the answer streams word by word"
    assert turn.of("speech.segment")

    first, second = fake.requests[-2:]
    assert first["model"] == "fake-model"
    assert first["messages"][0]["role"] == "system"
    assert "Daniel" in first["messages"][0]["content"]
    offered = {t["function"]["name"]: t["function"] for t in first["tools"]}
    assert "crm_pipeline_summary" in offered
    assert "task_create" in offered
    assert "confirm_action" not in offered
    assert "cancel_action" not in offered
    lead_params = offered["crm_list_leads"]["parameters"]
    assert lead_params["type"] == "object"
    assert "query" in lead_params["properties"]
    call = second["messages"][-2]["tool_calls"][0]
    assert call["function"]["name"] == "crm_pipeline_summary"
    assert json.loads(call["function"]["arguments"]) == {}
    assert json.loads(second["messages"][-1]["content"])["summary"] == summary


async def test_a_write_needs_the_users_yes_and_the_token_never_reaches_the_model(
    aiohttp_client: Any,
    avatar_settings: SettingsFactory,
    llm: tuple[FakeOpenAI, str],
    sandbox: Any,
) -> None:
    fake, url = llm
    client = await aiohttp_client(make_app(_settings(avatar_settings, url)))
    talk = await open_conversation(client, lang="es")
    name = "Flota LLM " + "".join(random.choices(string.ascii_uppercase, k=6))
    preview = await talk.ask(f"crea la oportunidad {name}")
    request = preview.one("confirm.request")
    assert request["tool"] == "crm_create_lead"
    assert preview.text.startswith("Voy a hacer esto: Crear la oportunidad")
    assert "confirmation_token" not in json.dumps(fake.requests)
    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 0
        done = await talk.ask("sí")
        assert done.one("confirm.result")["status"] == "done"
        assert await odoo.search_count("crm.lead", [["name", "=", name]]) == 1
    assert len(fake.requests) == 2, "the yes is handled without asking the model"


#: What the user reads when the endpoint fails: the cause and what to check, per language.
FALLBACK_NOTICES: dict[str, dict[str, str]] = {
    "401": {
        "es": "rechazó la clave de API (HTTP 401): revisa LLM_API_KEY",
        "en": "refused the API key (HTTP 401): check LLM_API_KEY",
    },
    "403": {
        "es": "rechazó la clave de API (HTTP 403): revisa LLM_API_KEY",
        "en": "refused the API key (HTTP 403): check LLM_API_KEY",
    },
    "404": {
        "es": "no se encontró el modelo o la URL (HTTP 404): revisa LLM_MODEL y LLM_BASE_URL",
        "en": "the model or URL was not found (HTTP 404): check LLM_MODEL and LLM_BASE_URL",
    },
    "429": {
        "es": "limita las peticiones (HTTP 429); inténtalo más tarde",
        "en": "is rate limiting (HTTP 429); try again later",
    },
    "500": {
        "es": "tiene un problema (HTTP 500); inténtalo más tarde",
        "en": "has a problem (HTTP 500); try again later",
    },
    "timeout": {
        "es": "no respondió a tiempo",
        "en": "did not answer in time",
    },
    "unreachable": {
        "es": "no se puede conectar con LLM_BASE_URL (http://127.0.0.1:9/v1)",
        "en": "cannot reach LLM_BASE_URL (http://127.0.0.1:9/v1)",
    },
}
LOCAL_BRAIN = {"es": "respondo con el cerebro local", "en": "the local brain answers"}
FAILURE_CASES = [(f, "es") for f in FALLBACK_NOTICES] + [("401", "en"), ("unreachable", "en")]


@pytest.mark.parametrize(("failure", "lang"), FAILURE_CASES)
async def test_when_the_endpoint_fails_the_local_brain_answers_the_same_turn(
    aiohttp_client: Any,
    avatar_settings: SettingsFactory,
    llm: tuple[FakeOpenAI, str],
    failure: str,
    lang: str,
) -> None:
    fake, url = llm
    key = "sk-secret-1234567890"
    if failure == "timeout":
        fake.hang(3.0)
    elif failure == "unreachable":
        url = "http://daniel:sk-secret-1234567890@127.0.0.1:9/v1?key=sk-secret-1234567890"
    else:  # a vendor that echoes the key back must not leak it to the user
        fake.fail(int(failure), message=f"Incorrect API key provided: {key}")
    app = make_app(
        _settings(avatar_settings, url, llm_api_key=key),
        tuning=ServerTuning(llm_timeout=0.5),
        probe_providers=False,
    )
    client = await aiohttp_client(app)
    talk = await open_conversation(client, lang=lang)
    question = "¿Cómo va el pipeline?" if lang == "es" else "How is the pipeline going?"
    turn = await talk.ask(question)
    notice = turn.one("notice")["message"]
    assert FALLBACK_NOTICES[failure][lang] in notice
    assert LOCAL_BRAIN[lang] in notice
    assert "sk-secret" not in notice
    assert "sk-secret" not in json.dumps(turn.messages)
    assert turn.shown("summary")["records"], "the local brain answered"
    assert ("oportunidades" if lang == "es" else "opportunities") in turn.text
    if failure == "500":  # the endpoint is back: the model answers again, without a notice
        again = await talk.ask("hola")
        assert again.text.startswith("Hola, soy el modelo de pruebas")
        assert not again.of("notice")


async def test_the_tool_loop_is_bounded(
    aiohttp_client: Any, avatar_settings: SettingsFactory, llm: tuple[FakeOpenAI, str]
) -> None:
    fake, url = llm
    settings = _settings(avatar_settings, url, llm_max_tool_calls=2)
    client = await aiohttp_client(make_app(settings, probe_providers=False))
    talk = await open_conversation(client, lang="es")
    turn = await talk.ask("entra en bucle")
    assert len([m for m in turn.of("tool") if m["status"] == "done"]) == 2
    assert turn.text == "He parado de consultar herramientas."
    assert [bool(r.get("tools")) for r in fake.requests] == [True, True, False]


async def test_unreachable_llm_is_reported_degraded_in_health(
    aiohttp_client: Any, avatar_settings: SettingsFactory
) -> None:
    settings = _settings(avatar_settings, "http://127.0.0.1:9/v1")
    client = await aiohttp_client(make_app(settings))
    body = await (await client.get("/health")).json()
    assert body["status"] == "degraded"
    assert body["checks"]["brain"]["state"] == "degraded"
    assert "local brain" in body["checks"]["brain"]["detail"]
