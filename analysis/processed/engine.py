"""The build engine: run table specs in dependency order, each only when its key changed.

A step's key is the sha256 of its input files' bytes, the keys of the tables it depends on and
the code that computes it (the source of the compute function's module and of every
``analysis`` module it reaches through its imports, plus the package's data files: frameworks
and settings). Keys,
input hashes, rows and times are kept in ``<out>/build.json``; a step whose key is unchanged
and whose output exists with the sha256 recorded when it was written is skipped (an output
edited or replaced behind the build's back is rebuilt, and the build says so on stderr; a
reader of the tables refuses it). The tables computed in a run are written to a staging
directory beside the output and moved in when every step succeeded (:func:`analysis.io.
atomic_dir`), then ``build.json`` is rewritten: a failing build leaves the previous tables and
their record as they were, and never a half-written file.

``per_regency`` specs keep one partition per regency, ``<out>/<name>/<code>.csv``: only the
regencies whose own files changed are recomputed, partitions of removed regencies are deleted,
and a change to a shared input (a file without a code in its name), a dependency or the code
recomputes them all. A per-regency table that depends on another per-regency table is computed
per regency from that regency's partition of it (and has a partition for every regency the
other one has): a change to one regency's files recomputes that regency's partitions only, along
the chain.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.processed.spec import Sources, TableSpec, regency_code_of
from analysis.processed.store import (BUILD_FILE, ENGINE_VERSION, first_present, read_state,
                                  read_table, table_path)
from analysis.errors import WorkbenchError
from analysis.io import (atomic_dir, directory_lock, remove_stale_temporaries, sha256_file,
                         write_bytes, write_csv, write_json, write_text)
from analysis.paths import PACKAGE_DIR, PROCESSED_DIR, check_output
from analysis.progress import duration_text



class BuildSpecError(WorkbenchError):
    """The table specs are inconsistent (unknown dependency, cycle, duplicate name)."""


@dataclass
class StepResult:
    """What the build did for one table."""

    name: str
    status: str                   # "built", "skipped" or "partial" (some partitions rebuilt)
    seconds: float
    rows: int | None
    key: str
    partitions: list[str] = field(default_factory=list)   # partitions recomputed
    removed: list[str] = field(default_factory=list)      # partitions deleted


@dataclass
class BuildProgress:
    """A table the build starts computing (``index`` of ``total`` tables in build order), its
    last build's time and an upper estimate of the time left (this table and every later one
    at its last build's time; None when some was never timed)."""

    index: int
    total: int
    name: str
    description: str
    last_seconds: float | None
    left_seconds: float | None


def stderr_progress(event: BuildProgress) -> None:
    """One line on stderr per table the build computes (the default on a terminal)."""
    last = f"last build {duration_text(event.last_seconds)}" if event.last_seconds is not None \
        else "first build"
    left = (f"; up to about {duration_text(event.left_seconds)} left"
            if event.left_seconds is not None else "")
    print(f"build [{event.index}/{event.total}] {event.name}: {event.description or 'computing'}"
          f" ({last}{left})", file=sys.stderr, flush=True)


@dataclass
class BuildResult:
    """The outcome of :func:`build`: per-step results, total time, the build key."""

    out_dir: Path
    steps: list[StepResult]
    seconds: float
    key: str

    @property
    def built(self) -> list[str]:
        return [s.name for s in self.steps if s.status != "skipped"]

    def summary_text(self) -> str:
        """One line per table (built/skipped, rows, time) and the total."""
        lines = []
        for s in self.steps:
            extra = f" ({len(s.partitions)} partition(s) recomputed)" if s.partitions else ""
            extra += f" ({len(s.removed)} removed)" if s.removed else ""
            rows = "" if s.rows is None else f", {s.rows} rows"
            lines.append(f"{s.name}: {s.status}{extra}{rows}, {s.seconds:.3f} s")
        lines.append(f"build: {len(self.built)} of {len(self.steps)} table(s) built, "
                     f"{self.seconds:.3f} s -> {self.out_dir}")
        return "\n".join(lines)


