"""HTML pages: keep the article, drop navigation, widgets and footers."""

from __future__ import annotations

import re

from zhtext.errors import ReadError

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
    "template",
    "svg",
    "head",
)
_CHROME = re.compile(
    r"(?:^|[\s_-])(nav|navbar|menu|footer|foot|breadcrumbs?|crumbs?|share|sidebar|copyright|"
    r"topbar|toolbar|banner|login|search|related|friendlink|links)(?:$|[\s_-])",
    re.I,
)
_CONTENT = re.compile(r"(content|article|detail|zoom|trs_editor|maintext|main-text|artibody)", re.I)
_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "hr",
    "main",
    "td",
}


def _check_truncated(html: str) -> None:
    tail = html.rstrip()
    if tail.rfind("<") > tail.rfind(">"):
        raise ReadError("truncated HTML: the page ends inside a tag")
    low = html.lower()
    if "<html" in low and "</html>" not in low and "</body>" not in low:
        raise ReadError("truncated HTML: the page has no closing </body> or </html>")


def _text_of(root: object) -> str:
    """Block-aware text: inline elements stay on their line, blocks start a new one."""
    from selectolax.lexbor import LexborNode as Node

    assert isinstance(root, Node)
    out: list[str] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        tag = node.tag
        if closing:
            if tag in _BLOCK:
                out.append("\n")
            continue
        if tag == "-text":
            out.append(node.text(deep=False) or "")
            continue
        if tag in _BLOCK:
            out.append("\n")
        stack.append((node, True))
        children = list(node.iter(include_text=True))
        for child in reversed(children):
            stack.append((child, False))
    text = "".join(out)
    lines = [re.sub(r"[ \t\u3000\xa0]+", " ", ln).strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def html_to_text(html: str) -> str:
    """Main content of an HTML page as lines of text; raises ReadError when there is none."""
    _check_truncated(html)
    try:
        from selectolax.lexbor import LexborHTMLParser as HTMLParser

        tree = HTMLParser(html)
    except Exception as exc:  # the parser is C code; never let it take the reader down
        raise ReadError(f"unparsable HTML ({type(exc).__name__})") from exc
    h1 = tree.css_first("h1")
    title = h1.text(strip=True) if h1 is not None else ""
    for tag in _DROP_TAGS:
        for node in tree.css(tag):
            node.decompose()
    for node in tree.css("[class], [id]"):
        marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
        if _CHROME.search(marker) and not _CONTENT.search(marker):
            node.decompose()
    root = tree.css_first("article") or tree.css_first("main")
    if root is None:
        best_len = 0
        for node in tree.css("[class], [id]"):
            marker = f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}"
            if _CONTENT.search(marker):
                size = len(node.text(strip=True))
                if size > best_len:
                    root, best_len = node, size
    if root is None:
        root = tree.body
    if root is None:
        raise ReadError("HTML without text: no <body>")
    text = _text_of(root)
    if title and title not in text:
        text = f"{title}\n{text}"
    if not re.search(r"[\u4e00-\u9fffA-Za-z0-9]", text):
        raise ReadError("HTML without text: the page has no readable content")
    return text
