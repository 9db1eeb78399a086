"""Composite-indicator engine: COINr's pipeline of named stages, vectorised.

Stages (COINr names and semantics), each optional, each a units × columns DataFrame::

    raw -> denominated -> imputed -> screened -> treated -> normalised -> aggregated

Public API (stable; H1b's uncertainty/sensitivity code builds on it)
--------------------------------------------------------------------

``analysis.index.pipeline``
    ``STAGES``: the stage names above, in order.
    ``load_pipeline(name_or_path) -> dict``: a pipeline spec from ``analysis/pipelines/<name>.yaml``
    (built-in, e.g. ``"coinr-example"``) or a YAML file. Layout::

        name: coinr-example
        unit_col: uCode                       # optional; default: framework meta, else first column
        stages:                               # a stage that is absent is skipped (identity)
          denominated: {by: framework}        # or {by: {indicator: column}}
          imputed: {method: group_mean, group: EurAsia_group}
                                  # mean|median|group_mean|group_median|none
          screened: {method: byNA, min_share: 0.9}
          treated: {method: coinr, winmax: 5, skew_thresh: 2, kurt_thresh: 3.5}  # or none
          normalised: {method: minmax, range: [0, 100]}   # see stages.normalise.METHODS
          aggregated: {method: arithmetic, weights: framework}
                                  # weights: equal | framework | <weight set name>; optional:
                                  # by_level {2: geometric}, by_node {code: ..}, p,
                                  # min_share (weight share), dat_thresh (count share)
        weight_sets: {p1_heavy: {P1: 3, P2: 1}}   # named sets (a framework YAML may carry them too)

    Unknown stage names or options are errors (``pipeline.OPTIONS`` lists the accepted ones).
    Built-in pipelines: ``coinr-example`` (COINr's ``build_example_coin``) and ``undp-hdi``.

    ``run_pipeline(framework, data, pipeline, unit_col=None, weights=None) -> PipelineResult``
        ``framework``: a Framework (see ``analysis.frameworks``; ``analysis.index.coinr.read_imeta``
        turns a COINr iMeta table into one); ``data``: wide DataFrame (unit column, indicator
        columns, optional group/denominator columns); ``pipeline``: dict or name/path;
        ``weights``: optional {node code: weight} overriding the framework (a named weight set).
    ``replay(record, framework, data) -> PipelineResult``: re-run from a ``PipelineResult.record``.

    ``PipelineResult``:
        ``.stages: dict[str, DataFrame]`` stage name -> DataFrame indexed by unit code (index name =
        unit column); columns are indicator codes, ``aggregated`` also has every aggregate code.
        ``.record: dict`` the fully resolved options of every stage (JSON-serialisable; replayable).
        ``.treat_details: DataFrame | None`` COINr-style treatment details (one row per indicator).
        ``.plan: AggregationPlan`` the compiled aggregation (reuse it to re-aggregate cheaply).
        ``.framework``, ``.unit_col``, ``.scores`` (root column), ``.ranks`` (1 = best).

``analysis.index.stages`` (each a pure function over a units × indicators DataFrame, vectorised)
    ``denominate(X, denominators: DataFrame, by: dict[str, str]) -> DataFrame``
    ``impute(X, method="mean", groups: Series | None = None) -> DataFrame``
    ``screen(X, min_share=0.9) -> (DataFrame, removed_units: list[str])``
    ``treat(X, winmax=5, skew_thresh=2, kurt_thresh=3.5) -> (DataFrame, details: DataFrame)``
    ``normalise(X, method="minmax", directions: Series | None = None, **options) -> DataFrame``
        methods: minmax(range), zscore(mean, sd), goalpost(goalposts {code: (lo, hi)}, log,
        truncate, scale), dist_target(targets {code: t}, cap), fraction_max, rank, prank.
        Direction (+1/−1) is applied before normalising (x · direction).
    ``AggregationPlan.from_framework(framework, leaves, method="arithmetic", by_level=None,
        by_node=None, p=None, min_share=None, dat_thresh=None)``
        ``plan.nodes`` (all codes, leaves then aggregates bottom-up), ``plan.aggregates``,
        ``plan.weight_vector(weights: dict | None) -> ndarray`` (one weight per node, its weight
        within its parent), and
        ``plan.run(Xn: ndarray[n_units, n_leaves], w: ndarray[n_nodes] or [n_samples, n_nodes])
        -> ndarray[n_units, n_aggregates]`` (or ``[n_samples, n_units, n_aggregates]`` for a
        batch of weight vectors, run vector by vector; columns in ``plan.aggregates`` order, the
        root last); sums in a fixed order, so a result never depends on the BLAS kernel.
        ``plan.run_given(Xn, given, w=None)`` also takes given aggregate values (NaN = compute)
        and returns ``(values, computed)``. ``plan.steps`` holds per aggregate ``code, kids,
        method, p, min_share, dat_thresh, multiplier``. Measured (514 units × 90 indicators,
        25 aggregates, loaded 2-core machine): one run ≈ 1 ms, a full ``run_pipeline`` ≈ 0.1 s;
        thousands of weight vectors at once: ``batch_aggregate.BatchAggregator``.
    ``aggregate_tree(Xn: DataFrame, framework, weights=None, **plan_options) -> DataFrame``
        (units × aggregates; convenience wrapper over the plan).

``analysis.index.coinr``: ``read_imeta(path_or_df) -> Framework`` (COINr iMeta; keeps
    Target/Denominator in node attrs and group/denominator columns in ``framework.meta``),
    ``read_idata(path_or_df) -> DataFrame``.

``analysis.index.coherence``: ``indicator_stats``, ``correlations``, ``cronbach_alpha``,
    ``pca_share``, ``vif``, ``coherence_audit`` (all return DataFrames).

``analysis.index.compute.compute_index(framework, df, unit_col, weights=None)``: the framework
    run as its file defines it (each leaf's own normalisation, then the aggregation stage above
    with ``plan.run_given``): a node given as a column is taken as is, with
    ``<node>_computed``/``<node>_residual`` (published-score frameworks, item-level
    self-assessments). One engine: the Kominfo evaluation, what-if and instrument scoring call
    it; readiness is a pipeline (``analysis.readiness.indices``); both aggregate with the plan.

One of each: ``stages.normalise.goalpost`` is the goalpost formula (pipeline stage and framework
    leaves); ``analysis.index.rank`` (``rank_columns`` for arrays, ``rank_desc`` for a Series) is
    the competition ranking of every index, evaluation, pipeline and uncertainty run.
    ``batch_aggregate.BatchAggregator`` is the plan's batched form for the uncertainty analysis
    (same rules; tests check it against ``run_pipeline`` sample by sample).
"""
