"""The ``workbench`` command: a thin layer over the package API.

Each sub-command lives in its own module under ``analysis/commands/`` with a ``register``
function (adds its parser) and a ``run`` function (does the work). Errors a user can act on
(:class:`~analysis.errors.WorkbenchError`) print one clear message and exit with status 2.
Ctrl-C prints one line and exits with 130; SIGTERM (``kill``) does the same with 143, after the
clean-up of every temporary file and staging directory ran (nothing half-written is left).
"""
from __future__ import annotations

import argparse
import contextlib
import errno
import importlib
import os
import signal
import sys
import threading
import warnings

from analysis.errors import WorkbenchError
from analysis.paths import check_output

#: Every sub-command, in the order ``workbench --help`` lists them: name -> (the module whose
#: ``register(sub)`` adds its parser and sets its ``func``, its one-line help). A command's
#: module (and what it imports: pandas, nbformat, ...) is imported only when that command runs,
#: so ``workbench --help`` starts at once; adding a command is one entry here (the help must be
#: the one its ``register`` gives, which a test checks).
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("analysis.commands.data",
              "validate data/raw and write every processed table"),
    "validate": ("analysis.commands.data",
                 "check the raw data (schemas, cross-table rules, boundaries, hashes) and, with "
                 "--add, own data"),
    "manifest": ("analysis.commands.manifest",
                 "record a new version of your own data in MANIFEST.yaml"),
    "index": ("analysis.commands.index",
              "compute an index (framework file or name) over a CSV"),
    "report": ("analysis.commands.report",
               "run the report notebook for every regency (HTML, PDF, index page)"),
    "verify": ("analysis.commands.verify",
               "re-execute a report run and list numbers that differ"),
    "generate-national": ("analysis.commands.generate_national",
                          "write an illustrative national data set (514 regencies)"),
    "import-bps": ("analysis.commands.import_bps",
                   "import BPS table downloads (XLSX/CSV) into a tidy CSV"),
    "correlations": ("analysis.commands.correlations",
                     "correlations of the regional profile with every index (CSV)"),
    "risk": ("analysis.commands.risk",
             "score a risk register (CSV or XLSX) and count its matrix"),
    "swot": ("analysis.commands.swot",
             "IFAS/EFAS totals, quadrant and IE cell per pillar"),
    "strategy": ("analysis.commands.strategy",
                 "strategy chapter: priorities, TOWS, unused factors, gaps, roadmap (CSV, SVG)"),
    "template": ("analysis.commands.template",
                 "write a blank regency workbook or a risk, SWOT or programme workbook (.xlsx)"),
    "import": ("analysis.commands.import_workbook",
               "validate a filled regency workbook and write its tables"),
    "readiness": ("analysis.commands.readiness",
                  "six-pillar readiness indices and maturity levels (CSV)"),
    "competitiveness": ("analysis.commands.competitiveness",
                        "competitiveness: rank in province, gap to Java's median (CSV)"),
    "future": ("analysis.commands.future",
               "future analysis: projections of BPS indicators with backtested intervals (CSV)"),
    "uncertainty": ("analysis.commands.uncertainty",
                    "uncertainty and Sobol sensitivity analysis of an index pipeline"),
    "simulate": ("analysis.commands.simulate",
                 "what-if: changed dimension scores, a target final, or readiness one-step "
                 "gains (CSV)"),
}


def command_in(argv: list[str]) -> str | None:
    """The sub-command ``argv`` names (its first argument that is not an option), if known."""
    name = next((a for a in argv if not a.startswith("-")), None)
    return name if name in COMMANDS else None


