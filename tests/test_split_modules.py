"""Readiness and evaluation split by job: the package ``__init__`` only re-exports,
and results are computed from the data on every call (no cache surviving in a kernel)."""
import ast

import pytest

from analysis import evaluation, readiness
from analysis.paths import PACKAGE_DIR
from conftest import replace_in


@pytest.mark.parametrize("package", ["readiness", "evaluation"])
def test_init_holds_no_logic(package):
    tree = ast.parse((PACKAGE_DIR / package / "__init__.py").read_text(encoding="utf-8"))
    kinds = {type(node).__name__ for node in tree.body}
    # a docstring, imports and __all__, nothing else (no def, class or computed constant)
    assert kinds <= {"Expr", "ImportFrom", "Import", "Assign"}, kinds
    assigns = [n for n in tree.body if isinstance(n, ast.Assign)]
    assert [t.id for n in assigns for t in n.targets] == ["__all__"]
    module = readiness if package == "readiness" else evaluation
    assert all(hasattr(module, name) for name in module.__all__)


def test_readiness_table_reads_the_data_on_every_call(raw_copy):
    before = readiness.readiness_table(raw_copy).set_index("kode_kemendagri")
    replace_in(raw_copy / readiness.ASSESSMENT_FILE, "11.71,Kota Banda Aceh,RK.1.1.STR.1,4,ya",
               "11.71,Kota Banda Aceh,RK.1.1.STR.1,1,ya")
    after = readiness.readiness_table(raw_copy).set_index("kode_kemendagri")
    # one item of 54 (6 pillars × 3 sub-dimensions × 3 items) from 4 to 1: goalposted 1 -> 0,
    # sub-dimension −100/3, pillar −100/9, overall −100/54 = −1.851852
    drop = before.loc["11.71", "indeks_kesiapan"] - after.loc["11.71", "indeks_kesiapan"]
    assert drop == pytest.approx(100 / 54)
    assert before.loc["11.71", "governance"] - after.loc["11.71", "governance"] == \
        pytest.approx(100 / 9)
