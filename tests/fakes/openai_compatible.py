"""An in-process OpenAI-compatible server: `/v1/chat/completions` (SSE streaming with
`tool_calls` deltas, exactly as OpenAI's API sends them), `/v1/models` and
`/v1/audio/transcriptions`.

The chat "model" is a small rule book that reads the request like a model would:

- after a tool result, it answers with that result's `summary` ("Según Odoo: ...");
- "pipeline" → calls `crm_pipeline_summary`; "crea la oportunidad X" → calls
  `crm_create_lead` with `name=X`; "bucle" → calls a tool every time;
- anything else → a plain answer.

Failures can be injected: `fail(status, times, message)` answers HTTP errors, `hang(seconds,
times)` waits before answering. Every request body is kept in `requests`.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from typing import Any

from aiohttp import web


class FakeOpenAI:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.transcriptions: list[dict[str, Any]] = []
        self.transcript = "¿cómo va el pipeline?"
        self._fail: list[tuple[int, str]] = []
        self._hang: list[float] = []
        self.app = web.Application()
        self.app.router.add_post("/v1/chat/completions", self._chat)
        self.app.router.add_get("/v1/models", self._models)
        self.app.router.add_post("/v1/audio/transcriptions", self._transcribe)

    def fail(self, status: int, times: int = 1, message: str = "the model is overloaded") -> None:
        self._fail += [(status, message)] * times

    def hang(self, seconds: float, times: int = 1) -> None:
        self._hang += [seconds] * times

    # ------------------------------------------------------------------ endpoints
    async def _models(self, _request: web.Request) -> web.Response:
        models = [{"id": "fake-model", "object": "model"}]
        return web.json_response({"object": "list", "data": models})

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        if self._hang:
            await asyncio.sleep(self._hang.pop(0))
        if self._fail:
            status, message = self._fail.pop(0)
            error = {"error": {"message": message, "type": "server_error"}}
            return web.json_response(error, status=status)
        assert body.get("stream") is True, "the brain streams"
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        for chunk in self._decide(body):
            await response.write(f"data: {json.dumps(chunk)}\n\n".encode())
        await response.write(b"data: [DONE]\n\n")
        await response.write_eof()
        return response

    async def _transcribe(self, request: web.Request) -> web.Response:
        form = await request.post()
        upload = form["file"]
        assert isinstance(upload, web.FileField)
        audio = upload.file.read()
        self.transcriptions.append(
            {
                "model": form.get("model"),
                "language": form.get("language"),
                "filename": upload.filename,
                "audio": audio,
            }
        )
        if self._fail:
            return web.json_response({"error": {"message": "busy"}}, status=self._fail.pop(0))
        return web.json_response({"text": self.transcript})

    # ------------------------------------------------------------------ the "model"
    def _decide(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        messages = body["messages"]
        last = messages[-1]
        tools = {t["function"]["name"] for t in body.get("tools") or ()}
        asked = next(str(m.get("content")) for m in reversed(messages) if m["role"] == "user")
        if "bucle" in asked:  # a model that never stops calling tools
            if "crm_list_stages" in tools:
                return _tool_call("crm_list_stages", {})
            return _text("He parado de consultar herramientas.")
        if last["role"] == "tool":
            content = json.loads(last["content"])
            if content.get("status") == "needs_confirmation":
                return _text(f"Voy a hacer esto: {content['summary']}. ¿Lo confirmo?")
            return _text(f"Según Odoo: {content.get('summary', '')} ¿Algo más?")
        said = str(last.get("content") or "")
        if "pipeline" in said and "crm_pipeline_summary" in tools:
            return _tool_call("crm_pipeline_summary", {})
        created = re.search(r"crea la oportunidad (.+)$", said)
        if created and "crm_create_lead" in tools:
            return _tool_call("crm_create_lead", {"name": created.group(1).strip()})
        return _text("Hola, soy el modelo de pruebas. ¿En qué te ayudo?")


def _chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": "fake-model",
        "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
    }


def _text(answer: str) -> list[dict[str, Any]]:
    words = re.findall(r"\S+\s*", answer)
    chunks = [_chunk({"role": "assistant", "content": ""})]
    chunks += [_chunk({"content": word}) for word in words]
    chunks.append(_chunk({}, "stop"))
    return chunks


def _tool_call(name: str, arguments: dict[str, Any]) -> list[dict[str, Any]]:
    encoded = json.dumps(arguments)
    first = {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "index": 0,
                "id": f"call_{name}",
                "type": "function",
                "function": {"name": name, "arguments": ""},
            }
        ],
    }
    chunks = [_chunk(first)]
    for start in range(0, len(encoded), 7):  # arguments arrive in fragments
        piece = encoded[start : start + 7]
        chunks.append(_chunk({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}))
    chunks.append(_chunk({}, "tool_calls"))
    return chunks
