"""Pictures of a projection for a report: SVG or PNG, drawn with matplotlib.

:func:`draw` lays the projection out (seeded, so the same graph gives the same picture),
colours and shapes nodes by type with a legend beside the drawing, sizes them by a metric,
colours edges by what they say (role, attendance status, relation), and puts each label
beside its node with a white halo, moving it where it would cover a node or another label.
The title says what is shown and for which meeting(s). SVG files are byte-for-byte the same
on every run (fixed ``svg.hashsalt``, no date); their labels stay text, so they can be
searched and copied.

Matplotlib is used without pyplot (no window, no global state); it is imported only when a
picture is drawn.

>>> import tempfile, pathlib, networkx as nx
>>> net = nx.Graph(projection="affiliation", scope="an example")
>>> net.add_node("a", label="Ana Lima", short_label="Ana Lima", type="person")
>>> net.add_node("b", label="IBGE", short_label="IBGE", type="national statistical office")
>>> net.add_edge("a", "b", role="staff", weight=1)
>>> out = pathlib.Path(tempfile.mkdtemp()) / "example.svg"
>>> draw(net, out)
PosixPath('.../example.svg')
>>> "Ana Lima" in out.read_text()
True
"""

from __future__ import annotations

import io
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import UsageError
from ..rdfio import atomic_write
from ._style import (
    edge_category,
    edge_colour,
    edge_order,
    layout,
    layout_words,
    node_sizes,
    place_labels,
    style_of,
    title_of,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["PICTURE_SUFFIXES", "draw", "render"]

PICTURE_SUFFIXES = (".svg", ".png")
_FONT = 8.0  # label size in points
_MAX_LABELS = 60  # on larger networks only the largest nodes are labelled
_EXTENT = {"D": 1.42, "*": 1.1}  # how far a marker reaches beyond its nominal radius


def draw(
    graph: nx.Graph,
    path: str | os.PathLike[str],
    *,
    size_by: str = "degree",
    metrics: dict[Any, dict[str, float]] | None = None,
    seed: int = 0,
    title: str | None = None,
) -> Path:
    """Draw ``graph`` to ``path`` (``.svg`` or ``.png``, written atomically); returns the path.

    ``size_by`` names a metric of ``metrics`` (node -> metric -> value, see
    :func:`mosgraph.network.metrics.compute_metrics`) or a numeric node attribute; ``degree``
    works without either.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in PICTURE_SUFFIXES:
        raise UsageError(f"cannot draw to '{path}': expected a file ending in "
                         f"{', '.join(PICTURE_SUFFIXES)} or .html")
    data = render(graph, suffix[1:], size_by=size_by, metrics=metrics, seed=seed, title=title)
    with atomic_write(path, "wb") as out:
        out.write(data)
    return path


def render(
    graph: nx.Graph,
    fmt: str = "svg",
    *,
    size_by: str = "degree",
    metrics: dict[Any, dict[str, float]] | None = None,
    seed: int = 0,
    title: str | None = None,
) -> bytes:
    """The bytes of the picture of ``graph`` in ``fmt`` (``svg`` or ``png``)."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib import rc_context

    settings: dict[str, Any] = {"svg.hashsalt": "mosgraph", "svg.fonttype": "none",
                                "font.size": _FONT, "font.family": _font_families(),
                                "path.simplify": False}
    with rc_context(settings):  # type: ignore[arg-type]
        figure = _figure(graph, size_by=size_by, metrics=metrics or {}, seed=seed,
                         title=title)
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, dpi=150, metadata=metadata, facecolor="white")
    return buffer.getvalue()


def size_values(graph: nx.Graph, size_by: str,
                metrics: dict[Any, dict[str, float]]) -> list[float]:
    """The value each node is sized by, in node order."""
    values = []
    for node, data in graph.nodes(data=True):
        row = metrics.get(node, {})
        if size_by in row:
            value = row[size_by]
        elif isinstance(data.get(size_by), int | float):
            value = data[size_by]
        elif size_by == "degree":
            value = graph.degree(node)
        else:
            raise UsageError(f"cannot size nodes by '{size_by}': not a metric or a numeric "
                             "attribute of this projection")
        values.append(float(value))
    return values


