"""The build stage: validated raw tables -> every table the reports read, in data/processed.

* :mod:`analysis.processed.spec` — :class:`Sources` (where a build reads) and :class:`TableSpec`
  (one table: its raw inputs, dependencies, compute function, dtypes, per-regency or not);
* :mod:`analysis.processed.base_tables` — the base tables (evaluations, profiles, data quality, map
  layer, manifest copy) and where a data directory's tables go;
* :mod:`analysis.processed.tables` — the list of every table (:data:`TABLES`);
* :mod:`analysis.processed.engine` — runs the specs in dependency order, skips a table whose key
  (inputs + dependencies + code) is unchanged, partitions per-regency tables, writes
  atomically, records everything in ``build.json``;
* :mod:`analysis.processed.store` — reads ``build.json`` and the tables back typed, refusing one
  whose bytes differ from the sha256 the build recorded (what report kernels import);
* :mod:`analysis.processed.panel_tables`, :mod:`analysis.processed.strategy_tables`,
  :mod:`analysis.processed.own_tables` — the specs of the BPS-panel analyses, the strategy chapter
  and a regency's own data;
* :mod:`analysis.processed.project` — the project's build and read-back (``workbench build``,
  ``workbench report``, notebooks).
"""
