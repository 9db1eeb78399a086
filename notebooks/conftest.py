"""The notebook tier (`make test-notebooks`, part of `make test`): every notebook here runs once.

Notebooks that tests/ executes with papermill (and whose outputs those tests check, e.g. in
English or with small sample sizes) are left out of the nbval pass so none runs twice;
tests/test_tiers.py checks that each name below is executed by a test in tests/.
"""
EXECUTED_BY_TESTS = {
    "demographic_correlations.ipynb": "tests/test_correlations_notebooks.py",
    "explore.ipynb": "tests/test_correlations_notebooks.py",
    "readiness_indices.ipynb": "tests/test_readiness_notebook.py",
    "regency_report.ipynb": "tests/test_report_notebook.py",
    "whatif.ipynb": "tests/test_whatif_report.py",
}

collect_ignore = list(EXECUTED_BY_TESTS)