def _figure(graph: nx.Graph, *, size_by: str, metrics: dict[Any, dict[str, float]],
            seed: int, title: str | None) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    nodes = list(graph.nodes)
    n = len(nodes)
    side = min(14.0, max(7.0, 2.2 * math.sqrt(max(n, 1))))  # the drawing: a square, inches
    legend_width, top, bottom, left = 3.3, 1.0, 0.25, 0.15
    width, height = left + side + legend_width, bottom + side + top
    figure = Figure(figsize=(width, height))
    FigureCanvasAgg(figure)
    axes = figure.add_axes((left / width, bottom / height, side / width, side / height))
    axes.set_axis_off()
    width_share = (left + side + 0.15) / width
    positions = layout(graph, seed=seed)
    values = size_values(graph, size_by, metrics) if n else []
    radii = node_sizes(values, 4.0 if n > 80 else 5.0, 12.0 if n > 80 else 15.0)
    radius_of = dict(zip(nodes, radii, strict=True))

    # edges, under the nodes
    directed = graph.is_directed()
    categories: dict[str, str] = {}
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        category = edge_category(graph, data)
        colour = edge_colour(category)
        if category:
            categories.setdefault(category, colour)
        weight = float(data.get("weight", 1) or 1)
        width = min(3.5, 0.6 + 0.9 * math.log1p(weight))
        dashed = category == "apologies"
        # leadership edges are few and short: draw them over the many member/staff edges
        layer = 1.5 if category in _ON_TOP else 1.0
        (x1, y1), (x2, y2) = positions[u], positions[v]
        if directed:
            from matplotlib.patches import FancyArrowPatch

            axes.add_patch(FancyArrowPatch(
                (x1, y1), (x2, y2), arrowstyle="-|>", mutation_scale=9, color=colour,
                linewidth=width, alpha=0.8, shrinkA=radius_of[u] + 1, shrinkB=radius_of[v] + 2,
                linestyle="--" if dashed else "-", zorder=layer))
        else:
            axes.plot([x1, x2], [y1, y2], color=colour, linewidth=width,
                      alpha=0.8,
                      linestyle=(0, (4, 2)) if dashed else "-", zorder=layer,
                      solid_capstyle="round")

    # nodes, one scatter per type so that the legend has one entry each
    kinds = sorted({str(d.get("type", "other")) for _, d in graph.nodes(data=True)},
                   key=_kind_order)
    for kind in kinds:
        style = style_of(kind)
        members = [node for node in nodes if str(graph.nodes[node].get("type")) == kind]
        axes.scatter([positions[m][0] for m in members], [positions[m][1] for m in members],
                     s=[(radius_of[m] * 2) ** 2 for m in members], c=style.colour,
                     marker=style.marker, edgecolors="#333333", linewidths=0.7, zorder=3)
    axes.set_xlim(-0.04, 1.04)
    axes.set_ylim(-0.04, 1.04)

    # labels: measure, place, then draw each with a white halo underneath
    _labels(figure, axes, graph, nodes, positions, radius_of, values)

    # legend beside the drawing, and the title
    handles = [Line2D([], [], linestyle="", marker=style_of(k).marker, markersize=8,
                      markerfacecolor=style_of(k).colour, markeredgecolor="#333333",
                      label=style_of(k).legend) for k in kinds]
    for category, colour in sorted(categories.items(), key=lambda c: edge_order(c[0])):
        handles.append(Line2D([], [], color=colour, linewidth=2,
                              linestyle=(0, (4, 2)) if category == "apologies" else "-",
                              label=f"— {category}"))
    legend = figure.legend(handles=handles, loc="upper left", frameon=False,
                           bbox_to_anchor=(width_share, 1 - top / height), fontsize=_FONT + 0.5,
                           title="nodes and edges", title_fontsize=_FONT + 1.5,
                           alignment="left", borderaxespad=0.0)
    legend.set_zorder(10)
    size_words = f"node size: {size_by.replace('_', ' ')}"
    shown = "" if n <= _MAX_LABELS else f"\nlabels: the {_MAX_LABELS} largest nodes"
    figure.text(width_share + 0.008, bottom / height,
                f"{size_words}\n{n} nodes, {graph.number_of_edges()} edges\n"
                f"layout: {layout_words(seed)}{shown}", fontsize=_FONT, color="#444444",
                va="bottom")
    figure.suptitle(title or title_of(graph), x=left / width, y=1 - 0.2 / height, ha="left",
                    va="top",
                    fontsize=_FONT + 5, fontweight="bold")
    return figure


