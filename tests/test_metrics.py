"""The metrics API, checked the way an operator sees it: by scraping /metrics."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from daniel import metrics
from metrics_scrape import Scrape

Scraper = Callable[[], Awaitable[Scrape]]


@pytest.fixture
async def scrape(aiohttp_client: Callable[..., Awaitable[TestClient]]) -> Scraper:
    app = web.Application()
    app.router.add_get("/metrics", metrics.metrics_handler)
    client = await aiohttp_client(app)

    async def fetch() -> Scrape:
        response = await client.get("/metrics")
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain")
        return Scrape(await response.text())

    return fetch


async def test_exposition_has_process_metrics_and_version(scrape: Scraper) -> None:
    page = await scrape()
    assert page.value("process_resident_memory_bytes") > 0
    assert "process_cpu_seconds_total" in page.names()
    assert page.value("daniel_build_info", version=metrics.__version__) == 1


async def test_openmetrics_is_served_when_asked(
    aiohttp_client: Callable[..., Awaitable[TestClient]],
) -> None:
    app = web.Application()
    app.router.add_get("/metrics", metrics.metrics_handler)
    client = await aiohttp_client(app)
    response = await client.get(
        "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
    )
    assert response.headers["Content-Type"].startswith("application/openmetrics-text")
    assert (await response.text()).rstrip().endswith("# EOF")


async def test_ws_messages_are_counted_by_direction_and_type(scrape: Scraper) -> None:
    before = await scrape()
    metrics.ws_message("in", "user.text")
    metrics.ws_message("in", "user.text")
    metrics.ws_message("out", "agent.delta")
    metrics.ws_message("in", "<script>alert(1)</script>")
    after = await scrape()

    def delta(direction: str, type_: str) -> float:
        name = "daniel_ws_messages_total"
        return after.value(name, direction=direction, type=type_) - before.value(
            name, direction=direction, type=type_
        )

    assert delta("in", "user.text") == 2
    assert delta("out", "agent.delta") == 1
    assert delta("in", "other") == 1
    assert "<script>" not in after.text


async def test_connection_and_session_gauges_go_up_and_back_down(scrape: Scraper) -> None:
    base = await scrape()
    with metrics.track_ws_connection(), metrics.track_session():
        during = await scrape()
        assert during.value("daniel_ws_connections") == base.value("daniel_ws_connections") + 1
        assert during.value("daniel_sessions_active") == base.value("daniel_sessions_active") + 1
    with pytest.raises(RuntimeError), metrics.track_session():
        raise RuntimeError("session crashed")
    after = await scrape()
    assert after.value("daniel_ws_connections") == base.value("daniel_ws_connections")
    assert after.value("daniel_sessions_active") == base.value("daniel_sessions_active")


async def test_gauges_can_be_set_from_authoritative_counts(scrape: Scraper) -> None:
    metrics.set_active_sessions({"default": 7})
    metrics.set_ws_connections(9)
    page = await scrape()
    assert page.value("daniel_sessions_active") == 7
    assert page.value("daniel_ws_connections") == 9
    metrics.set_active_sessions({})
    metrics.set_ws_connections(0)
    page = await scrape()
    assert page.value("daniel_sessions_active") == 0


async def test_open_sessions_are_counted_per_tenant(scrape: Scraper) -> None:
    metrics.configure_tenants(["acme", "globex"])
    try:
        metrics.set_active_sessions({"acme": 2, "globex": 3, "unknown": 1})
        page = await scrape()
        assert page.value("daniel_sessions_active", tenant="acme") == 2
        assert page.value("daniel_sessions_active", tenant="globex") == 3
        assert page.value("daniel_sessions_active", tenant="other") == 1  # never a free label
        metrics.set_active_sessions({"acme": 1})  # globex's people have left
        page = await scrape()
        assert page.value("daniel_sessions_active", tenant="acme") == 1
        assert page.value("daniel_sessions_active", tenant="globex") == 0
        assert page.value("daniel_sessions_active") == 1
    finally:
        metrics.set_active_sessions({})
        metrics.configure_tenants([])


async def test_turn_marks_feed_the_latency_histogram_per_stage(scrape: Scraper) -> None:
    before = await scrape()
    metrics.record_turn_marks({"user_end": 0, "first_text": 40, "first_audio": 120, "end": 900})
    metrics.record_turn_marks({"first_text": -5, "end": True, "transcript_final": 20})
    after = await scrape()

    def delta(sample: str, **labels: str) -> float:
        return after.value(sample, **labels) - before.value(sample, **labels)

    name = "daniel_turn_latency_seconds"
    assert delta(f"{name}_count", stage="first_text") == 1
    assert delta(f"{name}_count", stage="first_audio") == 1
    assert delta(f"{name}_count", stage="end") == 1  # the boolean mark is ignored
    assert delta(f"{name}_count", stage="transcript_final") == 1
    assert delta(f"{name}_sum", stage="end") == pytest.approx(0.9)
    assert delta(f"{name}_bucket", stage="first_text", le="0.05") == 1
    assert delta(f"{name}_bucket", stage="first_audio", le="0.1") == 0
    assert not any(labels for name_, labels in after.samples if ("stage", "user_end") in labels)


async def test_tenant_labels_name_only_configured_tenants(scrape: Scraper) -> None:
    metrics.configure_tenants(["acme", "beta"])
    try:
        before = await scrape()
        metrics.record_turn_marks({"end": 500}, tenant="acme")
        metrics.record_turn_marks({"end": 500}, tenant="mallory-" + "x" * 30)
        with metrics.tenant_scope("beta"):
            async with metrics.observe_call("odoo", "read"):
                pass
            await asyncio.create_task(_observed_in_a_task())  # tasks inherit the tenant
        async with metrics.observe_call("odoo", "read", tenant="acme"):
            pass
        after = await scrape()
    finally:
        metrics.configure_tenants([])

    def delta(sample: str, **labels: str) -> float:
        return after.value(sample, **labels) - before.value(sample, **labels)

    turns = "daniel_turn_latency_seconds_count"
    assert delta(turns, stage="end", tenant="acme") == 1
    assert delta(turns, stage="end", tenant="other") == 1
    assert "mallory" not in after.text
    calls = "daniel_external_call_duration_seconds_count"
    assert delta(calls, service="odoo", operation="read", tenant="beta") == 2
    assert delta(calls, service="odoo", operation="read", tenant="acme") == 1
    assert delta(calls, service="odoo", operation="read", tenant="default") == 0


async def _observed_in_a_task() -> None:
    async with metrics.observe_call("odoo", "read"):
        pass


async def test_observe_call_times_successes_and_classifies_failures(scrape: Scraper) -> None:
    before = await scrape()
    async with metrics.observe_call("odoo", "search_read"):
        await asyncio.sleep(0.02)
    for exc in (TimeoutError("slow"), ConnectionRefusedError("down"), ValueError("bad xml")):
        with pytest.raises(type(exc)):
            async with metrics.observe_call("odoo", "search_read"):
                raise exc
    with (
        pytest.raises(KeyError),
        metrics.observe_call("odoo", "search_read", not_errors=(KeyError,)),
    ):
        raise KeyError("missing record")
    after = await scrape()

    def delta(sample: str, **labels: str) -> float:
        return after.value(sample, **labels) - before.value(sample, **labels)

    series = {"service": "odoo", "operation": "search_read"}
    assert delta("daniel_external_call_duration_seconds_count", **series) == 5
    assert delta("daniel_external_call_duration_seconds_sum", **series) >= 0.02
    for kind in ("timeout", "unavailable", "error"):
        assert delta("daniel_external_call_errors_total", kind=kind, **series) == 1


async def test_cancelled_calls_are_neither_successes_nor_failures(scrape: Scraper) -> None:
    before = await scrape()

    async def slow_call() -> None:
        async with metrics.observe_call("tts", "synthesize"):
            await asyncio.sleep(10)

    task = asyncio.create_task(slow_call())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    after = await scrape()
    series = {"service": "tts", "operation": "synthesize"}
    name = "daniel_external_call_duration_seconds_count"
    assert after.value(name, **series) == before.value(name, **series)


def test_unknown_service_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown service 'odo'"):
        metrics.observe_call("odo", "read")  # type: ignore[arg-type]


async def test_label_values_stay_bounded_whatever_callers_send(scrape: Scraper) -> None:
    assert metrics.bounded_label("test-kind", "crm.lead search") == metrics.OTHER
    assert metrics.bounded_label("test-kind", "x" * 65) == metrics.OTHER
    accepted = [metrics.bounded_label("test-kind", f"op{i}") for i in range(100)]
    assert accepted[: metrics.MAX_LABEL_VALUES] == [
        f"op{i}" for i in range(metrics.MAX_LABEL_VALUES)
    ]
    assert set(accepted[metrics.MAX_LABEL_VALUES :]) == {metrics.OTHER}
    assert metrics.bounded_label("test-kind", "op3") == "op3"  # known values keep working

    async with metrics.observe_call("llm", "/v1/chat?key=abc def"):
        pass
    page = await scrape()
    assert "key=abc" not in page.text
    assert (
        page.value("daniel_external_call_duration_seconds_count", service="llm", operation="other")
        >= 1
    )


async def test_tool_outcomes_and_breaker_and_dependency_gauges(scrape: Scraper) -> None:
    before = await scrape()
    with metrics.observe_tool("crm_pipeline_summary"):
        pass
    with (
        pytest.raises(ValueError, match="integer"),
        metrics.observe_tool("crm_update", refused=(ValueError,)),
    ):
        raise ValueError("stage_id must be an integer")
    with (
        pytest.raises(OSError, match="went away"),
        metrics.observe_tool("crm_update", refused=(ValueError,)),
    ):
        raise OSError("odoo went away")
    metrics.set_breaker_state("heygen", metrics.BreakerState.OPEN)
    metrics.set_dependency_up("odoo", False)
    after = await scrape()

    def delta(sample: str, **labels: str) -> float:
        return after.value(sample, **labels) - before.value(sample, **labels)

    calls = "daniel_mcp_tool_calls_total"
    assert delta(calls, tool="crm_pipeline_summary", outcome="ok") == 1
    assert delta(calls, tool="crm_update", outcome="refused") == 1
    assert delta(calls, tool="crm_update", outcome="error") == 1
    assert delta("daniel_mcp_tool_duration_seconds_count", tool="crm_update") == 2
    assert after.value("daniel_circuit_breaker_state", breaker="heygen") == 2
    assert after.value("daniel_dependency_up", service="odoo") == 0
    metrics.set_dependency_up("odoo", True)
    assert (await scrape()).value("daniel_dependency_up", service="odoo") == 1


async def test_user_errors_and_rejected_sessions_are_counted(scrape: Scraper) -> None:
    before = await scrape()
    metrics.user_error("protocol")
    metrics.session_rejected("capacity")
    after = await scrape()
    name = "daniel_user_errors_total"
    assert after.value(name, stage="protocol") - before.value(name, stage="protocol") == 1
    name = "daniel_sessions_rejected_total"
    assert after.value(name, reason="capacity") - before.value(name, reason="capacity") == 1