def order_specs(specs, only=None) -> list[TableSpec]:
    """``specs`` in dependency order (``only``: those names and what they need)."""
    by_name: dict[str, TableSpec] = {}
    for s in specs:
        if s.name in by_name:
            raise BuildSpecError(f"table {s.name!r} is defined twice in the build specs")
        by_name[s.name] = s
    wanted = list(only) if only else list(by_name)
    ordered: list[TableSpec] = []
    state: dict[str, str] = {}

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if name not in by_name:
            where = f" (needed by {chain[-1]!r})" if chain else ""
            raise BuildSpecError(f"unknown table {name!r}{where}; known: {', '.join(by_name)}")
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise BuildSpecError(f"dependency cycle: {' -> '.join((*chain, name))}")
        state[name] = "visiting"
        for dep in by_name[name].depends:
            visit(dep, (*chain, name))
        state[name] = "done"
        ordered.append(by_name[name])

    for name in wanted:
        visit(name, ())
    return ordered


def _digest(obj) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


_CODE_DIGESTS: dict[object, str] = {}


def _analysis_modules(module) -> set:
    """``module`` and every ``analysis`` module reachable from it through the names its
    modules import (modules, or functions and classes defined in them)."""
    seen, todo = set(), [module]
    while todo:
        m = todo.pop()
        if m is None or m in seen or not getattr(m, "__file__", None):
            continue
        seen.add(m)
        for value in vars(m).values():
            owner = value if inspect.ismodule(value) else sys.modules.get(
                getattr(value, "__module__", None) or "")
            if owner is not None and getattr(owner, "__name__", "").startswith("analysis"):
                todo.append(owner)
    return seen


def code_digest(func) -> str:
    """sha256 of the code behind ``func``: the source of its module and of every ``analysis``
    module that module reaches through its imports, plus the package's data files (framework
    and settings YAML/CSV). Any change to that code rebuilds the tables it computes."""
    module = inspect.getmodule(func)
    hit = _CODE_DIGESTS.get(module)
    if hit:
        return hit
    files = {Path(m.__file__) for m in _analysis_modules(module)}
    files |= {p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".yaml", ".yml", ".csv")}
    h = hashlib.sha256(ENGINE_VERSION.encode())
    for p in sorted(files):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    _CODE_DIGESTS[module] = h.hexdigest()
    return _CODE_DIGESTS[module]


def _write(spec: TableSpec, value, path: Path) -> tuple[int | None, str]:
    """Write one computed table atomically; its row count (None for a non-table output) and
    the sha256 of the bytes written (recorded, so a later change is noticed)."""
    if spec.fmt == "csv":
        if not isinstance(value, pd.DataFrame):
            raise BuildSpecError(f"table {spec.name!r}: compute returned "
                                 f"{type(value).__name__}, not a DataFrame")
        write_csv(path, value)
        rows = len(value)
    elif isinstance(value, bytes):
        write_bytes(path, value)
        rows = None
    else:
        write_text(path, value)
        rows = None
    return rows, sha256_file(path)


def _intact(path: Path, recorded: str | None) -> bool:
    """Whether a built output is there with the bytes its build recorded. A changed one is
    reported on stderr (it is rebuilt); a missing one, or one recorded without a hash by an
    older build, is rebuilt quietly."""
    if not path.is_file():
        return False
    if not recorded:
        return False
    actual = sha256_file(path)
    if actual == recorded:
        return True
    print(f"build: {path}: changed since the build wrote it (sha256 {actual[:12]}…, "
          f"{BUILD_FILE} records {recorded[:12]}…); rebuilding it from the raw data",
          file=sys.stderr)
    return False


