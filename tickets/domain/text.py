"""Plain text from HTML bodies, for `body_text` and `description_text`."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Tags after which a browser starts a new line; <br> breaks where it stands.
_BLOCK_END_TAGS = frozenset(
    {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table"}
)
# Their content is never shown to a reader.
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title"})

_SPACES = re.compile(r"[^\S\n]+")
_BREAKS = re.compile(r" ?\n\s*")


class _TextCollector(HTMLParser):
    """Collect text, turning line-breaking tags into newlines and skipping hidden content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth += 1
        elif tag == "br":
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden_depth = max(0, self._hidden_depth - 1)
        elif tag in _BLOCK_END_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden_depth:
            # Newlines in HTML source are mere whitespace; only tags break lines.
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str | None) -> str:
    """Return the text a reader sees in `html`: tags dropped, entities unescaped.

    <br> and the end of block tags become newlines; every run of whitespace collapses to one
    space, or to one newline when it holds a line break; the result is stripped.
    """
    if not html:
        return ""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    text = _SPACES.sub(" ", text)
    text = _BREAKS.sub("\n", text)
    return text.strip()
