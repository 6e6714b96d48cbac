"""YAML as reports.yml and ``-p NAME VALUE`` use it: safe, strict, and honest about YAML 1.1's guesses.

PyYAML follows YAML 1.1, which reads some plain (unquoted) values as something the writer rarely
meant: ``01000`` is the octal number 512, ``1_000`` is 1000, ``1:30`` is 90, ``yes``/``no``/``on``/
``off`` are True and False. Such values are refused with what the user wrote and how to quote it,
rather than passed on as a number nobody wrote. Aliases, anchors, merge keys and duplicate keys are
refused too (a billion laughs; a silent last-wins).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kodaira_analysis.errors import KodairaError, quote

#: Plain integers YAML 1.2 reads the same way: 0, or digits without a leading zero, with a sign.
_PLAIN_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_PLAIN_BOOL = {"true", "True", "TRUE", "false", "False", "FALSE"}


class YamlError(KodairaError):
    """The text is not YAML this project reads; the message says where and why."""


def _pitfall(written: str, read_as: object, advice: str) -> str:
    return f"{written} (unquoted) is read by YAML 1.1 as {read_as!r}, which is probably not what you meant; {advice}"


class _StrictLoader(yaml.SafeLoader):
    """yaml.SafeLoader without aliases, anchors, duplicate keys or YAML 1.1's surprising numbers and booleans."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed", event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys (<<) are not allowed", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be text, not {type(key).__name__}", key_node.start_mark
                ) from None
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {quote(key, 80)} appears twice", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: Any) -> int:
        written = str(node.value)
        value = super().construct_yaml_int(node)
        if not _PLAIN_INT.fullmatch(written):
            raise yaml.constructor.ConstructorError(
                None, None, _pitfall(written, value, f"write '{written}' in quotes for the text"), node.start_mark
            )
        return value

    def construct_yaml_bool(self, node: Any) -> bool:
        written = str(node.value)
        value = super().construct_yaml_bool(node)
        if written not in _PLAIN_BOOL:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                _pitfall(written, value, f"write {str(value).lower()} for the truth value or '{written}' for the text"),
                node.start_mark,
            )
        return value

    def construct_yaml_float(self, node: Any) -> float:
        written = str(node.value)
        value = super().construct_yaml_float(node)
        if "_" in written or ":" in written:
            raise yaml.constructor.ConstructorError(
                None, None, _pitfall(written, value, f"write '{written}' in quotes for the text"), node.start_mark
            )
        return value


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _StrictLoader.construct_yaml_bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)


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
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else source
        problem = str(exc.problem or exc)
        kind = "" if "YAML 1.1" in problem else "not valid YAML for this project: "
        raise YamlError(f"{where}: {kind}{problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{source} is not valid YAML for this project: {exc}") from None
