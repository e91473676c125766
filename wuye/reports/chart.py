"""A server-rendered line chart of the trend (inline SVG, no JavaScript): geometry only, the
template draws it. A period with no denominator leaves a gap in its line."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from wuye.reports.selectors import KPIS, THREE_RATES, TrendPoint

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 14, 34
COLOURS = {"satisfaction": "#1f6f5c", "timeliness": "#2563eb", "return_visit": "#b45309"}


@dataclass
class Series:
    key: str
    label: str
    colour: str
    target_y: float
    target_label: str
    segments: list[str] = field(default_factory=list)  # polyline "x,y x,y" runs
    points: list[dict] = field(default_factory=list)  # {x, y, title}


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_bottom: int
    grid: list[dict]
    x_labels: list[dict]
    series: list[Series]


def _pct(value) -> str:
    return f"{float(value) * 100:.1f}%"


def trend_chart(points: list[TrendPoint], keys=THREE_RATES) -> Chart | None:
    if not points:
        return None
    labels = {k.key: str(k.short_label) for k in KPIS}
    values = [float(p.figures[k].rate) for p in points for k in keys if p.figures[k].rate is not None]
    values += [float(points[-1].figures[k].target) for k in keys]
    # Rates live near the top; start the axis at the 10% step below the lowest value.
    low = max(0.0, math.floor((min(values) - 0.02) * 10) / 10)
    step = 0.05 if 1 - low <= 0.3 else 0.1 if 1 - low <= 0.6 else 0.2
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return round(TOP + (1 - (value - low) / (1 - low)) * plot_h, 1)

    def x(i: int) -> float:
        return round(LEFT + (plot_w * (i + 0.5) / len(points)), 1)

    grid = []
    n_steps = round((1 - low) / step)
    for i in range(n_steps + 1):
        value = low + i * step
        grid.append({"y": y(value), "label": f"{value * 100:.0f}%"})
    x_labels = [{"x": x(i), "label": p.period.short_label} for i, p in enumerate(points)]

    series = []
    for key in keys:
        target = float(points[-1].figures[key].target)
        s = Series(key, labels[key], COLOURS.get(key, "#555"), y(target), _pct(target))
        run: list[str] = []
        for i, point in enumerate(points):
            figure = point.figures[key]
            if figure.rate is None:
                if run:
                    s.segments.append(" ".join(run))
                run = []
                continue
            px, py = x(i), y(float(figure.rate))
            run.append(f"{px},{py}")
            s.points.append(
                {
                    "x": px,
                    "y": py,
                    "title": f"{labels[key]} {point.period.label}: {_pct(figure.rate)} "
                    f"({figure.numerator}/{figure.denominator})",
                }
            )
        if run:
            s.segments.append(" ".join(run))
        series.append(s)
    return Chart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, grid, x_labels, series)