class _Build:
    """One build run: sources, output directory, staging directory (every table computed in
    this run is written there and moved into the output directory when all steps succeeded),
    the record being updated."""

    def __init__(self, sources: Sources, out_dir: Path, progress=None):
        self.src, self.out, self.stage = sources, out_dir, out_dir
        self.progress, self.order, self.index = progress, [], 0
        self.removed: list[Path] = []
        self.state = read_state(out_dir)
        self.tables_state = self.state.setdefault("tables", {})
        self.state.update(engine=ENGINE_VERSION, data_dir=str(sources.data_dir),
                          adds=[str(a) for a in sources.adds])
        self.loaded: dict[str, pd.DataFrame] = {}

    def inputs(self, spec: TableSpec) -> dict[str, str]:
        files = {p for pattern in spec.inputs for p in self.src.files(pattern)}
        return {self.src.label(p): sha256_file(p) for p in sorted(files)}

    def regency_deps(self, spec: TableSpec) -> tuple[str, ...]:
        """The per-regency tables a per-regency ``spec`` depends on: each regency's partition
        is computed from that regency's partition of these (and keyed by it)."""
        if not spec.per_regency:
            return ()
        return tuple(d for d in spec.depends if self.tables_state[d].get("per_regency"))

    def partition_of(self, name: str, code: str) -> pd.DataFrame:
        """Regency ``code``'s partition of the per-regency table ``name`` as built (an empty
        frame with the table's columns when it has none)."""
        entry = self.tables_state[name]
        parts = {c: p for c, p in entry.get("partitions", {}).items() if c == code}
        return read_table(self.out, name, {**entry, "partitions": parts}, self.stage)

    def deps(self, spec: TableSpec, code: str | None = None) -> dict:
        """The tables ``spec`` depends on: CSV tables read back, other outputs as their path;
        for regency ``code`` of a per-regency spec, a per-regency table as that regency's
        partition only."""
        own = self.regency_deps(spec) if code is not None else ()
        for d in (d for d in spec.depends if d not in own):
            entry = self.tables_state[d]
            if entry.get("fmt", "csv") != "csv":
                self.loaded[d] = first_present((self.stage, self.out), entry["file"])
            elif d not in self.loaded:
                self.loaded[d] = read_table(self.out, d, entry, self.stage)
        return {d: self.partition_of(d, code) if d in own else self.loaded[d]
                for d in spec.depends}

    def base_key(self, spec: TableSpec, shared: dict[str, str]) -> str:
        own = self.regency_deps(spec)      # in each partition's key instead (see _partitioned)
        dep_keys = {d: self.tables_state[d]["key"] for d in spec.depends if d not in own}
        return _digest({"inputs": shared, "depends": dep_keys, "code": code_digest(spec.compute),
                        "dtypes": spec.dtypes, "per_regency": spec.per_regency})

    def save(self) -> None:
        write_json(self.out / BUILD_FILE, self.state)

    def commit(self) -> None:
        """After the staged tables were moved in: delete removed partitions, write the record."""
        for p in self.removed:
            p.unlink(missing_ok=True)
        self.save()

    def announce(self, spec: TableSpec) -> None:
        """Tell :attr:`progress` that ``spec``'s table is being computed."""
        if self.progress is None:
            return
        times = [self.tables_state.get(s.name, {}).get("seconds") for s in self.order[self.index:]]
        self.progress(BuildProgress(
            self.index + 1, len(self.order), spec.name, spec.description, times[0] if times else
            None, None if any(t is None for t in times) else float(sum(times))))

    def step(self, spec: TableSpec) -> StepResult:
        t0 = time.perf_counter()
        hashes = self.inputs(spec)
        res = (self._partitioned(spec, hashes) if spec.per_regency
               else self._whole(spec, hashes))
        res.seconds = time.perf_counter() - t0
        if res.status != "skipped":
            self.tables_state[spec.name]["seconds"] = round(res.seconds, 4)
        return res

    def _whole(self, spec: TableSpec, hashes: dict[str, str]) -> StepResult:
        key = self.base_key(spec, hashes)
        old = self.tables_state.get(spec.name, {})
        path = table_path(self.out, spec)
        if old.get("key") == key and _intact(path, old.get("sha256")):
            return StepResult(spec.name, "skipped", 0.0, old.get("rows"), key)
        self.announce(spec)
        value = spec.compute(self.src, self.deps(spec))
        rows, digest = _write(spec, value, table_path(self.stage, spec))
        self.loaded.pop(spec.name, None)
        self.tables_state[spec.name] = {"key": key, "inputs": hashes, "rows": rows,
                                        "file": path.name, "sha256": digest, "built": _now(),
                                        **_layout(spec)}
        return StepResult(spec.name, "built", 0.0, rows, key)

    def _partitioned(self, spec: TableSpec, hashes: dict[str, str]) -> StepResult:
        shared = {n: h for n, h in hashes.items() if regency_code_of(Path(n)) is None}
        base = self.base_key(spec, shared)
        own: dict[str, dict[str, str]] = {}
        for n, h in hashes.items():
            code = regency_code_of(Path(n))
            if code is not None:
                own.setdefault(code, {})[n] = h
        # a regency's partitions of the per-regency tables depended on: part of its key, and a
        # regency having one has a partition here too
        dep_parts = {d: self.tables_state[d].get("partitions", {})
                     for d in self.regency_deps(spec)}
        for code in {c for p in dep_parts.values() for c in p}:
            own.setdefault(code, {})
        old = self.tables_state.get(spec.name, {})
        old_parts = old.get("partitions", {})
        parts, rebuilt, rows = {}, [], {}
        for code in sorted(own):
            mine = {"base": base, "own": own[code]}
            if dep_parts:
                mine["depends"] = {d: p[code]["key"] for d, p in dep_parts.items() if code in p}
            key = _digest(mine)
            prev = old_parts.get(code, {})
            if prev.get("key") == key and _intact(table_path(self.out, spec, code),
                                                  prev.get("sha256")):
                parts[code] = prev
                continue
            if not rebuilt:
                self.announce(spec)
            tables = self.deps(spec, code)
            df = spec.compute(self.src, tables, code=code)
            rows[code], digest = _write(spec, df, table_path(self.stage, spec, code))
            parts[code] = {"key": key, "inputs": own[code], "rows": rows[code],
                           "sha256": digest}
            rebuilt.append(code)
        removed = sorted(set(old_parts) - set(parts))
        self.removed += [table_path(self.out, spec, code) for code in removed]
        key = _digest({c: p["key"] for c, p in parts.items()} | {"": base})
        total = sum(p.get("rows") or 0 for p in parts.values())
        if not rebuilt and not removed and old.get("key") == key:
            return StepResult(spec.name, "skipped", 0.0, total, key)
        self.loaded.pop(spec.name, None)
        self.tables_state[spec.name] = {"key": key, "inputs": shared, "rows": total,
                                        "partitions": parts, "built": _now(), **_layout(spec)}
        status = "built" if len(rebuilt) == len(parts) else "partial"
        return StepResult(spec.name, status, 0.0, total, key, rebuilt, removed)


