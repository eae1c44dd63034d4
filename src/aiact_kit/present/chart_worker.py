"""The chart worker: the only module of the kit that imports matplotlib.

Run as ``python -m aiact_kit.present.chart_worker`` with a chart spec (JSON) on stdin; writes the
PNG
to stdout and exits 0. Given a JSON *list* of specs, it writes one frame per spec: ``P`` (a
PNG) or ``E`` (an error message, UTF-8), an 8-byte big-endian length, the payload. A bad spec
or a failed drawing of a single spec exits 2 with the reason on stderr. Kernels never import
this module: :func:`aiact_kit.present.charts.render_png` starts it in a short-lived process.

Spec kinds (all text already translated by the caller; dates as ISO strings):

- ``timeline``: ``version`` (both|amended|original), ``today`` (ISO), ``today_label``,
  ``title``, ``legend`` {amended, original, moved, today}, ``rows`` [{``title``,
  ``amended``, ``original`` (ISO or null), ``date_label``}] in date order, ``size`` [w, h]
  (inches), ``dpi``.
- ``distribution``: ``labels``, ``counts``, ``correct`` (lists of equal length), ``xlabel``,
  ``right`` (mark before a correct answer's label), ``size``, ``dpi``.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import textwrap
import traceback
from datetime import date
from typing import Any

os.environ.setdefault("MPLBACKEND", "Agg")


class SpecError(ValueError):
    """The spec cannot be drawn (unknown kind, missing or malformed field)."""


def _field(spec: dict[str, Any], name: str) -> Any:
    try:
        return spec[name]
    except KeyError:
        raise SpecError(f"{spec.get('kind')} chart spec has no {name!r}") from None


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _png(fig: Any) -> bytes:
    """The figure as PNG, re-encoded losslessly to be small: the page's kernel holds the PNG
    (base64) in a widget and copies it into every message, so each KiB counts. An opaque
    image is stored as RGB (the same pixels), compressed with PIL's ``optimize``."""
    from PIL import Image  # matplotlib's own PNG writer uses Pillow too

    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    fig.clear()
    with Image.open(io.BytesIO(buf.getvalue())) as image:
        image.load()
        if image.mode == "RGBA" and image.getextrema()[3] == (255, 255):
            image = image.convert("RGB")
        out = io.BytesIO()
        extra = {"dpi": image.info["dpi"]} if "dpi" in image.info else {}
        image.save(out, format="png", optimize=True, **extra)
    return out.getvalue() if out.tell() < len(buf.getvalue()) else buf.getvalue()


