"""Markdown structure: front matter, heading paths, fences, and exact provenance."""

from __future__ import annotations

from app.core.ingest.markdown import MarkdownParser

NOTE = """---
title: Garden plan
tags: [garden, spring]
---

# Garden

Intro paragraph.

## Beds
Tomatoes go in bed one.
Peppers in bed two.

```python
# not a heading

still code
```

Setext heading
--------------

Under the setext heading.

### Soil #

Compost in March.
"""


def test_front_matter_title_and_meta(tmp_path):
    path = tmp_path / "garden.md"
    path.write_text(NOTE)
    doc = MarkdownParser().parse(path)
    assert doc.title == "Garden plan"
    assert doc.meta["tags"] == "garden, spring"


def test_heading_paths_and_fences(tmp_path):
    path = tmp_path / "garden.md"
    path.write_text(NOTE)
    blocks = MarkdownParser().parse(path).blocks
    by_text = {b.text.split("\n")[0]: b.heading for b in blocks}
    assert by_text["Intro paragraph."] == "Garden"
    assert by_text["Tomatoes go in bed one."] == "Garden > Beds"
    assert by_text["```python"] == "Garden > Beds"
    assert by_text["Under the setext heading."] == "Garden > Setext heading"
    assert by_text["Compost in March."] == "Garden > Setext heading > Soil"
    code = next(b for b in blocks if b.text.startswith("```"))
    assert "still code" in code.text  # the blank line inside the fence does not split it


def test_lines_and_offsets_point_at_the_text(tmp_path):
    path = tmp_path / "garden.md"
    path.write_text(NOTE)
    lines = NOTE.split("\n")
    for block in MarkdownParser().parse(path).blocks:
        assert NOTE[block.char_start:block.char_end] == block.text
        span = "\n".join(lines[block.line_start - 1: block.line_end])
        assert span.strip() == block.text
