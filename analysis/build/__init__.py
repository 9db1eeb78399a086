"""The build stage: validated raw tables -> every table the reports read, in data/processed.

* :mod:`analysis.build.spec` — :class:`Sources` (where a build reads) and :class:`TableSpec`
  (one table: its raw inputs, dependencies, compute function, dtypes, per-regency or not);
* :mod:`analysis.build.processed` — the base tables (evaluations, profiles, data quality, map
  layer, manifest copy) and where a data directory's tables go;
* :mod:`analysis.build.tables` — the list of every table (:data:`TABLES`);
* :mod:`analysis.build.engine` — runs the specs in dependency order, skips a table whose key
  (inputs + dependencies + code) is unchanged, partitions per-regency tables, writes
  atomically, records everything in ``build.json``;
* :mod:`analysis.build.store` — reads ``build.json`` and the tables back typed, refusing one
  whose bytes differ from the sha256 the build recorded (what report kernels import);
* :mod:`analysis.build.panel_tables`, :mod:`analysis.build.strategy_tables`,
  :mod:`analysis.build.own_tables` — the specs of the BPS-panel analyses, the strategy chapter
  and a regency's own data;
* :mod:`analysis.build.project` — the project's build and read-back (``workbench build``,
  ``workbench report``, notebooks).
"""
