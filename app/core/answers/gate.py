"""Whether the library holds an answer at all, from every retrieval signal, not one cosine.

A cosine threshold on whole passages refuses questions whose strongest signal is a rare
word, a name or a code ("what did we decide about PgBouncer?") and accepts questions that
merely sound like the library ("what was Quillfeather Analytics' revenue?"). The gate
looks at the sentences of the retrieved passages instead (``core.evidence`` scores them):

- the best sentence's score: its embedding similarity to the question plus the
  IDF-weighted share of the question's terms it holds (rare terms weigh most, so the one
  sentence naming "PgBouncer" answers that question even where the embedding blurs it);
  or, for a broad question no single sentence answers, the best passage's cosine; or a
  "quoted phrase" of the question standing verbatim in a passage;
- the expected answer type: a "how much / how long / when" question needs a sentence with
  a number or a date, so "how much did the bathroom cost?" is not answered by a sentence
  that merely mentions the bathroom;
- names, codes and numbers of the question that no passage of the whole library contains
  weigh fully in the share the sentence must cover, so "what was Quillfeather Analytics'
  revenue?" finds no close sentence; they are reported (``unknown_names``) and said when
  nothing is found. They are not a veto on their own: in real technical text a question
  often spells a name differently from the paper (22% of SciFact claims whose abstract was
  in the library were refused by such a veto).

The thresholds (``Thresholds``) are calibrated on labeled answerable and unanswerable
questions (``benchmarks/answer_gate.py`` prints both error rates for each candidate).
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.storage import content_terms
from app.core.text import fold

# Words of a question that say what is asked, not about what; they are not evidence.
QUESTION_WORDS = frozenset("""about after again all also any anything anyone before can could
did does done doing each else ever find found get give got happen happened happens know latest
many me much must my need needs say said says should show someone something tell than then
thing things us use used want way ways were what whats when whens where which while who whos
whose why would yes not no more most other others one ones""".split())


@dataclass(frozen=True)
class Thresholds:
    """Where the gate says "found"; calibrated by benchmarks/answer_gate.py on labeled
    answerable and unanswerable questions (its docstring has the figures)."""

    min_score: float = 0.4         # the best sentence's cosine + keyword_weight * coverage
    min_passage_cosine: float = 0.5  # or a whole passage this close: a broad question
    # ("describe the migration plan, its risks and timeline") matches no single sentence
    keyword_weight: float = 0.5
    unknown_weight: float = 1.0    # a question word no passage holds weighs this share of
    # its IDF (below 1: paraphrases use other words than the note; measured no better)
    idf_power: float = 1.0         # weights are IDF ** this: above 1 the rarest term leads
    # a sentence this close answers although a name of the question is absent (real
    # questions spell names differently: "dLNs"); below it, the absent name decides
    name_override: float = 0.65


DEFAULT = Thresholds()


@dataclass(frozen=True)
class GateSignals:
    """What the gate saw and decided, reported in ``ask --json`` as ``"gate"``."""

    found: bool
    reason: str
    cosine: float = 0.0           # the best passage's
    score: float = 0.0            # the best sentence's (of the expected answer type)
    expected: str | None = None   # "number", "time" or None
    terms: tuple[str, ...] = ()
    unknown_names: tuple[str, ...] = ()



def question_terms(question: str) -> list[str]:
    """The question's content terms, folded, without stop and question words."""
    return [t for t in content_terms(fold(question))
            if t not in QUESTION_WORDS and (len(t) > 1 or t.isdigit())]


def name_like(question: str) -> set[str]:
    """Folded words of the question that name something: capitalized after the first word,
    with inner capitals (PgBouncer), digits (QX7R2M, 2023) or an underscore (a code
    identifier: post_save, sort_dicts)."""
    names = set()
    for position, match in enumerate(re.finditer(r"\w+", question)):
        word = match.group()
        if any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:]) or (
                position > 0 and word[0].isupper()) or "_" in word.strip("_"):
            names.add(fold(word))
    return names - QUESTION_WORDS - CALENDAR_WORDS


# Month and day names are written capitalized but name a time, not a thing the files must
# hold ("the 11 March 2026 meeting": the meeting's date is in its metadata, not its text)
CALENDAR_WORDS = {fold(n) for n in (*calendar.month_name, *calendar.month_abbr,
                                    *calendar.day_name, *calendar.day_abbr) if n} | {"sept"}


def idf(df: int, total: int) -> float:
    """BM25's inverse document frequency; a word the library never holds weighs most."""
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


