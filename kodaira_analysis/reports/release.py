"""The lines at the top of every report page: the plan's period, when the page was released, by whom, and whom to ask.

The release date is the day the page was built (the figures' own years are given beside each figure and
table). The project publishes no address of its own: when the installed package names one (a ``Project-URL``
of pyproject.toml: ``Issues``, else ``Homepage`` or ``Repository``), the contact line gives it; without one,
the line says how to reach the authors without inventing an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kodaira_analysis.present.dates import format_date
from kodaira_analysis.present.i18n import check_lang, pick

#: The project's name as the pages give it (pyproject.toml's ``name``; its authors: "kodaira-analysis contributors").
PROJECT = "kodaira-analysis"
#: The kinds of Project-URL a contact line may give, the first found first.
CONTACT_KINDS = ("issues", "bug tracker", "homepage", "repository", "source")


@dataclass(frozen=True)
class ReleaseLines:
    """What the top of a page says besides its title, in one language (plain text: the template escapes it)."""

    period: str
    released: str
    author: str
    contact: str


def project_url() -> str | None:
    """The project's address for questions, from the installed package's metadata; None when it names none.

    Only an ``https://`` address is taken: a page never carries a link of another scheme.
    """
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        entries = metadata(PROJECT).get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = str(entry).partition(",")
        urls.setdefault(label.strip().lower(), url.strip())
    for kind in CONTACT_KINDS:
        url = urls.get(kind, "")
        if url.startswith("https://") and not any(c.isspace() or c in "<>\"'" for c in url):
            return url
    return None


def release_lines(lang: str, built: date, url: str | None = None) -> ReleaseLines:
    """The plan period (the plan's own era wording beside the Western years), the release date, author and contact.

    >>> import datetime
    >>> lines = release_lines("ja", datetime.date(2026, 12, 6))
    >>> lines.period
    'プランの期間：2017～2020年度（プランの表記では平成29年度～32年度。平成32年度は令和2年度にあたります）'
    >>> lines.released
    '公開日：2026（令和8）年12月6日（このページを作成した日。各図表の数値の時点は、それぞれの図表に記載しています）'
    >>> release_lines("en", datetime.date(2026, 12, 6), "https://example.org/issues").contact
    'Contact: questions and corrections to the kodaira-analysis contributors at https://example.org/issues'
    """
    check_lang(lang)
    when = format_date(built, lang)
    if url:
        contact = pick(
            lang,
            f"連絡先：ご質問・誤りのご指摘は、kodaira-analysis プロジェクトの作成者（{url}）へお寄せください。",
            f"Contact: questions and corrections to the kodaira-analysis contributors at {url}",
        )
    else:
        contact = pick(
            lang,
            "連絡先：本プロジェクトは連絡先の住所・URLをまだ公開していません。ご質問・誤りのご指摘は、"
            "このレポートをお渡しした方を通じて、kodaira-analysis プロジェクトの作成者にお寄せください。",
            "Contact: the project has not yet published an address. Please send questions and corrections to the "
            "kodaira-analysis contributors through whoever gave you this report.",
        )
    return ReleaseLines(
        period=pick(
            lang,
            "プランの期間：2017～2020年度（プランの表記では平成29年度～32年度。平成32年度は令和2年度にあたります）",
            "The plan's period: FY2017 to FY2020 (April 2017 to March 2021)",
        ),
        released=pick(
            lang,
            f"公開日：{when}（このページを作成した日。各図表の数値の時点は、それぞれの図表に記載しています）",
            f"Released: {when} (the day this page was built; each figure and table gives the years of its data)",
        ),
        author=pick(lang, "作成：kodaira-analysis プロジェクト", "By the kodaira-analysis project"),
        contact=contact,
    )
