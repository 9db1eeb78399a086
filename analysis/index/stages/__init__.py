"""Stage functions of the index pipeline, each callable on its own (see ``analysis.index``).

``denominate``, ``impute``, ``screen`` (:mod:`.basic`), ``treat`` (:mod:`.treat`, COINr's
default outlier treatment), ``normalise`` (:mod:`.normalise`), ``AggregationPlan`` and
``aggregate_tree`` (:mod:`.tree`). All work on units × indicators DataFrames (index = unit
codes) or, for the plan, on plain numpy arrays.
"""
from analysis.index.stages.basic import IMPUTE_METHODS, StageError, denominate, impute, screen
from analysis.index.stages.normalise import METHODS as NORMALISE_METHODS
from analysis.index.stages.normalise import normalise, normalise_array
from analysis.index.stages.treat import kurt, skew, treat
from analysis.index.stages.tree import AggregationPlan, aggregate_tree

__all__ = ["denominate", "impute", "screen", "treat", "normalise", "normalise_array",
           "AggregationPlan", "aggregate_tree", "skew", "kurt", "StageError", "IMPUTE_METHODS",
           "NORMALISE_METHODS"]
