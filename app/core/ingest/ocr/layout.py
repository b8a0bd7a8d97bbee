"""Put an OCR engine's lines back into reading order: columns left to right, paragraphs
top to bottom, the words of one visual line joined.

Engines return boxes roughly top to bottom, so two columns come out interleaved line by
line and a paragraph is a stack of fragments. A recursive XY cut fixes both: a vertical
gutter wider than a text line is tall splits columns, a horizontal gap wider than the
usual line spacing splits paragraphs (a paragraph below one column stays with its column),
and what is left is one paragraph whose boxes are grouped into lines by their centres.
"""

from __future__ import annotations

from statistics import median

from app.core.types import OcrLine

# A gutter at least this many line heights wide separates columns (the detector's boxes
# reach past the letters, so LaTeX's two-column gutter is only ~0.6 line heights wide).
COLUMN_GAP = 0.5
PARAGRAPH_GAP = 0.75  # a vertical gap this many line heights separates paragraphs
MIN_COLUMN_SHARE = 0.2  # each column must be at least this share of the block's height
CROSSING_SHARE = 0.1  # boxes that may cross a gutter the detector ran lines across
MIN_COLUMN_WIDTH = 0.25  # ... and of its width: narrower parts are a form's labels or a
#                          table's cells, read row by row


def paragraphs(lines: list[OcrLine]) -> list[list[str]]:
    """The text as paragraphs in reading order, each a list of visual lines."""
    boxes = [line for line in lines if line.text.strip()]
    if not boxes:
        return []
    height = median(b.box[3] - b.box[1] for b in boxes) or 1.0
    result: list[list[str]] = []
    _cut(boxes, height, result)
    return result


def page_lines(lines: list[OcrLine]) -> list[str]:
    """The recognized text as lines, with an empty line between paragraphs (the shape the
    plain-text paragraph splitter reads)."""
    out: list[str] = []
    for paragraph in paragraphs(lines):
        if out:
            out.append("")
        out += paragraph
    return out


def _cut(boxes: list[OcrLine], height: float, out: list[list[str]]) -> None:
    columns = _split(boxes, axis=0, min_gap=COLUMN_GAP * height)
    if len(columns) > 1 and _tall_enough(columns, boxes):
        for column in columns:
            _cut(column, height, out)
        return
    bands = _split(boxes, axis=1, min_gap=PARAGRAPH_GAP * height)
    groups = [bands[0]]
    for band in bands[1:]:  # a paragraph below one column continues that column
        if _continues_columns(groups[-1], band, height):
            groups[-1] = groups[-1] + band
        else:
            groups.append(band)
    if len(groups) == 1:  # no clean gutter: columns whose lines the detector ran together
        groups = _overlapping_columns(boxes)
    if len(groups) > 1:
        for group in groups:
            _cut(group, height, out)
        return
    out.append(_visual_lines(boxes))


def _overlapping_columns(boxes: list[OcrLine]) -> list[list[OcrLine]]:
    """Two columns split at the x (in the middle 40% of the block) that the fewest boxes
    cross, when at most a few do: the detector's boxes reach into a narrow gutter, and now
    and then it joins a row of both columns into one box. Each box goes to the side of its
    centre. [] when there is no such gutter."""
    left_edge = min(b.box[0] for b in boxes)
    width = max(b.box[2] for b in boxes) - left_edge
    if len(boxes) < 6 or width <= 0:
        return []
    positions = [left_edge + width * (0.3 + 0.4 * i / 200) for i in range(201)]
    crossing = [(sum(b.box[0] < x < b.box[2] for b in boxes), abs(x - left_edge - width / 2), x)
                for x in positions]
    count, _, cut = min(crossing)
    if count > max(1, CROSSING_SHARE * len(boxes)):
        return []
    columns = [[b for b in boxes if (b.box[0] + b.box[2]) / 2 < cut],
               [b for b in boxes if (b.box[0] + b.box[2]) / 2 >= cut]]
    if min(len(c) for c in columns) < 3 or not _tall_enough(columns, boxes):
        return []
    return columns


def _continues_columns(above: list[OcrLine], band: list[OcrLine], height: float) -> bool:
    """Whether ``above`` is set in columns and ``band`` stays inside their gutters."""
    columns = _split(above, axis=0, min_gap=COLUMN_GAP * height)
    if len(columns) < 2 or not _tall_enough(columns, above):
        return False
    return len(_split(above + band, axis=0, min_gap=COLUMN_GAP * height)) == len(columns)


def _split(boxes: list[OcrLine], axis: int, min_gap: float) -> list[list[OcrLine]]:
    """Groups of boxes separated by empty stripes at least ``min_gap`` wide along ``axis``
    (0: x, columns; 1: y, bands), in order."""
    ordered = sorted(boxes, key=lambda b: b.box[axis])
    groups: list[list[OcrLine]] = [[ordered[0]]]
    reach = ordered[0].box[axis + 2]
    for box in ordered[1:]:
        if box.box[axis] - reach >= min_gap:
            groups.append([box])
        else:
            groups[-1].append(box)
        reach = max(reach, box.box[axis + 2])
    return groups


def _tall_enough(columns: list[list[OcrLine]], boxes: list[OcrLine]) -> bool:
    """Columns of text, not a label and its value: every part spans a fair share of the
    height and of the width, or the cut would read a form's labels first and all its
    values after (or a table column by column)."""
    height = max(b.box[3] for b in boxes) - min(b.box[1] for b in boxes) or 1.0
    width = max(b.box[2] for b in boxes) - min(b.box[0] for b in boxes) or 1.0
    return all(len(c) >= 2
               and (max(b.box[3] for b in c) - min(b.box[1] for b in c)) / height
               >= MIN_COLUMN_SHARE
               and (max(b.box[2] for b in c) - min(b.box[0] for b in c)) / width
               >= MIN_COLUMN_WIDTH for c in columns)


def _visual_lines(boxes: list[OcrLine]) -> list[str]:
    """Boxes grouped into lines by vertical centre, each line read left to right."""
    rows: list[list[OcrLine]] = []
    for box in sorted(boxes, key=_centre):
        if rows and abs(_centre(box) - _centre_of(rows[-1])) <= 0.5 * _height(box):
            rows[-1].append(box)
        else:
            rows.append([box])
    return [" ".join(b.text.strip() for b in sorted(row, key=lambda b: b.box[0]))
            for row in rows]


def _centre(box: OcrLine) -> float:
    return (box.box[1] + box.box[3]) / 2


def _centre_of(row: list[OcrLine]) -> float:
    return sum(_centre(b) for b in row) / len(row)


def _height(box: OcrLine) -> float:
    return max(1.0, box.box[3] - box.box[1])
