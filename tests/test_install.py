"""The package installed from its wheel (``pip install .``, not editable) works from any
directory: it carries its settings, templates and notebooks, reads the data directory it is
given, says clearly that it ships no data, and writes where the user says.

The wheel is built from a copy of the sources without network (``--no-build-isolation``:
setuptools comes with the test extras) and installed into a new virtual environment that sees
the project's dependencies through a ``.pth`` line, so nothing is downloaded.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from analysis.cli import COMMANDS
from analysis.paths import NOTEBOOKS_DIR, PACKAGE_DIR, PROJECT_ROOT, RAW_DIR

pytestmark = pytest.mark.slow

#: What a source distribution holds besides the package and the notebooks.
SOURCE_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md")
NO_SHIP = shutil.ignore_patterns("__pycache__", "*.pyc")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in SOURCE_FILES:
        shutil.copy2(PROJECT_ROOT / name, src / name)
    shutil.copytree(PACKAGE_DIR, src / "analysis", ignore=NO_SHIP)
    (src / "notebooks").mkdir()
    for nb in NOTEBOOKS_DIR.glob("*.ipynb"):
        shutil.copy2(nb, src / "notebooks" / nb.name)
    dist = tmp_path_factory.mktemp("dist")
    res = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-index",
                          "--no-build-isolation", "-q", "-w", str(dist), str(src)],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    (whl,) = dist.glob("smartcity_workbench-*.whl")
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A new virtual environment with the wheel installed; the dependencies are those of the
    environment running the tests."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=False, symlinks=True)
    # the environment lies in a git repository with a commit (as a venv inside a user's own
    # project would): that commit is not the code that ran, and no report may say it is
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(env)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "commit", "-q", "--allow-empty", "-m", "not the workbench"],
                   check=True)
    py = env / "bin" / "python"
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # a plain path line: the editable install's finder (a .pth there) is not run
    Path(site, "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    res = subprocess.run([py, "-m", "pip", "install", "--no-deps", "--no-index",
                          "--ignore-installed", "-q", str(wheel)], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
    return env


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SMARTCITY_") and k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    # the dependencies' data files (nbconvert's templates) lie beside them, not in the new venv
    env["JUPYTER_PATH"] = os.pathsep.join(
        [str(Path(sys.prefix) / "share" / "jupyter"), *filter(None, [env.get("JUPYTER_PATH")])])
    return {**env, **extra}


def workbench(installed: Path, *args, cwd: Path, **env):
    return subprocess.run([installed / "bin" / "workbench", *map(str, args)], cwd=cwd,
                          env=_env(**env), capture_output=True, text=True, timeout=900)


def test_wheel_carries_every_package_file_and_the_notebooks(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {p.relative_to(PROJECT_ROOT).as_posix() for p in PACKAGE_DIR.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert shipped - names == set()       # every setting, framework, template and module
    notebooks = {f"analysis/notebooks/{p.name}" for p in NOTEBOOKS_DIR.glob("*.ipynb")}
    assert "analysis/notebooks/regency_report.ipynb" in notebooks
    assert notebooks - names == set()


def test_installed_package_is_the_one_run_and_knows_it_is_no_checkout(installed, tmp_path):
    code = ("import analysis.paths as p; "
            "print(p.PACKAGE_DIR, p.IN_CHECKOUT, p.NOTEBOOKS_DIR, p.RAW_DIR, p.REPORTS_DIR)")
    out = subprocess.run([installed / "bin" / "python", "-c", code], cwd=tmp_path, env=_env(),
                         capture_output=True, text=True, check=True).stdout.split()
    pkg = Path(out[0])
    assert installed in pkg.parents and out[1] == "False"
    assert out[2] == str(pkg / "notebooks") and Path(out[2], "regency_report.ipynb").is_file()
    assert out[3:] == [str(tmp_path / "data" / "raw"), str(tmp_path / "reports")]


def test_help_from_another_directory(installed, tmp_path):
    res = workbench(installed, "--help", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    for name in COMMANDS:
        assert name in res.stdout


def test_no_data_directory_is_a_clear_error(installed, tmp_path):
    res = workbench(installed, "validate", "--lang", "en", cwd=tmp_path)
    assert res.returncode == 2
    for part in (f"the data directory {tmp_path / 'data' / 'raw'} does not exist", "--data-dir",
                 "SMARTCITY_HOME", "an installed workbench ships no data"):
        assert part in res.stderr, (part, res.stderr)
    assert list(tmp_path.iterdir()) == []           # nothing written


def test_index_with_shipped_framework_matches_the_checkout(installed, tmp_path):
    from analysis.cli import main
    data = RAW_DIR / "kominfo_evaluasi_2022.csv"
    args = ["index", "--framework", "kominfo-evaluasi-2022", "--data", data]
    res = workbench(installed, *args, "--out", "installed.csv", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert main([str(a) for a in args] + ["--out", str(tmp_path / "checkout.csv")]) == 0
    assert (tmp_path / "installed.csv").read_bytes() == (tmp_path / "checkout.csv").read_bytes()


def test_build_writes_under_smartcity_home(installed, tmp_path):
    data = tmp_path / "my data"
    shutil.copytree(RAW_DIR, data)
    home, cwd = tmp_path / "home", tmp_path / "elsewhere"
    cwd.mkdir()
    res = workbench(installed, "build", "--data-dir", data, "--only", "evaluasi", cwd=cwd,
                    SMARTCITY_HOME=str(home))
    assert res.returncode == 0, res.stderr
    (built,) = (home / "data" / "processed" / "datasets").glob("my data-*/evaluasi.csv")
    assert list(cwd.iterdir()) == []
    assert "64.02" in built.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_report_for_one_regency_from_another_directory(installed, tmp_path):
    data = tmp_path / "mydata"
    shutil.copytree(RAW_DIR, data)
    res = workbench(installed, "report", "--regency", "64.02", "--data-dir", "mydata",
                    "--out", "out", "--jobs", "1", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    run = tmp_path / "out" / "latest"
    assert (run / "64.02.html").stat().st_size > 0 and (run / "index.html").is_file()
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    params = manifest["parameters"]
    assert manifest["git"] == {"commit": None, "dirty": None}
    assert Path(params["notebook"]) == (
        next(installed.rglob("site-packages")) / "analysis" / "notebooks" / "regency_report.ipynb")
    assert Path(params["processed_dir"]).parent == tmp_path / "data" / "processed" / "datasets"
    record = json.loads((run / "64.02.json").read_text(encoding="utf-8"))
    # Kominfo's published 2023 final for Kutai Kartanegara (B-1384/DJAI/AI.01.04/12/2023)
    assert record["evaluation"]["2023"]["nilai_final"] == 2.82
