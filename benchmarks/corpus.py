"""A synthetic bilingual corpus shaped like years of this site's news.

Owns: writing N Japanese + English article pairs and 10 page pairs with the
standard Pelican front matter (Title, Date, Slug, Lang, Category, Tags,
Summary), headings, lists and links, into any folder outside the repository.
Deterministic: the same N always gives the same files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

CATEGORIES = ("news", "events", "programs", "members")
TAGS = ("coworking", "kobe", "tokyo", "conference", "welfare", "education", "network")
JA_SENTENCES = (
    "コワーキング協同組合は、国内のコワーカーを縦横につなぎます。",
    "それぞれが共同体の一員として持てる能力を発揮し、ビジネスの機会を広げます。",
    "全国各地におけるコワーキングスペースの開設・運営をサポートします。",
    "最新の技能と知識の習得のための教育カリキュラムを編成します。",
    "コワーカーが安心して好きな仕事に打ち込めるよう総合補償制度を整えます。",
)
EN_SENTENCES = (
    "The cooperative connects coworkers across Japan.",
    "Each member brings their abilities to a community that widens business opportunities.",
    "We support opening and running coworking spaces in every region.",
    "An education curriculum helps coworkers learn the latest skills and knowledge.",
    "A compensation system lets coworkers take on the work they love without much risk.",
)


def article_text(number: int, lang: str, total: int) -> str:
    sentences = JA_SENTENCES if lang == "ja" else EN_SENTENCES
    day = dt.date(2013, 1, 1) + dt.timedelta(days=number % 3650)
    title = (
        f"コワーキングのお知らせ 第{number}号"
        if lang == "ja"
        else f"Coworking news no. {number}"
    )
    previous = f"item-{(number - 1) % total:05d}.{lang}.md"
    tags = ", ".join(TAGS[(number + k) % len(TAGS)] for k in range(3))
    body = "\n\n".join(
        [
            " ".join(sentences[(number + k) % len(sentences)] for k in range(3)),
            "## " + ("概要" if lang == "ja" else "Overview"),
            "\n".join(
                f"- {sentences[(number + k) % len(sentences)]}" for k in range(4)
            ),
            "## " + ("関連" if lang == "ja" else "See also"),
            f"[{'前のお知らせ' if lang == 'ja' else 'Previous news'}]({{filename}}{previous}) · "
            "[Pelican](https://getpelican.com/)",
            " ".join(sentences[(number + k) % len(sentences)] for k in range(5)),
        ]
    )
    return (
        f"Title: {title}\nDate: {day.isoformat()}\nSlug: item-{number:05d}\nLang: {lang}\n"
        f"Category: {CATEGORIES[number % len(CATEGORIES)]}\nTags: {tags}\n"
        f"Summary: {sentences[number % len(sentences)]}\n\n{body}\n"
    )


def page_text(number: int, lang: str) -> str:
    sentences = JA_SENTENCES if lang == "ja" else EN_SENTENCES
    title = f"ページ {number}" if lang == "ja" else f"Page {number}"
    return (
        f"Title: {title}\nLang: {lang}\nSummary: {sentences[number % len(sentences)]}\n\n"
        + "\n\n".join(sentences)
        + "\n"
    )


def write_corpus(root: Path, articles: int, pages: int = 10) -> Path:
    """Write the corpus under root/content and return that folder."""
    content = root / "content"
    (content / "articles").mkdir(parents=True)
    (content / "pages").mkdir()
    for number in range(articles):
        for lang in ("ja", "en"):
            path = content / "articles" / f"item-{number:05d}.{lang}.md"
            path.write_text(article_text(number, lang, articles), "utf-8")
    for number in range(pages):
        for lang in ("ja", "en"):
            path = content / "pages" / f"page-{number:02d}.{lang}.md"
            path.write_text(page_text(number, lang), "utf-8")
    (content / "site.yml").write_text(SITE_DATA, "utf-8")
    return content


# A corpus's menu, programs and facts (content/site.yml: plugins/site_data).
def site_yml(menu: dict[str, tuple[str, str]]) -> str:
    """site.yml with this menu ({path: (Japanese, English)}), no programs, and
    the cooperative's facts."""
    items = "".join(
        f'  - path: "{path}"\n    label: {{ja: {ja}, en: {en}}}\n'
        for path, (ja, en) in menu.items()
    )
    return (
        f"navigation:\n{items}programs: []\norganization:\n"
        '  founding_date: "2012"\n  head_office: {ja: 神戸, en: Kobe}\n'
        "  liaison_office: {ja: 東京, en: Tokyo}\n  country: JP\n"
    )


SITE_DATA = site_yml({"page-00/": ("ページ", "Page"), "news/": ("お知らせ", "News")})
