"""Offline speech-to-text: word error rate, latency, and "same answer as typed".

Two sets per language (see bench/stt_sets.py): (a) recorded telephone prompts from
Debian's asterisk-core-sounds packages (word error rate, latency); (b) ERP questions
spoken by espeak-ng with several voices and speeds, half of them with noise, judged by
whether the spoken question gets the same answer from the local brain as the typed one
(over an in-process sandbox ERP, through the real MCP tools).

Whisper (`--engine whisper`, the default) is measured in six variants side by side:
`plain` (no biasing), `topic` (conditioned on the words of ERP questions), `topic+names`
(and the ERP's names), `topic+fix` (topic, the beam's hypotheses chosen by the
question parser, near-miss name correction, a name guessed where Whisper was unsure,
unsure hearings heard again slower and faster: what STT=local does by default),
`topic+fix-rehear` (the same without hearing again) and `topic+fix-guess` (without the
guess either). Questions are asked of a sandbox ERP in their own language (Spanish ones
of the `es` dataset, English ones of the `en` dataset, an English-speaking company's
names).
`--engine provider` runs whatever `STT=local` is in the tree on the path, for the
previous recogniser:

    make bench-stt                                  # installs the prompts, runs Whisper
    PYTHONPATH=<old checkout>/src .venv/bin/python bench/stt.py --engine provider --langs en

Latency is end of speech → final transcript: the whole utterance is in hand, the clock
runs until its transcript is back (one utterance at a time, then `--concurrent` at once).

    .venv/bin/python bench/stt.py [--langs es,en] [--prompts 150] [--questions FILE]
        [--names-per-template 5] [--concurrent 4] [--rounds 5] [--json results.json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

from daniel.server_avatar.services.base import (
    BrainContext,
    ToolActivity,
    ToolRunner,
    TurnDone,
)
from daniel.server_avatar.services.provider_registry import load_class
from stt_sets import Utterance, prompts, question_texts, spoken, words

HERE = Path(__file__).resolve().parent
NAME_SOURCES = {
    "customer": ("res.partner", [["is_company", "=", True]]),
    "person": ("res.users", []),
    "project": ("project.project", []),
    "stage": ("crm.stage", []),
    "product": ("product.product", []),
}


@dataclass
class Score:
    """Word errors, latencies and answers of one recogniser variant on one set."""

    errors: int = 0
    reference_words: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds, utterances ≤ 5 s
    same: int = 0
    judged: int = 0
    wrong_lang: int = 0
    examples: list[tuple[str, str]] = field(default_factory=list)
    misheard: list[dict[str, str]] = field(default_factory=list)  # every different answer

    def add_words(self, reference: str, heard: str) -> None:
        ref, hyp = words(reference), words(heard)
        self.errors += Levenshtein.distance(ref, hyp)
        self.reference_words += len(ref)

    @property
    def wer(self) -> float:
        return self.errors / max(1, self.reference_words)

    def row(self) -> dict[str, Any]:
        lat = sorted(self.latencies)
        return {
            "wer": round(self.wer, 3),
            "p50_s": round(statistics.median(lat), 2) if lat else None,
            "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 2) if lat else None,
            "same_answer": f"{self.same}/{self.judged}" if self.judged else None,
            "same_rate": round(self.same / self.judged, 3) if self.judged else None,
            "other_lang": self.wrong_lang,
        }


# --------------------------------------------------------------------------- recognisers
class Recogniser:
    variants: tuple[str, ...] = ()

    async def start(self, tools: ToolRunner | None) -> None: ...

    async def hear(self, utt: Utterance, lang: str, variants: tuple[str, ...]) -> dict[str, Any]:
        """variant → (text, language or None, seconds)."""
        raise NotImplementedError


class WhisperRecogniser(Recogniser):
    """Whisper in seven variants: what each kind of step buys, `topic+fix` being STT=local."""

    variants = (
        "plain",
        "topic",
        "topic+names",
        "topic+fix-guess",
        "topic+fix-rehear",
        "topic+fix-second",
        "topic+fix",
    )

    def __init__(self, beam_size: int, full_window: bool = False) -> None:
        self.beam_size = beam_size
        self.full_window = full_window
        from daniel.server_avatar.services.local.whisper_model import WhisperRecognizer

        self.recognizer = WhisperRecognizer(
            workers=1, queue=100, beam_size=self.beam_size, full_window=self.full_window
        )

    async def start(self, tools: ToolRunner | None) -> None:
        """Load the model; `tools` (an ERP) gives the names for the variants that use them."""
        from daniel.server_avatar.services.local.stt import WhisperSTT
        from daniel.server_avatar.services.local.vocabulary import ErpVocabulary

        await self.recognizer.load()
        vocabulary = ErpVocabulary(tools) if tools is not None else None
        fixed: dict[str, Any] = {
            "vocabulary": vocabulary,
            "unexplained": vocabulary.unexplained if vocabulary else None,
            "parsed_words": vocabulary.words if vocabulary else None,
        }
        self.stts = {
            "plain": WhisperSTT(self.recognizer, correct_names=False, prompt_topic=False),
            "topic": WhisperSTT(self.recognizer, correct_names=False),
            "topic+names": WhisperSTT(
                self.recognizer, vocabulary=vocabulary, correct_names=False, prompt_names=True
            ),
            # what STT=local does, then without hearing again, then without the guess too
            "topic+fix": WhisperSTT(self.recognizer, **fixed),
            "topic+fix-rehear": WhisperSTT(self.recognizer, **fixed, rehear=False),
            # without step 6, the second decode of the first hearing with the ERP's names
            "topic+fix-second": WhisperSTT(self.recognizer, **fixed, second_pass=False),
            "topic+fix-guess": WhisperSTT(
                self.recognizer, **fixed, rehear=False, guess_names=False
            ),
        }

    async def hear(self, utt: Utterance, lang: str, variants: tuple[str, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for variant in variants:
            started = time.perf_counter()
            heard = await self.stts[variant].transcribe(
                utt.pcm16,
                sample_rate=utt.rate,
                lang=lang,  # type: ignore[arg-type]
            )
            took = time.perf_counter() - started
            out[variant] = ("" if heard.unclear else heard.text, heard.lang, took)
        return out


class ProviderRecogniser(Recogniser):
    """Whatever `STT=local` is in the tree on the path (the previous pocketsphinx one)."""

    variants = ("provider",)

    async def start(self, tools: ToolRunner | None) -> None:
        cls = load_class("stt", "local")
        self.stt = cls()
        self.name = cls.__name__
        await self.stt.start()

    async def hear(self, utt: Utterance, lang: str, variants: tuple[str, ...]) -> dict[str, Any]:
        started = time.perf_counter()
        heard = await self.stt.transcribe(utt.pcm16, sample_rate=utt.rate, lang=lang)
        return {"provider": (heard.text, None, time.perf_counter() - started)}


# --------------------------------------------------------------------------- the ERP
async def start_erp(folder: Path, dataset: str) -> tuple[Any, ToolRunner]:
    from daniel.sandbox.server import SandboxThread
    from daniel.server_avatar.tools.mcp_client import McpToolRunner, build_client
    from daniel.settings import (
        SANDBOX_ADMIN_API_KEY,
        SANDBOX_DB,
        load_settings,
    )

    sandbox = SandboxThread(data_dir=folder / "sandbox", host="127.0.0.1", port=0, dataset=dataset)
    await asyncio.to_thread(sandbox.start)
    settings = load_settings(
        _env_file=None,
        odoo_url=sandbox.url,
        odoo_db=SANDBOX_DB,
        odoo_user="admin",
        odoo_api_key=SANDBOX_ADMIN_API_KEY,
        mcp_audit_log=folder / "audit.jsonl",
    )
    tools = McpToolRunner(build_client(settings))
    await tools.start()
    return sandbox, tools


async def erp_names(tools: ToolRunner) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for kind, (model, domain) in NAME_SOURCES.items():
        result = await tools.call(
            "odoo_read", {"model": model, "domain": domain, "fields": ["name"], "limit": 40}
        )
        records = result.structured.get("records") or []
        names[kind] = [r["name"] for r in records if isinstance(r, dict) and r.get("name")]
    return names


async def answer(tools: ToolRunner, lang: str, text: str) -> tuple[str, bool]:
    """The local brain's answer to `text` (a fresh conversation), and whether a tool ran."""
    if not text.strip():
        return "", False
    brain = load_class("brain", "local")(BrainContext(session_id="bench", lang=lang, tools=tools))  # type: ignore[arg-type]
    await brain.start()
    final, used = "", []
    try:
        async for event in brain.respond(text):
            if isinstance(event, TurnDone):
                final = event.text
            elif isinstance(event, ToolActivity) and event.status != "running":
                used.append(f"{event.name}:{event.status}")
    finally:
        await brain.close()
    return " ".join(final.split()) + " | " + ",".join(used), any(u.endswith(":done") for u in used)


