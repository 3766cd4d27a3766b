"""Reading /metrics the way Prometheus does: parse the text exposition into samples."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families


class Scrape:
    """One scrape of a /metrics page."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.samples: dict[tuple[str, frozenset[tuple[str, str]]], float] = {}
        self.families: dict[str, str] = {}
        for family in text_string_to_metric_families(text):
            self.families[family.name] = family.type
            for sample in family.samples:
                key = (sample.name, frozenset(sample.labels.items()))
                self.samples[key] = sample.value

    def value(self, name: str, **labels: str) -> float:
        """The sum of the samples of `name` that carry these labels (PromQL's `sum` over
        the labels not named, e.g. every tenant); 0 when no such series exists yet."""
        wanted = frozenset(labels.items())
        return sum(
            value
            for (sample, have), value in self.samples.items()
            if sample == name and wanted <= have
        )

    def names(self) -> set[str]:
        return {name for name, _ in self.samples}
