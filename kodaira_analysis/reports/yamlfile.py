"""YAML as reports.yml and ``-p NAME VALUE`` use it: safe, strict, and honest about YAML 1.1's guesses.

A plain value YAML 1.1 reads otherwise than 1.2 (``01000`` 512, ``1_000``, ``1:30`` 90, ``yes``/``off``) is
refused with how to quote it; so are aliases, anchors, merge and duplicate keys (a billion laughs; last-wins).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from kodaira_analysis.errors import quote
from kodaira_analysis.reports.model import ConfigError

#: A plain scalar YAML 1.2 reads as YAML 1.1 does, by the type it resolved to.
_SAME_IN_1_2 = {
    "tag:yaml.org,2002:int": re.compile(r"[-+]?(0|[1-9][0-9]*)"),
    "tag:yaml.org,2002:bool": re.compile(r"true|True|TRUE|false|False|FALSE"),
    "tag:yaml.org,2002:float": re.compile(r"[^_:]*"),
}


class YamlError(ConfigError):
    """The text is not YAML this project reads; the message says where and why."""


class _StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader without aliases, anchors, merge or duplicate keys, or YAML 1.1's surprising scalars."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise ConstructorError(None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        keys: list[Any] = []
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise ConstructorError(None, None, "merge keys (<<) are not allowed", key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            if key in keys:
                raise ConstructorError(None, None, f"the key {quote(key, 80)} appears twice", key_node.start_mark)
            keys.append(key)
        return super().construct_mapping(node, deep)  # refuses a key that is not hashable

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        value = super().construct_object(node, deep)
        plain = isinstance(node, yaml.ScalarNode) and node.style is None
        if plain and node.tag in _SAME_IN_1_2 and not _SAME_IN_1_2[node.tag].fullmatch(node.value):
            written = node.value
            advice = f"write {str(value).lower()} for the truth value or '{written}' for the text"
            if not isinstance(value, bool):
                advice = f"write '{written}' in quotes for the text"
            problem = f"{written} (unquoted) is read by YAML 1.1 as {value!r}, which is probably not what you meant"
            raise ConstructorError(None, None, f"{problem}; {advice}", node.start_mark)
        return value


def parse(text: str, source: str) -> Any:
    """The YAML document ``text`` (named ``source`` in messages).

    >>> parse("code: '01000'", "x")
    {'code': '01000'}
    >>> parse("code: 01000", "reports.yml")
    Traceback (most recent call last):
    ...
    kodaira_analysis.reports.yamlfile.YamlError: reports.yml, line 1, column 7: 01000 (unquoted) is read by YAML 1.1 as 512, which is probably not what you meant; write '01000' in quotes for the text
    """
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as exc:  # a MarkedYAMLError says where
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = str(getattr(exc, "problem", None) or exc)
        kind = "" if "YAML 1.1" in problem else "not valid YAML for this project: "
        raise YamlError(f"{where}: {kind}{problem}") from None
