"""Chunks never exceed the embedder's own token limit and keep exact provenance."""

from __future__ import annotations

import pytest

from app.core.ingest.chunking import ChunkLimits, chunk_document
from app.core.ingest.markdown import MarkdownParser
from app.core.ingest.plaintext import TextParser
from app.core.types import Block, Document

pytestmark = pytest.mark.slow


def chunks_for(doc, embedder, target=200):
    limits = ChunkLimits(embedder.max_tokens, target)
    return chunk_document(doc, embedder.count_tokens, embedder.token_offsets, limits)


def test_long_paragraph_is_split_within_the_model_limit(tmp_path, real_embedder):
    sentence = "The quarterly report on the Zürich office’s photovoltaic retrofit was late again. "
    text = "Intro line one.\nIntro line two.\n\n" + sentence * 120 + "\n\nClosing line.\n"
    path = tmp_path / "long.txt"
    path.write_text(text)
    chunks = chunks_for(TextParser().parse(path), real_embedder)
    assert len(chunks) > 5
    for chunk in chunks:
        assert real_embedder.count_tokens(chunk.embed_text) <= real_embedder.max_tokens
        assert text[chunk.char_start:chunk.char_end] == chunk.text
    joined = " ".join(c.text for c in chunks)
    assert joined.split() == text.split()  # nothing lost, nothing duplicated
    assert all(c.text.endswith(".") for c in chunks)  # cut at sentence ends


def test_one_enormous_word_is_still_bounded(real_embedder):
    blob = "x" * 5000 + " " + "QX7R2M-" * 800
    doc = Document(path=None, file_type="txt", blocks=[Block(text=blob, line_start=1,
                                                             line_end=1)])
    chunks = chunks_for(doc, real_embedder)
    assert all(real_embedder.count_tokens(c.embed_text) <= real_embedder.max_tokens
               for c in chunks)
    assert "".join(c.text.replace(" ", "") for c in chunks) == blob.replace(" ", "")


def test_long_heading_counts_against_the_limit(real_embedder):
    heading = "Very long heading " * 60
    body = "word " * 400
    doc = Document(path=None, file_type="md", blocks=[Block(text=body, heading=heading)])
    for chunk in chunks_for(doc, real_embedder):
        assert real_embedder.count_tokens(chunk.embed_text) <= real_embedder.max_tokens


def test_small_paragraphs_merge_within_a_section_only(tmp_path, real_embedder):
    text = "# A\n\none.\n\ntwo.\n\n# B\n\nthree.\n"
    path = tmp_path / "n.md"
    path.write_text(text)
    chunks = chunks_for(MarkdownParser().parse(path), real_embedder)
    assert [(c.heading, c.text) for c in chunks] == [("A", "one.\n\ntwo."), ("B", "three.")]
    assert [(c.line_start, c.line_end) for c in chunks] == [(3, 5), (9, 9)]
    assert [c.index for c in chunks] == [0, 1]


def test_line_ranges_of_split_pieces(tmp_path, real_embedder):
    lines = [f"Line {n} of the meeting log talks about item {n} in some detail." for n in
             range(1, 200)]
    text = "\n".join(lines) + "\n"
    path = tmp_path / "log.txt"
    path.write_text(text)
    chunks = chunks_for(TextParser().parse(path), real_embedder, target=100)
    assert len(chunks) > 3
    for chunk in chunks:
        span = "\n".join(lines[chunk.line_start - 1: chunk.line_end])
        assert chunk.text in span
        assert span.startswith(chunk.text[:20]) and span.endswith(chunk.text[-20:])
