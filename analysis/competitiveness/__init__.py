"""Competitiveness analysis (*analisis daya saing*): where a regency stands against its province,
its island group, Java and its peers, indicator by indicator and year by year.

Frames in, frames out: nothing here reads the panel (the build stage passes the frames of
``analysis/data/panel.py``: the long panel ``kode, variabel, tahun, nilai[, seri]`` and the
regions ``kode, jenis, kode_provinsi, provinsi, pulau_jawa, pulau[, nama]``). Modules:

* :mod:`.standing`: :func:`standing`, the ``daya_saing`` table;
* :mod:`.peers`: :func:`profile`, :func:`peers`, :func:`peer_median`, the peer groups;
* :mod:`.trend`: :func:`gap_trend`, is the gap to Java closing or widening;
* :mod:`.idsd`: BRIN's IDSD (12 pillars, 4 components, 0–5): :func:`idsd_template`,
  :func:`read_idsd`, :func:`idsd_long` (settings in ``idsd.yaml``; no scores shipped);
* :mod:`.checks`: input checks, :class:`CompetitivenessInputError`.

Rules
-----
Direction (``arah``). Each variable's direction comes from ``higher_is_better`` in the panel's
variable table: ``tinggi`` (higher is better: IPM and its components, PDRB, PDRB per capita),
``rendah`` (lower is better: ``tpt``, the open unemployment rate) and ``netral`` (neither:
``garis_kemiskinan``, the poverty line, is a price level).

Province rank (``peringkat_provinsi``). Among all kabupaten/kota of the regency's 2025
province with a value that year: 1 = best, i.e. the highest value, or the lowest for ``rendah``
variables; ``netral`` variables are ranked highest = 1 (a rank of a level, not a merit). Ties
share the smallest rank (``min``: values 9, 8, 8, 7 rank 1, 2, 2, 4). ``n_provinsi`` is the
number ranked.

Medians. ``median_provinsi``, ``median_pulau`` and ``median_nasional`` are over the regencies
with a value that year, the regency itself included. ``median_jawa_sejenis`` is the median of
Java's regencies (DKI Jakarta, Jawa Barat, Jawa Tengah, DI Yogyakarta, Jawa Timur, Banten) of
the same kind, kabupaten with kabupaten and kota with kota, by the regions' ``jenis``
(Kepulauan Seribu counts as a kabupaten).

Gap (``selisih_jawa``) = value − ``median_jawa_sejenis``, signed, in the variable's unit.
``unggul_jawa`` is True when the gap is on the better side (> 0 for ``tinggi``, < 0 for
``rendah``); a gap of exactly 0 is not ahead; for ``netral`` variables it is missing: a price
level above Java's is neither ahead nor behind.

National percentile (``persentil_nasional``). Over all regencies with a value that year,
ordered from worst to best (``netral``: lowest to highest): 100 × (mean rank of the tied group)
/ n. Without ties this is the share, in percent, of regencies whose standing is at or below the
regency's own, itself included: the best has 100, the worst 100/n. Tied regencies share the
mid-rank.

Peer groups (:func:`peers`). ``provinsi``: the other regencies of the 2025 province.
``pulau``: the other regencies of the island group (Sumatera, Jawa, Bali-Nusa Tenggara,
Kalimantan, Sulawesi, Maluku, Papua). ``jawa_sejenis``: Java's regencies of the same kind.
``profil``: the 10 nearest regencies of the same kind by profile: Euclidean distance on the
z-scores (mean 0, population standard deviation 1, over all regencies with a complete profile)
of log population, log density (persons per km²), IPM and log PDRB per capita, IPM and PDRB per
capita taken in the latest year in which both are published (:func:`profile`); ties in distance
go to the smaller Kemendagri code. A regency without a complete profile gets no profile peers.

Gap trend (:func:`gap_trend`). Per regency and variable, the OLS line of the signed gap on the
year over the years with a gap (2010–2024 on the shipped panel): slope per year and its standard
error. Let s be the sign of the latest gap (of the first gap when the latest is 0): the absolute
gap shrinks at ``laju_penyempitan`` = −s × slope per year. Verdict: ``menyempit`` (closing) when
that rate is > 0, ``melebar`` (widening) when < 0, ``tetap`` (no clear trend) when there are
fewer than 5 years, the slope is within 2 standard errors of 0, or there is no gap. A regency
behind Java on a ``tinggi`` variable (gap < 0) closes with a positive slope; one ahead (gap > 0)
"widens" when it pulls further ahead, which the side columns (``posisi_akhir`` = ``unggul``)
make plain; ``berbalik`` marks a regency that changed side within the period.
"""
from analysis.competitiveness.checks import CompetitivenessInputError
from analysis.data.idsd import (COMPONENTS, PILLARS, SCORE_COLUMNS, idsd_long,
                                           idsd_template, read_idsd)
from analysis.competitiveness.peers import (GROUPS, K_NEAREST, PEER_COLUMNS, PROFILE_FEATURES,
                                            peer_median,
                                            peers, profile, zscores)
from analysis.competitiveness.selection import select_rows
from analysis.competitiveness.standing import (COLUMNS, EXTRA_COLUMNS, HIGHER, LOWER, NEUTRAL,
                                               default_directions, direction, standing)
from analysis.competitiveness.trend import (CLOSING, MIN_T, MIN_YEARS, STEADY, TREND_COLUMNS,
                                            WIDENING, gap_trend, position)

__all__ = ["CompetitivenessInputError", "COMPONENTS", "PILLARS", "SCORE_COLUMNS", "idsd_long",
           "idsd_template", "read_idsd", "GROUPS", "K_NEAREST", "PEER_COLUMNS", "PROFILE_FEATURES",
           "peer_median", "peers", "profile", "zscores", "COLUMNS", "EXTRA_COLUMNS", "HIGHER",
           "LOWER", "NEUTRAL", "default_directions", "direction", "standing", "CLOSING",
           "MIN_T", "MIN_YEARS", "STEADY", "TREND_COLUMNS", "WIDENING", "gap_trend", "position",
           "select_rows"]
