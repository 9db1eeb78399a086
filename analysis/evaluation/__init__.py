"""Kominfo's annual Smart City evaluation: published scores, recomputation, ranks, quality log.

One module per job, every public name re-exported here:

* :mod:`.load`: the tables loaded with the not-evaluated rule, the recomputed final and its
  residual, ranks, placeholder improvements, the profile-coverage rule;
* :mod:`.improvement`: the printed 2023 improvement against our own figure;
* :mod:`.quality`: the data-quality log (a published value outside the instrument's 1–4 scale
  is kept and flagged there);
* :mod:`.peers`: peer medians;
* :mod:`.dimension_whatif` and :mod:`.calculator` (imported on their own).
"""
from analysis.evaluation.improvement import improvement_check
from analysis.evaluation.load import (GROUP_ALL, RESIDUAL_TOLERANCE, YEARS,
                                      check_profiles_cover_evaluations, framework_for,
                                      load_evaluation, load_evaluations, not_evaluated,
                                      placeholder_improvement)
from analysis.evaluation.peers import peer_medians
from analysis.evaluation.quality import QUALITY_COLUMNS, QUALITY_TEXT, quality_log

__all__ = ["improvement_check", "GROUP_ALL", "RESIDUAL_TOLERANCE", "YEARS",
           "check_profiles_cover_evaluations", "framework_for", "load_evaluation",
           "load_evaluations", "not_evaluated", "placeholder_improvement", "peer_medians",
           "QUALITY_COLUMNS", "QUALITY_TEXT", "quality_log"]