# --------------------------------------------------------------------------- runs
async def run_prompts(rec: Recogniser, lang: str, limit: int) -> dict[str, Score]:
    scores = {v: Score() for v in rec.variants if v in ("plain", "topic", "provider")}
    for utt in prompts(lang, limit):
        heard = await rec.hear(utt, lang, tuple(scores))
        for variant, (text, spoken_lang, took) in heard.items():
            score = scores[variant]
            score.add_words(utt.text, text)
            score.wrong_lang += spoken_lang is not None and spoken_lang != lang
            if utt.seconds <= 5:
                score.latencies.append(took)
            if len(score.examples) < 5 and words(text) != words(utt.text):
                score.examples.append((utt.text, text))
    return scores


async def run_questions(
    rec: Recogniser, tools: ToolRunner, lang: str, texts: list[str]
) -> dict[str, Score]:
    scores = {v: Score() for v in rec.variants}
    utterances = await spoken(lang, texts)
    for utt in utterances:
        typed, understood = await answer(tools, lang, utt.text)
        heard = await rec.hear(utt, lang, rec.variants)
        for variant, (text, spoken_lang, took) in heard.items():
            score = scores[variant]
            score.add_words(utt.text, text)
            score.wrong_lang += spoken_lang is not None and spoken_lang != lang
            if utt.seconds <= 5:
                score.latencies.append(took)
            if not understood:
                continue  # the brain does not answer the typed question either
            score.judged += 1
            said = (await answer(tools, lang, text))[0]
            same = said == typed
            score.same += same
            if not same:
                score.misheard.append(
                    {"said": utt.text, "heard": text, "typed": typed, "spoken": said}
                )
                if len(score.examples) < 8:
                    score.examples.append((utt.text, text))
    return scores


