"""Contract tests of the HeyGen streaming avatar against the fake HeyGen API."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
import pytest

from daniel.metrics import REGISTRY
from daniel.server_avatar.services.base import AvatarSession, ProviderError
from daniel.server_avatar.services.heygen.avatar import HeyGenAvatar
from daniel.server_avatar.services.remote_sessions import OpenSessions
from fakes import FakeHeyGen

KEY = "heygen-test-key-0000"


def make_avatar(
    http: aiohttp.ClientSession, fake: FakeHeyGen, registry: OpenSessions, **options: Any
) -> HeyGenAvatar:
    settings: dict[str, Any] = {
        "api_key": KEY,
        "avatar_id": "Daniel_public",
        "voice_id": "voice-es-1",
        "base_url": fake.url,
        "timeout": 2.0,
        "registry": registry,
    }
    settings.update(options)
    return HeyGenAvatar(http=http, **settings)


@pytest.fixture
def registry() -> OpenSessions:
    return OpenSessions()


async def test_the_avatar_says_exactly_the_brains_sentences(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    avatar = make_avatar(http, heygen, registry)
    session = await avatar.start("es")
    assert registry.keys() == [f"heygen:{avatar.session_id}"]
    await avatar.speak("Tienes cuatro oportunidades abiertas.")
    await avatar.speak("La más grande es la flota de Talleres Ruiz.")
    await avatar.speak("   ")
    await avatar.interrupt()
    await avatar.keep_alive()
    await avatar.close()

    hg = next(iter(heygen.sessions.values()))
    assert session == AvatarSession(
        "heygen", f"wss://livekit.fake-heygen.test/{hg.session_id}", f"lk-token-{hg.session_id}"
    )
    assert KEY not in session.token
    assert heygen.names() == [
        "streaming.create_token",
        "streaming.new",
        "streaming.start",
        "streaming.task",
        "streaming.task",
        "streaming.interrupt",
        "streaming.keep_alive",
        "streaming.stop",
    ]
    assert [t["text"] for t in hg.tasks] == [
        "Tienes cuatro oportunidades abiertas.",
        "La más grande es la flota de Talleres Ruiz.",
    ]
    assert {t["task_type"] for t in hg.tasks} == {"repeat"}
    assert hg.request["version"] == "v2"
    assert hg.request["avatar_id"] == "Daniel_public"
    assert hg.request["language"] == "es"
    assert hg.request["quality"] == "medium"
    assert hg.request["activity_idle_timeout"] == 120
    assert hg.request["voice"] == {"voice_id": "voice-es-1"}
    assert (hg.interrupts, hg.keep_alives, hg.state) == (1, 1, "closed")
    # The API key authenticates the token and the stop; session calls use the token.
    by_name = {r.name: r for r in heygen.received}
    assert by_name["streaming.create_token"].headers["x-api-key"] == KEY
    assert by_name["streaming.task"].headers["Authorization"].startswith("Bearer ")
    assert "x-api-key" not in by_name["streaming.task"].headers
    assert by_name["streaming.stop"].headers["x-api-key"] == KEY
    assert registry.keys() == []


async def test_speaking_before_start_is_refused_without_a_request(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    with pytest.raises(ProviderError) as caught:
        await make_avatar(http, heygen, registry).speak("Hola")
    assert "no está iniciado" in caught.value.localized("es")
    assert heygen.received == []


async def test_a_session_closed_by_the_idle_timeout_reports_its_state(
    http: aiohttp.ClientSession, registry: OpenSessions
) -> None:
    async with FakeHeyGen(api_key=KEY, idle_scale=0.005) as heygen:  # 30 s → 0.15 s
        avatar = make_avatar(http, heygen, registry, activity_idle_timeout=30)
        await avatar.start("en")
        await asyncio.sleep(0.3)
        with pytest.raises(ProviderError) as caught:
            await avatar.speak("Hello")
        await avatar.close()
    assert "not active" in caught.value.message
    assert caught.value.retryable is False
    assert heygen.names()[-1] == "streaming.stop"
    assert registry.keys() == []


async def test_keep_alive_keeps_an_idle_session_open(
    http: aiohttp.ClientSession, registry: OpenSessions
) -> None:
    async with FakeHeyGen(api_key=KEY, idle_scale=0.005) as heygen:
        avatar = make_avatar(http, heygen, registry, activity_idle_timeout=30)
        await avatar.start("es")
        for _ in range(4):
            await asyncio.sleep(0.08)
            await avatar.keep_alive()
        await avatar.speak("Sigo aquí.")
        await avatar.close()
    assert heygen.spoken() == ["Sigo aquí."]


@pytest.mark.parametrize(
    ("status", "retryable", "words"),
    [
        (401, False, "HEYGEN_API_KEY"),
        (429, True, "unos segundos"),
        (500, True, "temporal"),
        (503, True, "temporal"),
    ],
)
async def test_failures_creating_the_session_are_clear(
    http: aiohttp.ClientSession,
    heygen: FakeHeyGen,
    registry: OpenSessions,
    caplog: pytest.LogCaptureFixture,
    status: int,
    retryable: bool,
    words: str,
) -> None:
    heygen.fail(status, endpoint="streaming.new")
    with caplog.at_level(logging.DEBUG), pytest.raises(ProviderError) as caught:
        await make_avatar(http, heygen, registry).start("es")
    assert caught.value.service == "heygen"
    assert caught.value.retryable is retryable
    assert words in caught.value.localized("es")
    assert KEY not in str(caught.value)
    assert KEY not in caplog.text
    assert heygen.open_sessions() == []
    assert registry.keys() == []


async def test_a_wrong_key_is_refused(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    with pytest.raises(ProviderError, match="HEYGEN_API_KEY") as caught:
        await make_avatar(http, heygen, registry, api_key="heygen-wrong-key").start("es")
    assert "heygen-wrong-key" not in str(caught.value)


async def test_an_unknown_avatar_names_the_setting(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    with pytest.raises(ProviderError, match="HEYGEN_AVATAR_ID") as caught:
        await make_avatar(http, heygen, registry, avatar_id="Nobody").start("es")
    assert caught.value.retryable is False


async def test_the_concurrency_limit_is_explained(
    http: aiohttp.ClientSession, registry: OpenSessions
) -> None:
    async with FakeHeyGen(api_key=KEY, max_sessions=1) as heygen:
        first = make_avatar(http, heygen, registry)
        await first.start("es")
        with pytest.raises(ProviderError) as caught:
            await make_avatar(http, heygen, registry).start("es")
        assert "simultáneas" in caught.value.localized("es")
        await first.close()
        assert heygen.open_sessions() == []


async def test_a_failed_start_stops_the_created_session(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    heygen.fail(500, endpoint="streaming.start")
    with pytest.raises(ProviderError):
        await make_avatar(http, heygen, registry).start("es")
    assert heygen.names()[-1] == "streaming.stop"
    assert heygen.open_sessions() == []
    assert registry.keys() == []


async def test_a_hanging_api_times_out(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    heygen.hang(endpoint="streaming.new")
    with pytest.raises(ProviderError) as caught:
        await make_avatar(http, heygen, registry, timeout=0.2).start("es")
    assert "a tiempo" in caught.value.localized("es")
    assert caught.value.retryable is True


async def test_a_failed_task_is_retryable_and_close_still_stops(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    avatar = make_avatar(http, heygen, registry)
    await avatar.start("es")
    heygen.fail(502, endpoint="streaming.task", times=1)
    with pytest.raises(ProviderError) as caught:
        await avatar.speak("Hola")
    await avatar.speak("Hola otra vez")
    await avatar.close()
    assert caught.value.retryable is True
    assert heygen.spoken() == ["Hola otra vez"]
    assert len(heygen.requests("streaming.task")) == 2
    assert heygen.open_sessions() == []


async def test_shutdown_stops_every_leftover_session(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    for _ in range(2):
        await make_avatar(http, heygen, registry).start("es")  # never closed
    assert len(heygen.open_sessions()) == 2
    assert await registry.stop_all() == 2
    assert heygen.open_sessions() == []
    assert await registry.stop_all() == 0


async def test_closing_twice_stops_once(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    avatar = make_avatar(http, heygen, registry)
    await avatar.start("es")
    await avatar.close()
    await avatar.close()
    assert heygen.names().count("streaming.stop") == 1


async def test_vendor_calls_are_measured(
    http: aiohttp.ClientSession, heygen: FakeHeyGen, registry: OpenSessions
) -> None:
    def sample(metric: str, **labels: str) -> float:
        labels = {"service": "heygen", "tenant": "default", **labels}
        return REGISTRY.get_sample_value(metric, labels) or 0.0

    calls = "daniel_external_call_duration_seconds_count"
    errors = "daniel_external_call_errors_total"
    calls_before = sample(calls, operation="streaming.new")
    errors_before = sample(errors, operation="streaming.task", kind="error")
    avatar = make_avatar(http, heygen, registry)
    await avatar.start("es")
    heygen.fail(500, endpoint="streaming.task", times=1)
    with pytest.raises(ProviderError):
        await avatar.speak("Hola")
    await avatar.close()
    assert sample(calls, operation="streaming.new") == calls_before + 1
    assert sample(errors, operation="streaming.task", kind="error") == errors_before + 1
