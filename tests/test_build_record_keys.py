"""What a report process keeps of the processed outputs (map backdrops, map layers) is kept under
the sha256 the build recorded for them: a rebuilt output is read again even when its size and
modification time are those of the old file."""
from __future__ import annotations

import os
import shutil
from types import SimpleNamespace

import numpy as np

from analysis.maps import layers as maps
from analysis.plots import backdrop
from analysis.processed.store import recorded_sha256
from analysis.reports.sections.common import stored_backdrop


def _state(**sha) -> dict:
    return {"tables": {name: {"file": name + ".zip", "sha256": h} for name, h in sha.items()}}


def test_recorded_sha256_of_outputs():
    state = _state(latar_a="aa", latar_b="bb")
    state["tables"]["kesiapan"] = {"file": "kesiapan.csv"}          # no sha256 recorded
    assert recorded_sha256(state, "latar_a.zip") == ("aa",)
    assert recorded_sha256(state, "latar_b.zip", "latar_a.zip") == ("bb", "aa")
    assert recorded_sha256(state, "latar_a.zip", "kesiapan.csv") is None
    assert recorded_sha256({}, "latar_a.zip") is None


def _archive(path, value: int) -> None:
    image = np.full((4, 6, 4), value, dtype=np.uint8)
    png = backdrop.to_png(backdrop.Backdrop(image, 100.0, (0, 0, 1, 1), (0, 1), (0, 1)))
    path.write_bytes(backdrop.archive({"b.png": png}))


def test_a_rebuilt_archive_is_read_again_under_its_new_record(tmp_path):
    path = tmp_path / "latar.zip"
    _archive(path, 10)
    st = path.stat()
    ctx = SimpleNamespace(processed_dir=str(tmp_path), build=_state(latar="first"))
    assert stored_backdrop(ctx, "latar.zip", "b.png").image[0, 0, 0] == 10
    # rebuilt: other pixels, same size, the old modification time
    _archive(path, 20)
    assert path.stat().st_size == st.st_size
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    ctx.build = _state(latar="second")
    assert stored_backdrop(ctx, "latar.zip", "b.png").image[0, 0, 0] == 20


def test_map_layers_are_read_again_under_a_new_record(tmp_path, shipped_processed_dir):
    for name in (maps.LAYER_FILE, maps.DETAIL_FILE):
        shutil.copy(os.path.join(shipped_processed_dir, name), tmp_path / name)
    first = maps.map_layers(str(tmp_path), None, ("one", "one"))
    assert maps.map_layers(str(tmp_path), None, ("one", "one")) is first      # kept
    layer = (tmp_path / maps.LAYER_FILE).read_text(encoding="utf-8")
    (tmp_path / maps.LAYER_FILE).write_text(layer.replace('"64.02"', '"64.99"', 1),
                                            encoding="utf-8")
    second = maps.map_layers(str(tmp_path), None, ("two", "one"))
    assert second is not first
    codes = set(second.national["kode_kemendagri"])
    assert "64.99" in codes and "64.99" not in set(first.national["kode_kemendagri"])