def _layout(spec: TableSpec) -> dict:
    """How a reader finds and types the table (stored in build.json)."""
    return {"dtypes": dict(spec.dtypes), "per_regency": spec.per_regency, "fmt": spec.fmt,
            "description": spec.description}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def build(sources: Sources, out_dir=None, only=None, specs=(), progress=None) -> BuildResult:
    """Build the tables of ``specs`` (the project's list:
    :data:`analysis.processed.tables.TABLES`) from ``sources`` into ``out_dir`` (default
    ``data/processed``), skipping every step whose key is unchanged. ``only``: these table
    names and what they depend on. Raw files are checked against their manifest first.
    ``progress``: called with a :class:`BuildProgress` for every table computed (default: a
    line on stderr when stderr is a terminal, :func:`stderr_progress`; ``False``: nothing)."""
    t0 = time.perf_counter()
    sources.check()       # raw files as their manifests record them (once per Sources)
    out = Path(out_dir) if out_dir else PROCESSED_DIR
    check_output(out, [sources.data_dir, *sources.adds])     # never into raw data
    with directory_lock(out):     # one build at a time per directory; readers wait
        stale = remove_stale_temporaries(out)   # a killed build's staging dir, temp files
        if stale:
            print(f"build: removed {len(stale)} temporary file(s) a stopped build left: "
                  f"{', '.join(p.name for p in stale[:5])}{' ...' if len(stale) > 5 else ''}",
                  file=sys.stderr)
        if progress is None:
            progress = stderr_progress if _interactive() else None
        run = _Build(sources, out, progress or None)
        ordered = order_specs(specs, only)
        run.order = ordered
        if not only:                       # tables no longer in the specs are forgotten
            names = {s.name for s in ordered}
            for gone in set(run.tables_state) - names:
                del run.tables_state[gone]
        old_key = run.state.get("key")
        with atomic_dir(out) as stage:    # all computed tables or none (a failure keeps out)
            run.stage = stage
            steps = []
            for run.index, spec in enumerate(ordered):
                steps.append(run.step(spec))
        run.stage = out
        key = _digest({n: t.get("key") for n, t in sorted(run.tables_state.items())})
        changed = any(s.status != "skipped" for s in steps)   # e.g. a hand-edited table rebuilt
        if old_key != key or changed or not (out / BUILD_FILE).is_file():
            run.state["key"] = key
            run.commit()
    result = BuildResult(out, steps, time.perf_counter() - t0, key)
    if run.progress is not None and result.built:
        print(f"build: {len(result.built)} of {len(steps)} tables built in "
              f"{duration_text(result.seconds)} -> {out}", file=sys.stderr, flush=True)
    return result


def _interactive() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
