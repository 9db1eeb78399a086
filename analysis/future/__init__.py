"""Future analysis (*analisis masa depan*): projections of the BPS panel with honest intervals.

Frames in, frames out (no file is read here; the build stage reads the panel and wires these
functions). One module per job, every public name re-exported here:

* :mod:`.series`: one variable as a regency × year matrix; history, drift slope and scale up to
  an origin (how gaps are handled);
* :mod:`.methods`: the projection methods by name (:data:`METHODS`: ``drift``, ``random_walk``,
  ``panel_ols``, ``ets_damped``, ``arima_drift``);
* :mod:`.backtest`: the rolling-origin backtest, its accuracy table and the method choice;
* :mod:`.intervals`: intervals calibrated from the backtest's errors (common shock + pooled
  residuals);
* :mod:`.projection`: :func:`run_future` / :func:`project` (``proyeksi``, ``tanpa_proyeksi``,
  ``uji_balik``, the record);
* :mod:`.reach`: :func:`reach_year`, when a regency would reach its province median and the
  Java median of its kind;
* :mod:`.checks`: input checks (:class:`FutureInputError`); :mod:`.settings`: the settings file.
"""
from analysis.future.backtest import (BACKTEST_COLUMNS, CHOICE_COLUMNS, accuracy, calibrate,
                                      choose_method, run_backtest)
from analysis.future.checks import FutureInputError
from analysis.future.intervals import common_shock_quantiles, horizon_quantiles
from analysis.future.methods import METHODS, Method
from analysis.future.projection import (NO_PROJECTION_COLUMNS, PROJECTION_COLUMNS,
                                        FutureResult, project, run_future)
from analysis.future.reach import REACH_COLUMNS, reach_year
from analysis.future.series import SeriesMatrix, history, series_matrix
from analysis.future.settings import settings

__all__ = ["BACKTEST_COLUMNS", "CHOICE_COLUMNS", "METHODS", "NO_PROJECTION_COLUMNS",
           "PROJECTION_COLUMNS", "REACH_COLUMNS", "FutureInputError", "FutureResult",
           "Method", "SeriesMatrix", "accuracy", "calibrate", "choose_method",
           "common_shock_quantiles", "history", "horizon_quantiles", "project", "reach_year",
           "run_backtest", "run_future", "series_matrix", "settings"]
