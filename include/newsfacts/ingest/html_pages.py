"""Article pages in HTML: keep the title, the article body and the publication time, drop the rest."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

# Content of these elements is never article text.
_SKIPPED = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg",
            "iframe", "template", "select", "menu"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCKS = {"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
           "blockquote", "figure", "figcaption", "table", "tr", "br", "pre", "dd", "dt"}
# Class or id words that mark page chrome rather than the story (related links, share bars, menus).
_BOILERPLATE = re.compile(r"\b(nav|menu|sidebar|footer|header|share|social|related|comment|advert|ads?|cookie|"
                          r"breadcrumb|newsletter|subscribe|promo)\b", re.IGNORECASE)
# A "<" that no ">" closes before the next "<" cannot open a tag. html.parser rescans such a "<" to the end
# of the page each time (quadratic: a page of "</</</..." takes minutes), so it is escaped first.
_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_TITLE_METAS = ("og:title", "twitter:title")
_DATE_METAS = ("article:published_time", "og:published_time", "datepublished", "pubdate", "date",
               "dc.date.issued")


@dataclass(frozen=True)
class HtmlArticle:
    title: str | None
    text: str
    published_at: str | None


class _ArticleParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, starts a skipped region)
        self.open_tags: Counter[str] = Counter()  # tags on the stack, so a stray end tag costs O(1)
        self.skip_depth = 0
        self.article_depth = 0
        self.in_title = False
        self.in_h1 = False
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self.all_parts: list[str] = []
        self.article_parts: list[str] = []
        self.time_datetime: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])
            return
        if tag == "time" and self.time_datetime is None and values.get("datetime"):
            self.time_datetime = values["datetime"]
        if tag in _VOID:
            if tag in _BLOCKS:
                self._emit("\n")
            return
        chrome = bool(_BOILERPLATE.search(f"{values.get('class', '')} {values.get('id', '')}"))
        skipped = tag in _SKIPPED or (chrome and tag not in ("article", "main", "body", "html"))
        self.stack.append((tag, skipped))
        self.open_tags[tag] += 1
        if skipped:
            self.skip_depth += 1
        if tag == "article":
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCKS:
            self._emit("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.open_tags[tag]:
            return
        while self.stack:  # close unclosed children too: real pages are not always well-formed
            open_tag, skipped = self.stack.pop()
            self.open_tags[open_tag] -= 1
            if skipped:
                self.skip_depth -= 1
            if open_tag == "article":
                self.article_depth -= 1
            if open_tag == "title":
                self.in_title = False
            if open_tag == "h1":
                self.in_h1 = False
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1:
            self.h1_parts.append(data)
        self._emit(data)

    def _emit(self, text: str) -> None:
        if self.skip_depth and text != "\n":
            return
        self.all_parts.append(text)
        if self.article_depth:
            self.article_parts.append(text)


def _paragraphs(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _strip_comments(html: str) -> str:
    """Drop <!-- comments -->; an unclosed comment swallows the rest of the page, as in browsers."""
    parts: list[str] = []
    position = 0
    while (start := html.find("<!--", position)) != -1:
        parts.append(html[position:start])
        end = html.find("-->", start + 4)
        if end == -1:
            return "".join(parts)
        position = end + 3
    parts.append(html[position:])
    return "".join(parts)


def defuse_markup(html: str) -> str:
    """Comments removed and stray "<" escaped, in linear time, so that parsing a hostile page cannot hang."""
    return _UNCLOSED_LT.sub("&lt;", _strip_comments(html))


def parse_html_article(html: str) -> HtmlArticle:
    """Extract the story of an article page: <article> when the page has one, else the page body."""
    parser = _ArticleParser()
    parser.feed(defuse_markup(html))
    parser.close()
    title = (next((parser.meta[k] for k in _TITLE_METAS if parser.meta.get(k)), None)
             or " ".join("".join(parser.h1_parts).split())
             or " ".join("".join(parser.title_parts).split())
             or None)
    text = _paragraphs(parser.article_parts) or _paragraphs(parser.all_parts)
    if title and text.startswith(title):
        text = text[len(title) :].lstrip()
    published = next((parser.meta[k] for k in _DATE_METAS if parser.meta.get(k)), None) or parser.time_datetime
    return HtmlArticle(title=title, text=text, published_at=published)
