"""The library's search, as one object the Library and the assistant both hold.

It owns what a search needs (the store and embedder providers, the keyword index, the link
rule) so that the assistant asks it directly instead of calling back into the Library, and
takes a query already parsed: a question is parsed once, with the caller's filter merged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from app.core.files import LinkRule
from app.core.filters import SearchFilter
from app.core.paths import absolute
from app.core.ports import Embedder, VectorStore
from app.core.search.query import ParsedQuery, parse_query
from app.core.search.retrieval import search, to_hit
from app.core.storage import KeywordIndex
from app.core.types import Hit, SearchMode


class Retriever:
    """Passages for a query, best first, never one the link rule refuses."""

    def __init__(self, store: Callable[[], VectorStore], embedder: Callable[[], Embedder],
                 keywords: KeywordIndex, links: Callable[[], LinkRule]) -> None:
        self._store = store
        self._embedder = embedder
        self._keywords = keywords
        self._links = links

    @staticmethod
    def parse(query: str, search_filter: SearchFilter | None = None) -> ParsedQuery:
        """``query`` in the search syntax of ``search.query``; fields written in it override
        ``search_filter`` (the caller's controls); ``in:`` made absolute."""
        parsed = parse_query(query, search_filter)
        return replace(parsed, inside=absolute(parsed.inside)) if parsed.inside else parsed

    def search(self, query: ParsedQuery, k: int = 5, mode: SearchMode = "hybrid",
               query_vector: Sequence[float] | None = None) -> list[Hit]:
        hits = search(self._store(), self._embedder(), self._keywords, query, k, mode,
                      query_vector)
        # an index made before the link rule may hold files it refuses: only a hit that is
        # a link can be one (older versions never followed folder links), so a search pays
        # one lstat per hit, and the rule's resolution only for links
        linked = [hit for hit in hits if os.path.islink(hit.path)]
        if not linked:
            return hits
        links = self._links()
        refused = {hit.chunk_id for hit in linked if links.refusal(hit.path) is not None}
        return [hit for hit in hits if hit.chunk_id not in refused]

    def following(self, hits: Sequence[Hit]) -> list[Hit]:
        """The passage that follows each of ``hits`` in its file, where it is not among
        them: a note states its need in one passage and what met it in the next, and the
        cut between passages falls where it falls ("There's one catch though: ...")."""
        have = {hit.chunk_id for hit in hits}
        wanted = []
        for hit in hits:
            file_id, _, index = hit.chunk_id.partition(":")
            following = f"{file_id}:{int(index) + 1}" if index.isdigit() else ""
            if following and following not in have:
                have.add(following)
                wanted.append(following)
        if not wanted:
            return []
        found = {chunk.id: chunk for chunk in self._store().get(wanted)}
        return [to_hit(found[i], score=0.0) for i in wanted if i in found]

    def frequencies(self, terms: Sequence[str]) -> Mapping[str, int]:
        """How many passages hold each term (the answer gate's rarity weights)."""
        return self._keywords.document_frequencies(terms)

    def passage_count(self) -> int:
        return self._keywords.size()
