"""The ERP's names for speech recognition: read from the live sandbox through the MCP
tools and cached, and near-misses of them corrected in transcripts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from avatar_client import SettingsFactory

from daniel.server_avatar.services.base import ToolResult, ToolRunner, ToolSpec
from daniel.server_avatar.services.local.name_correction import NameIndex
from daniel.server_avatar.services.local.vocabulary import ErpVocabulary
from daniel.server_avatar.tools.mcp_client import McpToolRunner, build_client


class CountingTools(ToolRunner):
    """The real MCP tool runner, counting the calls made through it."""

    def __init__(self, inner: ToolRunner) -> None:
        self.inner = inner
        self.calls = 0

    async def list_tools(self) -> Sequence[ToolSpec]:
        return await self.inner.list_tools()

    async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
        self.calls += 1
        return await self.inner.call(name, arguments)


async def test_names_come_from_the_live_erp_and_are_cached(
    avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    runner = McpToolRunner(build_client(avatar_settings()))
    await runner.start()
    try:
        tools = CountingTools(runner)
        vocabulary = ErpVocabulary(tools, ttl=300)
        names = await vocabulary()
        first = tools.calls
        assert await vocabulary() == names
        assert tools.calls == first, "the second read comes from the cache"
        company = next(n for n in await _names(sandbox, "res.partner") if n.endswith(" S.L."))
        unexplained = vocabulary.unexplained
        assert unexplained("¿Cuánto hemos vendido este mes?", "es") == 0
        # Whisper spelling out noise: letters that are no word and no part of a name
        assert unexplained("Cuánto hemos vendido S.M.S.", "es") == 3
        assert unexplained(f"¿Qué oportunidades tiene {company}?", "es") == 0
        assert unexplained("¿Qué oportunidades y tareas tengo?", "es") == 0  # "y" is a word
        assert unexplained("Do I have a task today?", "en") == 0
    finally:
        await runner.close()
    partners = await _names(sandbox, "res.partner")
    stages = await _names(sandbox, "crm.stage")
    assert set(stages) <= set(names)
    assert len(set(partners) & set(names)) >= 10
    assert len(names) == len(set(names))


async def test_an_unreachable_erp_gives_no_names_and_no_error() -> None:
    class DownTools(ToolRunner):
        async def list_tools(self) -> Sequence[ToolSpec]:
            return []

        async def call(self, name: str, arguments: dict[str, Any]) -> ToolResult:
            return ToolResult(name, {}, "cannot reach Odoo", is_error=True)

    assert await ErpVocabulary(DownTools())() == []


async def _names(sandbox: Any, model: str) -> list[str]:
    from daniel.odoo.client import OdooClient

    async with OdooClient(sandbox.url, sandbox.db, sandbox.login, sandbox.api_key) as odoo:
        rows = await odoo.search_read(model, [], ["name"], limit=500)
    return [row["name"] for row in rows]


NAMES = ["Deco Addict", "Azure Interior", "Gemini Furniture", "Ana García", "Won", "Office Chair"]


def test_near_misses_of_known_names_are_corrected_accents_and_case_aside() -> None:
    index = NameIndex(NAMES)
    assert index.correct("show the deco addic opportunities") == (
        "show the Deco Addict opportunities"
    )
    assert index.correct("how is azur interior doing") == "how is Azure Interior doing"
    assert index.correct("tareas de anna garcia") == "tareas de Ana García"
    assert index.correct("oportunidades de gemini fourniture") == (
        "oportunidades de Gemini Furniture"
    )


def test_ordinary_words_and_names_already_right_are_left_alone() -> None:
    index = NameIndex(NAMES)
    for text in (
        "mark the lead as won",
        "tareas de ana garcia",
        "how many open leads do we have",
        "¿qué oportunidades tengo abiertas?",
        "",
    ):
        assert index.correct(text) == text
    assert NameIndex([]).correct("deco addic") == "deco addic"


def test_names_are_given_as_people_say_them() -> None:
    from daniel.server_avatar.services.local.vocabulary import said

    assert said("[HW-ROU] Router empresarial") == "Router empresarial"
    assert said("[FURN_7800] Desk Combination") == "Desk Combination"
    assert said("Acme Ibérica S.L.") == "Acme Ibérica"
    assert said("Bella Napoli Trattoria LLC") == "Bella Napoli Trattoria"
    assert said("Talleres [Norte]") == "Talleres [Norte]"  # brackets inside a name stay
    assert said("[SKU-1]") == ""  # nothing left to say: the vocabulary leaves it out


async def test_recognition_built_from_the_settings_guesses_names_of_the_live_erp(
    avatar_settings: SettingsFactory, sandbox: Any
) -> None:
    """STT=local as the server builds it (registry, settings, the ERP's names through the
    MCP tools): a garbled company name Whisper was unsure of is guessed, unless
    STT_LOCAL_GUESS_NAMES is off; the same words heard confidently are left alone. An
    unsure hearing is heard again at other speeds unless STT_LOCAL_REHEAR is off."""
    import aiohttp

    from daniel.server_avatar.services.local.whisper_model import Recognition
    from daniel.server_avatar.services.provider_registry import Registry
    from daniel.server_avatar.services.shared import SharedServices

    runner = McpToolRunner(build_client(avatar_settings()))
    await runner.start()
    heard = "¿Cuánto nos ha comprado cooperativa a Niko la Sanisino?"
    try:
        async with aiohttp.ClientSession() as http:
            results = {}
            for guess in (True, False):
                settings = avatar_settings(stt_local_guess_names=guess)
                shared = SharedServices(settings, http=http, tools=runner, prompt="")
                stt: Any = Registry(shared).stt("local")
                await stt.start()  # reads the ERP's names
                assert shared.vocabulary is not None
                index = NameIndex(await shared.vocabulary())
                for logprob in (-0.9, -0.2):
                    first = stt._hear(Recognition(heard, "es", 0.9, 0.1, logprob, 1.0), index)
                    after = stt._guess_name(first, index, "es")
                    results[guess, logprob] = after.transcript.text
                await shared.aclose()
            for rehear in (True, False):  # STT_LOCAL_REHEAR: step 8 for unsure hearings
                settings = avatar_settings(stt_local_rehear=rehear)
                shared = SharedServices(settings, http=http, tools=runner, prompt="")
                stt = Registry(shared).stt("local")
                await stt.start()
                unsure = stt._hear(Recognition(heard, "es", 0.9, 0.1, -0.9, 1.0), None)
                results["rehear", rehear] = stt._worth_rehearing(unsure)
                await shared.aclose()
    finally:
        await runner.close()
    assert results[True, -0.9] == "¿Cuánto nos ha comprado Cooperativa Agrícola San Isidro?"
    assert results[False, -0.9] == heard
    assert results[True, -0.2] == heard  # heard clearly: not Whisper's doubt to settle
    assert results["rehear", True]
    assert not results["rehear", False]
