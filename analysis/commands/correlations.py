"""``workbench correlations`` (being written)."""
from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("correlations", help="demographic correlations (in progress)")
    p.set_defaults(func=lambda args: 0)
