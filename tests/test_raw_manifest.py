"""data/raw/MANIFEST.yaml lists every raw file with its provenance and the right sha256."""
from __future__ import annotations

import hashlib

from analysis.data.manifest import REQUIRED_KEYS, load_manifest, verify_manifest
from analysis.paths import RAW_DIR


def test_every_raw_file_is_listed_with_matching_hash():
    assert verify_manifest(RAW_DIR) == []
    files = load_manifest(RAW_DIR)["files"]
    for name, entry in files.items():
        for key in REQUIRED_KEYS:
            assert key in entry, (name, key)
        assert entry["sha256"] == hashlib.sha256((RAW_DIR / name).read_bytes()).hexdigest()


def test_tampering_is_detected(raw_copy):
    path = raw_copy / "kominfo_evaluasi_2022.csv"
    path.write_bytes(path.read_bytes().replace(b"2.51", b"2.52", 1))
    problems = verify_manifest(raw_copy)
    assert len(problems) == 1 and "kominfo_evaluasi_2022.csv: sha256" in problems[0]
    (raw_copy / "extra.csv").write_text("a\n1\n")
    assert any("extra.csv" in p and "not listed" in p for p in verify_manifest(raw_copy))
