"""Comments and docs say what the code does and why, never which tracker issue asked for it: a
reader of the repository cannot open a tracker number. References to other projects' public
trackers (``owner/repo#123``) are links anyone can follow and stay allowed."""
from __future__ import annotations

import re
from pathlib import Path

from analysis.paths import PROJECT_ROOT

PATTERNS = re.compile(r"\b[Ii]ssues? #?\d+|\b[Bb]ugs? #?\d+\b|\b(?:PR|[Pp]ull request) #?\d+"
                      r"|\(#\d{1,4}\b(?![0-9a-fA-F])")
WHERE = ("analysis", "tests", "benchmarks", "scripts", "docs", "notebooks")
SUFFIXES = {".py", ".md", ".yaml", ".yml", ".ipynb", ".j2", ".js", ".css", ".toml", ".sh"}
TOP = ("README.md", "Makefile", "pyproject.toml", "environment.yml", "setup.py")
VENDORED = PROJECT_ROOT / "tests" / "fixtures"      # third parties' text, kept as it came
SELF = Path(__file__).resolve()


def _files():
    for top in TOP:
        yield PROJECT_ROOT / top
    for where in WHERE:
        for p in sorted((PROJECT_ROOT / where).rglob("*")):
            if (p.is_file() and p.suffix in SUFFIXES and VENDORED not in p.parents
                    and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts):
                yield p


def test_no_comment_or_doc_cites_a_tracker_number():
    found = []
    for p in _files():
        if p == SELF:                     # its examples below are what it looks for
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            m = PATTERNS.search(line)
            if m and not re.search(r"[\w.-]+/[\w.-]+" + re.escape(m.group(0)), line):
                found.append(f"{p.relative_to(PROJECT_ROOT)}:{n}: {m.group(0)}")
    assert found == []


def test_the_pattern_finds_what_it_should():
    for text in ("see issue 12", "(#17)", "(#12 fills it)", "Issue #10, bug 3",
                 "fixed in issues 4", "PR #3"):
        assert PATTERNS.search(text), text
    for text in ('color="#555555"', "fill:#333", "(#fde725)", "step 3 of 5", "kode #"):
        assert not PATTERNS.search(text), text
