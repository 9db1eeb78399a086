"""The maps' backdrops in each language: the build draws the texts that depend only on the
language (source line, colour bar labels, value labels) once per province and language, and a
report draws only its regency over the layer of its own language, giving the same picture as a
map that draws every text itself."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pytest

from analysis.maps import layers as maps
from analysis.plots import backdrop as bd
from analysis.plots import maps as pm
from analysis.reports.context import load_context
from analysis.reports.sections import common
from analysis.reports.sections import maps as maps_section

matplotlib.use("Agg")
# the ten kabupaten/kota of Kalimantan Timur (Kepmendagri 300.2.2-2430/2025)
KALTIM = ["64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"]
SOURCE = {"id": "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2430/2025",
          "en": "Boundaries: cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2430/2025"}


@pytest.fixture(scope="module")
def kaltim(map_layers, built_evaluations):
    """The province frame of Kaltim, its backdrop and its stored (PNG round trip) layers."""
    frame, context, extent = maps.province_frame(map_layers, "64.02", built_evaluations, 2023)
    base = bd.from_png(bd.to_png(pm.province_backdrop(frame, context, extent, 1.0, 4.0)))
    labelled = {lang: bd.from_png(bd.to_png(pm.province_labels(base, frame, 2023, 1.0, 4.0,
                                                               SOURCE[lang], lang)))
                for lang in ("id", "en")}
    return frame, context, extent, base, labelled


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    out = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return out


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_province_map_over_its_language_layer_is_the_same_picture(
        map_layers, built_evaluations, kaltim, lang):
    _, context, extent, base, labelled = kaltim
    redrawn = 0
    for code in KALTIM:
        frame, _, _ = maps.province_frame(map_layers, code, built_evaluations, 2023)
        args = (frame, context, extent, "Kab. X", 2023, 1.0, 4.0, SOURCE[lang], lang)
        for illustrative in (False, True):
            fast = pm.province_map(*args, illustrative=illustrative, backdrop=base,
                                   labelled=labelled[lang])
            # the layer was used: the source line is in its pixels, not a text of the figure
            assert SOURCE[lang] not in _texts(fast), code
            redrawn += len(fast.axes[0].texts) - illustrative
            own = pm.province_map(*args, illustrative=illustrative, backdrop=base)
            assert SOURCE[lang] in _texts(own)
            assert np.array_equal(_pixels(fast), _pixels(own)), (code, lang, illustrative)
    # the small cities' outlines cross value labels, which are drawn again over them
    assert redrawn > 0


def test_a_layer_of_another_language_or_text_is_not_used(map_layers, built_evaluations, kaltim):
    frame, context, extent, base, labelled = kaltim
    args = (frame, context, extent, "Kukar", 2023, 1.0, 4.0)
    fig = pm.province_map(*args, SOURCE["en"], "en", backdrop=base, labelled=labelled["id"])
    assert SOURCE["en"] in _texts(fig) and "Final score 2023 (Kominfo)" in _texts(fig)
    own = pm.province_map(*args, SOURCE["en"], "en", backdrop=base)
    assert np.array_equal(_pixels(fig), _pixels(own))
    fig = pm.province_map(*args, "another source", "id", backdrop=base, labelled=labelled["id"])
    assert "another source" in _texts(fig)
    plt.close(fig)


def test_indonesian_layer_holds_indonesian_numbers(kaltim):
    frame, _, _, base, labelled = kaltim
    meta = labelled["id"].meta
    # Lampiran II finals of Kaltim 2023 with the decimal comma, in frame order
    finals = {"64.07": "1,23", "64.02": "2,82", "64.08": "2,96", "64.01": "2,84",
              "64.71": "3,41", "64.74": "2,41", "64.72": "3,10"}
    assert meta["lang"] == "id" and meta["texts"][:2] == ["Nilai final 2023 (Kominfo)",
                                                        SOURCE["id"]]
    assert sorted(map(tuple, meta["texts"][2:])) == sorted(finals.items())
    assert labelled["en"].meta["texts"][0] == "Final score 2023 (Kominfo)"
    assert ["64.72", "3.10"] in labelled["en"].meta["texts"]
    # the colour bar's tick labels: five equal classes of [1, 4], typed by hand, drawn at the
    # backdrop's anchors, give the same pixels in the band right of the bar as the layer
    size = matplotlib.rcParams["ytick.labelsize"]
    band = {}
    for lang, ticks in (("id", ["1,00", "1,60", "2,20", "2,80", "3,40", "4,00"]),
                        ("en", ["1.00", "1.60", "2.20", "2.80", "3.40", "4.00"])):
        fig, _ = bd.figure_over(base)
        for i, t in enumerate(ticks):
            fig.text(*base.anchors[f"cbar_tick_{i}"], t, ha="left", va="center", fontsize=size)
        h, w = base.image.shape[:2]
        x0 = int(base.anchors["cbar_tick_0"][0] * w) - 2
        x1 = int(base.anchors["cbar_label"][0] * w) - 1
        expected = _pixels(fig)[:, x0:x1]
        band[lang] = labelled[lang].image[:, x0:x1]
        assert np.array_equal(band[lang], expected), lang
    assert not np.array_equal(band["id"], band["en"])


def test_locator_map_over_its_language_layer_is_the_same_picture(map_layers):
    base = bd.from_png(bd.to_png(pm.locator_backdrop(map_layers.national)))
    for lang in ("id", "en"):
        layer = bd.from_png(bd.to_png(pm.locator_labels(base, SOURCE[lang], lang)))
        assert layer.meta == {"lang": lang, "texts": [SOURCE[lang]]}
        for code in ("64.02", "11.01"):
            frame = maps.locator_frame(map_layers, code)
            fast = pm.locator_map(frame, "Kab. X", SOURCE[lang], lang, backdrop=base,
                                  labelled=layer)
            assert SOURCE[lang] not in _texts(fast)
            own = pm.locator_map(frame, "Kab. X", SOURCE[lang], lang, backdrop=base)
            assert np.array_equal(_pixels(fast), _pixels(own)), (code, lang)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_map_section_reads_the_layers_of_its_language(monkeypatch, lang):
    ctx = load_context("64.02", lang)
    read = []
    real = common.stored_backdrop

    def spy(ctx, archive, name):
        read.append(name)
        out = real(ctx, archive, name)
        assert out is not None, name                    # the build stored every one of them
        return out
    monkeypatch.setattr(maps_section, "stored_backdrop", spy)
    monkeypatch.setattr(common, "display", lambda *objs, **kw: None)
    maps_section.section(ctx)
    assert read == ["lokasi.png", f"lokasi_{lang}.png", "provinsi_64_2023.png",
                    f"provinsi_64_2023_{lang}.png"]
