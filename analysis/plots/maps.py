"""Maps of kabupaten/kota drawn from computed frames (see :mod:`analysis.maps.layers`).

Frames carry ``rings``: per regency a list of (n, 2) arrays of (lng, lat), exteriors
counter-clockwise and holes clockwise. Axes stay in degrees with an aspect of 1/cos(latitude),
so nothing is projected here. Every map carries the boundary source line; a map of
illustrative values carries the ILUSTRATIF label (``illustrative=True``).
"""
from __future__ import annotations

import math
from dataclasses import replace

import matplotlib as mpl
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.path import Path

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import NO_DATA, new_figure, number_axis, plain
from analysis.plots.backdrop import Backdrop, figure_over, render
from analysis.plots.scales import ColourScale, scale_for

LAND, EDGE, SEA, CONTEXT = "#dfe3e8", "#ffffff", "#eaf2f8", "#f8f8f8"
MARK, PROVINCE = "#d62728", "#9fb3c8"
#: Width of the selected regency's outline on the province map, points.
OUTLINE_WIDTH = 2.2
#: Gap between a colour bar's tick labels and its label, points (matplotlib's axes.labelpad).
CBAR_LABEL_PAD = 4.0
#: The colour scale of the Kominfo final on the province map (the national page's too).
FINAL_SCALE = scale_for("nilai_final")
T = texts("plots.maps")


def ring_path(rings) -> Path:
    """One compound path of all ``rings`` (each closed)."""
    verts, codes = [], []
    for r in rings:
        verts.append(r)
        verts.append(r[:1])
        c = np.full(len(r) + 1, Path.LINETO, dtype=np.uint8)
        c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
        codes.append(c)
    if not verts:
        return Path(np.empty((0, 2)))
    return Path(np.concatenate(verts), np.concatenate(codes))


def shapes(frame, **style) -> PathCollection:
    """A collection of the frame's regencies (one path each), styled with ``style``."""
    return PathCollection([ring_path(r) for r in frame["rings"]], **style)


