"""Figures of a bench run: accuracy by category and language, failures, latency."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .runner import QuestionResult, TurnResult

VERDICTS = ("correct", "wrong", "unsure")


@dataclass
class Tally:
    verdicts: Counter[str] = field(default_factory=Counter)
    confident: int = 0
    skipped: int = 0

    def add(self, turn: TurnResult) -> None:
        self.verdicts[turn.verdict.verdict] += 1
        self.confident += int(turn.verdict.verdict == "wrong" and turn.verdict.confident)

    @property
    def judged(self) -> int:
        return sum(self.verdicts[v] for v in VERDICTS)

    @property
    def accuracy(self) -> float:
        return self.verdicts["correct"] / self.judged if self.judged else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "judged": self.judged,
            **{v: self.verdicts[v] for v in VERDICTS},
            "confident_wrong": self.confident,
            "skipped_questions": self.skipped,
            "accuracy": round(self.accuracy, 4),
        }


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


@dataclass
class Summary:
    total: Tally
    by_category: dict[str, Tally]
    by_lang: dict[str, Tally]
    questions: int
    questions_correct: int
    latency: dict[str, float | None]
    failures: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total.to_json(),
            "questions": self.questions,
            "questions_all_turns_correct": self.questions_correct,
            "by_category": {k: v.to_json() for k, v in sorted(self.by_category.items())},
            "by_lang": {k: v.to_json() for k, v in sorted(self.by_lang.items())},
            "latency_ms": self.latency,
            "failures": self.failures,
        }


_RANK = {("wrong", True): 0, ("wrong", False): 1, ("unsure", False): 2}


def summarise(results: list[QuestionResult], worst: int = 25) -> Summary:
    total = Tally()
    by_category: dict[str, Tally] = defaultdict(Tally)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    client: list[float] = []
    server: list[float] = []
    failures: list[tuple[int, dict[str, Any]]] = []
    questions = correct_questions = 0
    for result in results:
        q = result.question
        if result.skipped:
            for tally in (total, by_category[q.category], by_lang[q.lang]):
                tally.skipped += 1
            continue
        questions += 1
        correct_questions += all(t.verdict.verdict == "correct" for t in result.turns)
        for index, turn in enumerate(result.turns):
            for tally in (total, by_category[q.category], by_lang[q.lang]):
                tally.add(turn)
            if turn.first_text_ms is not None:
                client.append(turn.first_text_ms)
            if turn.server_first_text_ms is not None:
                server.append(float(turn.server_first_text_ms))
            rank = _RANK.get((turn.verdict.verdict, turn.verdict.confident))
            if rank is not None:
                failures.append(
                    (
                        rank,
                        {
                            "id": f"{q.id}#{index + 1}",
                            "verdict": turn.verdict.verdict,
                            "confident": turn.verdict.confident,
                            "ask": turn.text,
                            "expected": turn.expected.describe if turn.expected else "",
                            "got": turn.answer,
                            "why": turn.verdict.reason,
                        },
                    )
                )
    failures.sort(key=lambda item: item[0])
    latency = {
        "client_first_text_p50": percentile(client, 50),
        "client_first_text_p95": percentile(client, 95),
        "server_first_text_p50": percentile(server, 50),
        "server_first_text_p95": percentile(server, 95),
    }
    return Summary(
        total,
        dict(by_category),
        dict(by_lang),
        questions,
        correct_questions,
        latency,
        [f for _, f in failures[:worst]],
    )


def _row(name: str, tally: Tally) -> str:
    v = tally.verdicts
    cells = [name, f"{tally.accuracy:.1%}", str(tally.judged), str(v["correct"]), str(v["wrong"]),
             str(tally.confident), str(v["unsure"]), str(tally.skipped)]  # fmt: skip
    return "| " + " | ".join(cells) + " |"


def render_text(summary: Summary, worst: int = 15) -> str:
    head = "| {} | accuracy | turns | correct | wrong | confident-wrong | unsure | skipped q. |"
    rule = "|---|---|---|---|---|---|---|---|"
    lines = [head.format("category"), rule]
    lines += [_row(name, tally) for name, tally in sorted(summary.by_category.items())]
    lines += [_row("**all**", summary.total), "", head.format("language"), rule]
    lines += [_row(name, tally) for name, tally in sorted(summary.by_lang.items())]
    lines.append("")
    lines.append(
        f"questions: {summary.questions} run, {summary.questions_correct} with every turn "
        f"correct; confident-wrong turns: {summary.total.confident}"
    )
    fmt = {k: ("-" if v is None else f"{v:.0f}") for k, v in summary.latency.items()}
    lines.append(
        "text in → first answer text (ms): client p50 {client_first_text_p50} / p95 "
        "{client_first_text_p95}; server first_text p50 {server_first_text_p50} / p95 "
        "{server_first_text_p95}".format(**fmt)
    )
    if summary.failures:
        lines += ["", f"worst failures (first {min(worst, len(summary.failures))}):"]
        for failure in summary.failures[:worst]:
            tag = "CONFIDENT-WRONG" if failure["confident"] else failure["verdict"]
            lines.append(f"- [{tag}] {failure['id']}: {failure['ask']!r}")
            lines.append(f"    expected: {failure['expected']}")
            lines.append(f"    got:      {failure['got'][:220]!r}")
            if failure["why"]:
                lines.append(f"    why:      {failure['why'][:200]}")
    return "\n".join(lines)