def build_parser(load=None) -> argparse.ArgumentParser:
    """The ``workbench`` parser. ``load``: the commands whose modules are imported and whose
    full parsers are registered (default: every command); every other command gets a parser
    holding only its help line, enough for ``workbench --help`` and for choosing a command."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Smart City evaluation workbench for Indonesian regencies and cities.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    modules = {COMMANDS[name][0] for name in (COMMANDS if load is None else load)}
    for name, (module, help_text) in COMMANDS.items():
        if name in sub.choices:     # added with the command before it (build and validate)
            continue
        if module in modules:
            importlib.import_module(module).register(sub)
        else:
            sub.add_parser(name, help=help_text)
    for name, cmd in sub.choices.items():
        if COMMANDS[name][0] in modules:
            _add_message_lang(cmd)
    return parser


def _add_message_lang(cmd: argparse.ArgumentParser) -> None:
    """Give a command without a ``--lang`` of its own one for its messages (errors, warnings,
    notes: Indonesian by default, as every command's)."""
    if not any("--lang" in a.option_strings for a in cmd._actions):
        cmd.add_argument("--lang", choices=("id", "en"), default="id",
                         help="language of the messages (default: id, Indonesian)")


#: Options that name where a command writes; every other option naming a file is an input.
OUTPUT_OPTIONS = ("out", "stages", "processed_dir")
#: Commands whose output is itself a raw-data directory (it may hold a MANIFEST.yaml).
CREATES_DATA_DIR = ("generate-national",)
#: Commands that do not need the raw data to match MANIFEST.yaml (they report or record it).
NO_HASH_CHECK = ("validate", "verify", "manifest", "generate-national")


def check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before anything runs, an output option that points into a raw-data directory or
    at one of the command's input files (see :func:`analysis.paths.check_output`)."""
    opts = vars(args)
    values = [v for k, v in opts.items() if k not in OUTPUT_OPTIONS]
    flat = [x for v in values for x in (v if isinstance(v, (list, tuple)) else [v])]
    inputs = [x for x in flat if isinstance(x, str) and os.path.isfile(x)]
    makes_data = args.command in CREATES_DATA_DIR
    data_dirs = [] if makes_data else [opts.get("data_dir"), *(opts.get("add") or [])]
    for k in OUTPUT_OPTIONS:
        if opts.get(k):
            check_output(opts[k], data_dirs, inputs, manifest_dirs=not makes_data)


class Terminated(BaseException):
    """SIGTERM arrived: raised in the main thread so ``finally`` blocks and context managers
    (temporary files, staging directories, worker pools) clean up as for Ctrl-C."""


def _terminate(signum, frame):
    raise Terminated()


@contextlib.contextmanager
def _sigterm_unwinds():
    """While a command runs, SIGTERM unwinds the stack instead of killing the process on the
    spot (which left a build's staging directory behind); the previous handler is restored."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    prog = "workbench"
    try:
        with _sigterm_unwinds():
            argv = sys.argv[1:] if argv is None else list(argv)
            loaded = [c] if (c := command_in(argv)) else []
            args = build_parser(loaded).parse_args(argv)  # imports that command only
            prog = f"workbench {args.command}"
            return _run(args)
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print(f"{prog}: terminated (SIGTERM)", file=sys.stderr)
        return 143


def _one_line_warnings(command: str, lang: str | None = None):
    """A ``warnings.showwarning`` printing warnings meant for the user (a hidden sheet that is
    not read) as one line, ``workbench CMD: warning: ...`` in the command's ``--lang``; other
    warnings as Python does."""
    from analysis.data.xlsx import HiddenSheetWarning
    from analysis.messages import warning_text
    default = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, HiddenSheetWarning):
            print(f"workbench {command}: warning: {warning_text(message, lang)}",
                  file=sys.stderr)
        else:
            default(message, category, filename, lineno, file, line)
    return show


def _run(args: argparse.Namespace) -> int:
    from analysis.commands.options import resolve_data_dir
    try:
        check_outputs(args)
        if hasattr(args, "data_dir"):
            resolve_data_dir(args)          # once: args.data_dir a Path, args.sources over it
            if args.command not in NO_HASH_CHECK:
                # raw data as the manifest records them (or nothing), then own data
                # (manifests, hashes, conflicts): once, the commands reuse args.sources
                args.sources.check()
        with warnings.catch_warnings():
            warnings.showwarning = _one_line_warnings(args.command, getattr(args, "lang", None))
            return int(args.func(args) or 0)
    except WorkbenchError as exc:    # in the command's --lang (file, row, column kept)
        from analysis.messages import error_text
        print(f"workbench {args.command}: error: {error_text(exc, getattr(args, 'lang', None))}",
              file=sys.stderr)
        return 2
    except OSError as exc:  # a path the system refuses (permissions, a file for a directory...)
        where = f"{exc.filename}: " if exc.filename else ""
        full = " (the disk is full: free space and run again)" if exc.errno == errno.ENOSPC else ""
        print(f"workbench {args.command}: error: {where}{exc.strerror or exc}{full}",
              file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
