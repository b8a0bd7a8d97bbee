"""An index note in a real notes library: does it push the notes it links to down?

Real note libraries often hold a note that links every other note by its title (a README
index, a table of contents, a "map of content"); it matches almost any question. The
``notes_simonw_til`` set ships without its upstream README index, so this benchmark writes
one the way upstream generates it (a heading per topic folder, a bullet link per note with
the note's title), indexes it beside the notes in a copy of the library, and asks every
answerable question of ``--split`` in hybrid mode: file-level MRR@10 and top-3 of the note
that answers, and how often the index note is the first result or in the top 3. Printed
for the library without the index note, and with it for each ``LINK_LIST_FACTOR``
(``core.search.retrieval``; 1.0: no demotion).

Run:  .venv/bin/python -m benchmarks.index_notes --home DIR [--split dev|test]
      (DIR: a library of notes_simonw_til, as benchmarks.real_answers --home builds it;
      it is copied, never changed)
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.real_answers import SHARED, open_library, questions

SET = "notes_simonw_til"
FACTORS = (1.0, 0.75, 0.5, 0.3)


def write_index(corpus: Path, target: Path) -> int:
    """README.md in ``target``: "## folder" then "* [Title](folder/note.md)" per note."""
    lines = ["# TIL", "", "Things I've learned, collected in one place.", ""]
    count = 0
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        lines += [f"## {folder.name}", ""]
        for note in sorted(folder.glob("*.md")):
            heading = re.search(r"^# (.+)$", note.read_text(encoding="utf-8"), re.M)
            title = heading.group(1).strip() if heading else note.stem
            lines.append(f"* [{title}]({folder.name}/{note.name})")
            count += 1
        lines.append("")
    (target / "README.md").write_text("\n".join(lines), encoding="utf-8")
    return count


def measure(library, rows: list[dict], corpus: Path, index: Path | None) -> str:
    ranks, index_first, index_top3 = [], 0, 0
    for row in rows:
        hits = library.search(row["question"], 10)
        files = list(dict.fromkeys(h.path for h in hits))
        wanted = str(corpus / row["expect_file"])
        ranks.append(files.index(wanted) + 1 if wanted in files else None)
        if index is not None and files:
            index_first += files[0] == str(index)
            index_top3 += str(index) in files[:3]
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    top3 = sum(1 for r in ranks if r and r <= 3)
    shown = f"; index note first {index_first}/{len(rows)}, in top 3 {index_top3}/{len(rows)}" \
        if index is not None else ""
    return f"MRR@10 {mrr:.3f}, answering note in top 3 {top3}/{len(rows)}{shown}"


def main(argv: list[str] | None = None) -> int:
    from app.core.search import retrieval

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--split", choices=("dev", "test"), default="dev")
    args = parser.parse_args(argv)
    corpus = (SHARED / SET / "corpus").resolve()
    rows = [r for r in questions(SET, args.split, None) if r.get("expect_file")]
    library = open_library(SET, args.home)
    print(f"{SET} {args.split}, {len(rows)} answerable questions, hybrid search")
    print(f"  without an index note:     {measure(library, rows, corpus, None)}")
    library.close()
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        shutil.copytree(args.home, home, symlinks=True)
        folder = Path(scratch) / "index"
        folder.mkdir()
        notes = write_index(corpus, folder)
        library = open_library(SET, home)
        library.index([str(folder)])
        index = folder / "README.md"
        print(f"  with an index note of {notes} links:")
        for factor in FACTORS:
            retrieval.LINK_LIST_FACTOR = factor
            print(f"    LINK_LIST_FACTOR {factor:4}: {measure(library, rows, corpus, index)}")
        library.close()
    print(json.dumps({"split": args.split, "questions": len(rows)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
