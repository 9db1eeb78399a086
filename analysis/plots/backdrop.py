"""Figures in two layers: a backdrop that does not depend on the regency, drawn once, and the
regency's own artists drawn over it in every report.

:func:`render` draws a figure's regency-independent part (every polygon of a map, the peers of a
chart, axes, ticks and colour bar) into a :class:`Backdrop`: the RGBA pixels, where its main axes
lie and their data limits, and named anchor points (e.g. where a colour bar's label goes).
:func:`figure_over` starts a figure of the same pixel size with that image placed 1:1 (copied
into the canvas, no resampling) and transparent axes at the same place with the same limits, so
artists added in data coordinates land exactly where they would have in one figure.

The build stage renders the backdrops of a run once (:mod:`analysis.processed.figures`) and stores
them as PNG (:func:`to_png`, metadata in a text chunk); a report reads one (:func:`from_png`)
instead of drawing hundreds of polygons. Without a stored backdrop the figure functions render
their own, so both ways give the same picture.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image, PngImagePlugin

from analysis.plots import STYLE

META_KEY = "workbench-backdrop"
#: zlib level of stored backdrops: 1 writes and reads fastest (they are read once per report).
STORE_COMPRESSION = 1


@dataclass(frozen=True)
class Backdrop:
    """A figure's regency-independent layer: ``image`` (height, width, 4) uint8 RGBA at ``dpi``;
    ``axes``: (left, bottom, width, height) of the main axes in figure fraction, as drawn (after
    their aspect was applied); ``xlim``, ``ylim``: their data limits; ``anchors``: named points
    in figure fraction; ``meta``: what the backdrop shows, as JSON values (e.g. the bars it
    holds), for the figure function to check it fits."""

    image: np.ndarray
    dpi: float
    axes: tuple[float, float, float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    anchors: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)

    @property
    def size_inches(self) -> tuple[float, float]:
        h, w = self.image.shape[:2]
        return (w / self.dpi, h / self.dpi)


def render(fig, ax, anchors=None, meta=None) -> Backdrop:
    """Draw ``fig`` (its main axes ``ax``) once with Agg and keep its pixels; close it.
    ``anchors``: a function ``(fig, renderer) -> {name: (x, y)}`` called after the draw;
    ``meta``: JSON values kept with it."""
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    image = np.asarray(canvas.buffer_rgba()).copy()
    pos = ax.get_position()
    points = anchors(fig, canvas.get_renderer()) if anchors else {}
    out = Backdrop(image, float(fig.dpi), (pos.x0, pos.y0, pos.width, pos.height),
                   tuple(map(float, ax.get_xlim())), tuple(map(float, ax.get_ylim())),
                   {k: (float(x), float(y)) for k, (x, y) in points.items()}, dict(meta or {}))
    plt.close(fig)
    return out


class _Layer(Artist):
    """The backdrop's pixels as the figure's first layer: copied into an Agg canvas of the same
    size (what the notebook's PNG uses), drawn as an image by any other renderer."""

    def __init__(self, image: np.ndarray):
        super().__init__()
        self.image = image
        self.set_zorder(-1e9)

    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        target = np.asarray(renderer.buffer_rgba()) if hasattr(renderer, "buffer_rgba") else None
        if target is not None and target.shape == self.image.shape:
            target[...] = self.image
            return
        gc = renderer.new_gc()
        renderer.draw_image(gc, 0, 0, self.image[::-1])
        gc.restore()


def figure_over(backdrop: Backdrop):
    """A figure showing ``backdrop`` 1:1 and transparent axes over its main axes (same
    position, same limits, nothing drawn of their own); returns ``(fig, ax)``."""
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=backdrop.size_inches, dpi=backdrop.dpi)
    fig.add_artist(_Layer(backdrop.image))
    ax = fig.add_axes(backdrop.axes, frame_on=False, facecolor="none")
    ax.set_xlim(*backdrop.xlim)
    ax.set_ylim(*backdrop.ylim)
    ax.set_autoscale_on(False)
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)
    return fig, ax


def to_png(backdrop: Backdrop) -> bytes:
    """``backdrop`` as PNG bytes, its geometry in a text chunk."""
    meta = PngImagePlugin.PngInfo()
    meta.add_text(META_KEY, json.dumps({
        "dpi": backdrop.dpi, "axes": backdrop.axes, "xlim": backdrop.xlim,
        "ylim": backdrop.ylim, "anchors": backdrop.anchors, "meta": backdrop.meta}))
    buf = io.BytesIO()
    Image.fromarray(backdrop.image, "RGBA").save(buf, "png", pnginfo=meta,
                                                 compress_level=STORE_COMPRESSION)
    return buf.getvalue()


def from_png(data: bytes) -> Backdrop:
    """The :class:`Backdrop` stored by :func:`to_png`."""
    with Image.open(io.BytesIO(data)) as im:
        meta = json.loads(im.text[META_KEY])
        image = np.asarray(im.convert("RGBA"))
    return Backdrop(image, float(meta["dpi"]), tuple(meta["axes"]), tuple(meta["xlim"]),
                    tuple(meta["ylim"]), {k: tuple(v) for k, v in meta["anchors"].items()},
                    meta.get("meta", {}))


def archive(members: dict[str, Backdrop | bytes]) -> bytes:
    """A zip archive (stored, PNGs are compressed already) of ``members`` by name, each a
    :class:`Backdrop` or its :func:`to_png` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(members):
            png = members[name]
            z.writestr(name, png if isinstance(png, bytes) else to_png(png))
    return buf.getvalue()


def read(path, name: str, stamp=None) -> Backdrop | None:
    """Backdrop ``name`` of the archive at ``path`` (None when either is missing: the figure
    functions then render their own). Kept per process while the archive is the same: a report
    run reads the same few backdrops report after report; the image is read-only. ``stamp``
    says which content the archive holds (a report passes the sha256 the build recorded for it,
    so the build's record is the one key of what a report reads); without it, its
    modification time and size."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return _read(str(path), stamp or (st.st_mtime_ns, st.st_size), name)


@lru_cache(maxsize=16)
def _read(path: str, stamp: tuple, name: str) -> Backdrop | None:
    try:
        with zipfile.ZipFile(path) as z:
            data = z.read(name)
    except (FileNotFoundError, KeyError):
        return None
    out = from_png(data)
    out.image.flags.writeable = False
    return out
