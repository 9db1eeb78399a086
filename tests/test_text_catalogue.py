"""The text catalogue: both languages hold the same keys and placeholders, and every namespace
the package asks for exists."""
from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from analysis.i18n import CATALOGUE_DIR, LANGS, catalogue, texts, tr

PACKAGE = Path(__file__).resolve().parents[1] / "analysis"


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_both_languages_have_the_same_namespaces_and_keys():
    cat = catalogue()
    assert set(cat["id"]) == set(cat["en"])
    for ns in cat["id"]:
        assert set(cat["id"][ns]) == set(cat["en"][ns]), ns


def test_placeholders_agree_between_languages():
    cat = catalogue()
    for ns, entries in cat["id"].items():
        for key, text in entries.items():
            assert _fields(text) == _fields(cat["en"][ns][key]), f"{ns}.{key}"


def test_every_namespace_the_package_asks_for_exists():
    asked = set()
    for f in PACKAGE.rglob("*.py"):
        asked |= set(re.findall(r'texts\("([^"]+)"\)', f.read_text(encoding="utf-8")))
    assert asked, "no texts() call found"
    missing = asked - set(catalogue()["id"])
    assert not missing


def test_texts_reads_the_files_and_tr_picks_the_language():
    t = texts("common")
    assert tr(t, "not_evaluated", "id") == "tidak dievaluasi"
    assert tr(t, "not_evaluated", "en") == "not evaluated"
    with pytest.raises(KeyError, match="no text namespace"):
        texts("no.such.namespace")
    assert sorted(p.name for p in CATALOGUE_DIR.glob("*.yaml")) == \
        sorted(f"{lang}.yaml" for lang in LANGS)


def test_no_translation_table_is_left_in_code():
    """No module keeps its own {key: {"id": ..., "en": ...}} table: text lives in the catalogue."""
    pattern = re.compile(r'^\s*"[\w]+": \{"id": ', re.M)
    offenders = [str(f.relative_to(PACKAGE)) for f in PACKAGE.rglob("*.py")
                 if pattern.search(f.read_text(encoding="utf-8"))]
    assert offenders == []
