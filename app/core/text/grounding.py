"""Whether a sentence of model prose says what its source says, or invents or echoes.

A sentence is rejected when it names a person, number or date that the source does not
contain, uses many words the source does not (invented content), speaks in the first
person, carries a role prefix ("A:", "Dana Whitfield:"), is a template placeholder
("[Speaker's Name]"), or echoes the source verbatim. Meeting summaries and answer prose
both go through these checks: the model may add; nothing depends on it.
"""

from __future__ import annotations

import re

from app.core.text.sentences import rough_sentences

_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)*)\b")
_NUMBER = re.compile(r"\b\d[\d.,:/%-]*\b")
_PREFIX = re.compile(r"^\s*(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,2}(?:\s*\(\d+/\d+\))?"
                     r"|speaker\s*\d*|meeting notes|transcript|summary)\s*:")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|I'll|me|my|we|we're|we've|we'll|our|us)\b",
                           re.I)
_SUMMARY_WORDS = frozenset("""discussed discussion reviewed review agreed decided decision meeting
team participants summary talked noted mentioned presented explained asked suggested proposed
planned confirmed raised concerns concern overall also including about regarding results update
updates plan plans next steps topics topic members group said will would should could their
there they them then than this that these those with from into over after before during while
which where when what were have been being also other another some several various both each
following follows""".split())
UNKNOWN_SHARE = 0.34  # more of a sentence's words than this absent from the note: invented
_PLACEHOLDER = re.compile(r"\[[^\]]*(?:name|event|date|speaker|topic)[^\]]*\]|\{[^}]*\}", re.I)
_COMMON = frozenset(("The", "This", "That", "These", "Those", "It", "They", "We", "He", "She",
                     "A", "An", "In", "On", "At", "For", "To", "And", "But", "So", "Also",
                     "Overall", "Finally", "First", "Then", "After", "Before", "During",
                     "Meeting", "Summary", "Action", "Decision", "Next", "Everyone", "There",
                     "Their", "Our", "Its", "His", "Her", "One", "Both", "All", "Some",
                     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                     "Sunday", "Today", "Tomorrow", "I", "You", "If", "As", "When", "While"))
ECHO_WORDS = 10  # a run of this many words copied from the note is an echo, not a summary


def checked_prose(text: str, source: str) -> tuple[str, int]:
    """The sentences of ``text`` that pass the checks against ``source``, and how many
    were dropped."""
    known_words = known(source)
    source_flat = flat(source)
    kept, dropped = [], 0
    for sentence in rough_sentences(text):
        if fails(sentence, known_words, source_flat):
            dropped += 1
        else:
            kept.append(sentence)
    return " ".join(kept), dropped


def known(source: str) -> set[str]:
    """The words of ``source``, case-folded, for ``fails``."""
    return set(re.findall(r"\w+", source.casefold()))


def fails(sentence: str, known: set[str], source_flat: str,
          allow_first_person: bool = False) -> bool:
    """Whether a sentence of model prose invents or echoes instead of saying what the source
    (given as its ``known`` words and ``flat`` text) says."""
    if _PREFIX.match(sentence) or _PLACEHOLDER.search(sentence):
        return True
    if not allow_first_person and _FIRST_PERSON.search(sentence):
        return True  # the model speaking as a participant, not summarizing
    content = [w for w in re.findall(r"[a-z][a-z'-]{3,}", sentence.casefold())
               if w not in _SUMMARY_WORDS]
    if content and sum(w not in known for w in content) > UNKNOWN_SHARE * len(content):
        return True
    for number in _NUMBER.findall(sentence):
        if not all(f" {part} " in source_flat
                   for part in re.findall(r"[\w']+", number.casefold())):
            return True
    for name in _NAME.findall(sentence):
        words = [w for w in name.split() if w not in _COMMON]
        if words and not all(w.casefold() in known for w in words):
            return True
    words = flat(sentence).split()
    return any(" ".join(words[i:i + ECHO_WORDS]) in source_flat
               for i in range(0, max(0, len(words) - ECHO_WORDS + 1)))


def flat(text: str) -> str:
    """Lower-case words joined by single spaces: punctuation does not hide an echo."""
    return " " + " ".join(re.findall(r"[\w']+", text.casefold())) + " "
