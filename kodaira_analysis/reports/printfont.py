"""The font the PDFs are printed with: the bundled IPAexGothic, so that their text is embedded as text.

Chromium's PDF writer embeds TrueType outlines as fonts, but draws the glyphs of a CFF-outlined OpenType
font (such as the Noto Sans CJK of most Linux systems, the first of the reports' font stack) as Type 3
pictures: a PDF whose text a screen reader, a search or a copy may misread. The printer therefore tells
Chromium's fontconfig about the bundled IPAexGothic (matplotlib-fontja's TrueType font, the figures' own),
and report.css puts it first in print. Where Morisawa's BIZ UDPGothic is installed (TrueType, Regular and Bold:
Debian's fonts-morisawa-bizud-gothic), report.css prints with it instead, so that bold text keeps a bold face;
IPAexGothic has none.
"""

from __future__ import annotations

import os
from pathlib import Path
from xml.sax.saxutils import escape

#: The family the print CSS asks for first (report.css, @media print).
PRINT_FAMILY = "IPAexGothic"


def bundled_font_dir() -> Path | None:
    """The folder of the bundled IPAexGothic (matplotlib-fontja), or None when it is not installed."""
    from importlib.util import find_spec

    spec = find_spec("matplotlib_fontja")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "fonts"
    return folder if (folder / "ipaexg.ttf").is_file() else None


def fontconfig_env(scratch: Path) -> dict[str, str | float | bool]:
    """The browser's environment: fontconfig's system setup plus the bundled font, its cache in ``scratch``.

    Without the bundled font, the environment as it is (Chromium then uses the system's fonts).
    """
    env: dict[str, str | float | bool] = dict(os.environ)
    folder = bundled_font_dir()
    if folder is None:
        return env
    system = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    conf = scratch / "kodaira-fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{escape(system)}</include>\n'
        f"  <dir>{escape(str(folder))}</dir>\n"
        f"  <cachedir>{escape(str(scratch / 'fontconfig'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    return env
