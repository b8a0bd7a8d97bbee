"""Natural questions about resources/sample-notes: the file that answers each, and the fact.

Used by the CLI tests (right file first) and by benchmarks/answers.py (answer accuracy).
"""

from __future__ import annotations

from typing import NamedTuple


class SampleQuestion(NamedTuple):
    question: str
    file: str
    fact: str  # a string the answering passage holds


SAMPLE_QUESTIONS = [
    SampleQuestion("How long are idempotency keys kept?", "payments-api-guide.pdf", "72 hours"),
    SampleQuestion("What happens when I exceed the API rate limit?", "payments-api-guide.pdf",
                   "429"),
    SampleQuestion("When is the database cutover?", "atlas-migration.md", "18 April"),
    SampleQuestion("What is the biggest risk of the migration?", "atlas-migration.md",
                   "replication lag"),
    SampleQuestion("Who is writing the rollback runbook?", "2026-03-04-atlas-weekly.md", "Priya"),
    SampleQuestion("How will the new orders path be rolled out?", "2026-03-04-atlas-weekly.md",
                   "percentage"),
    SampleQuestion("What is the guest wifi password?", "home-network.docx", "amber-otter-42"),
    SampleQuestion("Which IP address does the NAS have?", "home-network.docx", "192.168.178.20"),
    SampleQuestion("How long should the dough proof in the fridge?", "sourdough.html",
                   "12 to 16 hours"),
    SampleQuestion("What did the load test show about latency?", "2026-03-11-design-review.vtt",
                   "180 milliseconds"),
    SampleQuestion("Which customer complained about the invoice CSV export?",
                   "2026-02-20-customer-call.srt", "Jonas Berg"),
    SampleQuestion("Which tram goes through the narrow streets of Lisbon?",
                   "reisenotizen-lissabon.txt", "28"),
    SampleQuestion("book about why accidents in complex systems happen", "reading-list.txt",
                   "How Complex Systems Fail"),
]
