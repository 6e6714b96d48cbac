"""A message that names an install command fits how this copy was installed (found by a fresh-venv trial:
a user who installed from a folder was told to `pip install 'kodaira-analysis[reports]'`, which is not on PyPI)."""

from __future__ import annotations

import shlex

import pytest

from kodaira_analysis.reports.cli import pip_extra


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (None, "pip install 'kodaira-analysis[reports]'"),
        ({"url": "https://files.example.org/kodaira_analysis-0.1.0.whl", "archive_info": {}}, None),
        ({"url": "file:///tmp/checkout", "dir_info": {}}, "pip install '/tmp/checkout[reports]'"),
        ({"url": "file:///tmp/checkout", "dir_info": {"editable": True}}, "pip install '/tmp/checkout[reports]'"),
        ({"url": "file:///tmp/it%27s%20here", "dir_info": {}}, None),
    ],
)
def test_the_extra_comes_from_where_the_package_came_from(direct_url, expected):
    command = pip_extra(direct_url)
    if expected:
        assert command == expected
    words = shlex.split(command)
    assert words[:2] == ["pip", "install"] and len(words) == 3, "one argument, quoted for the shell"
    assert words[2].endswith("[reports]")
    if direct_url and "dir_info" in direct_url:
        assert words[2] == shlex.split(command)[2] and words[2].startswith("/tmp/")
        assert "it's here" in words[2] or "checkout" in words[2]
