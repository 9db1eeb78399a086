"""Options several sub-commands share (``--data-dir``, ``--add``).

They live here, beside the commands, so a command module never imports :mod:`analysis.cli`
(which imports the command modules; the import-linter contracts in ``pyproject.toml`` keep
``analysis.cli`` above ``analysis.commands``).
"""
from __future__ import annotations

import argparse


def add_data_dir(parser: argparse.ArgumentParser) -> None:
    """The ``--data-dir`` option every command takes (default ``data/raw``)."""
    parser.add_argument("--data-dir", default=None,
                        help="directory of raw input tables (default: the project's data/raw)")


def add_adds(parser: argparse.ArgumentParser) -> None:
    """The ``--add DIR`` option (repeatable): a regency's own tables layered over the data
    directory (:mod:`analysis.data.owndata`)."""
    parser.add_argument("--add", action="append", default=[], metavar="DIR",
                        help="a regency's own tables (the --out of workbench import) layered "
                             "over the data directory; repeatable (one per regency)")
