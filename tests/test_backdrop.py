"""Figures in two layers (analysis.plots.backdrop): a backdrop drawn once, the regency's
artists drawn over it at exactly the places one figure would have put them."""
from __future__ import annotations

import io
import zipfile

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from analysis.plots import backdrop as bd

matplotlib.use("Agg")


def _drawn(fig) -> np.ndarray:
    fig.canvas.draw()
    out = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return out


def _backdrop_and_expected_pixel():
    fig, ax = plt.subplots(figsize=(4.3, 3.17), dpi=100)
    ax.plot([0, 10], [0, 4], color="black")
    ax.set_aspect(2.0)                                 # the axes shrink when drawn
    fig.subplots_adjust(left=0.13, right=0.97, bottom=0.11, top=0.9)
    fig.canvas.draw()
    expected = ax.transData.transform((7.5, 1.25))
    return bd.render(fig, ax, lambda f, r: {"corner": (0.25, 0.75)}), expected


def test_axes_over_the_backdrop_map_data_to_the_same_pixels():
    back, expected = _backdrop_and_expected_pixel()
    assert back.image.shape == (317, 430, 4)           # 4.3 x 3.17 in at 100 dpi
    fig, ax = bd.figure_over(back)
    assert fig.canvas.get_width_height() == (430, 317)
    assert np.allclose(ax.transData.transform((7.5, 1.25)), expected, atol=1e-6)
    assert back.anchors == {"corner": (0.25, 0.75)}
    plt.close(fig)


def test_backdrop_pixels_are_copied_one_to_one_and_artists_drawn_over_them():
    back, (px, py) = _backdrop_and_expected_pixel()
    fig, ax = bd.figure_over(back)
    assert np.array_equal(_drawn(bd.figure_over(back)[0]), back.image)   # nothing resampled
    ax.plot([7.5], [1.25], "s", ms=6, color="#ff0000")
    img = _drawn(fig)
    row, col = back.image.shape[0] - int(py), int(px)
    assert tuple(img[row, col, :3]) == (255, 0, 0)
    assert tuple(back.image[row, col, :3]) != (255, 0, 0)
    far = img[5, 5]                                    # untouched corner: the backdrop's pixel
    assert tuple(far) == tuple(back.image[5, 5])


def test_png_round_trip_keeps_pixels_and_geometry():
    back, _ = _backdrop_and_expected_pixel()
    again = bd.from_png(bd.to_png(back))
    assert np.array_equal(again.image, back.image)
    assert (again.axes, again.xlim, again.ylim, again.dpi, again.anchors) == \
        (back.axes, back.xlim, back.ylim, back.dpi, back.anchors)


def test_archive_members_and_missing_ones(tmp_path):
    back, _ = _backdrop_and_expected_pixel()
    path = tmp_path / "latar.zip"
    path.write_bytes(bd.archive({"b.png": back, "a.png": back}))
    with zipfile.ZipFile(path) as z:
        assert z.namelist() == ["a.png", "b.png"]
        assert Image.open(io.BytesIO(z.read("a.png"))).size == (430, 317)
    assert np.array_equal(bd.read(path, "b.png").image, back.image)
    assert bd.read(path, "c.png") is None
    assert bd.read(tmp_path / "none.zip", "a.png") is None


def test_other_renderers_draw_the_backdrop_as_an_image(tmp_path):
    back, _ = _backdrop_and_expected_pixel()
    fig, _ = bd.figure_over(back)
    fig.savefig(tmp_path / "f.pdf")                    # no Agg buffer: drawn as an image
    plt.close(fig)
    assert (tmp_path / "f.pdf").read_bytes().count(b"/Subtype /Image") == 1



def test_a_stored_backdrop_is_read_again_only_when_its_archive_changed(tmp_path):
    back, _ = _backdrop_and_expected_pixel()
    path = tmp_path / "latar.zip"
    path.write_bytes(bd.archive({"a.png": back}))
    first = bd.read(path, "a.png")
    assert bd.read(path, "a.png") is first             # unchanged archive: kept
    assert not first.image.flags.writeable             # shared: nobody may draw into it
    white = bd.Backdrop(np.full_like(back.image, 255), back.dpi, back.axes, back.xlim, back.ylim)
    path.write_bytes(bd.archive({"a.png": white, "b.png": back}))
    again = bd.read(path, "a.png")
    assert again is not first and (again.image == 255).all()
