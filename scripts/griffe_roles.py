"""A Griffe extension for the API reference: the docstrings' Sphinx roles as Markdown the site can show.

The docstrings cross-reference as Sphinx does (``:func:`load```, ``:mod:`~kodaira_analysis.mic.read```, ``:mod:`peers <kodaira_analysis.analysis.peers>```), which
reads well in ``help()`` and an editor; mkdocstrings renders Markdown and printed those roles raw. Griffe's
documented extension point (``on_package``, mkdocs.yml ``extensions``) rewrites each role once the package is
loaded: a target the page shows (a public object with a docstring, in a module the page renders, listed in
mkdocs.yml as this extension's ``modules``) becomes a cross-reference ``[`name`][full.path]``, any other target
inline code; ``~`` keeps the last part of the name and ``title <target>`` shows the title, as in Sphinx.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(
    r":(?:py:)?(?:func|mod|data|class|meth|attr|exc|obj):`"
    r"(?:(?P<title>[^`<]+?)\s*<(?P<titled>[\w.]+)>|(?P<tilde>~?)(?P<target>[\w.]+))`"
)


class SphinxRoles(griffe.Extension):
    """Rewrite the Sphinx roles of every docstring of a package into links or inline code."""

    def __init__(self, modules: list[str] | None = None) -> None:
        super().__init__()
        self.modules = set(modules or [])

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        """Once the package is loaded, rewrite the roles of every docstring in it."""
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = ROLE.sub(lambda m, o=obj: self._replace(m, o), obj.docstring.value)

    def _replace(self, match: re.Match[str], obj: griffe.Object) -> str:
        target = match["target"] or match["titled"]
        shown = match["title"] or (target.rsplit(".", 1)[-1] if match["tilde"] else target)
        path = self._rendered_path(target, obj)
        return f"[`{shown}`][{path}]" if path else f"`{shown}`"

    def _rendered_path(self, target: str, obj: griffe.Object) -> str | None:
        """The full path of a target the reference page renders, else None (the role becomes inline code)."""
        found = _find(target, obj)
        if found is None or found.docstring is None or any(p.startswith("_") for p in found.path.split(".")):
            return None
        module = found if found.is_module else found.module
        return found.path if module.path in self.modules else None


def _walk(obj: griffe.Object):
    """The object and every member defined in it (aliases, which are other modules' objects, left out)."""
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)  # type: ignore[arg-type]


def _find(target: str, obj: griffe.Object) -> griffe.Object | None:
    """The object a role names: a full path, or a name in the scope of the docstring's object or its module."""
    collection = obj.modules_collection
    candidates = [target]
    scopes = [obj, *_parents(obj)]
    candidates += [f"{scope.path}.{target}" for scope in scopes]
    for candidate in candidates:
        try:
            found = collection.get_member(candidate)
        except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
            continue
        try:
            return found.final_target if found.is_alias else found
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None
    return None


def _parents(obj: griffe.Object):
    parent = obj.parent
    while parent is not None:
        yield parent
        parent = parent.parent