async def run_concurrent(
    rec: Recogniser, lang: str, texts: list[str], sessions: int, rounds: int = 5
) -> Score:
    """`sessions` people speaking at once, `rounds` times: latency of each utterance."""
    score = Score()
    utterances = [u for u in await spoken(lang, texts[: sessions * rounds]) if u.seconds <= 5]
    variant = rec.variants[-1]
    for start in range(0, len(utterances), sessions):
        batch = utterances[start : start + sessions]
        results = await asyncio.gather(*(rec.hear(u, lang, (variant,)) for u in batch))
        score.latencies += [r[variant][2] for r in results]
    return score


def print_table(title: str, table: dict[str, dict[str, Any]]) -> None:
    print(f"\n## {title}\n")
    print("| variant | WER | p50 s | p95 s | same answer | other language |")
    print("|---|---|---|---|---|---|")
    for variant, row in table.items():
        rate = f"{row['same_rate']:.0%} ({row['same_answer']})" if row["same_answer"] else "-"
        print(
            f"| {variant} | {row['wer']:.1%} | {row['p50_s']} | {row['p95_s']} | {rate} "
            f"| {row['other_lang']} |"
        )


def report(title: str, scores: dict[str, Score]) -> dict[str, dict[str, Any]]:
    """Print one set's table and its misheard examples; returns the table."""
    table = {v: s.row() for v, s in scores.items()}
    print_table(title, table)
    for variant, score in scores.items():
        for ref, hyp in score.examples:
            print(f"   {variant}: {ref!r} → {hyp!r}")
    return table


