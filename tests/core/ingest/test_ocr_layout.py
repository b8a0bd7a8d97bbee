"""Reading order of OCR lines: columns, paragraphs and form rows from the engine's boxes."""

from __future__ import annotations

import random

from app.core.ingest.ocr.layout import page_lines, paragraphs
from app.core.types import OcrLine


def box(text: str, x: float, y: float, width: float = 300, height: float = 30) -> OcrLine:
    return OcrLine(text, (x, y, x + width, y + height))


def test_two_columns_under_a_title_are_read_column_by_column():
    lines = [box("Quarterly newsletter", 100, 50, width=700)]
    for i in range(4):  # the engine returns rows across both columns, top to bottom
        lines.append(box(f"left {i}", 100, 150 + 40 * i))
        lines.append(box(f"right {i}", 600, 150 + 40 * i))
    lines.append(box("left after gap", 100, 150 + 40 * 4 + 60))
    random.Random(3).shuffle(lines)
    assert paragraphs(lines) == [["Quarterly newsletter"],
                                 ["left 0", "left 1", "left 2", "left 3"], ["left after gap"],
                                 ["right 0", "right 1", "right 2", "right 3"]]


def test_fragments_of_one_line_are_joined_left_to_right_and_paragraphs_separated():
    lines = [box("world", 400, 102, width=100), box("Hello", 100, 100, width=100),
             box("second line", 100, 140), box("New paragraph", 100, 220)]
    assert page_lines(lines) == ["Hello world", "second line", "", "New paragraph"]


def test_a_form_keeps_each_label_with_its_value():
    rows = ["Name", "Account", "Amount due", "Due date"]
    values = ["Ada Okafor", "4471-0932", "212.40 EUR", "30 April 2026"]
    lines = [box(label, 100, 100 + 40 * i, width=150) for i, label in enumerate(rows)]
    lines += [box(value, 700, 100 + 40 * i, width=200) for i, value in enumerate(values)]
    # label and value stand on one line, far apart: the gap is not a column gutter when
    # the rows line up, since each side would be read as a whole column otherwise
    assert page_lines(lines)[0] in ("Name", "Name Ada Okafor")
    text = " ".join(page_lines(lines))
    assert "Ada Okafor" in text and "30 April 2026" in text


def test_empty_and_blank_lines():
    assert paragraphs([]) == []
    assert paragraphs([box("  ", 0, 0)]) == []


def test_columns_whose_boxes_reach_into_a_narrow_gutter():
    """LaTeX two-column pages: the detector's boxes overlap the gutter, and it runs one row
    of both columns into a single box; the columns are still read one after the other."""
    lines = []
    for i in range(12):
        y = 100 + 46 * i
        if i == 7:
            lines.append(box("left 7 ran into right 7", 100, y, width=1100))
            continue
        lines.append(box(f"left {i}", 100, y, width=480 + (50 if i == 3 else 0)))
        lines.append(box(f"right {i}", 600, y, width=500))
    read = [line for paragraph in paragraphs(lines) for line in paragraph]
    assert read[:7] == [f"left {i}" for i in range(7)]
    assert read.index("right 0") > read.index("left 11")


def test_a_table_with_narrow_cells_is_read_row_by_row():
    cells = [("Item", "Qty", "Price"), ("oat milk", "2", "3.80"), ("bread", "1", "4.20")]
    lines = [box(text, 100 + 300 * col, 100 + 40 * row, width=120)
             for row, values in enumerate(cells) for col, text in enumerate(values)]
    assert page_lines(lines) == ["Item Qty Price", "oat milk 2 3.80", "bread 1 4.20"]