def passage_words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold(text)))


def term_weights(terms: Sequence[str], frequencies: Mapping[str, int],
                 total: int) -> dict[str, float]:
    return {t: idf(frequencies.get(t, 0), max(total, 1)) for t in terms}


def coverage(weights: Mapping[str, float], words: set[str]) -> float:
    """The share of the question's IDF weight whose terms occur in ``words``."""
    whole = sum(weights.values())
    return sum(w for t, w in weights.items() if t in words) / whole if whole else 0.0


def gate_weights(terms: Sequence[str], counts: Mapping[str, int], total: int,
                 thresholds: Thresholds = DEFAULT) -> dict[str, float]:
    """IDF ** ``idf_power`` weights, those of words the library never holds scaled by
    ``unknown_weight``."""
    weights = term_weights(terms, counts, total)
    return {t: w ** thresholds.idf_power
            * (thresholds.unknown_weight if counts.get(t, 0) == 0 else 1.0)
            for t, w in weights.items()}


_NUMBER_QUESTION = re.compile(
    r"\bhow\s+(?:much|many|long|far|often|old|big|large|high|tall|heavy|fast|soon)\b"
    r"|\b(?:what|which)\s+(?:time|year|percentage|price|amount|size|number)\b"
    r"|\b(?:phone|telephone|mobile)\s+number\b", re.I)
_TIME_QUESTION = re.compile(r"^\s*(?:and\s+)?(?:when|until when|by when|since when)\b"
                            r"|\b(?:what|which)\s+(?:date|day|month|week)\b", re.I)
_MONTHS = ("january february march april may june july august september october november "
           "december jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday "
           "thursday friday saturday sunday today tomorrow tonight yesterday week weeks month "
           "months year years quarter morning afternoon evening night noon midnight weekend "
           "end first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
           "twelfth thirteenth fourteenth fifteenth twentieth thirtieth soon later next")
_TIME_WORDS = frozenset(_MONTHS.split())
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
fifteen twenty thirty forty fifty hundred thousand million billion half quarter third thirds
dozen double twice once percent""".split())


def expected_type(question: str) -> str | None:
    """The kind of answer a question asks for: "number", "time", or None (anything)."""
    if _TIME_QUESTION.search(question):
        return "time"
    if _NUMBER_QUESTION.search(question):
        return "number"
    return None


def has_type(sentence: str, kind: str | None) -> bool:
    """Whether ``sentence`` can answer a question expecting ``kind``."""
    if kind is None:
        return True
    if any(c.isdigit() for c in sentence):
        return True
    words = set(re.findall(r"[a-z]+", sentence.casefold()))
    return bool(words & (_TIME_WORDS if kind == "time" else _NUMBER_WORDS | _TIME_WORDS))


def judge(question: str, best_score: float, cosine: float, terms: Sequence[str],
          counts: Mapping[str, int], thresholds: Thresholds = DEFAULT,
          phrase_held: bool = False) -> GateSignals:
    """Whether the retrieved passages hold an answer to ``question``, and why.

    ``best_score``: the best sentence of the expected answer type (``core.evidence``);
    ``cosine``: the best passage's; ``counts``: how many passages hold each of ``terms``;
    ``phrase_held``: a passage holds the question's "quoted phrase" verbatim."""
    # A name or code the question asks about that no passage of the library holds ("Renovate",
    # "QUIC") means the library is not about it, unless a sentence matches very closely; a
    # number is not a name (an example value, "a number like 179119").
    unknown = tuple(t for t in terms if counts.get(t, 0) == 0 and t in name_like(question)
                    and not t.isdigit())
    expected = expected_type(question)

    def decided(found: bool, reason: str) -> GateSignals:
        return GateSignals(found, reason, cosine=round(cosine, 4), score=round(best_score, 4),
                           expected=expected, terms=tuple(terms), unknown_names=unknown)

    if unknown and best_score < thresholds.name_override:
        return decided(False, f"your files never mention {', '.join(unknown)}")
    if best_score >= thresholds.min_score:
        return decided(True, "a sentence of your files answers it")
    if phrase_held and best_score > 0:
        return decided(True, "a passage holds the quoted words")
    if cosine >= thresholds.min_passage_cosine and best_score > 0:
        return decided(True, "a passage of your files is about it")
    if expected and best_score > 0:
        return decided(False, f"no close sentence holds a {expected}")
    return decided(False, "no sentence of your files is close enough")