async def run_language(
    rec: Recogniser,
    tools: ToolRunner,
    lang: str,
    args: argparse.Namespace,
    sets: set[str],
    results: dict[str, Any],
) -> None:
    """The sets of one language, printed and added to `results`."""
    names = await erp_names(tools)
    if "prompts" in sets and args.prompts:
        scores = await run_prompts(rec, lang, args.prompts)
        results[f"prompts-{lang}"] = report(f"recorded prompts, {lang} ({args.prompts})", scores)
    texts = question_texts(args.questions, lang, names, args.names_per_template)
    if args.max_questions:
        texts = texts[: args.max_questions]
    if "questions" in sets:
        scores = await run_questions(rec, tools, lang, texts)
        results[f"questions-{lang}"] = report(f"spoken questions, {lang} ({len(texts)})", scores)
        if args.misheard:
            misheard = {v: s.misheard for v, s in scores.items()}
            path = args.misheard.with_suffix(f".{lang}.json")
            path.write_text(json.dumps(misheard, ensure_ascii=False, indent=1))
    if "concurrent" in sets and args.concurrent > 1:
        score = await run_concurrent(rec, lang, texts, args.concurrent, args.rounds)
        results[f"concurrent-{lang}"] = score.row()
        print(
            f"\n{args.concurrent} sessions at once, {lang}: "
            f"p50 {score.row()['p50_s']} s, p95 {score.row()['p95_s']} s "
            f"({len(score.latencies)} utterances)"
        )
    sys.stdout.flush()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", choices=("whisper", "provider"), default="whisper")
    parser.add_argument("--langs", default="es,en")
    parser.add_argument("--prompts", type=int, default=150, help="recorded prompts per language")
    parser.add_argument("--questions", type=Path, default=HERE / "stt_questions.json")
    parser.add_argument("--names-per-template", type=int, default=5)
    parser.add_argument("--max-questions", type=int, default=0, help="0: all")
    parser.add_argument("--concurrent", type=int, default=4)
    parser.add_argument(
        "--rounds", type=int, default=5, help="rounds of --concurrent people speaking at once"
    )
    parser.add_argument("--beam", type=int, default=5)
    parser.add_argument(
        "--full-window", action="store_true", help="encode Whisper's whole 30 s window"
    )
    parser.add_argument("--sets", default="prompts,questions,concurrent")
    parser.add_argument(
        "--variants", default="", help="Whisper variants to run (comma-separated; all if empty)"
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--misheard", type=Path, help="write every spoken question answered differently here"
    )
    args = parser.parse_args()
    sets = set(args.sets.split(","))
    rec: Recogniser = (
        WhisperRecogniser(args.beam, args.full_window)
        if args.engine == "whisper"
        else ProviderRecogniser()
    )
    if args.variants:
        rec.variants = tuple(v for v in rec.variants if v in args.variants.split(","))
    results: dict[str, Any] = {
        "engine": args.engine,
        "beam": args.beam,
        "window": "full" if args.full_window else "utterance",
    }
    for lang in args.langs.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            sandbox, tools = await start_erp(Path(tmp), lang)
            try:
                await rec.start(tools)
                await run_language(rec, tools, lang, args, sets, results)
            finally:
                await tools.close()  # type: ignore[attr-defined]
                await asyncio.to_thread(sandbox.stop)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    asyncio.run(main())
