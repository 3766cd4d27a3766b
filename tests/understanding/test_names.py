"""The name index's lists of one kind, as the local brain reads the CRM's stages."""

from __future__ import annotations

from daniel.understanding.names import Named, NameIndex, name_tokens


def _stage(record_id: int, name: str, sequence: int) -> Named:
    return Named("stage", record_id, name, name_tokens(name), {"sequence": sequence})


def test_stages_come_in_the_crms_order_not_the_order_they_were_created() -> None:
    index = NameIndex.of(
        [
            _stage(1, "Prospecting", 1),
            _stage(2, "Closed Won", 70),
            _stage(3, "Discovery", 2),  # added later, placed second in the pipeline
            _stage(4, "Negotiation", 4),
            _stage(5, "Proposal Sent", 4),  # same place as Negotiation: the older one first
            Named("partner", 6, "Discovery Bay Ltd", name_tokens("Discovery Bay Ltd")),
        ]
    )
    assert index.names_of("stage") == (
        "Prospecting",
        "Discovery",
        "Negotiation",
        "Proposal Sent",
        "Closed Won",
    )
