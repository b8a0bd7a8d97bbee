"""The sentences of the retrieved passages that answer the question, quoted verbatim.

They lead every answer: the user's own words cannot be wrong about the user's files, and
they are on screen before the model has read its prompt. Candidates are the whole sentences
(``core.sentences``) of every passage the answer was given, and of the passage that follows
the best one in its file (a note states its need in one passage and what met it in the
next, wherever the cut falls); each is scored by its embedding
similarity to the question plus the IDF-weighted share of the question's terms it holds, so
the sentence naming a rare term ("PgBouncer", "QX7R2M") competes even when its embedding is
blurred, and the passage's rank breaks near-ties. A question asking "how much" or "when"
is answered by a sentence holding a number or a date. The same scores feed the gate.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.answers.answer import Evidence
from app.core.answers.gate import DEFAULT, coverage, expected_type, has_type, passage_words
from app.core.ports import Embedder
from app.core.text import attributed_sentences, fold
from app.core.types import Hit

# Calibrated on benchmarks/answers.py's labeled questions ("fact in the first sentence").
RANK_WEIGHT = 0.02      # per place the sentence's passage is ranked below the first
SECOND_WITHIN = 0.08    # a second sentence is quoted when it scores this close to the best
MAX_EMBEDDED = 48       # bounds the embedding work of one answer (about 0.3 s on 2 cores)
# A passage read because it follows a found one in its file ranks this many places below
# it; chosen on the dev questions of ../shared/eval (benchmarks/real_answers.py).
FOLLOWING_RANK = 2
TRANSCRIPT_TYPES = ("vtt", "srt")
# A question asking how to do something (or which command, option or setting does it) is
# answered by a command more often than by prose about it.
_HOW_QUESTION = re.compile(r"\b(?:how (?:do|can|should|would|did) (?:i|you|we|one|he|she|they|"
                           r"simon)|how to|which (?:\w+ )?(?:command|option|flag|setting)|"
                           r"what (?:\w+ )?(?:command|option|flag|setting|goes))\b", re.I)
_COMMAND = re.compile(r"`[^`]+`")
# A question after the way past a problem, not only its cause.
_FIX_QUESTION = re.compile(rf"{_HOW_QUESTION.pattern}|\b(?:fix|fixed|get around|work around|"
                           r"workaround|solve|solution|get (?:it|this|that|the \w+) to)\b",
                           re.I)
# Sentences that state the need or the problem rather than what solved it; the notes the
# questions are asked of restate the question there ("I wanted to ...", "I kept getting").
_INTENT = re.compile(r"^(?:(?:so |but |then )?i (?:wanted|needed|was trying|tried|had|kept|"
                     r"was getting|got this|ran into|made the mistake|noticed)|(?:the|my) (?:first "
                     r")?(?:problem|attempt|issue)|this attempt|i was having|on \w+,? i was "
                     r"getting|while \w+ing\b.*\bi noticed)\b|didn't (?:quite )?work\b|"
                     r"\bthe following (?:surprising )?(?:result|error|exception|output)\b", re.I)

# Sentences that report what solved it or what was learned: where a note's answer stands
# after its statement of the need ("It turns out ...", "The fix was ...", "I fixed it by
# ...", "There's one catch: you need to ...", "Today I learned that ...").
_RESOLUTION = re.compile(r"\b(?:it )?turn(?:s|ed) out\b|\bthe (?:fix|solution|answer|trick|"
                         r"workaround|catch|key|secret|cause|culprit|problem) (?:is|was)\b|"
                         r"\b(?:i|we) (?:fixed|solved|resolved|worked around|figured out|found "
                         r"that|realized|learned|discovered)\b|\bto (?:fix|solve|avoid) "
                         r"(?:this|it|that)\b|\bone catch\b|\b(?:did|does) the trick\b|"
                         r"\btoday i learned\b|\bthe following (?:works|worked|does)\b|"
                         r"\bso the following\b|\binstead,? (?:you|i|we) (?:can|could|need|"
                         r"should)\b|\byou (?:need|have) to\b", re.I)


# Of those, the ones that report the way past the problem (not its cause: "it turns out",
# "I realized" explain; "the fix was", "I fixed it by" solve).
_FIX = re.compile(r"\bthe (?:fix|solution|trick|workaround) (?:is|was)\b|\b(?:i|we) (?:fixed|"
                  r"solved|resolved|worked around)\b|\bto (?:fix|solve|avoid) (?:this|it|that)\b|"
                  r"\b(?:did|does) the trick\b|\binstead,? (?:you|i|we) (?:can|could|need|"
                  r"should)\b|\bone catch\b", re.I)


@dataclass(frozen=True)
class AnswerWeights:
    """How much a sentence's answer-ness counts beside its similarity to the question;
    chosen on the dev questions of ../shared/eval's notes and minutes
    (``benchmarks/evidence_weights.py``: the labeled fact in the first quote 13/28, from
    5/28 without them and 9/28 before ``resolution``; in the quotes 14/28, from 7/28 and
    11/28)."""

    context: float = 0.5   # share of the previous sentence's lead in similarity it inherits
    command: float = 0.3   # for a command, when the question asks how to do something
    intent: float = 0.2    # taken from a sentence stating the need or problem
    resolution: float = 0.2  # for a sentence reporting what solved it (``_RESOLUTION``)


ANSWER_WEIGHTS = AnswerWeights()

# A sentence opening like this continues the one before it.
_REFERS_BACK = re.compile(r"(?:It|Its|It's|This|That|These|Those|They|Their|Them|He|His|She"
                          r"|Her|There|Then|So|Both|Each|Which)\b")


@dataclass(frozen=True)
class _Candidate:
    n: int
    sentence: str
    keyword: float
    speaker: str | None = None
    position: int = 0  # of the sentence in its passage, or in the passage it continues
    rank: int = 1  # of its passage in the search
    chain: int = 0  # the passage it stands in, or the one its passage continues

    @property
    def scored_text(self) -> str:
        """What is compared with the question: the label or speaker belongs to it."""
        return f"{self.speaker}: {self.sentence}" if self.speaker else self.sentence


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence of passage ``n`` with its signals."""

    n: int
    sentence: str
    cosine: float
    keyword: float
    score: float
    typed: bool  # holds the kind of answer the question asks for (a number, a date)
    speaker: str | None = None
    position: int = 0
    relevance: float = 0.0  # the score without answer-ness: what the gate judges
    chain: int = 0  # the passage whose sentences it continues (its own ``n`` by default)

    def follows(self, other: ScoredSentence) -> bool:
        """Whether it is the sentence right after ``other`` in their file."""
        return ((self.chain or self.n) == (other.chain or other.n)
                and self.position == other.position + 1)


