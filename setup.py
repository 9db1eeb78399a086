"""Build hook (the project's metadata is in pyproject.toml): the notebooks the commands execute
(``notebooks/*.ipynb``, the report notebook first) are copied into the wheel as
``analysis/notebooks/``, so an installed package (``pip install .``, not editable) runs
``workbench report`` from any directory. A checkout reads them where they are
(:data:`analysis.paths.NOTEBOOKS_DIR`)."""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithNotebooks(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):     # an editable install reads the checkout
            return
        target = Path(self.build_lib) / "analysis" / "notebooks"
        self.mkpath(str(target))
        for nb in sorted((HERE / "notebooks").glob("*.ipynb")):
            self.copy_file(str(nb), str(target / nb.name))


setup(cmdclass={"build_py": BuildPyWithNotebooks})
