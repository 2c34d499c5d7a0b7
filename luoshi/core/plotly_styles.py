"""plotly.js's own stylesheet, as a file, so that charts need no inline style.

plotly.js writes its CSS into the page at run time: one `<style id="plotly.js-style-global">`
filled rule by rule, and one more with MapLibre's CSS. Under our Content-Security-Policy
(style-src 'self', no 'unsafe-inline') both are blocked and the charts lose their layout
(the mode bar, cursors, the hover layer). plotly.js leaves its global style alone when the page
already holds an element with that id and the class `no-inline-styles`, and MapLibre's when an
element with its id exists. So the same rules are read out of the plotly.js bundle installed
with the plotly wheel and served as `vendor/plotly.css` (see `vendor_static`), and the chart
partials put in the two elements (`{% plotly_assets %}`).

Read from the bundle rather than copied by hand, the stylesheet follows the pinned plotly
version; should a new bundle no longer match, `PlotlyStylesMissing` says so at once (and the
browser test of the policy fails) instead of charts quietly losing their style.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `I0e={"X,X div":'…',…};for(bV in I0e)R0e=bV.replace(/^,/," ,").replace(/X/g,"…")
#   .replace(/Y/g,"…"),swt.addStyleRule(R0e,I0e[bV]);` in plotly.js 4 (names vary by build).
_GLOBAL_RULES = re.compile(
    r"(?P<name>[\w$]+)=\{(?P<body>[^{}]*)\};\s*for\(\s*(?P<key>[\w$]+) in (?P=name)\)\s*"
    r"[\w$]+=(?P=key)\.replace\(/\^,/,\" ,\"\)"
    r"\.replace\(/X/g,\"(?P<x>[^\"]*)\"\)\.replace\(/Y/g,\"(?P<y>[^\"]*)\"\)"
)
_STRING = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
_ENTRY = re.compile(rf"\s*(?P<selector>{_STRING}|[\w$]+)\s*:\s*(?P<rules>{_STRING})\s*,?")
# `if(!document.getElementById("9f21…")){var e=document.createElement("style");e.id="9f21…"`
_INJECTED_ELEMENT = re.compile(
    r"getElementById\(\"(?P<id>[^\"]+)\"\)\)\{var ([\w$]+)=document\.createElement\(\"style\"\)"
)

GLOBAL_STYLE_ID = "plotly.js-style-global"


class PlotlyStylesMissing(RuntimeError):
    """The installed plotly.js no longer looks as this module expects."""


@dataclass(frozen=True)
class PlotlyStyles:
    css: str
    # Ids of the other <style> elements the bundle adds unless an element with the id exists.
    placeholder_ids: tuple[str, ...]


def _string(literal: str) -> str:
    if literal[0] not in "\"'":  # an unquoted key (`Y:` for the notifier)
        return literal
    body = literal[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def plotly_styles(bundle: str) -> PlotlyStyles:
    """The global stylesheet plotly.js would inject, and the ids to pre-empt the rest."""
    found = _GLOBAL_RULES.search(bundle)
    if found is None:
        raise PlotlyStylesMissing("plotly.js: the table of global style rules was not found")
    rules: list[str] = []
    position = 0
    body = found["body"]
    while position < len(body):
        entry = _ENTRY.match(body, position)
        if entry is None:
            raise PlotlyStylesMissing(
                f"plotly.js: cannot read the style rules near {body[position : position + 40]!r}"
            )
        selector = _string(entry["selector"])
        selector = re.sub(r"^,", " ,", selector).replace("X", found["x"]).replace("Y", found["y"])
        rules.append(f"{selector} {{{_string(entry['rules'])}}}")
        position = entry.end()
    if not rules:
        raise PlotlyStylesMissing("plotly.js: the table of global style rules is empty")
    # plotly.js inserts each rule at index 0, so the first rule of the table ends up last and
    # wins ties: the file keeps that order.
    css = "\n".join(reversed(rules)) + "\n"
    placeholders = tuple(dict.fromkeys(m["id"] for m in _INJECTED_ELEMENT.finditer(bundle)))
    return PlotlyStyles(css=css, placeholder_ids=placeholders)