def candidates(passages: Sequence[Hit], weights: Mapping[str, float],
               follows: Mapping[int, int] | None = None) -> list[_Candidate]:
    """Every distinct sentence of the passages, with its keyword coverage; the sentences
    holding question terms first, then by their passage's rank, at most ``MAX_EMBEDDED``.

    ``follows`` maps a passage added after the search (``Retriever.following``) to the
    one it continues: its sentences continue that one's places and rank just below it."""
    follows = follows or {}
    found: list[_Candidate] = []
    placed: dict[str, tuple[int, int]] = {}  # folded sentence -> (chain, position)
    ends: dict[int, int] = {}  # chain -> the position after its last sentence
    for n, hit in enumerate(passages, 1):
        chain = follows.get(n, n)
        rank = chain + FOLLOWING_RANK if n in follows else n
        start = ends.get(chain, 0)
        turns = hit.file_type in TRANSCRIPT_TYPES or bool(hit.speaker)
        sentences = attributed_sentences(hit.text, turns)
        for i, (speaker, sentence) in enumerate(sentences):
            key = fold(sentence)
            if key in placed:  # passages overlap: align the places with the earlier one
                if placed[key][0] == chain:
                    start = placed[key][1] - i
                continue
            placed[key] = (chain, start + i)
            whole = f"{speaker}: {sentence}" if speaker else sentence
            found.append(_Candidate(n, sentence, coverage(weights, passage_words(whole)),
                                    speaker, start + i, rank, chain))
        ends[chain] = max(ends.get(chain, 0), start + len(sentences))
    order = sorted(range(len(found)), key=lambda i: (-(found[i].keyword > 0), found[i].rank,
                                                     found[i].n, i))
    return [found[i] for i in sorted(order[:MAX_EMBEDDED])]


