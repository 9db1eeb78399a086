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


def resolve_data_dir(args: argparse.Namespace) -> None:
    """Resolve ``--data-dir`` once, before the command runs (every function below takes the
    result): ``args.data_dir`` becomes the resolved ``Path`` (:func:`analysis.paths.raw_dir`:
    the option, else ``$SMARTCITY_DATA_DIR``, else ``data/raw``), ``args.data_dir_given`` keeps
    the option as typed (``None`` without it) and ``args.sources`` is the
    :class:`~analysis.processed.spec.Sources` over it with the ``--add`` directories (the raw
    data checked once, by :meth:`~analysis.processed.spec.Sources.check`)."""
    from analysis.paths import raw_dir
    from analysis.processed.spec import Sources
    args.data_dir_given = args.data_dir
    args.data_dir = raw_dir(args.data_dir)
    args.sources = Sources.from_dir(args.data_dir, getattr(args, "add", None) or ())


def add_adds(parser: argparse.ArgumentParser) -> None:
    """The ``--add DIR`` option (repeatable): a regency's own tables layered over the data
    directory (:mod:`analysis.data.owndata`)."""
    parser.add_argument("--add", action="append", default=[], metavar="DIR",
                        help="a regency's own tables (the --out of workbench import) layered "
                             "over the data directory; repeatable (one per regency)")
