"""Following the main menu in a browser: an entry may sit in a group's dropdown (on a desk)
or in the 菜单 panel (on a phone), so a test opens what holds it first, as a person would."""

from __future__ import annotations

import re
from typing import Any


def follow_menu(page: Any, label: str) -> None:
    """Click the menu entry named exactly `label`, opening 菜单 and its group if needed."""
    exactly = re.compile(rf"^\s*{re.escape(label)}\s*$")
    nav = page.locator(".mainnav")
    link = nav.locator("a").filter(has_text=exactly)
    toggle = page.locator("#menu-toggle")  # shown on a phone only
    closed = toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true"
    if closed and not link.is_visible():
        toggle.click()
    if not link.is_visible():
        group = nav.locator(".navgroup").filter(has=page.locator("a").filter(has_text=exactly))
        group.locator(".navgroup-toggle").click()
    link.click()
