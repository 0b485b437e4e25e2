"""Turning a saved web page into plain text the parser can read."""

import re
from html.parser import HTMLParser

from .vocabulary import word_set

_SKIP = word_set(
    """
    script style noscript template head svg math iframe object embed canvas nav select
    option button textarea form audio video map
    """
)
_VOID = word_set("area base br col embed hr img input link meta param source track wbr")
_BLOCK = word_set(
    """
    address article aside blockquote body center dd details dialog dir div dl dt
    fieldset figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr html li main
    menu ol p pre section summary table tbody thead tfoot tr ul caption legend
    """
)
_CELL = frozenset({"td", "th"})
_BROKEN_DECLARATION = re.compile(r"<!(?!--|doctype)", re.IGNORECASE)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            if not self.skip:
                self._void(tag)
            return
        if self.skip or tag in _SKIP:
            self.skip.append(tag)
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if not self.skip and tag in _VOID:
            self._void(tag)

    def _void(self, tag: str) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "hr":
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            elif tag in self.skip:
                del self.skip[self.skip.index(tag) :]
            return
        if tag == "pre" and self.pre:
            self.pre -= 1
        if tag in _BLOCK:
            self.parts.append("\n\n")
        elif tag in _CELL:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def _collect(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def html_to_text(html: str) -> str:
    """Text of an HTML page: scripts and styles dropped, one paragraph per block element."""
    try:
        text = _collect(html)
    except AssertionError:
        # The stdlib parser asserts on broken `<![...` and `<!...` declarations.
        text = _collect(_BROKEN_DECLARATION.sub("&lt;!", html))
    lines = [" ".join(line.split(" ")).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
