"""Topic: the 3rd plan's structure: its viewpoints, directions, policies and implementation measures."""

from __future__ import annotations

import pandas as pd

from kodaira_analysis.present.figure import TableView
from kodaira_analysis.present.i18n import pick, text
from kodaira_analysis.present.markdown import MarkdownText, markdown
from kodaira_analysis.present.sources import cite, source_note
from kodaira_analysis.present.wording import Wording

_VIEWPOINTS = Wording(
    ja="プランは、行財政再構築の基本的な視点として次の{n}つを挙げています{cite}。",
    en="The plan names {n} basic viewpoints of the restructuring{cite}:",
    counts=("n",),
)
_DIRECTIONS = Wording(
    ja="これらの視点に基づき、{n_directions}つの方向性と{n_policies}つの方針を定めています{cite}。",
    en="Building on these viewpoints, it sets {n_directions} directions and {n_policies} policies{cite}.",
    counts=("n_directions", "n_policies"),
)


def viewpoints_sentence(ps: pd.DataFrame, lang: str) -> MarkdownText:
    """The plan's viewpoints as a list, and how many directions and policies rest on them."""
    name = "name" if lang == "ja" else "name_en"
    viewpoints = ps[ps["level"] == "viewpoint"].sort_values("number")
    items = markdown("\n").join(markdown(f"{i}. ") + v for i, v in enumerate(viewpoints[name], start=1))
    directions = _DIRECTIONS.say(
        lang,
        n_directions=int((ps["level"] == "direction").sum()),
        n_policies=int((ps["level"] == "policy").sum()),
        cite=cite("第１章５～６", lang),
    )
    viewpoints_said = _VIEWPOINTS.say(lang, n=len(viewpoints), cite=cite("第１章４", lang))
    return markdown("\n\n").join([viewpoints_said, items, directions])


def _zen(number: str) -> str:
    """A number as the plan prints it in Japanese headings: full-width digits (方針１, （４－１））."""
    return str(number).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))


def _structure_frame(ps: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The 3rd plan's policies and their implementation measures."""
    name = "name" if lang == "ja" else "name_en"
    nodes = ps.set_index("node_id")
    measures = ps[ps["level"] == "measure"]
    rows = []
    for _, m in measures.iterrows():
        policy = nodes.loc[m["parent_id"]]
        direction = nodes.loc[policy["parent_id"]]
        rows.append(
            {
                pick(lang, "方向性", "Direction"): direction[name],
                text("policy", lang): pick(lang, f"方針{_zen(policy['number'])} ", f"Policy {policy['number']}: ")
                + policy[name],
                pick(lang, "実施策", "Implementation measure"): pick(
                    lang, f"（{_zen(m['number'])}）", f"({m['number']}) "
                )
                + m[name],
            }
        )
    return pd.DataFrame(rows)


def structure_table(ps: pd.DataFrame, lang: str, *, number: int | None = None) -> TableView:
    """The 3rd plan's directions, policies and implementation measures (``number``: its number on the page).

    A direction is one cell over its policies and a policy one over its measures, every run merged alike: the
    third direction's 11 rows once repeated its name in grey (longer than a merged run may be) while the first two
    were merged, and no policy was. The table is short (16 rows of one line), so a run of any length is merged.
    """
    frame = _structure_frame(ps, lang)
    return TableView(
        frame,
        caption=pick(
            lang,
            f"表{number or ''} 第３次行財政再構築プランの方向性・方針・実施策",
            f"Table{f' {number}' if number else ''}. The 3rd plan's directions, policies and implementation measures",
        ),
        source=source_note("plan_structure", lang),
        merge_columns=2,
        merge_longest=max(len(frame), 1),
    )
