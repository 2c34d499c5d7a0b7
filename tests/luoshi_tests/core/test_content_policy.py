"""The Content-Security-Policy header on every response, and the pieces that let the pages
satisfy it without exceptions: plotly.js's stylesheet as a file, no inline script or style
left in the templates. (The browser test, tests/luoshi_tests/browser/test_content_policy.py,
shows that Chromium reports no violation.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import engines
from django.test import Client

from luoshi.core.plotly_styles import GLOBAL_STYLE_ID, PlotlyStylesMissing, plotly_styles
from luoshi.core.vendor_static import installed_plotly_styles

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: blob:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}
TEMPLATES = Path(settings.BASE_DIR) / "luoshi"


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/portal/", "/api/v1/consultations/999", "/no-such-page/"]
)
def test_every_response_carries_the_policy(path: str) -> None:
    response = Client().get(path)
    assert directives(response["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_signed_in_pages_the_admin_and_the_api_docs_carry_it_unrelaxed(client_for, admin_user):
    client = client_for(admin_user)
    for path in ("/", "/admin/", "/api/v1/docs"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"]) == POLICY, path


def test_no_template_has_inline_script_style_or_handlers() -> None:
    offences = []
    for template in TEMPLATES.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (
            r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
            r"<style\b",
            r"\sstyle=",
            r"\son[a-z]+=",
            r"javascript:",
        ):
            offences += [f"{template}: {m.group(0)}" for m in re.finditer(pattern, text)]
    assert offences == []


def test_plotly_stylesheet_is_read_from_the_installed_bundle() -> None:
    styles = installed_plotly_styles()
    assert styles is not None
    assert ".js-plotly-plot .plotly .main-svg {position:absolute;" in styles.css
    assert ".plotly-notifier {" in styles.css
    # plotly.js inserts each rule at the top: its first rule must come last here.
    assert (
        styles.css.rstrip()
        .splitlines()[-1]
        .startswith(".js-plotly-plot .plotly,.js-plotly-plot .plotly div {direction:ltr;")
    )
    assert styles.placeholder_ids  # MapLibre's injected <style>, pre-empted
    served = finders.find("vendor/plotly.css")
    assert served is not None and Path(served).read_text(encoding="utf-8") == styles.css


def test_a_bundle_that_no_longer_matches_says_so() -> None:
    with pytest.raises(PlotlyStylesMissing):
        plotly_styles("var Plotly = {};")


def test_plotly_assets_put_the_stylesheet_where_plotly_looks_for_it() -> None:
    html = engines["django"].from_string("{% load vendor_assets %}{% plotly_assets %}").render()
    assert (
        f'<link rel="stylesheet" id="{GLOBAL_STYLE_ID}" class="no-inline-styles" '
        'href="/static/vendor/plotly.css">'
    ) in html
    styles = installed_plotly_styles()
    assert styles is not None
    for placeholder in styles.placeholder_ids:
        assert f'<template id="{placeholder}"></template>' in html
    assert html.index("vendor/plotly.css") < html.index("vendor/plotly.min.js")
    assert html.index("vendor/plotly.min.js") < html.index("luoshi/charts.js")