def score_sentences(question: str, query_vector: Sequence[float], passages: Sequence[Hit],
                    weights: Mapping[str, float], embedder: Embedder,
                    keyword_weight: float | None = None,
                    answer: AnswerWeights = ANSWER_WEIGHTS,
                    follows: Mapping[int, int] | None = None) -> list[ScoredSentence]:
    """The passages' sentences, best first: cosine + ``keyword_weight`` * keyword coverage,
    less a little per rank of their passage, plus what makes a sentence an answer rather
    than a restatement of the question (``AnswerWeights``): the sentence after one that
    matches the question inherits part of its lead (notes state the need, then what met
    it), a command counts for a how-to question, a statement of the need or the problem
    counts less, a report of what solved it more. Each is marked whether it is of the
    answer type the question expects. ``follows``: see ``candidates``."""
    pool = candidates(passages, weights, follows)
    if not pool:
        return []
    keyword_weight = DEFAULT.keyword_weight if keyword_weight is None else keyword_weight
    kind = expected_type(question)
    how = bool(_HOW_QUESTION.search(question))
    vectors = embedder.embed([c.scored_text for c in pool])
    cosines = [sum(a * b for a, b in zip(query_vector, vector, strict=True))
               for vector in vectors]
    before = {(c.chain, c.position): cos for c, cos in zip(pool, cosines, strict=True)}
    scored = []
    for c, cosine in zip(pool, cosines, strict=True):
        previous = before.get((c.chain, c.position - 1))
        lead = max(0.0, previous - cosine) if previous is not None else 0.0
        relevance = cosine + keyword_weight * c.keyword - RANK_WEIGHT * (c.rank - 1)
        score = (relevance + answer.context * lead
                 + (answer.command if how and _COMMAND.search(c.sentence) else 0.0)
                 - (answer.intent if _INTENT.search(c.sentence) else 0.0)
                 + (answer.resolution if _RESOLUTION.search(c.sentence) else 0.0))
        scored.append(ScoredSentence(c.n, c.sentence, round(cosine, 4), round(c.keyword, 4),
                                     round(score, 4), has_type(c.scored_text, kind),
                                     c.speaker, c.position, round(relevance, 4), c.chain))
    scored.sort(key=lambda s: -s.score)
    return scored


def best_score(scored: Sequence[ScoredSentence]) -> float:
    """The relevance of the best sentence of the expected answer type (0 when none is):
    whether the library holds an answer is judged on similarity, not on answer-ness."""
    return max((s.relevance for s in scored if s.typed), default=0.0)


def pick_evidence(scored: Sequence[ScoredSentence], limit: int = 2,
                  question: str = "") -> list[Evidence]:
    """The best sentence of the expected answer type; then the sentence that continues it
    ("The guest network is called Lighthouse-Guest." + "Its password is ...", "I realized
    this was because ..." + "The fix was to ..."), or else the
    next ones that score nearly as well (at most ``limit``). When ``question`` asks how to
    get past a problem, a fix that follows the best sentence is quoted first: it is what
    was asked, the cause is its context."""
    typed = [s for s in scored if s.typed]
    if not typed:
        return []
    best = typed[0]
    chosen = [best]
    following = next((s for s in scored if s.follows(best)), None)
    if limit > 1 and following is not None and (_REFERS_BACK.match(following.sentence)
                                                 or _RESOLUTION.search(following.sentence)):
        chosen.append(following)
    chosen += [s for s in typed[1:limit] if s.score >= best.score - SECOND_WITHIN]
    chosen = list(dict.fromkeys(chosen))[:limit]
    fixes = [s for s in chosen if _FIX.search(s.sentence)]
    if _FIX_QUESTION.search(question) and fixes and fixes[0] is not chosen[0]:
        chosen = [fixes[0]] + [s for s in chosen if s is not fixes[0]]
    return [Evidence(s.n, s.sentence, s.score, s.speaker) for s in chosen]
