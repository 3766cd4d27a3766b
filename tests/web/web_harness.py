"""What the browser tests share: the real avatar server started in-process on a free
port, headless Chromium (Debian's /usr/bin/chromium, never a downloaded one), a page
that records its console errors and WebSocket frames, a fake microphone recording, and
screenshots for the docs.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import json
import math
import os
import socket
import struct
import wave
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from playwright.async_api import Browser, BrowserContext, ConsoleMessage, Page, WebSocket

from daniel.server_avatar.server import AppOptions, create_app
from daniel.settings import SANDBOX_ADMIN_LOGIN, SANDBOX_ADMIN_PASSWORD, Settings, load_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]
# Test runs write to test-artifacts/ (ignored by git); `make screenshots` refreshes docs/.
SCREENSHOTS = Path(
    os.environ.get("DANIEL_SCREENSHOTS")
    or Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
).resolve()
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def fake_microphone_args(wav: Path) -> list[str]:
    """Chromium flags that grant the microphone and feed it from `wav` (looped)."""
    return [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    ]


def write_voice_wav(path: Path, seconds: float = 3.0, rate: int = 48000) -> Path:
    """A voiced, syllable-like signal (180 Hz with harmonics, 4 Hz envelope) at 48 kHz:
    loud enough for any level meter and voice detector, made here (nothing downloaded)."""
    frames = bytearray()
    for i in range(int(rate * seconds)):
        t = i / rate
        envelope = 0.55 + 0.45 * math.sin(2 * math.pi * 4 * t)
        tone = sum(
            a * math.sin(2 * math.pi * f * t) for f, a in ((180, 0.5), (360, 0.3), (720, 0.15))
        )
        frames += struct.pack("<h", int(envelope * tone * 0.8 * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on host:port."""
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def sandbox_settings(sandbox: Any, tmp: Path, **changes: Any) -> Settings:
    """Settings for the avatar server on the test sandbox: local providers, Spanish,
    writes in confirm mode. `.env` files are not read."""
    values: dict[str, Any] = {
        "odoo_url": sandbox.url,
        "odoo_db": sandbox.db,
        "odoo_user": sandbox.login,
        "odoo_api_key": sandbox.api_key,
        "mcp_audit_log": tmp / "audit.jsonl",
        "database_url": f"sqlite:///{tmp / 'daniel.db'}",  # the dashboard's, per server
        "mcp_write_mode": "confirm",
        "daniel_lang": "es",
        "brain": "local",
        "tts": "local",
        "stt": "local",
        "avatar": "local",
        "server_access_token": None,
    }
    values.update(changes)
    return load_settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def avatar_server(
    settings: Settings, options: AppOptions | None = None
) -> AsyncIterator[str]:
    """The real avatar server (`create_app`) on 127.0.0.1 and a free port; yields its URL."""
    runner = web.AppRunner(create_app(settings, options), handle_signals=False, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        host, port = runner.addresses[0][:2]
        yield f"http://{host}:{port}/"
    finally:
        await runner.cleanup()


@dataclass
class PageRecorder:
    """Console errors, uncaught exceptions and the conversation socket's frames."""

    page: Page
    errors: list[str] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)
    audio_sent: list[int] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    sockets: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def attach(self) -> None:
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        self.page.on("websocket", self._socket)

    def _console(self, message: ConsoleMessage) -> None:
        # Errors, and server messages the page had to drop as not following the protocol.
        if message.type == "error" or message.text.startswith("ignored server message"):
            self.errors.append(message.text)

    def _socket(self, ws: WebSocket) -> None:
        self.sockets.append(ws.url)
        if not ws.url.split("?")[0].endswith("/ws"):
            return
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes):
            self.audio_sent.append(len(payload))
            self.order.append("audio")
        else:
            message = json.loads(payload)
            self.sent.append(message)
            self.order.append(message["type"])

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, str):
            self.received.append(json.loads(payload))

    def sent_types(self) -> list[str]:
        return [m["type"] for m in self.sent]

    def received_of(self, kind: str) -> list[dict[str, Any]]:
        return [m for m in self.received if m["type"] == kind]


async def open_page(
    browser: Browser,
    url: str,
    *,
    viewport: dict[str, int] = DESKTOP,
    login: tuple[str, str] | None = (SANDBOX_ADMIN_LOGIN, SANDBOX_ADMIN_PASSWORD),
    **context: Any,
) -> tuple[BrowserContext, PageRecorder]:
    """A fresh browser context on the page, once the session is ready; logged in first
    (as the sandbox's admin by default) through `POST /auth/login`, whose cookie the
    browser context keeps."""
    ctx = await browser.new_context(viewport=viewport, **context)
    if login is not None:
        parts = urlsplit(url)
        answer = await ctx.request.post(
            f"{parts.scheme}://{parts.netloc}/auth/login",
            data={"login": login[0], "password": login[1]},
        )
        assert answer.status == 200, await answer.text()
    page = await ctx.new_page()
    recorder = PageRecorder(page)
    recorder.attach()
    await page.goto(url)
    await page.wait_for_selector("#status[data-status=ready]", timeout=15000)
    return ctx, recorder


async def ask(page: Page, text: str) -> None:
    """Type a question and press Enter, like a user."""
    await page.fill("#composer-input", text)
    await page.press("#composer-input", "Enter")


async def mouth_samples(
    page: Page,
    enough: Callable[[list[float]], bool],
    within: float = 15.0,
    every_ms: int = 40,
) -> list[float]:
    """The avatar's mouth openness (`data-mouth`) sampled while it speaks, until
    `enough(samples)` holds, it stops speaking, or `within` seconds pass. A loaded machine
    samples more slowly, so the window is the answer itself rather than a fixed count."""
    values: list[float] = []
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        values.append(float(await page.get_attribute("#avatar", "data-mouth") or 0))
        if enough(values) or await page.get_attribute("#avatar", "data-state") != "speaking":
            break
        await page.wait_for_timeout(every_ms)
    return values


async def until(check: Callable[[], Any], within: float = 10.0, what: str = "condition") -> None:
    """Poll `check()` (a plain function or a coroutine function) until it is truthy.
    (The page's CSP forbids eval, so `page.wait_for_function` cannot be used.)"""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        value = check()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path))
    return path
