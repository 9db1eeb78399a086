"""Reading YAML: one loader for every YAML file the workbench reads (manifests, frameworks,
pipelines, settings, text catalogues).

The loader is PyYAML's safe loader (nothing in a file is executed: no Python tags), and on top
of it it refuses two things a small file can use to make every consumer of the parsed document
run out of memory or stack:

* **anchors and aliases** (``&name`` / ``*name``): the parser shares an aliased node, so nine
  lines of nine aliases each parse quickly, but any code that walks the document (a JSON copy, a
  hash, a comparison) meets 9⁹ = 387 million values -- the "billion laughs". The workbench's
  YAML files never need them; each value is written out where it is used;
* nesting deeper than :data:`MAX_DEPTH` levels (recursive code over the document would overflow).

Both are checked on the composed node graph, before any Python object is built, so a refused
file costs the time of parsing its text. Errors name the file and the line.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from analysis.errors import DataValidationError

try:  # libyaml's parser when PyYAML was built with it (same documents, faster)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python PyYAML
    from yaml import SafeLoader as _Loader

#: Deepest nesting of mappings and lists accepted (the shipped files use fewer than 12 levels).
MAX_DEPTH = 100

ALIAS_RULE = ("YAML anchors and aliases (&name, *name) are not accepted: a few lines of aliases "
              "can stand for billions of values; write each value out where it is used")


class YamlFileError(DataValidationError):
    """A YAML file that cannot be read: not UTF-8, not valid YAML, an alias, too deep."""


def _line(node) -> str:
    return f"line {node.start_mark.line + 1}: " if node.start_mark is not None else ""


def _check_tree(root, label) -> None:
    """Refuse a node reached twice (an alias) or nested deeper than :data:`MAX_DEPTH`
    (iterative: a deep document cannot overflow this check)."""
    seen: set[int] = set()
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise YamlFileError(label, f"{_line(node)}the value anchored here is used again "
                                       f"through an alias; {ALIAS_RULE}")
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise YamlFileError(label, f"{_line(node)}nested deeper than {MAX_DEPTH} levels "
                                       f"(mappings and lists); flatten the document")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)


def parse_yaml(text: str, label) -> object:
    """The document in ``text`` (``None`` when empty); ``label`` (a path) names it in errors.

    Raises :class:`YamlFileError` for text that is not one valid YAML document, uses an alias
    or nests too deep."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_tree(node, label)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise YamlFileError(label, f"not valid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise YamlFileError(label, f"nested deeper than {MAX_DEPTH} levels") from None
    finally:
        loader.dispose()


def load_yaml(path) -> object:
    """The document of the YAML file ``path`` (read as UTF-8); see :func:`parse_yaml`."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise YamlFileError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_yaml(text, path)
