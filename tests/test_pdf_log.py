"""pypdf's messages reach the runner's log as timestamped lines naming pypdf, never bare on stderr.

`make reports` printed "Object count 3551 exceeds defined trailer size 3546" alone on a line: pypdf says what it
mended through logging (logger_warning), and no handler was on its logger. A PDF whose trailer gives fewer objects
than it holds makes pypdf say it again here; each run is a fresh interpreter, so no other test's logging counts.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys

from tests.test_cli import LOG_LINE

PROGRAM = """
import sys
from pathlib import Path
from kodaira_analysis.reports import logs
from kodaira_analysis.reports.links import relativise_pdf
if sys.argv[2] == "configured":
    logs.configure()
relativise_pdf(Path(sys.argv[1]), Path(sys.argv[1]).with_suffix(".html"))
"""


def _pdf_with_a_short_trailer(path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    data, count = re.subn(rb"/Size \d+", b"/Size 2", buffer.getvalue())
    assert count == 1
    path.write_bytes(data)


def _stderr(pdf, mode: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(pdf), mode], capture_output=True, text=True, check=True, timeout=120
    )
    return [line for line in done.stderr.splitlines() if line.strip()]


def test_pypdfs_warning_is_one_timestamped_line_of_the_runners_log(tmp_path):
    pdf = tmp_path / "page.pdf"
    _pdf_with_a_short_trailer(pdf)
    (line,) = _stderr(pdf, "configured")
    assert LOG_LINE.fullmatch(line), line
    assert " WARNING pypdf._writer: Object count 4 exceeds defined trailer size 2" in line


def test_without_the_runners_log_pypdf_prints_it_bare(tmp_path):
    """What the operator saw before: the same message with no time and no level (the check above can fail)."""
    pdf = tmp_path / "page.pdf"
    _pdf_with_a_short_trailer(pdf)
    assert _stderr(pdf, "bare") == ["Object count 4 exceeds defined trailer size 2"]
