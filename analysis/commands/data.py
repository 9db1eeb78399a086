"""``workbench build`` and ``workbench validate``: raw data → validated → data/processed."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from analysis.commands.options import add_adds, add_data_dir
from analysis.data.geo import boundary_path, load_boundaries
from analysis.data.manifest import verify_manifest
from analysis.errors import DataValidationError
from analysis.messages import local, say, text as message
from analysis.paths import check_output
from analysis.processed.project import build_processed
from analysis.processed.tables import TABLES
from analysis.processed.spec import Sources
from analysis.processed.validation import check_data_dir, describe


def register(sub) -> None:
    p = sub.add_parser("build", help="validate data/raw and write every processed table",
                       description="Build every table the reports read (evaluasi, profil, "
                                   "kualitas_data, the map layer, ...) into the processed "
                                   "directory; a table whose inputs and code are unchanged is "
                                   "skipped (keys in build.json).")
    p.add_argument("--out", default=None, help="output directory (default data/processed, or a "
                                               "sub-directory of it for another --data-dir or "
                                               "for --add)")
    p.add_argument("--only", nargs="+", default=None, metavar="TABLE",
                   help="build only these tables (and what they depend on)")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run_build)
    v = sub.add_parser("validate", help="check the raw data (schemas, cross-table rules, "
                                        "boundaries, hashes) and, with --add, own data")
    add_data_dir(v)
    add_adds(v)
    v.add_argument("--lang", choices=("id", "en"), default="id",
                   help="language of the messages (default: id, Bahasa Indonesia)")
    v.set_defaults(func=run_validate)


def run_build(args) -> int:
    if args.out:
        check_output(args.out, [args.data_dir])
    res = build_processed(args.sources, args.out, only=args.only)   # checked once, by the CLI
    print(res.summary_text(), file=sys.stderr)
    return 0


def run_validate(args) -> int:
    lang = getattr(args, "lang", "id")
    checked = check_data_dir(args.data_dir)  # every table the reports read, by their loaders
    for w in checked.warnings:
        print(f"warning: {local(w, lang)}", file=sys.stderr)
    print(describe(checked, args.data_dir, lang), file=sys.stderr)
    tables = checked.tables
    shapes = load_boundaries(args.data_dir)
    print(say("boundaries_valid", lang, file=boundary_path(args.data_dir), n=len(shapes)),
          file=sys.stderr)
    problems = verify_manifest(args.data_dir)
    for p in problems:
        print(f"manifest: {p}", file=sys.stderr)
    q = tables["kualitas_data"]
    print(say("validate_done", lang, dir=args.data_dir, notes=len(q),
              problems=len(problems)))
    if problems:
        raise DataValidationError(args.data_dir / "MANIFEST.yaml",
                                  message("manifest_problems", n=len(problems),
                                          first=problems[0]))
    if args.add:
        print(validate_adds(args.sources, args.add, lang))
    return 0


def validate_adds(data_dir, adds, lang: str = "en") -> str:
    """Check own-data directories as a report run would read them: manifests, hashes, names
    and conflicts (:class:`~analysis.data.owndata.Layers`), then every table built from an own
    file, built into a temporary directory that is then removed (the first broken file, row,
    column and rule raise). Returns a summary line in ``lang``. ``data_dir``: a
    :class:`~analysis.processed.spec.Sources` (then ``adds`` is its own) or a directory
    (:meth:`~analysis.processed.spec.Sources.from_dir`)."""
    src = Sources.from_dir(data_dir, adds)
    layers = src.layers
    own = [a.path / n for a in layers.adds for n in a.files]
    reading = [s.name for s in TABLES
               if any(layers.is_own(f) for pat in s.inputs for f in src.files(pat))]
    if reading:
        with tempfile.TemporaryDirectory(prefix="wb-validate-") as tmp:
            # a directory of its own inside: the build locks the directory holding its output
            build_processed(src, Path(tmp) / "processed", only=reading)
    codes = sorted({c for a in layers.adds for c in a.codes})
    return say("adds_valid_one" if len(layers.adds) == 1 else "adds_valid", lang,
               n=len(layers.adds), files=len(own), codes=", ".join(codes),
               tables=", ".join(reading) or say("no_table", lang))
