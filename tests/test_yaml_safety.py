"""YAML read safely: one loader for every YAML the project reads (``analysis/yamlio.py``),
refusing anchors, aliases and deep nesting, so an alias bomb ("billion laughs") in a manifest or
a framework is a clear error naming the file, never a machine out of memory."""
from __future__ import annotations

import pytest
import yaml

from analysis.data import manifest as dm
from analysis.errors import DataValidationError
from analysis.paths import PROJECT_ROOT
from analysis.yamlio import YamlFileError, load_yaml, parse_yaml
from tests.conftest import assert_cli_fails_cleanly


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": ``levels`` lists of nine aliases of the list before (9**levels)."""
    names = [f"l{i}" for i in range(levels + 1)]
    lines = [f"{names[0]}: &{names[0]} [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    lines += [f"{n}: &{n} [{', '.join(['*' + p] * 9)}]" for p, n in zip(names, names[1:])]
    return "\n".join(lines) + "\n"


def test_yaml_loader_refuses_aliases_and_deep_nesting_naming_the_file(tmp_path):
    p = tmp_path / "bomb.yaml"
    p.write_text(alias_bomb(), encoding="utf-8")
    with pytest.raises(YamlFileError) as err:
        load_yaml(p)
    assert str(p) in str(err.value) and "line 1" in str(err.value)
    assert "anchors and aliases" in str(err.value)
    # a self-referencing alias, a merge key, nesting 101 levels deep
    for text in ("a: &a [*a]\n", "base: &b {x: 1}\nc:\n  <<: *b\n", "[" * 101 + "]" * 101):
        with pytest.raises(YamlFileError):
            parse_yaml(text, "x.yaml")
    assert parse_yaml("[" * 100 + "]" * 100, "x.yaml") is not None
    # the documents the project ships read exactly as the plain safe loader reads them
    shipped = [*PROJECT_ROOT.glob("analysis/**/*.yaml"), *PROJECT_ROOT.glob("data/*/*.yaml")]
    assert len(shipped) >= 10
    for f in shipped:
        assert load_yaml(f) == yaml.safe_load(f.read_text(encoding="utf-8")), f


def test_an_alias_bomb_in_a_data_manifest_is_refused_before_the_build(raw_copy, tmp_path,
                                                                      capsys):
    manifest = raw_copy / dm.MANIFEST_NAME
    manifest.write_text(manifest.read_text(encoding="utf-8") + alias_bomb(), encoding="utf-8")
    # the loader first: it must refuse before any command walks the document
    with pytest.raises(DataValidationError, match="anchors and aliases"):
        dm.load_manifest(raw_copy)
    out = tmp_path / "out"
    err = assert_cli_fails_cleanly(["build", "--lang", "en",
                                    "--data-dir", raw_copy, "--out", out], capsys,
                                   [str(manifest), "anchors and aliases"], out)
    assert "MemoryError" not in err and "Traceback" not in err


def test_every_yaml_the_project_reads_goes_through_the_one_safe_loader():
    """A second loader would let an alias bomb back in: no module but analysis/yamlio.py calls
    PyYAML's loaders."""
    import re
    loaders = re.compile(r"\byaml\.(safe_load|load|full_load|unsafe_load|load_all|safe_load_all|"
                         r"compose|compose_all|parse)\(")
    found = [f"{p.relative_to(PROJECT_ROOT)}:{n}"
             for d in ("analysis", "scripts", "benchmarks")
             for p in (PROJECT_ROOT / d).rglob("*.py") if p.name != "yamlio.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
             if loaders.search(line)]
    assert found == [], f"use analysis.yamlio.load_yaml instead of PyYAML's loaders: {found}"
    # and the check itself finds a loader call
    assert loaders.search('doc = yaml.safe_load(text)')
