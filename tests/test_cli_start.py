"""The ``workbench`` command imports a command's module only when that command runs: the registry
in ``analysis/cli.py`` says the same as the modules it stands for."""
from __future__ import annotations

import subprocess
import sys

import pytest

from analysis import cli


def test_lazy_help_is_the_full_parsers_help():
    # every command's module imported and registered, as the parser was built before
    assert cli.build_parser([]).format_help() == cli.build_parser().format_help()


def _subparsers(parser):
    return next(a for a in parser._actions if a.dest == "command").choices


def test_each_command_is_registered_by_the_module_the_registry_names():
    for name, (module, _help) in cli.COMMANDS.items():
        chosen = _subparsers(cli.build_parser([name]))
        # the module's parser has its options; a placeholder holds only -h
        assert len(chosen[name]._actions) > 1, (name, module)
        others = [n for n, (m, _h) in cli.COMMANDS.items() if m != module]
        assert all(len(chosen[n]._actions) == 1 for n in others), name


@pytest.mark.parametrize("argv, expected", [
    (["report", "--regency", "64.02"], "report"),
    (["--help"], None),
    (["-h", "build"], "build"),
    (["no-such-command"], None),
    ([], None),
])
def test_command_in(argv, expected):
    assert cli.command_in(argv) == expected


def test_help_imports_no_command_module_nor_pandas():
    code = ("import sys, contextlib, io\n"
            "from analysis.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            "    try:\n"
            "        main(['--help'])\n"
            "    except SystemExit:\n"
            "        pass\n"
            "assert 'simulate' in out.getvalue()\n"
            "heavy = [m for m in sys.modules if m.startswith('analysis.commands.')\n"
            "         or m.split('.')[0] in ('pandas', 'numpy', 'nbformat', 'jsonschema')]\n"
            "print(' '.join(sorted(heavy)))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stdout.strip() == ""


def test_a_command_runs_with_only_its_module(tmp_path):
    code = ("import sys\n"
            "from analysis.cli import main\n"
            f"rc = main(['template', '--kind', 'idsd', '--out', {str(tmp_path / 'i.csv')!r}])\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('analysis.commands.'))\n"
            "print(rc, ' '.join(loaded))\n")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    # the command's module and the options every command shares, no other command
    assert res.stdout.split() == ["0", "analysis.commands.options", "analysis.commands.template"], \
        res.stdout + res.stderr
    assert (tmp_path / "i.csv").is_file()