def _labels(figure: Any, axes: Any, graph: nx.Graph, nodes: list[Any],
            positions: dict[Any, tuple[float, float]], radius_of: dict[Any, float],
            values: list[float]) -> None:
    from matplotlib import patheffects

    renderer = figure.canvas.get_renderer()
    figure.canvas.draw()  # fixes the axes' transform (aspect, limits)
    to_pixels = axes.transData
    scale = figure.dpi / 72.0
    ranked = sorted(range(len(nodes)), key=lambda i: (-values[i], str(nodes[i])))
    shown = set(ranked[:_MAX_LABELS])
    texts = [str(graph.nodes[node].get("short_label") or graph.nodes[node].get("label")
                 or node) for node in nodes]
    sizes = []
    for text in texts:
        probe = axes.text(0, 0, text, fontsize=_FONT)
        extent = probe.get_window_extent(renderer)
        sizes.append((extent.width + 4 * scale, extent.height + 2 * scale))
        probe.remove()
    points = [tuple(to_pixels.transform(positions[node])) for node in nodes]
    pixel_of = dict(zip(nodes, points, strict=True))
    radii = [radius_of[node] * scale * _EXTENT.get(style_of(str(graph.nodes[node].get("type")))
                                                   .marker, 1.0) for node in nodes]
    segments = [(*pixel_of[u], *pixel_of[v]) for u, v in graph.edges]
    box = axes.get_window_extent(renderer)
    order = [i for i in ranked if i in shown]
    places = place_labels(points, radii, sizes, bounds=(box.x0, box.y0, box.x1, box.y1),
                          order=order, pad=3.5 * scale, segments=segments)
    back = to_pixels.inverted()
    halo = [patheffects.Stroke(linewidth=3.2, foreground="white")]
    for i in order:
        x, y, align, ring = places[i]
        data_x, data_y = back.transform((x, y))
        if ring:
            node_x, node_y = positions[nodes[i]]
            axes.plot([node_x, data_x], [node_y, data_y], color="#777777", linewidth=0.5,
                      zorder=2)
        common = {"fontsize": _FONT, "ha": align, "va": "center", "zorder": 5}
        axes.text(data_x, data_y, texts[i], color="white", path_effects=halo,
                  **{**common, "zorder": 4})
        axes.text(data_x, data_y, texts[i], color="#1A1A1A", **common)


# fonts tried glyph by glyph after DejaVu Sans, for names in other scripts (Korean, Chinese,
# Japanese); used where installed (Debian: fonts-noto-cjk)
_FALLBACK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK KR", "Noto Sans CJK SC")


def _font_families() -> list[str]:
    from matplotlib import font_manager

    manager = font_manager.fontManager
    installed = {font.name for font in manager.ttflist}
    if not installed.intersection(_FALLBACK_FONTS):
        # matplotlib keeps its list of fonts in a cache made the first time it ran: fonts
        # installed since (apt-get install fonts-noto-cjk) are added here, not missed
        known = {font.fname for font in manager.ttflist}
        for path in sorted(set(font_manager.findSystemFonts()) - known):
            try:
                manager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # a font file matplotlib cannot read is not a fallback
        installed = {font.name for font in manager.ttflist}
    return ["DejaVu Sans", *[name for name in _FALLBACK_FONTS if name in installed][:1]]


_ON_TOP = frozenset({"chair", "co-chair", "vice-chair", "leads"})


def _kind_order(kind: str) -> tuple[int, str]:
    order = ["collaboration", "board", "secretariat", "group", "network", "community", "unit",
             "national statistical office", "international organisation", "organisation",
             "project", "activity", "work programme", "decision", "meeting", "person"]
    return (order.index(kind) if kind in order else len(order), kind)
