"""``workbench manifest record FILE``: record a new version of one's own data in MANIFEST.yaml.

Every command checks the sha256 of the raw files against ``MANIFEST.yaml`` before reading them
and refuses a changed file. For a file of one's own data (not a published source) this command
writes its new sha256 with the source and date, changing only that entry's lines; published
sources and the data sets shipped with the project (``data/raw``, ``data/national``) are refused
(:func:`analysis.data.manifest.record_entry`). A directory written by ``workbench import`` holds
own data: its files are recorded again after an edit.
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.commands.options import add_data_dir
from analysis.data.manifest import record_entry
from analysis.errors import WorkbenchError
from analysis.messages import text as message


def register(sub) -> None:
    p = sub.add_parser("manifest", help="record a new version of your own data in MANIFEST.yaml",
                       description="Record the sha256, source and date of a file of your own data "
                                   "(e.g. a table of a 'workbench import' directory, after an "
                                   "edit) in its directory's MANIFEST.yaml; only that entry "
                                   "changes. Published sources and the shipped data/raw are "
                                   "refused.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    r = actions.add_parser("record", help="create or update the entry of one file")
    r.add_argument("file", help="file name in the data directory (or a path inside it)")
    r.add_argument("--source", required=True, help="where the data come from (office, document)")
    r.add_argument("--date", required=True, help="date of this version, YYYY-MM-DD")
    flag = r.add_mutually_exclusive_group()
    flag.add_argument("--illustrative", dest="illustrative", action="store_true", default=None,
                      help="the file holds illustrative (invented) data")
    flag.add_argument("--not-illustrative", dest="illustrative", action="store_false",
                      help="the file holds real data (default for a new entry: real; for an "
                           "existing entry: its flag is kept)")
    add_data_dir(r)
    r.set_defaults(func=run)


def run(args) -> int:
    f = Path(args.file)
    # --data-dir (resolved by the CLI), else the directory of a file given by its path
    data_dir = (args.data_dir if args.data_dir_given or len(f.parts) == 1
                else f.parent.resolve())
    if len(f.parts) > 1 and f.parent.resolve() != data_dir:
        raise WorkbenchError(message("manifest_not_in_data_dir", file=str(f), dir=str(data_dir)))
    entry = record_entry(f.name, args.source, args.date, data_dir, args.illustrative)
    print(f"recorded {f.name}: sha256 {entry['sha256'][:12]}..., source {entry['source']!r}, "
          f"{entry['recorded']}", file=sys.stderr)
    return 0
