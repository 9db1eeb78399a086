"""The ``workbench`` command: a thin layer over the package API.

Each sub-command lives in its own module under ``analysis/commands/`` with a ``register``
function (adds its parser) and a ``run`` function (does the work). Errors a user can act on
(:class:`~analysis.errors.WorkbenchError`) print one clear message and exit with status 2.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from analysis.errors import WorkbenchError

#: Sub-command modules, in the order ``workbench --help`` lists them.
COMMAND_MODULES = [
    "analysis.commands.data",
    "analysis.commands.index",
    "analysis.commands.report",
    "analysis.commands.verify",
    "analysis.commands.generate_national",
    "analysis.commands.import_bps",
    "analysis.commands.correlations",
    "analysis.commands.risk",
    "analysis.commands.swot",
    "analysis.commands.template",
    "analysis.commands.readiness",
    "analysis.commands.uncertainty",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Smart City evaluation workbench for Indonesian regencies and cities.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The ``--data-dir`` option every command takes (default ``data/raw``)."""
    parser.add_argument("--data-dir", default=None,
                        help="directory of raw input tables (default: the project's data/raw)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except WorkbenchError as exc:
        print(f"workbench {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
