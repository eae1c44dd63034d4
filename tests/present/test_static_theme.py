"""Static output stays static (HTML display data with a text/plain fallback, no widget) and
every colour of the kit's CSS comes from the theme palette, readable on light and dark."""

from __future__ import annotations

import importlib
import re

import pytest
from IPython.core.interactiveshell import InteractiveShell

from aiact_kit import landing, page_nav, show
from aiact_kit.present import theme

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def bundle(obj) -> dict:
    data, _meta = InteractiveShell.instance().display_formatter.format(obj)
    return data


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda: show("definitions", ids=["def-ai-system"], lang="nl"), "AI-systeem"),
        (lambda: page_nav("lesson-ai-system", lang="nl"), "Volgende"),
        (lambda: landing(lang="en"), "Lesson 1"),
    ],
)
def test_facts_and_navigation_are_html_display_data_not_widgets(make, words):
    data = bundle(make())
    assert WIDGET_MIME not in data
    assert words in data["text/html"] and "<style>" in data["text/html"]
    plain = data["text/plain"]
    assert words in plain and "<" not in plain and "{" not in plain  # no tags, no CSS


def test_navigation_links_are_relative_to_the_notebook_and_styled_as_links():
    html = bundle(page_nav("lesson-ai-system", lang="nl"))["text/html"]
    assert 'href="02-reikwijdte-en-rollen.ipynb"' in html
    assert 'href="../en/01-what-is-an-ai-system.ipynb"' in html
    # more specific than JupyterLab's own ".jp-RenderedHTMLCommon a:link" (no underline)
    assert "nav.aiact-nav a:link,nav.aiact-nav a:visited," in html
    assert "a:visited{color:var(--aiact-link);text-decoration:underline}" in html


STYLED = [
    "aiact_kit.present.quiz",
    "aiact_kit.present.decision",
    "aiact_kit.present.workshop",
    "aiact_kit.present.progress_view",
    "aiact_kit.widgets.nav",
    "aiact_kit.widgets.facts",
    "aiact_kit.widgets.worksheet",
    "aiact_kit.widgets.timeline.common",
]
HEX = re.compile(r"#[0-9a-fA-F]{3,8}\b")


@pytest.mark.parametrize("module", STYLED)
def test_every_colour_comes_from_the_palette(module):
    css = importlib.import_module(module).STYLE
    assert css.startswith("<style>" + theme.PALETTE)
    own = css.removeprefix("<style>" + theme.PALETTE)
    assert not HEX.findall(own), f"{module} sets its own colours: {HEX.findall(own)}"
    for m in re.finditer(r"(?<![-\w])(color|background)\s*:\s*([^;}]+)", own):
        assert m.group(2).startswith("var(--aiact-"), f"{module}: {m.group(0)}"


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette(block: str) -> dict[str, str]:
    return dict(re.findall(r"--aiact-([\w-]+):(?:var\(--jp-[\w-]+,)?(#[0-9a-fA-F]{6})", block))


def test_text_colours_reach_aa_on_light_and_dark_backgrounds():
    light_block, dark_block = theme.PALETTE.split('body[data-jp-theme-light="false"]')
    light, dark = palette(light_block), palette(dark_block)
    assert set(dark) == {"right", "wrong", "partial", "reported"}
    for name in ("fg", "muted", "link", "right", "wrong", "partial", "reported"):
        for bg in ("#ffffff", light["bg-soft"], "#eeeeee"):  # Voilà/Lab Light, conclusion box
            assert contrast(light[name], bg) >= 4.5, (name, bg)
    for name, value in dark.items():
        for bg in ("#111111", "#212121", "#424242", "#000000"):  # JupyterLab Dark layers, HC
            assert contrast(value, bg) >= 4.5, (name, bg)