def _geo_axes(ax, extent) -> None:
    """Degrees with a 1/cos(mid-latitude) aspect, no ticks, the extent (w, s, e, n)."""
    w, s, e, n = extent
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(1 / math.cos(math.radians((s + n) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(SEA)
    for side in ax.spines.values():
        side.set_visible(False)


def _figure_for(extent, width: float, axes_share: float, extra: float):
    """A figure ``width`` inches wide whose height fits the map: the axes take ``axes_share``
    of the width, ``extra`` inches go to title and source line (height kept in 3–8 in)."""
    w, s, e, n = extent
    ratio = (n - s) / ((e - w) * math.cos(math.radians((s + n) / 2)))
    return new_figure(width, min(8.0, max(3.0, width * axes_share * ratio + extra)))


def _extent(frame, share: float = 0.02):
    """(west, south, east, north) of the frame grown by ``share``; from its bounding-box
    columns when it has them, else from every point."""
    if {"west", "south", "east", "north"} <= set(frame.columns):
        w, s, e, n = (frame["west"].min(), frame["south"].min(), frame["east"].max(),
                      frame["north"].max())
    else:
        pts = np.vstack([r for rings in frame["rings"] for r in rings])
        (w, s), (e, n) = pts.min(axis=0), pts.max(axis=0)
    dx, dy = (e - w) * share, (n - s) * share
    return (w - dx, s - dy, e + dx, n + dy)


def _source(fig, ax, source: str, illustrative: bool, lang: str) -> None:
    """Source line at the foot; the ILUSTRATIF label on the map (top right) when illustrative."""
    _source_line(fig, source)
    if illustrative:
        _illustrative_label(ax, lang)


def _source_line(fig, source: str) -> None:
    fig.text(0.01, 0.01, plain(source), fontsize=7, color="#555555", ha="left", va="bottom")


def _illustrative_label(ax, lang: str) -> None:
    ax.text(0.99, 0.98, tr(T, "illustrative_map", lang), transform=ax.transAxes,
            fontsize=11, weight="bold", color="#b00020", ha="right", va="top", zorder=10,
            bbox={"facecolor": "white", "edgecolor": "#b00020", "boxstyle": "round"})


def locator_backdrop(national) -> Backdrop:
    """The locator map's backdrop, the same for every regency: every regency of the national
    layer in land colour on the sea, axes and margins of :func:`locator_map`."""
    ext = _extent(national)
    fig, ax = _figure_for(ext, 8.0, 0.98, 0.6)
    ax.add_collection(shapes(national, facecolors=LAND, edgecolors=EDGE, linewidths=0.15))
    _geo_axes(ax, ext)
    # fixed margins: no tight_layout cost
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.07, top=0.91)
    return render(fig, ax)


def locator_map(frame, name: str, source: str, lang: str = "id",
                backdrop: Backdrop | None = None, labelled: Backdrop | None = None):
    """Indonesia with the ``selected`` regency filled red and ringed (small ones stay visible),
    its province shaded. ``frame``: :func:`analysis.maps.layers.locator_frame`; ``backdrop``:
    :func:`locator_backdrop` of the national layer (rendered here when not given);
    ``labelled``: :func:`locator_labels` of it (the source line already drawn; used when it
    holds this ``source``)."""
    layer = labelled if labelled is not None and labelled.meta.get("texts") == [source] \
        else None
    fig, ax = figure_over(layer or backdrop or locator_backdrop(frame))
    prov = frame[frame["role"] == "province"]
    ax.add_collection(shapes(prov, facecolors=PROVINCE, edgecolors=EDGE, linewidths=0.15))
    sel = frame[frame["role"] == "selected"]
    ax.add_collection(shapes(sel, facecolors=MARK, edgecolors=MARK, linewidths=0.4))
    if len(sel):
        ax.plot(sel["label_x"], sel["label_y"], "o", ms=14, mfc="none", mec=MARK, mew=1.6)
    ax.set_title(tr(T, "locator", lang).format(name=plain(name)), fontsize=11)
    ax.legend(handles=[Patch(color=MARK, label=plain(name)),
                       Patch(color=PROVINCE, label=tr(T, "province_rest", lang))],
              loc="lower left", fontsize=8, frameon=False)
    if layer is None:
        _source(fig, ax, source, False, lang)
    return fig


def locator_labels(base: Backdrop, source: str, lang: str = "id") -> Backdrop:
    """The locator map's backdrop in one language: ``base`` (:func:`locator_backdrop`) with the
    source line drawn, as :func:`locator_map` draws it (outside the map, so under nothing a
    report draws)."""
    fig, ax = figure_over(base)
    _source_line(fig, source)
    out = render(fig, ax, lambda fig, renderer: base.anchors)
    return replace(out, meta={**base.meta, "lang": lang, "texts": [source]})


def _classes(values, breaks: list[float], scale: ColourScale = FINAL_SCALE):
    """Colours of ``values`` in the classes of ``scale`` between ``breaks`` (NaN →
    :data:`NO_DATA`), and the ``(colormap, norm)`` of its colour bar."""
    colours = [scale.colour_of(v, breaks) if np.isfinite(v) else None for v in values]
    return [c or NO_DATA for c in colours], *scale.listed(breaks)


def _colour_bar(fig, ax, breaks: list[float], cmap, norm, shrink: float):
    """A colour bar of the classes, ticks at the class limits, without tick labels (they are
    written in the figure's language by :func:`_colour_bar_labels`)."""
    cbar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=shrink)
    ticks = breaks if len(breaks) > 1 and breaks[0] != breaks[-1] else breaks[:1]
    cbar.set_ticks(ticks)
    cbar.ax.set_yticklabels([])
    return cbar


def _colour_bar_anchors(cbar, breaks: list[float]):
    """Where the colour bar's tick labels (``cbar_tick_<i>``, left end, level with each limit)
    and its label (``cbar_label``, right of the widest tick label, level with the bar's
    middle) go, in figure fraction."""
    def anchors(fig, renderer):
        box = cbar.ax.get_tightbbox(renderer)
        pos = cbar.ax.get_position()
        pad = CBAR_LABEL_PAD * fig.dpi / 72
        x = (box.x1 + 1.5 * pad) / fig.bbox.width
        out = {}
        lo, hi = cbar.ax.get_ylim()
        for i, b in enumerate(breaks):
            frac = 0.5 if hi == lo else (b - lo) / (hi - lo)
            out[f"cbar_tick_{i}"] = (x, pos.y0 + pos.height * frac)
        widest = max((fmt_number(b, 2, "en") for b in breaks), key=len, default="0.00")
        probe = fig.text(0, 0, widest, fontsize=mpl.rcParams["ytick.labelsize"])
        width = probe.get_window_extent(renderer).width
        probe.remove()
        out["cbar_label"] = ((box.x1 + 2.5 * pad + width) / fig.bbox.width,
                             pos.y0 + pos.height / 2)
        return out
    return anchors


def _colour_bar_labels(fig, backdrop: Backdrop, breaks: list[float], label: str,
                       lang: str) -> None:
    """The colour bar's tick labels (class limits in the figure's language) and its label."""
    size = mpl.rcParams["ytick.labelsize"]
    for i, b in enumerate(breaks):
        at = backdrop.anchors.get(f"cbar_tick_{i}")
        if at is not None:
            fig.text(*at, fmt_number(b, 2, lang), ha="left", va="center", fontsize=size)
    x, y = backdrop.anchors["cbar_label"]
    fig.text(x, y, label, rotation=90, ha="left", va="center",
             fontsize=mpl.rcParams["axes.labelsize"])


def province_backdrop(frame, context, extent, vmin: float, vmax: float) -> Backdrop:
    """The province map's backdrop, the same for every regency of the province: neighbouring
    provinces plain, the province's regencies coloured by ``nilai`` in the final's classes
    over [``vmin``, ``vmax``] (:data:`FINAL_SCALE`; grey: none), the colour bar without its
    labels (they depend on the language). ``frame, context, extent``:
    :func:`analysis.maps.layers.province_frame`."""
    fig, ax = _figure_for(extent, 7.5, 0.78, 0.9)
    ax.add_collection(shapes(context, facecolors=CONTEXT, edgecolors="#c8c8c8", linewidths=0.3))
    breaks = FINAL_SCALE.breaks([vmin, vmax])
    colours, cmap, norm = _classes(frame["nilai"].to_numpy(float), breaks)
    ax.add_collection(shapes(frame, facecolors=colours, edgecolors="white", linewidths=0.6))
    _geo_axes(ax, extent)
    cbar = _colour_bar(fig, ax, breaks, cmap, norm, 0.6)
    fig.subplots_adjust(left=0.02, right=0.98, bottom=0.06, top=0.92)
    return render(fig, ax, _colour_bar_anchors(cbar, breaks))


def _valued(frame):
    """The regencies of a province frame with a value (their labels on the map)."""
    return frame[np.isfinite(frame["nilai"].to_numpy(float))]


def _value_labels(ax, rows, lang: str) -> list:
    """Each regency's value at its label point (white box), in the figure's language."""
    return [ax.annotate(fmt_number(r.nilai, 2, lang), (r.label_x, r.label_y), fontsize=7,
                        ha="center", va="center",
                        bbox={"facecolor": "white", "alpha": 0.7, "pad": 0.5,
                              "edgecolor": "none"})
            for r in rows.itertuples()]


def _layer_texts(frame, year: int, vmin: float, vmax: float, source: str, lang: str) -> list:
    """What a province map's language layer draws (:func:`province_labels`): the colour bar's
    label, the source line, each value label as ``[code, text]``; a layer is used only for
    the map that would draw exactly these."""
    return [tr(T, "final", lang).format(year=year), source] + [
        [str(r.kode_kemendagri), fmt_number(r.nilai, 2, lang)]
        for r in _valued(frame).itertuples()]


#: Pixels added around every box measured for :func:`province_labels` (anti-aliased edges).
BOX_PAD = 3


def _pixel_box(bbox, pad: int = BOX_PAD) -> list[int]:
    """``[x0, y0, x1, y1]`` whole display pixels (origin bottom left) covering ``bbox``."""
    return [math.floor(bbox.x0) - pad, math.floor(bbox.y0) - pad,
            math.ceil(bbox.x1) + pad, math.ceil(bbox.y1) + pad]


def _meets(a, b) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def province_labels(base: Backdrop, frame, year: int, vmin: float, vmax: float, source: str,
                    lang: str = "id") -> Backdrop | None:
    """The province map's backdrop in one language: ``base`` (:func:`province_backdrop`) with
    what does not depend on the regency but on the language drawn as :func:`province_map`
    draws it: every value label, the colour bar's tick labels and label, the source line.
    Its meta holds the texts (:func:`_layer_texts`) and where each value label and each other
    text lies (pixel boxes), so a report can put back the regency's outline under the labels
    it crosses. None when a value label touches one of the other texts (the map then draws
    its texts itself)."""
    fig, ax = figure_over(base)
    labels = _value_labels(ax, _valued(frame), lang)
    breaks = FINAL_SCALE.breaks([vmin, vmax])
    before = set(fig.texts)
    _colour_bar_labels(fig, base, breaks, tr(T, "final", lang).format(year=year), lang)
    _source_line(fig, source)
    others = [t for t in fig.texts if t not in before]
    boxes = {}

    def measure(fig, renderer):
        # a label's white box holds its text (plus BOX_PAD for anti-aliased edges)
        boxes["labels"] = [_pixel_box(a.get_bbox_patch().get_window_extent(renderer))
                           for a in labels]
        boxes["texts"] = [_pixel_box(t.get_window_extent(renderer)) for t in others]
        return base.anchors

    out = render(fig, ax, measure)
    if any(_meets(a, b) for a in boxes["labels"] for b in boxes["texts"]):
        return None
    return replace(out, meta={**base.meta, "lang": lang,
                              "texts": _layer_texts(frame, year, vmin, vmax, source, lang),
                              "label_boxes": boxes["labels"], "text_boxes": boxes["texts"]})


def _outline_box(backdrop: Backdrop, sel, width: float) -> list[int]:
    """Pixel box (origin bottom left) of the outline of the regencies ``sel`` drawn ``width``
    points wide over ``backdrop``'s main axes (mitred corners included)."""
    pts = np.vstack([r for rings in sel["rings"] for r in rings])
    (x0, y0), (x1, y1) = pts.min(axis=0), pts.max(axis=0)
    (xa, xb), (ya, yb) = backdrop.xlim, backdrop.ylim
    left, bottom, w, h = backdrop.axes
    rows, cols = backdrop.image.shape[:2]

    def px(x, y):
        return ((left + (x - xa) / (xb - xa) * w) * cols,
                (bottom + (y - ya) / (yb - ya) * h) * rows)

    (a, b), (c, d) = px(x0, y0), px(x1, y1)
    pad = BOX_PAD + math.ceil(4 * width * backdrop.dpi / 72)
    return [math.floor(min(a, c)) - pad, math.floor(min(b, d)) - pad,
            math.ceil(max(a, c)) + pad, math.ceil(max(b, d)) + pad]


def _under_outline(labelled: Backdrop, base: Backdrop, outline: list[int]):
    """Which value labels to draw again over the regency's outline, and the image to draw
    them on: the labels whose boxes meet the outline's, with every label meeting those (so
    each pixel they cover shows the same labels as one figure would), their boxes taken back
    from ``base``. None when the outline meets one of the layer's other texts."""
    boxes = labelled.meta["label_boxes"]
    if any(_meets(outline, b) for b in labelled.meta["text_boxes"]):
        return None
    redraw = {i for i, b in enumerate(boxes) if _meets(outline, b)}
    grown = True
    while grown:
        more = {j for j, b in enumerate(boxes) if j not in redraw
                and any(_meets(boxes[i], b) for i in redraw)}
        redraw |= more
        grown = bool(more)
    if any(_meets(boxes[i], b) for i in redraw for b in labelled.meta["text_boxes"]):
        return None
    image = labelled.image
    if redraw:
        image = image.copy()
        h, w = image.shape[:2]
        for i in redraw:
            x0, y0, x1, y1 = boxes[i]
            rows = slice(max(h - y1, 0), max(h - y0, 0))
            cols = slice(max(x0, 0), max(x1, 0))
            image[rows, cols] = base.image[rows, cols]
    return sorted(redraw), image


def province_map(frame, context, extent, name: str, year: int, vmin: float, vmax: float,
                 source: str, lang: str = "id", illustrative: bool = False,
                 backdrop: Backdrop | None = None, labelled: Backdrop | None = None):
    """The province's regencies coloured by ``nilai`` (grey: none), the ``selected`` one
    outlined in red, neighbouring provinces plain; colour bar, legend and source line.
    ``frame, context, extent``: :func:`analysis.maps.layers.province_frame`; ``backdrop``:
    :func:`province_backdrop` of the province (rendered here when not given); ``labelled``:
    :func:`province_labels` of it in ``lang``, used when it holds exactly this map's texts:
    only the regency's own artists are drawn then (and the value labels its outline
    crosses, again over it)."""
    backdrop = backdrop or province_backdrop(frame, context, extent, vmin, vmax)
    valued = _valued(frame)
    sel = frame[frame["selected"]]
    layer = None
    if labelled is not None and labelled.meta.get("texts") == _layer_texts(
            frame, year, vmin, vmax, source, lang) and len(sel):
        layer = _under_outline(labelled, backdrop, _outline_box(backdrop, sel, OUTLINE_WIDTH))
    if layer is None:
        fig, ax = figure_over(backdrop)
    else:
        redraw, image = layer
        fig, ax = figure_over(replace(labelled, image=image))
        valued = valued.iloc[redraw]
    ax.add_collection(shapes(sel, facecolors="none", edgecolors=MARK, linewidths=OUTLINE_WIDTH))
    _value_labels(ax, valued, lang)
    ax.set_title(tr(T, "province", lang).format(name=plain(name), year=year), fontsize=10)
    if layer is None:
        _colour_bar_labels(fig, backdrop, FINAL_SCALE.breaks([vmin, vmax]),
                           tr(T, "final", lang).format(year=year), lang)
    ax.legend(handles=[Line2D([], [], color=MARK, lw=OUTLINE_WIDTH, label=plain(name)),
                       Patch(color=NO_DATA, label=tr(T, "no_value", lang))],
              loc="lower left", fontsize=8, framealpha=0.9)
    if layer is None:
        _source(fig, ax, source, illustrative, lang)
    elif illustrative:
        _illustrative_label(ax, lang)
    return fig


def choropleth(frame, label: str, source: str, lang: str = "id", illustrative: bool = False,
               title: str | None = None, highlight: str | None = None,
               scale: ColourScale | None = None):
    """Every regency of ``frame`` coloured by ``nilai`` in the classes of ``scale`` (default:
    the one scale of every map, :mod:`analysis.plots.scales`; grey: no value), with a colour
    bar labelled ``label``. ``illustrative=True`` puts the ILUSTRATIF label on
    the map itself; ``highlight`` (a code) outlines and rings that regency in red.
    ``frame``: :func:`analysis.maps.layers.variable_frame`."""
    scale = scale or scale_for("")
    vals = frame["nilai"].to_numpy(float)
    breaks = scale.breaks(vals[np.isfinite(vals)].tolist()) or [0.0, 1.0]
    colours, cmap, norm = _classes(vals, breaks, scale)
    ext = _extent(frame)
    fig, ax = _figure_for(ext, 9.0, 0.82, 0.9)
    ax.add_collection(shapes(frame, facecolors=colours, edgecolors=EDGE, linewidths=0.15))
    sel = frame[frame["kode_kemendagri"] == highlight]
    if len(sel):
        ax.add_collection(shapes(sel, facecolors="none", edgecolors=MARK, linewidths=1.2))
        ax.plot(sel["label_x"], sel["label_y"], "o", ms=12, mfc="none", mec=MARK, mew=1.4)
    _geo_axes(ax, ext)
    if title:
        ax.set_title(plain(title), fontsize=11)
    cbar = fig.colorbar(mpl.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.7,
                        label=plain(label))
    cbar.set_ticks(breaks if breaks[0] != breaks[-1] else breaks[:1])
    number_axis(cbar.ax.yaxis, lang, scale.decimals)
    ax.legend(handles=[Patch(color=NO_DATA, label=tr(T, "no_data", lang))], loc="lower left",
              fontsize=8, frameon=False)
    _source(fig, ax, source, illustrative, lang)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.08, top=0.9)
    return fig
