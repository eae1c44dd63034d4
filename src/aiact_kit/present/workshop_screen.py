"""The projector screen of a workshop session (no ipywidgets): the session code in large type,
a QR code and the join link (made here, offline, with segno as inline SVG), how many joined,
the live question in large type, a bar per option (every option; the right one marked after the
reveal) and the countdown. It never shows the facilitator token; nicknames only when the
facilitator switches them on. High contrast (black on white, dark-green marks), sized in
viewport units so it reads from the back of a room at 1280×720 and 1920×1080.
"""

from __future__ import annotations

import io
import urllib.parse
from html import escape

from aiact_kit.engines.workshop import LiveCounts, LiveState
from aiact_kit.present.workshop import counted, t
from aiact_kit.present.workshop_live import (
    LiveQuestion,
    bars_html,
    phase_html,
    question_html,
)

SCREEN_STYLE = """<style>
.aiact-screen{color:#000;background:#fff;font-size:clamp(18px,2.2vw,40px);line-height:1.35}
.aiact-screen h2{font-size:1.6em;margin:.2em 0}
.aiact-screen-top{display:flex;flex-wrap:wrap;gap:1.5em;align-items:center}
.aiact-screen-code{font-size:3.2em;font-weight:bold;letter-spacing:.12em;font-family:monospace}
.aiact-screen-qr svg{width:min(26vh,14em);height:auto;display:block}
.aiact-screen-link{font-family:monospace;overflow-wrap:anywhere}
.aiact-screen .aiact-live-bars{font-size:1em;max-width:none}
.aiact-screen .aiact-live-bar{height:1em;background:#1f3a5f}
.aiact-screen .aiact-live-right .aiact-live-bar{background:#0b5d1e}
.aiact-screen .aiact-live-phase{font-size:1.1em}
.aiact-screen-names{columns:4 10em}
</style>"""


def join_url(request_url: str | None, screen_path: str, join_path: str, code: str) -> str:
    """The join page's address for participants: the projector page's own address with the
    join notebook in place of the screen notebook (``?code=`` filled in). Without a request
    address (e.g. in JupyterLab): the join notebook's path."""
    query = urllib.parse.urlencode({"code": code})
    if not request_url:
        return f"{join_path}?{query}"
    parts = urllib.parse.urlsplit(request_url)
    path = parts.path
    path = path[: -len(screen_path)] + join_path if path.endswith(screen_path) else path
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def short_link(url: str) -> str:
    """The link as people type it: without ``http://`` or ``https://``."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            return url[len(prefix) :]
    return url


def qr_svg(url: str, lang: str) -> str:
    """A QR code of ``url`` as inline SVG (made offline by segno), with a text alternative."""
    import segno  # imported here: only the projector page needs it

    qr = segno.make(url, error="m")
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=8,
        border=2,
        xmldecl=False,
        svgns=True,
        omitsize=True,
        dark="#000",
        light="#fff",
        nl=False,
    )
    svg = out.getvalue().decode("utf-8")
    alt = escape(t("screen_qr_alt", lang))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{alt}" ', 1)


def screen_html(
    lang: str,
    code: str,
    url: str,
    joined: int,
    state: LiveState,
    phase: str,
    seconds_left: int | None,
    question: LiveQuestion | None,
    counts: LiveCounts | None,
    names: list[str] | None = None,
) -> str:
    """The whole projector screen (HTML)."""
    top = (
        '<div class="aiact-screen-top">'
        f'<div class="aiact-screen-qr">{qr_svg(url, lang)}</div><div>'
        f"<p>{escape(t('screen_join', lang))}: "
        f'<span class="aiact-screen-link">{escape(short_link(url))}</span></p>'
        f"<p>{escape(t('screen_code', lang))}: "
        f'<span class="aiact-screen-code">{escape(code)}</span></p>'
        f'<p role="status" aria-live="polite">'
        f"{escape(counted('screen_joined', joined, lang))}</p></div></div>"
    )
    if question is None:
        body = phase_html(phase if state.questions else "idle", None, lang)
        if not state.questions or phase == "idle":
            body = f"<p>{escape(t('screen_waiting', lang))}</p>"
    else:
        revealed = phase == "revealed"
        body = question_html(question, state.index + 1, len(state.questions), lang)
        body += phase_html(phase, seconds_left, lang)
        body += bars_html(question, counts, revealed, lang)
        if revealed:
            right = "; ".join(c.text for c in question.view.choices if c.id in question.right)
            body += (
                f"<p><strong>{escape(t('live_right_answer', lang))}:</strong> {escape(right)}</p>"
            )
    people = ""
    if names:
        items = "".join(f"<li><bdi>{escape(n)}</bdi></li>" for n in names)
        people = (
            f'<h2>{escape(t("screen_names", lang))}</h2><ul class="aiact-screen-names">{items}</ul>'
        )
    return f'{SCREEN_STYLE}<div class="aiact-screen">{top}{body}{people}</div>'


__all__ = ["SCREEN_STYLE", "join_url", "qr_svg", "screen_html", "short_link"]
