"""The kit's colours and the layout fixes its widgets carry themselves (no ipywidgets).

Colours. Every colour of the kit's CSS is one of the custom properties of :data:`PALETTE`, and
each of those comes from a JupyterLab theme variable (``--jp-…``) with a light fallback, so the
kit follows JupyterLab Light, Dark and the high-contrast themes, Notebook 7 and Voilà (which
loads the JupyterLab light theme). The theme's own success/error/warning colours reach 4.5:1
only on a light background, so the four colours that carry a verdict or a status have a light
value and a dark value; JupyterLab marks a dark theme with ``data-jp-theme-light="false"`` on
``<body>``. Every text colour meets WCAG AA (4.5:1) on the theme's background.

Layout. ipywidgets lays a radio option out as "text, then circle" on one 20px line, so a long
option that wraps puts its first line above the circle. :data:`WIDGET_CSS` shows the circle
first, lets the text wrap beside it and makes every target at least 24px, for the quiz, the
decision aid and the case exercise alike (in JupyterLab and Notebook 7 too, not only under the
Voilà template); buttons keep their whole label.

Each renderer puts ``PALETTE`` in front of its own ``<style>`` (see :func:`style`).
"""

from __future__ import annotations

# The kit's colours. --aiact-fg: body text; --aiact-muted: citations and secondary text (still
# AA on the background); --aiact-bg-soft/--aiact-accent: the conclusion box; --aiact-border:
# table and separator lines; --aiact-link: links.
PALETTE = """
:root{--aiact-fg:var(--jp-content-font-color1,#1a1a1a);
--aiact-muted:var(--jp-content-font-color1,#333333);
--aiact-bg:var(--jp-layout-color0,#ffffff);
--aiact-bg-soft:var(--jp-layout-color2,#f4f6fa);
--aiact-accent:var(--jp-brand-color1,#1f3d73);
--aiact-border:var(--jp-border-color1,#767676);
--aiact-link:var(--jp-content-link-color,#0b4f9c);
--aiact-right:#185c18;--aiact-wrong:#9e0000;--aiact-partial:#6e4400;--aiact-reported:#6b3a00}
body[data-jp-theme-light="false"]{--aiact-right:#8fd694;--aiact-wrong:#ff9e9e;
--aiact-partial:#ffc46b;--aiact-reported:#ffc46b}
"""

# Scopes of the interactive views that use radio buttons, checkboxes and buttons.
_SCOPES = (".aiact-quiz", ".aiact-decision", ".aiact-case")


def _each(rule: str) -> str:
    """``rule`` (a selector suffix) under every scope, comma-separated."""
    return ",".join(f"{scope} {rule}" for scope in _SCOPES)


WIDGET_CSS = (
    _each(".widget-radio-box label")
    + ","
    + _each(".jupyter-widget-radio-box label")
    + "{display:flex;align-items:flex-start;gap:.5em;height:auto;min-height:28px;"
    "line-height:1.4;padding:2px 0;white-space:normal;overflow:visible;margin-bottom:.3em}\n"
    + _each(".widget-radio-box input[type=radio]")
    + ","
    + _each(".jupyter-widget-radio-box input[type=radio]")
    + "{float:none;flex:0 0 auto;order:-1;width:24px;height:24px;margin:-2px 0 0 0}\n"
    + _each(".widget-radio-box")
    + "{height:auto}\n"
    + _each(".widget-checkbox")
    + "{height:auto;min-height:var(--jp-widgets-inline-height,28px)}\n"
    + _each(".widget-checkbox label")
    + "{white-space:normal;height:auto;line-height:1.4;align-items:flex-start}\n"
    + _each(".widget-checkbox input[type=checkbox]")
    + "{width:20px;height:20px;flex:0 0 auto}\n"
    + _each(".jupyter-button")
    + "{width:auto;min-width:9em;max-width:100%;height:auto;min-height:"
    "var(--jp-widgets-inline-height,28px);white-space:normal;overflow:visible}\n"
)


def style(css: str, widgets: bool = False) -> str:
    """A ``<style>`` element: the palette, the widgets' layout fixes (``widgets=True``) and
    ``css``."""
    return "<style>" + PALETTE + (WIDGET_CSS if widgets else "") + css.strip("\n") + "</style>"


__all__ = ["PALETTE", "WIDGET_CSS", "style"]
