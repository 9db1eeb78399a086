"""The build engine (analysis.processed.engine): dependency order, skipping unchanged steps,
per-regency partitions, atomic failure, typed read-back. Specs are defined here over a small
synthetic data directory; compute functions count their calls."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.processed import engine
from analysis.processed.engine import BuildSpecError, build, order_specs
from analysis.processed.store import load_tables
from analysis.processed.spec import Sources, TableSpec, regency_code_of

CALLS: list[tuple[str, str | None]] = []


def scores(src, tables, code=None):
    CALLS.append(("scores", code))
    return pd.read_csv(src.data_dir / "scores.csv", dtype={"kode_kemendagri": str})


def ranked(src, tables, code=None):
    CALLS.append(("ranked", code))
    df = tables["scores"].copy()
    df["peringkat"] = df["nilai"].rank(ascending=False, method="min").astype(int)
    return df


def risks(src, tables, code=None):
    CALLS.append(("risks", code))
    df = pd.concat([pd.read_csv(p) for p in src.files(f"risk_{code}_*.csv")], ignore_index=True)
    df.insert(0, "kode_kemendagri", code)
    df["skor"] = df["l"] * df["i"] * int((src.data_dir / "scale.txt").read_text())
    return df


def broken(src, tables, code=None):
    raise ValueError("compute failed")


CODES = {"kode_kemendagri": "str"}
SPECS = [
    TableSpec("ranked", ("scores.csv",), ranked, depends=("scores",),
              dtypes={**CODES, "peringkat": "Int64"}),
    TableSpec("scores", ("scores.csv",), scores, dtypes=CODES),
    TableSpec("risiko", ("risk_*.csv", "scale.txt"), risks, per_regency=True, dtypes=CODES),
]


@pytest.fixture
def data(tmp_path):
    d = tmp_path / "raw"
    d.mkdir()
    (d / "scores.csv").write_text("kode_kemendagri,nilai\n01.01,2.5\n64.02,3.0\n",
                                  encoding="utf-8")
    (d / "risk_64.02_2023.csv").write_text("l,i\n2,3\n", encoding="utf-8")
    (d / "risk_62.06_2023.csv").write_text("l,i\n1,1\n4,5\n", encoding="utf-8")
    (d / "scale.txt").write_text("1", encoding="utf-8")
    CALLS.clear()
    return d


def statuses(res):
    return {s.name: s.status for s in res.steps}


def test_order_puts_dependencies_first_and_rejects_bad_specs():
    assert [s.name for s in order_specs(SPECS)] == ["scores", "ranked", "risiko"]
    assert [s.name for s in order_specs(SPECS, only=["ranked"])] == ["scores", "ranked"]
    a = TableSpec("a", (), scores, depends=("b",))
    b = TableSpec("b", (), scores, depends=("a",))
    with pytest.raises(BuildSpecError, match="cycle: a -> b -> a"):
        order_specs([a, b])
    with pytest.raises(BuildSpecError, match="unknown table 'x'.*needed by 'a'"):
        order_specs([TableSpec("a", (), scores, depends=("x",))])
    with pytest.raises(BuildSpecError, match="defined twice"):
        order_specs([a, a])


def test_regency_code_in_file_names():
    assert regency_code_of(Path("risk_register_64.02_2023.csv")) == "64.02"
    assert regency_code_of(Path("programmes_62.06.xlsx")) == "62.06"
    assert regency_code_of(Path("kominfo_evaluasi_2022.csv")) is None


def test_second_build_skips_everything_and_tables_read_back_typed(data, tmp_path):
    out = tmp_path / "processed"
    first = build(Sources.from_dir(data), out, specs=SPECS)
    assert statuses(first) == {"scores": "built", "ranked": "built", "risiko": "built"}
    assert sorted(CALLS) == [("ranked", None), ("risks", "62.06"), ("risks", "64.02"),
                             ("scores", None)]
    CALLS.clear()
    second = build(Sources.from_dir(data), out, specs=SPECS)
    assert statuses(second) == dict.fromkeys(["scores", "ranked", "risiko"], "skipped")
    assert CALLS == [] and second.key == first.key
    tables = load_tables(out)
    assert tables["scores"]["kode_kemendagri"].tolist() == ["01.01", "64.02"]   # not 1.01
    assert str(tables["ranked"]["peringkat"].dtype) == "Int64"
    assert tables["ranked"]["peringkat"].tolist() == [2, 1]                       # 3.0 > 2.5
    # 62.06: 1*1, 4*5; 64.02: 2*3 (scale 1), partitions in code order
    assert tables["risiko"]["skor"].tolist() == [1, 20, 6]
    assert tables["risiko"]["kode_kemendagri"].tolist() == ["62.06", "62.06", "64.02"]
    state = json.loads((out / "build.json").read_text())
    assert state["tables"]["scores"]["rows"] == 2
    assert set(state["tables"]["risiko"]["partitions"]) == {"62.06", "64.02"}


def test_changed_input_rebuilds_it_and_its_dependants_only(data, tmp_path):
    out = tmp_path / "processed"
    build(Sources.from_dir(data), out, specs=SPECS)
    CALLS.clear()
    (data / "scores.csv").write_text("kode_kemendagri,nilai\n01.01,3.5\n64.02,3.0\n")
    res = build(Sources.from_dir(data), out, specs=SPECS)
    assert statuses(res) == {"scores": "built", "ranked": "built", "risiko": "skipped"}
    assert load_tables(out)["ranked"]["peringkat"].tolist() == [1, 2]


def test_one_regency_file_changed_recomputes_only_its_partition(data, tmp_path):
    out = tmp_path / "processed"
    build(Sources.from_dir(data), out, specs=SPECS)
    before = (out / "risiko" / "62.06.csv").stat().st_mtime_ns
    CALLS.clear()
    (data / "risk_64.02_2023.csv").write_text("l,i\n5,5\n")
    res = build(Sources.from_dir(data), out, specs=SPECS)
    step = {s.name: s for s in res.steps}["risiko"]
    assert (step.status, step.partitions, CALLS) == ("partial", ["64.02"], [("risks", "64.02")])
    assert (out / "risiko" / "62.06.csv").stat().st_mtime_ns == before
    assert load_tables(out)["risiko"]["skor"].tolist() == [1, 20, 25]
    # a shared input (no code in its name) recomputes every partition
    CALLS.clear()
    (data / "scale.txt").write_text("2")
    res = build(Sources.from_dir(data), out, specs=SPECS)
    assert sorted(CALLS) == [("risks", "62.06"), ("risks", "64.02")]
    assert load_tables(out)["risiko"]["skor"].tolist() == [2, 40, 50]
    # a removed regency file removes its partition
    (data / "risk_62.06_2023.csv").unlink()
    res = build(Sources.from_dir(data), out, specs=SPECS)
    step = {s.name: s for s in res.steps}["risiko"]
    assert step.removed == ["62.06"] and not (out / "risiko" / "62.06.csv").exists()
    assert load_tables(out)["risiko"]["kode_kemendagri"].tolist() == ["64.02"]


def test_failing_step_leaves_previous_tables_and_record_intact(data, tmp_path):
    out = tmp_path / "processed"
    build(Sources.from_dir(data), out, specs=SPECS)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (data / "scores.csv").write_text("kode_kemendagri,nilai\n01.01,1.0\n64.02,3.0\n")
    failing = [SPECS[1], TableSpec("ranked", ("scores.csv",), broken, depends=("scores",))]
    with pytest.raises(ValueError, match="compute failed"):
        build(Sources.from_dir(data), out, specs=failing)
    # the scores step had finished, but nothing of the failed build reaches ``out``
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed", "raw"]   # no temporaries
    res = build(Sources.from_dir(data), out, specs=SPECS)           # working code: rebuilt
    assert statuses(res) == {"scores": "built", "ranked": "built", "risiko": "skipped"}
    assert load_tables(out)["ranked"]["peringkat"].tolist() == [2, 1]


def test_failed_first_build_writes_nothing(data, tmp_path):
    out = tmp_path / "processed"
    failing = [SPECS[1], TableSpec("ranked", ("scores.csv",), broken, depends=("scores",))]
    with pytest.raises(ValueError, match="compute failed"):
        build(Sources.from_dir(data), out, specs=failing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_code_change_rebuilds(data, tmp_path, monkeypatch):
    mod_path = tmp_path / "b2a_step_module.py"
    mod_path.write_text("def compute(src, tables, code=None):\n"
                        "    import pandas as pd\n    return pd.DataFrame({'x': [1]})\n")
    spec_ = importlib.util.spec_from_file_location("b2a_step_module", mod_path)
    module = importlib.util.module_from_spec(spec_)
    spec_.loader.exec_module(module)
    monkeypatch.setitem(sys.modules, "b2a_step_module", module)
    specs = [TableSpec("t", ("scores.csv",), module.compute)]
    out = tmp_path / "processed"
    assert statuses(build(Sources.from_dir(data), out, specs=specs)) == {"t": "built"}
    monkeypatch.setattr(engine, "_CODE_DIGESTS", {})
    assert statuses(build(Sources.from_dir(data), out, specs=specs)) == {"t": "skipped"}
    mod_path.write_text(mod_path.read_text().replace("[1]", "[2]"))
    monkeypatch.setattr(engine, "_CODE_DIGESTS", {})
    assert statuses(build(Sources.from_dir(data), out, specs=specs)) == {"t": "built"}


def test_deleted_output_is_rebuilt_and_missing_build_is_an_error(data, tmp_path):
    out = tmp_path / "processed"
    with pytest.raises(engine.WorkbenchError, match="no built tables"):
        load_tables(out)
    build(Sources.from_dir(data), out, specs=SPECS)
    (out / "scores.csv").unlink()
    res = build(Sources.from_dir(data), out, specs=SPECS)
    assert statuses(res) == {"scores": "built", "ranked": "skipped", "risiko": "skipped"}


def outline(src, tables, code=None):
    CALLS.append(("outline", code))
    return "{\"type\": \"FeatureCollection\", \"features\": []}"


def picture(src, tables, code=None):
    CALLS.append(("picture", code))
    # a file output reaches its dependants as its path; a CSV table as a frame
    return Path(tables["outline"]).read_bytes() + b"|" + str(len(tables["scores"])).encode()


def test_file_outputs_bytes_and_their_paths_for_dependants(data, tmp_path):
    specs = [*SPECS, TableSpec("outline", ("scores.csv",), outline, fmt="geojson"),
             TableSpec("picture", (), picture, depends=("outline", "scores"), fmt="bin")]
    out = tmp_path / "processed"
    CALLS.clear()
    build(Sources.from_dir(data), out, specs=specs)
    assert (out / "picture.bin").read_bytes() == \
        b'{"type": "FeatureCollection", "features": []}|2'
    assert "picture" not in load_tables(out) and "outline" not in load_tables(out)
    CALLS.clear()
    build(Sources.from_dir(data), out, specs=specs)
    assert CALLS == []                                  # unchanged: nothing recomputed


def test_concurrent_builds_into_one_directory_run_one_after_the_other(data, tmp_path):
    """A second build (another command, another test worker) into the same directory waits for
    the first and then finds every table built; a reader waits too and reads one build's
    record and tables, never a mix."""
    import threading
    import time

    started, release = threading.Event(), threading.Event()

    def gated(src, tables, code=None):
        CALLS.append(("gated", code))
        started.set()
        assert release.wait(10)
        return scores(src, tables)

    specs = [TableSpec("scores", ("scores.csv",), gated, dtypes=CODES), SPECS[0]]
    out = tmp_path / "processed"
    results: dict[str, object] = {}

    def run(name):
        results[name] = build(Sources.from_dir(data), out, specs=specs)

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=run, args=("second",))
    reader = threading.Thread(target=lambda: results.update(read=load_tables(out)))
    second.start()
    reader.start()
    time.sleep(0.5)
    assert [c for c in CALLS if c[0] == "gated"] == [("gated", None)]   # second is waiting
    assert reader.is_alive()                                            # so is the reader
    release.set()
    for t in (first, second, reader):
        t.join(20)
    assert statuses(results["first"]) == {"scores": "built", "ranked": "built"}
    assert statuses(results["second"]) == {"scores": "skipped", "ranked": "skipped"}
    assert results["read"]["ranked"]["peringkat"].tolist() == [2, 1]
    assert [c for c in CALLS if c[0] == "gated"] == [("gated", None)]


def risk_levels(src, tables, code=None):
    """A per-regency table computed from the per-regency ``risiko`` table only."""
    CALLS.append(("levels", code))
    mine = tables["risiko"]
    assert set(mine["kode_kemendagri"]) == {code}      # that regency's partition, no other
    return mine.assign(tinggi=mine["skor"] >= 10)[["kode_kemendagri", "skor", "tinggi"]]


def level_counts(src, tables, code=None):
    CALLS.append(("counts", code))
    t = tables["risiko_tingkat"]
    return t.groupby("kode_kemendagri", as_index=False)["tinggi"].sum()


CHAIN = [*SPECS,
         TableSpec("risiko_tingkat", (), risk_levels, depends=("risiko",), per_regency=True,
                   dtypes={**CODES, "tinggi": "bool"}),
         TableSpec("risiko_jumlah", (), level_counts, depends=("risiko_tingkat",), dtypes=CODES)]


def test_per_regency_table_from_a_per_regency_table_rebuilds_one_regency(data, tmp_path):
    out = tmp_path / "processed"
    build(Sources.from_dir(data), out, specs=CHAIN)
    # risk 64.02: 2*3 = 6; 62.06: 1*1 = 1, 4*5 = 20 -> one high risk in 62.06
    assert load_tables(out)["risiko_jumlah"].set_index("kode_kemendagri")["tinggi"].to_dict() \
        == {"62.06": 1, "64.02": 0}
    before = (out / "risiko_tingkat" / "62.06.csv").stat().st_mtime_ns
    CALLS.clear()
    (data / "risk_64.02_2023.csv").write_text("l,i\n5,5\n")
    res = build(Sources.from_dir(data), out, specs=CHAIN)
    steps = {s.name: s for s in res.steps}
    # only 64.02 along the chain; the whole-table dependant is recomputed from both partitions
    assert (steps["risiko_tingkat"].status, steps["risiko_tingkat"].partitions) == \
        ("partial", ["64.02"])
    assert CALLS == [("risks", "64.02"), ("levels", "64.02"), ("counts", None)]
    assert (out / "risiko_tingkat" / "62.06.csv").stat().st_mtime_ns == before
    assert load_tables(out)["risiko_jumlah"]["tinggi"].tolist() == [1, 1]
    # nothing changed: nothing recomputed
    CALLS.clear()
    res = build(Sources.from_dir(data), out, specs=CHAIN)
    assert CALLS == [] and res.built == []
    # a regency whose files are gone loses its partitions along the chain
    (data / "risk_62.06_2023.csv").unlink()
    res = build(Sources.from_dir(data), out, specs=CHAIN)
    assert {s.name: s.removed for s in res.steps}["risiko_tingkat"] == ["62.06"]
    assert not (out / "risiko_tingkat" / "62.06.csv").exists()
    assert load_tables(out)["risiko_jumlah"]["kode_kemendagri"].tolist() == ["64.02"]
