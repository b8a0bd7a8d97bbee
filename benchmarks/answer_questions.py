"""Labeled questions for answers: over resources/sample-notes, tests/data/notes and
tests/data/meetings (``ANSWER_FOLDERS``).

Kinds: "keyword" (the question's strongest signal is a name, code or rare term),
"paraphrase" (the note says it in other words), "broad" (about a whole passage, not one
sentence), "follow-up" (asked after ``previous`` in
the same chat, and meaningless without it), "off-topic" and "sounds-like" (unanswerable:
plainly about something else, or about the library's people and topics but a detail it
does not hold: a company, a decision, a number) and "sample" (the sample
library's questions of ``sample_questions``). ``fact`` is a string the answering sentence
holds; ``file`` the file that holds it.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from benchmarks.sample_questions import SAMPLE_QUESTIONS

REPO = Path(__file__).resolve().parent.parent
ANSWER_FOLDERS = [REPO / "resources" / "sample-notes", REPO / "tests" / "data" / "notes",
                  REPO / "tests" / "data" / "meetings"]


class LabeledQuestion(NamedTuple):
    question: str
    kind: str
    file: str | None = None
    fact: str | None = None
    previous: str | None = None

    @property
    def answerable(self) -> bool:
        return self.file is not None


_KEYWORD = [
    ("What was change request CR-8841?", "incident-2026-02-09-checkout-outage.md", "600 to 60"),
    ("What does error E-17 mean?", "product-spec-sensor-gateway.md", "three intervals"),
    ("What did we decide about PgBouncer?", "2026-03-11-design-review.vtt",
     "rerun the load test"),
    ("What is my Hanseatic Health member number?", "dentist-and-insurance.txt", "HH-55-902-117"),
    ("Who is Kurt Vogel?", "kitchen-renovation.md", "electrician"),
    ("What is quote Q-2291 for?", "kitchen-renovation.md", "7,940"),
    ("What time does LH 2041 leave?", "berlin-conference-trip.md", "19:40"),
    ("What happened to tooth 36?", "dentist-and-insurance.txt", "ceramic inlay"),
    ("How much VW 504 00 oil does the engine take?", "car-maintenance-log.md", "4.7 litres"),
    ("What does Zahn Plus cover?", "dentist-and-insurance.txt", "80 percent"),
]
_PARAPHRASE = [
    ("Is getting my teeth cleaned by a hygienist paid for?", "dentist-and-insurance.txt",
     "120 EUR"),
    ("How long can the greenhouse box keep going when the electricity fails?",
     "product-spec-sensor-gateway.md", "90 seconds"),
    ("How many purchases were lost when people could not pay?",
     "incident-2026-02-09-checkout-outage.md", "3,200"),
    ("What kind of cooktop did we pick for the new kitchen?", "kitchen-renovation.md",
     "induction"),
    ("How often will Lena carry the pager from February on?", "2026-01-15-one-on-one-lena.md",
     "every fourth week"),
    ("How much may each developer spend on events per year?", "2026-01-15-one-on-one-lena.md",
     "1,500 EUR"),
    ("When will the car's brakes need work?", "car-maintenance-log.md", "15,000 km"),
    ("How much can I deduct for working at home?", "tax-return-2025.txt", "828 EUR"),
    ("How far is the venue from where I sleep in Berlin?", "berlin-conference-trip.md",
     "ten-minute walk"),
    ("For how long does the payments service remember a retried request?",
     "payments-api-guide.pdf", "72 hours"),
]
_BROAD = [  # answered by a whole passage more than by one sentence
    ("Describe the Atlas migration plan, its risks and its timeline in detail.",
     "atlas-migration.md", "replication lag"),
    ("Summarize the postmortem of the checkout outage.",
     "incident-2026-02-09-checkout-outage.md", "rate limiter"),
    ("Give me an overview of the kitchen renovation plan.", "kitchen-renovation.md",
     "18,500 EUR"),
]
_FOLLOW_UP = [
    ("Who is writing the rollback runbook?", "When is it due?", "2026-03-04-atlas-weekly.md",
     "2026-03-27"),
    ("What caused the checkout outage?", "How long did it last?",
     "incident-2026-02-09-checkout-outage.md", "47 minutes"),
    ("What did the mechanic replace in September 2025?", "How much did that cost?",
     "car-maintenance-log.md", "1,180 EUR"),
    ("Which cabinets did we order for the kitchen?", "Until when is the quote valid?",
     "kitchen-renovation.md", "31 March"),
    ("When is Lena presenting the relevance evaluation plan?", "Where is she presenting it?",
     "2026-01-15-one-on-one-lena.md", "architecture forum"),
    ("Which hotel am I staying at in Berlin?", "How much is it per night?",
     "berlin-conference-trip.md", "139 EUR"),
    ("When did I get the ceramic inlay?", "How much did I pay for it myself?",
     "dentist-and-insurance.txt", "122.40"),
    ("How is the sensor gateway's firmware updated?", "And how long does it buffer readings?",
     "product-spec-sensor-gateway.md", "72 hours"),
    ("Who will check the supplier invoices?", "By when?", "2026-05-04-platform-sync.vtt",
     "fifteenth"),
    ("What were the kindergarten fees in 2025?", "How much of them can be deducted?",
     "tax-return-2025.txt", "two thirds"),
]
_OFF_TOPIC = [
    "What is the population of Ulaanbaatar?",
    "How do I change a bicycle tyre?",
    "Who won the football match on Saturday?",
    "What is a good recipe for lasagna?",
    "Who painted the Mona Lisa?",
    "How many moons does Jupiter have?",
    "What are the rules of cricket?",
    "How do I reset my iPhone?",
    "What is the best way to learn Japanese?",
    "When was the Eiffel Tower built?",
]
_SOUNDS_LIKE = [  # about the library's people and topics, but not in it
    "What was Quillfeather Analytics' annual revenue in 2023?",
    "Did the TSC decide to adopt the Zephyr build system?",
    "What did the dentist say about my wisdom teeth?",
    "How much did the bathroom renovation cost?",
    "What is Marco's phone number?",
    "What is the password of the office printer?",
    "When does Priya's parental leave start?",
    "What did the garden committee decide about the beehives?",
]

LABELED_QUESTIONS: list[LabeledQuestion] = (
    [LabeledQuestion(q, "keyword", f, fact) for q, f, fact in _KEYWORD]
    + [LabeledQuestion(q, "paraphrase", f, fact) for q, f, fact in _PARAPHRASE]
    + [LabeledQuestion(q, "broad", f, fact) for q, f, fact in _BROAD]
    + [LabeledQuestion(q, "follow-up", f, fact, previous=p) for p, q, f, fact in _FOLLOW_UP]
    + [LabeledQuestion(q, "off-topic") for q in _OFF_TOPIC]
    + [LabeledQuestion(q, "sounds-like") for q in _SOUNDS_LIKE]
    + [LabeledQuestion(s.question, "sample", s.file, s.fact) for s in SAMPLE_QUESTIONS]
)
