"""The caches of the external sources are keyed on the code a process runs, not on the code on disk now.

A kernel or test session that imported the reader before it was edited would otherwise write the tables of
the old code under the new code's fingerprint, and every later process would read them (found on the MIC
cache in issue 26). Both fingerprints take the code's digest when the package is imported.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kodaira_analysis import paths
from kodaira_analysis.mic import cache as mic_cache
from kodaira_analysis.ssdse import cache as ssdse_cache


@pytest.fixture
def code_unreadable(monkeypatch):
    """Reading any file of the two packages fails from now on, as if the code had changed under the process."""
    real = Path.read_bytes
    guarded = (paths.PACKAGE_DIR / "mic", paths.PACKAGE_DIR / "ssdse")

    def read_bytes(self: Path) -> bytes:
        if any(Path(self).resolve().is_relative_to(folder) for folder in guarded):
            raise AssertionError(f"{self} read after import")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.mark.parametrize("source", ["mic", "ssdse"])
def test_the_fingerprint_is_the_imported_codes(code_unreadable, source, tmp_path):
    if source == "mic":
        assert mic_cache.fingerprint() == mic_cache._FINGERPRINT
    else:
        edition = tmp_path / "SSDSE-A-2024.csv"
        edition.write_text("x", encoding="utf-8")
        first = ssdse_cache._fingerprint({2024: edition})
        assert first == ssdse_cache._fingerprint({2024: edition})
        edition.write_text("xy", encoding="utf-8")  # the data's state is still read at each call
        assert ssdse_cache._fingerprint({2024: edition}) != first
