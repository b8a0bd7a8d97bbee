"""`hearth actions`: the ledger across meetings from the command line, with marks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date

import pytest

from tests.conftest import REPO, SAMPLE_NOTES, cli_env

pytestmark = pytest.mark.slow
FIELDS = {"id", "text", "owner", "due", "due_date", "done", "path", "meeting_date",
          "line_start", "line_end", "time_start", "source"}


def hearth(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "app", *args], env=cli_env(home), cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def test_list_filter_and_mark(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES / "meetings", notes / "meetings")
    assert hearth(home, "index", str(notes)).returncode == 0
    listed = json.loads(hearth(home, "actions", "--json").stdout)["items"]
    assert listed and all(set(item) >= FIELDS for item in listed)
    assert listed[0]["meeting_date"] == "2026-03-11"  # newest meeting first
    status_page = next(i for i in listed if "status page" in i["text"])
    assert (status_page["due_date"], status_page["time_start"]) == ("2026-03-31",
                                                                     "00:00:44.500")
    marco = json.loads(hearth(home, "actions", "--owner", "MARCO", "--json").stdout)["items"]
    assert [i["owner"] for i in marco] == ["Marco Ruiz"]
    marked = hearth(home, "actions", "done", marco[0]["id"])
    assert marked.returncode == 0 and "Done: move the nightly report job" in marked.stdout
    still_open = json.loads(hearth(home, "actions", "--open", "--json").stdout)["items"]
    assert marco[0]["id"] not in {i["id"] for i in still_open}
    assert hearth(home, "index").returncode == 0  # re-indexing keeps the mark
    done = json.loads(hearth(home, "actions", "--done", "--json").stdout)["items"]
    assert marco[0]["id"] in {i["id"] for i in done}
    text = hearth(home, "actions").stdout
    assert f"#{marco[0]['id']}" in text and "[x] move the nightly report job" in text
    overdue = json.loads(hearth(home, "actions", "--overdue", "--json").stdout)["items"]
    today = date.today().isoformat()
    assert all(i["due_date"] and i["due_date"] < today and not i["done"] for i in overdue)
    assert marco[0]["id"] not in {i["id"] for i in overdue}  # done is not overdue
    if today > "2026-03-31":
        assert status_page["id"] in {i["id"] for i in overdue}
    unknown = hearth(home, "actions", "done", "nope")
    assert unknown.returncode == 1 and "No action item" in unknown.stderr
    wrong = hearth(home, "actions", "finish", "x")
    assert wrong.returncode == 1 and "hearth actions done ID" in wrong.stderr
    late = hearth(home, "actions", "--after", "2026-13-01")
    assert late.returncode == 1 and "not a real day" in late.stderr


def test_digest_since_a_day(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "notes"
    shutil.copytree(SAMPLE_NOTES / "meetings", notes / "meetings")
    assert hearth(home, "index", str(notes)).returncode == 0
    data = json.loads(hearth(home, "digest", "--since", "2026-03-01", "--json").stdout)
    assert data["since"] == "2026-03-01" and data["today"] == date.today().isoformat()
    dates = [m["meeting_date"] for m in data["meetings"]]
    assert dates == sorted(dates, reverse=True) and "2026-03-04" in dates
    weekly = next(m for m in data["meetings"] if m["meeting_date"] == "2026-03-04")
    assert any("percentage" in d["text"] for d in weekly["decisions"])
    assert {"Marco Ruiz", "Priya Natarajan"} <= {p["name"] for p in data["people"]}
    text = hearth(home, "digest", "--since", "2026-03-01", "--owner", "priya").stdout
    assert "Since 2026-03-01" in text and "Priya Natarajan:" in text and "Marco" not in text
    wrong = hearth(home, "digest", "--since", "yesterday")
    assert wrong.returncode == 1 and "not a real day" in wrong.stderr
