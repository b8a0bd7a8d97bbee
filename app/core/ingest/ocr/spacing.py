"""Put back the spaces an OCR engine dropped between words.

The PP-OCR recognizer that ships inside a pip wheel was trained mostly on Chinese, where
there are no spaces: on English print it often returns "yourmeterreadingon14March" (in
benchmarks/ocr.py about a third of the lines of small print). Such a line cannot be found
by its words. The repair is applied only to lines that are plainly merged (long runs
without a space) and only where the result is made of known words:

1. a space after ``, ; :`` and after a sentence's full stop before a capital;
2. between a lowercase and a capital letter ("WaterCompany"), and between letters and
   digits ("March2026was") inside long tokens;
3. letter runs split by dynamic programming into the most likely sequence of words (costs
   from word frequency rank, as Zipf's law gives them; an unknown word costs more per
   letter, a rare short word is taken for a fragment), keeping a split only when at least
   half of the letters are known words and it is not shreds (one piece per four letters);
   short capitalized runs are names ("Okafor") and are left alone, as are other languages
   when no known words fit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

MERGED_LINE = 14  # a line is "merged" when its longest token has at least this many chars
MIN_RUN = 5  # letter runs shorter than this are left alone
NAME_LENGTH = 10  # a capitalized run shorter than this is taken for a name ("Okafor")
SPLIT_COST = 1.0  # each extra word costs this much: "invoice", not "in voice"
RARE_COST, RARE_FRAGMENT = 11.0, 5.0
LETTERS_PER_WORD = 4  # a split may have at most 1 + len(run) // 4 pieces
_SKIP = re.compile(r"@|://|www\.|\\|/")  # addresses, URLs and paths keep their shape
_PUNCT = re.compile(r"(?<=[A-Za-z])([,;:])(?=[A-Za-z])|(?<=[A-Za-z][a-z])(\.)(?=[A-Z])")
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
_DIGIT_AFTER_LETTERS = re.compile(r"(?<=[A-Za-z]{2})(?=\d)")
_LETTERS_AFTER_DIGIT = re.compile(r"(?<=\d)(?=[A-Za-z]{2,})(?!(?:st|nd|rd|th|am|pm|s)\b)")
_RUN = re.compile(r"[A-Za-z]+")
SHORT_WORDS = frozenset("a i am an as at be by do go he if in is it me my no of oh ok on or "
                        "so to up us we".split())


class WordSpacer:
    """Repairs merged lines with a word list ordered from most to least frequent."""

    def __init__(self, words: Iterable[str]) -> None:
        ranked = [w for w in dict.fromkeys(w.lower() for w in words) if w.isalpha()]
        scale = math.log(max(2, len(ranked)))
        self.costs = {w: math.log((rank + 1) * scale) for rank, w in enumerate(ranked)}
        self.longest = max((len(w) for w in ranked), default=1)
        self.unknown = max(self.costs.values(), default=0.0) + 1.0
        self._split = lru_cache(maxsize=4096)(self._segment)

    def __call__(self, line: str) -> str:
        tokens = line.split()
        if not tokens or max(len(t) for t in tokens) < MERGED_LINE:
            return line
        return " ".join(self._token(t) if len(t) >= MIN_RUN and not _SKIP.search(t) else t
                        for t in tokens)

    def _token(self, token: str) -> str:
        token = _PUNCT.sub(lambda m: (m.group(1) or m.group(2)) + " ", token)
        token = _CAMEL.sub(" ", token)
        token = _DIGIT_AFTER_LETTERS.sub(" ", token)
        token = _LETTERS_AFTER_DIGIT.sub(" ", token)
        return _RUN.sub(lambda m: self._run(m.group(0)), token)

    def _run(self, run: str) -> str:
        lower = run.lower()
        if len(run) < MIN_RUN or lower in self.costs or not run[1:].islower():
            return run
        if run[0].isupper() and len(run) < NAME_LENGTH:
            return run
        pieces = self._split(lower)
        if not pieces or len(pieces) > 1 + len(run) // LETTERS_PER_WORD:
            return run  # no known words, or shreds ("lorem ipsum" -> "lore mi ps um")
        out, at = [], 0
        for piece in pieces:  # keep the original letters' case
            out.append(run[at:at + len(piece)])
            at += len(piece)
        return " ".join(out)

    def _segment(self, text: str) -> tuple[str, ...] | None:
        """The cheapest split of ``text`` into words, None when it is no split at all.

        Known words cost their Zipf cost; a piece of one or two letters must be a common
        function word ("of", "a"), so unknown words are not shredded into "sp res so"; an
        unknown piece of 3+ letters costs more than the rarest known word, so it is chosen
        only where nothing known fits ("descaling of the espresso machine")."""
        best: list[tuple[float, int]] = [(0.0, 0)] + [(math.inf, 0)] * len(text)
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - max(self.longest, 24)), end):
                word = text[start:end]
                total = best[start][0] + self._cost(word) + (SPLIT_COST if start else 0.0)
                if total < best[end][0]:
                    best[end] = (total, start)
        pieces, end = [], len(text)
        while end > 0:
            start = best[end][1]
            pieces.append(text[start:end])
            end = start
        pieces.reverse()
        known = sum(len(p) for p in pieces if p in self.costs)
        if len(pieces) < 2 or math.isinf(best[-1][0]) or known < len(text) / 2:
            return None
        return tuple(pieces)

    def _cost(self, word: str) -> float:
        if len(word) <= 2:
            return self.costs.get(word, math.inf) if word in SHORT_WORDS else math.inf
        known = self.costs.get(word)
        if known is None:
            return self.unknown + 2.3 * len(word)
        # a rare short word is more often a fragment of an unknown one ("desc a ling")
        return known + RARE_FRAGMENT if len(word) <= 4 and known > RARE_COST else known
