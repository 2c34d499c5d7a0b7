"""`{% plotly_assets %}`: what a page with plotly charts loads, with no inline style or script.

plotly.js's stylesheet comes as a file (`vendor/plotly.css`, see `luoshi.core.plotly_styles`)
on an element plotly.js recognises, so it injects no <style> of its own; empty placeholders
stop the other <style> elements the bundle would add (MapLibre's, unused here). Then plotly.js
and `luoshi/charts.js`, which draws the figures the page hands over with `json_script`.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from luoshi.core.plotly_styles import GLOBAL_STYLE_ID
from luoshi.core.vendor_static import PLOTLY_CSS, PLOTLY_JS, installed_plotly_styles

register = template.Library()


@register.simple_tag
def plotly_assets() -> SafeString:
    styles = installed_plotly_styles()
    placeholders = styles.placeholder_ids if styles is not None else ()
    return format_html(
        '<link rel="stylesheet" id="{}" class="no-inline-styles" href="{}">{}'
        '<script src="{}"></script><script src="{}"></script>',
        GLOBAL_STYLE_ID,
        static(PLOTLY_CSS),
        format_html_join("", '<template id="{}"></template>', ((i,) for i in placeholders)),
        static(PLOTLY_JS),
        static("luoshi/charts.js"),
    )
