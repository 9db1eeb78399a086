"""Masterplan analyses of one regency from its own tables.

``workbook`` writes the regency workbook (one XLSX with readiness, risk, SWOT, programmes,
realisation and the RPJMD vision and missions), ``workbook_import`` validates a filled workbook
and writes the tidy tables the loaders read, ``alignment`` relates programmes to the RPJMD
missions. The layout of the workbook (sheets, columns) is in ``workbook_layout``.
"""
