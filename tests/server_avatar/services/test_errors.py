"""One retry rule for every vendor client, against the in-process protocol fakes: a 429
can be retried (and the retry works), a 401 cannot, a timeout can. Errors carry kind and
status, not a sentence; the user reads the sentence in their own language."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from avatar_client import SettingsFactory, make_app, open_conversation

from daniel.server_avatar.services.base import ProviderError
from daniel.server_avatar.services.elevenlabs.stt import ElevenLabsSTT
from daniel.server_avatar.services.elevenlabs.tts import ElevenLabsTTS
from daniel.server_avatar.services.heygen.avatar import HeyGenAvatar
from daniel.server_avatar.services.liveavatar.avatar import LiveAvatarAvatar
from daniel.server_avatar.services.none import NoTTS
from daniel.server_avatar.services.remote_sessions import OpenSessions
from fakes import FakeElevenLabs, FakeHeyGen, FakeLiveAvatar

XI, HG, LA = "xi-test-key-0000", "heygen-test-key-0000", "liveavatar-test-key-0000"

Call = Callable[[aiohttp.ClientSession, Any, float], Awaitable[object]]


async def _tts(http: aiohttp.ClientSession, fake: FakeElevenLabs, wait: float) -> object:
    tts = ElevenLabsTTS(
        http=http, api_key=XI, voice_id="voice_test", base_url=fake.url, timeout=wait
    )
    return [chunk async for chunk in tts.synthesize("Hola.", "es")]


async def _stt(http: aiohttp.ClientSession, fake: FakeElevenLabs, wait: float) -> object:
    stt = ElevenLabsSTT(http=http, api_key=XI, base_url=fake.url, timeout=wait)
    return await stt.transcribe(b"\x00\x01" * 1600, sample_rate=16000, lang="es")


async def _heygen(http: aiohttp.ClientSession, fake: FakeHeyGen, wait: float) -> object:
    avatar = HeyGenAvatar(
        http=http,
        api_key=HG,
        avatar_id="Daniel_public",
        base_url=fake.url,
        timeout=wait,
        registry=OpenSessions(),
    )
    try:
        return await avatar.start("es")
    finally:
        await avatar.close()


async def _liveavatar(http: aiohttp.ClientSession, fake: FakeLiveAvatar, wait: float) -> object:
    avatar = LiveAvatarAvatar(
        http=http,
        api_key=LA,
        avatar_id="11111111-2222-3333-4444-555555555555",
        tts=NoTTS(),
        base_url=fake.base_url,
        timeout=wait,
        registry=OpenSessions(),
    )
    try:
        return await avatar.start("es")
    finally:
        await avatar.close()


# vendor → (its fake, the endpoint the call starts with, the call)
VENDORS: dict[str, tuple[Callable[[], Any], str, Call]] = {
    "elevenlabs-tts": (lambda: FakeElevenLabs(api_key=XI), "tts.stream-with-timestamps", _tts),
    "elevenlabs-stt": (lambda: FakeElevenLabs(api_key=XI), "stt", _stt),
    "heygen": (lambda: FakeHeyGen(api_key=HG), "streaming.create_token", _heygen),
    "liveavatar": (lambda: FakeLiveAvatar(api_key=LA), "sessions.token", _liveavatar),
}


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_429_can_be_retried_and_the_retry_works(
    http: aiohttp.ClientSession, vendor: str
) -> None:
    make_fake, endpoint, call = VENDORS[vendor]
    async with make_fake() as fake:
        fake.fail(429, endpoint=endpoint, times=1)
        with pytest.raises(ProviderError) as caught:
            await call(http, fake, 5.0)
        assert (caught.value.kind, caught.value.status) == ("rate_limited", 429)
        assert caught.value.retryable is True
        assert await call(http, fake, 5.0)  # the retry


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_401_is_final_and_names_the_key_to_check(
    http: aiohttp.ClientSession, vendor: str
) -> None:
    make_fake, endpoint, call = VENDORS[vendor]
    async with make_fake() as fake:
        fake.fail(401, endpoint=endpoint)
        with pytest.raises(ProviderError) as caught:
            await call(http, fake, 5.0)
    error = caught.value
    assert (error.kind, error.status, error.retryable) == ("auth", 401, False)
    key = {"elevenlabs": "ELEVENLABS_API_KEY", "heygen": "HEYGEN_API_KEY"}.get(
        error.service, "LIVEAVATAR_API_KEY"
    )
    assert f"revisa {key}" in error.localized("es")
    assert f"check {key}" in error.localized("en")
    assert all(secret not in str(error) for secret in (XI, HG, LA))


@pytest.mark.parametrize("vendor", VENDORS)
async def test_a_timeout_can_be_retried(http: aiohttp.ClientSession, vendor: str) -> None:
    make_fake, endpoint, call = VENDORS[vendor]
    async with make_fake() as fake:
        fake.hang(endpoint=endpoint, times=1)
        with pytest.raises(ProviderError) as caught:
            await call(http, fake, 0.3)
    error = caught.value
    assert (error.kind, error.status, error.retryable) == ("timeout", None, True)
    assert "no respondió a tiempo" in error.localized("es")
    assert "did not answer in time" in error.localized("en")


@pytest.mark.parametrize(
    ("lang", "words"),
    [("es", "rechazó la clave de API: revisa HEYGEN_API_KEY"), ("en", "check HEYGEN_API_KEY")],
)
async def test_the_user_reads_a_vendor_failure_in_their_language(
    aiohttp_client: Any, avatar_settings: SettingsFactory, lang: str, words: str
) -> None:
    async with FakeHeyGen(api_key=HG) as heygen:
        heygen.fail(401, endpoint="streaming.create_token")
        settings = avatar_settings(
            avatar="heygen",
            heygen_api_key=HG,
            heygen_avatar_id="Daniel_public",
            heygen_base_url=heygen.url,
        )
        client = await aiohttp_client(make_app(settings, probe_providers=False))
        talk = await open_conversation(client, lang=lang)
        assert talk.ready["providers"]["avatar"] == "local"
        [notice] = [m for m in talk.notices if m["type"] == "notice"]
        assert words in notice["message"]
        assert HG not in str(talk.seen)
        await talk.stop()