def draw_timeline(spec: dict[str, Any]) -> bytes:
    """The milestones on a time axis with a dotted line for today: amended dates as dots,
    original dates as open squares, a moved date joined by a dashed arrow, so shape (not
    colour) carries the meaning."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter, YearLocator, date2num
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    version = _field(spec, "version")
    if version not in ("both", "amended", "original"):
        raise SpecError(f"timeline chart spec has an unknown version {version!r}")
    legend = _field(spec, "legend")
    rows = [
        (r["title"], _day(r.get("amended")), _day(r.get("original")), r["date_label"])
        for r in _field(spec, "rows")
    ]
    if not rows:
        raise SpecError("timeline chart spec has no rows")
    day = _day(_field(spec, "today"))
    n = len(rows)
    fig = Figure(figsize=tuple(_field(spec, "size")), dpi=_field(spec, "dpi"))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    dark, warm = "#1f3d73", "#8a4b00"  # both meet contrast on white; shapes carry the meaning
    for y, (_title, a, o, label) in enumerate(rows):
        y = n - 1 - y  # first milestone on top
        if a and o and a != o:
            ax.annotate(
                "",
                xy=(date2num(a), y),
                xytext=(date2num(o), y),
                arrowprops={"arrowstyle": "->", "linestyle": "--", "color": "#444444", "lw": 1.2},
            )
        if o:
            ax.plot(
                [date2num(o)], [y], marker="s", markersize=8, markerfacecolor="white",
                markeredgecolor=warm, markeredgewidth=1.8, linestyle="none",
            )  # fmt: skip
        if a:
            ax.plot([date2num(a)], [y], marker="o", markersize=7, color=dark, linestyle="none")
        ax.annotate(
            label,
            xy=(date2num(a or o), y),
            xytext=(8, -3),
            textcoords="offset points",
            fontsize=7.5,
        )
    ax.axvline(date2num(day), linestyle=":", color="black", linewidth=1.5)
    ax.annotate(
        _field(spec, "today_label"),
        xy=(date2num(day), n - 0.4),
        xytext=(4, 0),
        textcoords="offset points",
        fontsize=8,
        fontweight="bold",
    )
    labels = ["\n".join(textwrap.wrap(title, 48)) for title, _a, _o, _l in reversed(rows)]
    ax.set_yticks(range(n))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_ylim(-0.8, n - 0.2)
    all_dates = [d for _t, a, o, _l in rows for d in (a, o) if d] + [day]
    lo, hi = min(all_dates), max(all_dates)
    ax.set_xlim(date2num(date(lo.year, 1, 1)), date2num(date(hi.year + 1, 12, 31)))
    ax.xaxis.set_major_locator(YearLocator())
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.grid(axis="x", linestyle="-", color="#dddddd")
    ax.set_title(_field(spec, "title"))
    handles = []
    if version in ("both", "amended"):
        handles.append(
            Line2D([], [], marker="o", color=dark, linestyle="none", label=legend["amended"])
        )
    if version in ("both", "original"):
        handles.append(
            Line2D([], [], marker="s", markerfacecolor="white", markeredgecolor=warm,
                   markeredgewidth=1.8, linestyle="none", label=legend["original"])
        )  # fmt: skip
    if version == "both":
        handles.append(Line2D([], [], linestyle="--", color="#444444", label=legend["moved"]))
    handles.append(Line2D([], [], linestyle=":", color="black", label=legend["today"]))
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.04 - 0.5 / max(n, 1)),
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    fig.tight_layout()
    return _png(fig)


def draw_distribution(spec: dict[str, Any]) -> bytes:
    """A horizontal bar chart of a question's answers. Correct answers are dark, hatched and
    marked ``right`` in their label, so colour is never the only cue; both bar colours contrast
    with white."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = list(_field(spec, "labels"))
    counts = list(_field(spec, "counts"))
    correct = list(_field(spec, "correct"))
    if not (len(labels) == len(counts) == len(correct)):
        raise SpecError("distribution chart spec: labels, counts and correct differ in length")
    right = spec.get("right", "✓")
    fig = Figure(figsize=tuple(_field(spec, "size")), dpi=_field(spec, "dpi"))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    ys = list(range(len(labels)))[::-1]
    colors = ["#1b5e20" if c else "#707070" for c in correct]
    bars = ax.barh(ys, counts, color=colors, edgecolor="#000000")
    for bar, is_right in zip(bars, correct, strict=True):
        if is_right:
            bar.set_hatch("//")
            with contextlib.suppress(AttributeError):  # matplotlib >= 3.10
                bar.set_hatchcolor("#ffffff")
    # labels wrap (up to 3 lines), so long options that start alike stay distinguishable
    ticks = [
        "\n".join(textwrap.wrap((f"{right} " if c else "") + _short(label, 120), 40)[:3])
        for label, c in zip(labels, correct, strict=True)
    ]
    ax.set_yticks(ys, ticks)
    ax.set_xlabel(_field(spec, "xlabel"))
    top = max(counts) if counts else 1
    ax.set_xlim(0, top * 1.18 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    for y, n in zip(ys, counts, strict=True):
        ax.text(n + top * 0.02 + 0.05, y, str(n), va="center")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return _png(fig)


DRAWERS = {"timeline": draw_timeline, "distribution": draw_distribution}


def draw(spec: Any) -> bytes:
    """The PNG of one spec (raises :class:`SpecError` for a spec it cannot draw)."""
    if not isinstance(spec, dict):
        raise SpecError(f"a chart spec is a JSON object, not {type(spec).__name__}")
    kind = spec.get("kind")
    drawer = DRAWERS.get(kind) if isinstance(kind, str) else None
    if drawer is None:
        raise SpecError(
            f"unknown chart kind {kind!r}; expected one of {', '.join(sorted(DRAWERS))}"
        )
    try:
        return drawer(spec)
    except SpecError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(f"{kind} chart spec is malformed: {type(exc).__name__}: {exc}") from exc


def main() -> int:
    try:
        request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    except ValueError as exc:
        print(f"chart worker: stdin is not a JSON chart spec: {exc}", file=sys.stderr)
        return 2
    out = sys.stdout.buffer
    if isinstance(request, list):
        for spec in request:
            try:
                status, body = b"P", draw(spec)
            except Exception as exc:  # noqa: BLE001 - reported per chart, the others still drawn
                status, body = b"E", f"{type(exc).__name__}: {exc}".encode()
            out.write(status + len(body).to_bytes(8, "big") + body)
        out.flush()
        return 0
    try:
        png = draw(request)
    except SpecError as exc:
        print(f"chart worker: {exc}", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 - the caller reports the traceback's end
        traceback.print_exc()
        return 1
    out.write(png)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
