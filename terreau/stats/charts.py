"""Charts drawn on the server: the geometry of an SVG bar-and-line chart, with its data table.

The template (`stats/_chart.html`) draws what `chart()` measures; the SVG has role="img", a
<title> and a <desc> that says what it shows and its latest values, and the table beside it
holds every value, so nothing is said by the drawing alone.
"""

import math
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from . import periods
from .selectors import BY_KEY, value_of

WIDTH, HEIGHT = 640, 230
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 34
MAX_LABELS = 8


@dataclass
class Series:
    key: str
    label: str
    unit: str
    values: list
    css: str
    shape: str = "bar"  # or "line"
    bars: list = field(default_factory=list)  # (x, y, width, height, value)
    points: list = field(default_factory=list)  # (x, y, value)
    paths: list = field(default_factory=list)  # "x,y x,y ..." per run of known values


@dataclass
class Chart:
    key: str
    title: str
    description: str
    unit: str
    series: list
    periods: list  # (label, long label)
    ticks: list  # (y, label)
    xlabels: list  # (x, label)
    width: int = WIDTH
    height: int = HEIGHT
    plot: dict = field(default_factory=dict)


def _step(top: float, whole: bool) -> float:
    """A round step that divides `top` into at most four intervals (whole for counts)."""
    if top <= 0:
        return 1
    raw = top / 4
    power = 10 ** math.floor(math.log10(raw))
    if whole and power < 1:
        return 1
    for factor in (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def number(value, unit: str = "") -> str:
    if value is None:
        return "—"
    shown = formats.number_format(value, decimal_pos=1 if isinstance(value, float) and value % 1 else 0)
    return f"{shown} %" if unit == "%" else shown


def chart(key: str, title: str, rows: list, granularity: str, bars=(), lines=()) -> Chart:
    """A chart of `rows` (DailyStat or PeriodStat, oldest first): `bars` and `lines` are measure keys."""
    css = iter(["s0", "s1", "s2", "s3"])
    drawn = [
        Series(
            key=k,
            label=str(BY_KEY[k].label),
            unit=str(BY_KEY[k].unit),
            values=[value_of(row, k) for row in rows],
            css=next(css),
            shape=shape,
        )
        for shape, keys in (("bar", bars), ("line", lines))
        for k in keys
    ]
    known = [value for one in drawn for value in one.values if value is not None]
    step = _step(max(known, default=0), all(isinstance(value, int) for value in known))
    top = max(step, step * math.ceil(max(known, default=0) / step))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(rows), 1)

    def y(value) -> float:
        return round(TOP + plot_h - plot_h * value / top, 1)

    bar_series = [one for one in drawn if one.shape == "bar"]
    group = slot * 0.72
    width = group / max(len(bar_series), 1)
    for index, one in enumerate(bar_series):
        for n, value in enumerate(one.values):
            if value:
                x = LEFT + n * slot + (slot - group) / 2 + index * width
                one.bars.append(
                    (round(x, 1), y(value), round(max(width - 1, 1), 1), round(TOP + plot_h - y(value), 1), value)
                )
    for one in drawn:
        if one.shape != "line":
            continue
        run: list[str] = []
        for n, value in enumerate(one.values):
            if value is None:
                if run:
                    one.paths.append(" ".join(run))
                run = []
                continue
            x = round(LEFT + n * slot + slot / 2, 1)
            one.points.append((x, y(value), value))
            run.append(f"{x},{y(value)}")
        if run:
            one.paths.append(" ".join(run))
    ticks = []
    value = 0.0
    while value <= top + step / 1000:
        ticks.append((y(value), number(int(value) if float(value).is_integer() else value)))
        value += step
    every = math.ceil(len(rows) / MAX_LABELS)
    starts = [row.start for row in rows]
    xlabels = [
        (round(LEFT + n * slot + slot / 2, 1), periods.label(granularity, start))
        for n, start in enumerate(starts)
        if (len(starts) - 1 - n) % every == 0
    ]
    return Chart(
        key=key,
        title=title,
        description=_describe(title, drawn, granularity, starts),
        unit=drawn[0].unit if drawn else "",
        series=drawn,
        periods=[(periods.label(granularity, start), periods.long_label(granularity, start)) for start in starts],
        ticks=ticks,
        xlabels=xlabels,
        plot={"x": LEFT, "y": TOP, "width": plot_w, "height": plot_h, "bottom": TOP + plot_h, "right": LEFT + plot_w},
    )


def _describe(title: str, drawn: list, granularity: str, starts: list) -> str:
    """What a screen reader hears: the span, then the latest period's values."""
    if not starts:
        return ""
    span = _("%(title)s, %(first)s to %(last)s.") % {
        "title": title,
        "first": periods.long_label(granularity, starts[0]),
        "last": periods.long_label(granularity, starts[-1]),
    }
    latest = "; ".join(f"{one.label}: {number(one.values[-1], one.unit)}" for one in drawn)
    return " ".join(
        [span, _("Latest period: %(values)s.") % {"values": latest}, _("Every value is in the table beside the chart.")]
    )
