"""What the pictures share: the seeded layout, colours and shapes by type, label placement.

Both :mod:`~mosgraph.network.draw` (matplotlib) and :mod:`~mosgraph.network.html` (an SVG
written by hand) use these, so a projection looks the same in both.

>>> place_labels([(0.0, 0.0)], [5.0], [(40.0, 10.0)], bounds=(-100, -100, 100, 100))
[(7.0, 0.0, 'left', 0)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["EDGE_COLOURS", "STYLES", "Style", "edge_category", "edge_colour", "edge_order",
           "layout", "layout_words", "node_sizes", "place_labels", "polygon", "style_of",
           "title_of"]


@dataclass(frozen=True)
class Style:
    """How a node type is drawn: fill colour, matplotlib marker, and legend words."""

    colour: str
    marker: str
    legend: str


# Okabe-Ito / Tol colours, which stay apart for colour-blind readers; shapes say it again
STYLES: dict[str, Style] = {
    "person": Style("#56B4E9", "o", "person"),
    "national statistical office": Style("#E69F00", "s", "national statistical office"),
    "international organisation": Style("#D55E00", "D", "international organisation"),
    "organisation": Style("#E69F00", "s", "organisation"),
    "collaboration": Style("#009E73", "h", "collaboration (the body that met)"),
    "board": Style("#0072B2", "p", "board"),
    "secretariat": Style("#CC79A7", "p", "secretariat"),
    "group": Style("#117733", "^", "group"),
    "network": Style("#88CCEE", "^", "network"),
    "community": Style("#44AA99", "^", "community"),
    "unit": Style("#117733", "^", "unit"),
    "project": Style("#882255", "v", "project"),
    "activity": Style("#AA4499", "v", "activity"),
    "work programme": Style("#CC6677", "v", "work programme"),
    "meeting": Style("#332288", "*", "meeting"),
    "decision": Style("#999933", "d", "decision"),
}
_OTHER = Style("#888888", "o", "other")

# edge colours by what the edge says (the first word(s) of ``relation``)
EDGE_COLOURS: dict[str, str] = {
    "chair": "#B2182B",
    "co-chair": "#EF8A62",
    "vice-chair": "#F4A582",
    "member": "#2166AC",
    "observer": "#92C5DE",
    "secretariat": "#CC79A7",
    "staff": "#9E9E9E",
    "present": "#4D4D4D",
    "apologies": "#D6604D",
    "on behalf of": "#762A83",
    "part of": "#9E9E9E",
    "hosted by": "#B15928",
    "leads": "#B2182B",
    "supports": "#EF8A62",
    "continuation of": "#1B7837",
    "keeps ties with": "#5AAE61",
    "merged with": "#762A83",
    "merged into": "#762A83",
    "selected for": "#2166AC",
    "decided": "#BABABA",
    "concerns": "#8C6D31",
}
_TITLES = {
    "affiliation": "Affiliations: people and the organisations and bodies they belong to",
    "attendance": "Attendance: people and the meetings they attended or sent apologies for",
    "representation": "Representation: who attended on behalf of whom",
    "organisation": "Organisations linked by the groups, work and meetings they share",
    "governance": "Governance: bodies, groups, work and decisions",
}


def style_of(kind: str) -> Style:
    """The style of a node ``type`` (grey circles for anything unknown)."""
    return STYLES.get(kind, _OTHER)


def edge_category(graph: nx.Graph, data: dict[str, Any]) -> str | None:
    """The category an edge is coloured by, or ``None`` for the organisation network."""
    projection = graph.graph.get("projection")
    if projection == "affiliation":
        roles = str(data.get("role", data.get("relation", ""))).split("; ")
        for role in ("chair", "co-chair", "secretariat", "member", "staff"):
            if role in roles:
                return role
        return roles[0]
    if projection == "attendance":
        return str(data.get("status", "present"))
    if projection == "representation":
        return "on behalf of"
    if projection == "governance":
        return str(data.get("relation", "")).split("; ")[0]
    if projection == "organisation":
        weight = int(data.get("weight", 1) or 1)
        return f"shares {weight} thing{'s' if weight != 1 else ''}"
    return None


_SHARES = ["#C6DBEF", "#6BAED6", "#2171B5", "#08306B"]


def edge_colour(category: str | None) -> str:
    """The colour of an edge category (darker blues for organisations sharing more)."""
    if category and category.startswith("shares "):
        count = int(category.split()[1])
        return _SHARES[min(count, len(_SHARES)) - 1]
    return EDGE_COLOURS.get(category or "", "#8C8C8C")


def edge_order(category: str) -> tuple[int, int, str]:
    """Legend order of edge categories."""
    order = list(EDGE_COLOURS)
    if category.startswith("shares "):
        return (len(order), int(category.split()[1]), category)
    return (order.index(category) if category in order else len(order), 0, category)


def layout_words(seed: int) -> str:
    """How :func:`layout` places nodes, for a picture's footnote."""
    import importlib.util

    if importlib.util.find_spec("scipy") is not None:
        return f"Kamada-Kawai, spring start (seed {seed})"
    if importlib.util.find_spec("numpy") is None:
        return f"spring, in plain Python (seed {seed})"
    return f"spring (seed {seed})"


def title_of(graph: nx.Graph) -> str:
    """``Affiliations: ... — Online HLG-MOS meeting, 29 January 2021``."""
    projection = str(graph.graph.get("projection", "network"))
    scope = str(graph.graph.get("scope", ""))
    heading = _TITLES.get(projection, f"{projection} network")
    return f"{heading}\n{scope}" if scope else heading


def layout(graph: nx.Graph, seed: int = 0) -> dict[Any, tuple[float, float]]:
    """Node positions in [0, 1] x [0, 1], the same every run (see :func:`layout_words`).

    Each connected component is laid out on its own and the components are packed in rows,
    largest first, so that small components do not drift to the edges.
    """
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    parts = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                   key=lambda c: (-len(c), str(c[0])))
    boxes: list[tuple[dict[Any, tuple[float, float]], float]] = []
    lengths = "distance" if graph.graph.get("projection") == "organisation" else None
    for part in parts:
        local = _component_layout(undirected.subgraph(part), part, seed, lengths)
        boxes.append((local, max(1.0, math.sqrt(len(part)))))
    positions = _pack(boxes)
    return _normalise(positions)


def _component_layout(graph: nx.Graph, part: list[Any], seed: int, lengths: str | None,
                      ) -> dict[Any, tuple[float, float]]:
    """Kamada-Kawai (edge lengths even, or the ``lengths`` attribute) for components of up to
    300 nodes when scipy is there, from a seeded spring start; else a seeded spring layout."""
    import networkx as nx

    if len(part) == 1:
        return {part[0]: (0.0, 0.0)}
    if len(part) == 2:
        return {part[0]: (0.0, 0.0), part[1]: (1.0, 0.0)}
    raw: Any = None
    if len(part) <= 300:
        try:
            start = nx.spring_layout(graph, seed=seed, iterations=50, weight=None)
            raw = nx.kamada_kawai_layout(graph, pos=start, weight=lengths)
        except ImportError:  # kamada_kawai_layout needs scipy
            raw = None
    if raw is None:
        try:
            raw = nx.spring_layout(graph, seed=seed, k=1.6 / math.sqrt(len(part)),
                                   iterations=300, weight=None)
        except ImportError:  # networkx's layouts need numpy: a plain install has none
            raw = _spring(graph, part, seed)
    return {n: (float(raw[n][0]), float(raw[n][1])) for n in part}


def _spring(graph: nx.Graph, part: list[Any], seed: int) -> dict[Any, tuple[float, float]]:
    """A seeded force-directed layout (Fruchterman-Reingold) in plain Python, for installs
    without numpy; the same positions every run."""
    import random

    chance = random.Random(seed)
    position = {n: [chance.random(), chance.random()] for n in part}
    edges = sorted(((u, v) for u, v in graph.edges() if u != v), key=str)
    k = 1.6 / math.sqrt(len(part))
    rounds = max(30, min(300, 40_000 // len(part)))
    step = 0.1
    for _ in range(rounds):
        move = {n: [0.0, 0.0] for n in part}
        for i, a in enumerate(part):
            ax, ay = position[a]
            for b in part[i + 1:]:
                dx, dy = ax - position[b][0], ay - position[b][1]
                force = k * k / max(dx * dx + dy * dy, 1e-9)
                move[a][0] += dx * force
                move[a][1] += dy * force
                move[b][0] -= dx * force
                move[b][1] -= dy * force
        for u, v in edges:
            dx, dy = position[u][0] - position[v][0], position[u][1] - position[v][1]
            force = math.hypot(dx, dy) / k
            move[u][0] -= dx * force
            move[u][1] -= dy * force
            move[v][0] += dx * force
            move[v][1] += dy * force
        for n in part:
            length = math.hypot(*move[n]) or 1.0
            scale = min(length, step) / length
            position[n][0] += move[n][0] * scale
            position[n][1] += move[n][1] * scale
        step *= 0.97
    return {n: (p[0], p[1]) for n, p in position.items()}


def _pack(boxes: list[tuple[dict[Any, tuple[float, float]], float]],
          ) -> dict[Any, tuple[float, float]]:
    """Components in rows (shelf packing), each scaled to its size and kept one gap apart
    from the next; the row width is chosen to make the whole roughly square."""
    gap = 1.2
    shapes = []
    for local, side in boxes:
        xs = [p[0] for p in local.values()]
        ys = [p[1] for p in local.values()]
        span = max(max(xs) - min(xs), max(ys) - min(ys))
        scale = (side * 0.8 / span) if span else 0.0
        placed = {n: ((p[0] - min(xs)) * scale, (p[1] - min(ys)) * scale)
                  for n, p in local.items()}
        shapes.append((placed, (max(xs) - min(xs)) * scale + gap,
                       (max(ys) - min(ys)) * scale + gap))
    best: tuple[float, dict[Any, tuple[float, float]]] = (math.inf, {})
    for count in range(1, len(shapes) + 1):
        limit = sum(width for _, width, _ in shapes[:count]) + 1e-9
        positions: dict[Any, tuple[float, float]] = {}
        x = y = row = right = 0.0
        for placed, width, height in shapes:
            if x > 0 and x + width > limit:
                x, y, row = 0.0, y + row, 0.0
            positions.update({n: (x + p[0], y + p[1]) for n, p in placed.items()})
            x += width
            right = max(right, x)
            row = max(row, height)
        badness = abs(math.log(right / (y + row)))
        if badness < best[0] - 1e-9:
            best = (badness, positions)
    return {n: (x, -y) for n, (x, y) in best[1].items()}  # the first row on top


def _normalise(positions: dict[Any, tuple[float, float]]) -> dict[Any, tuple[float, float]]:
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    # centre the shorter side
    left = min(xs) - (span - (max(xs) - min(xs))) / 2
    bottom = min(ys) - (span - (max(ys) - min(ys))) / 2
    return {n: ((p[0] - left) / span, (p[1] - bottom) / span)
            for n, p in sorted(positions.items(), key=lambda item: str(item[0]))}


def node_sizes(values: Sequence[float], smallest: float = 5.0, largest: float = 17.0,
               ) -> list[float]:
    """Radii (in points) for metric ``values``: area grows with the value.

    >>> node_sizes([0.0, 1.0, 4.0], 2.0, 10.0)
    [2.0, 6.0, 10.0]
    """
    if not values:
        return []
    low, high = min(values), max(values)
    if high <= low:
        return [(smallest + largest) / 2] * len(values)
    return [smallest + (largest - smallest) * math.sqrt((v - low) / (high - low))
            for v in values]


def polygon(marker: str, x: float, y: float, r: float) -> list[tuple[float, float]] | None:
    """The corners of ``marker`` (matplotlib's names) of radius ``r`` at (x, y), y down;
    ``None`` for a circle."""
    shapes = {"s": (4, 45), "D": (4, 0), "d": (4, 0), "^": (3, -90), "v": (3, 90),
              "p": (5, -90), "h": (6, 0)}
    if marker == "*":
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = math.radians(-90 + 36 * i)
            points.append((x + radius * math.cos(angle), y + radius * math.sin(angle)))
        return points
    if marker not in shapes:
        return None
    corners, rotation = shapes[marker]
    squeeze = 0.65 if marker == "d" else 1.0
    return [(x + r * squeeze * math.cos(math.radians(rotation + 360 * i / corners)),
             y + r * math.sin(math.radians(rotation + 360 * i / corners)))
            for i in range(corners)]


# --- labels -----------------------------------------------------------------------------------

_DIRECTIONS = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1)]


def place_labels(
    points: Sequence[tuple[float, float]],
    radii: Sequence[float],
    sizes: Sequence[tuple[float, float]],
    *,
    bounds: tuple[float, float, float, float],
    order: Sequence[int] | None = None,
    pad: float = 2.0,
    segments: Sequence[tuple[float, float, float, float]] = (),
) -> list[tuple[float, float, str, int]]:
    """Where to put each node's label so that labels overlap neither nodes nor each other.

    All in one pixel space (either direction of y). ``points`` are node centres, ``radii``
    their radii, ``sizes`` the (width, height) of each label, ``bounds`` (x0, y0, x1, y1) the
    drawing area, ``segments`` the edges (x1, y1, x2, y2), which a label may cross but
    had better not. Labels are placed in ``order`` (most important first); each tries eight
    places around its node (right, left, above, below, then the corners), then the same
    further out; the first free place wins, else the least crowded. Returns, per node, the
    label's anchor point (x, y), its horizontal alignment (``left``, ``right``, ``center``)
    with the label vertically centred on y, and the ring used (0 next to the node; further
    out, a leader line helps).
    """
    n = len(points)
    order = list(order) if order is not None else list(range(n))
    discs = [(x - r, y - r, x + r, y + r) for (x, y), r in zip(points, radii, strict=True)]
    placed: list[tuple[float, float, float, float]] = []
    result: list[tuple[float, float, str, int]] = [(0.0, 0.0, "left", 0)] * n
    x0, y0, x1, y1 = bounds
    for index in order:
        (x, y), r, (w, h) = points[index], radii[index], sizes[index]
        best: tuple[float, tuple[float, float, str, int], tuple[float, float, float, float]]
        best = (math.inf, (x, y, "left", 0), (x, y, x, y))
        for ring, reach in enumerate((r + pad, r + pad + h * 1.2, r + pad + h * 2.6)):
            for dx, dy in _DIRECTIONS:
                box, anchor = _box(x, y, w, h, dx, dy, reach)
                score = sum(_overlap(box, other) for other in placed)
                score += sum(_overlap(box, disc) for j, disc in enumerate(discs) if j != index)
                score += _outside(box, (x0, y0, x1, y1)) * 4
                score += sum(_crossing(box, segment) for segment in segments) * 2.0
                score += ring * w * h * 0.25 + (0.1 if dy else 0.0)
                if score < best[0]:
                    best = (score, (*anchor, ring), box)
            if best[0] < 1.0 + ring * w * h * 0.25:
                break
        result[index] = best[1]
        placed.append(best[2])
    return result


def _box(x: float, y: float, w: float, h: float, dx: int, dy: int, reach: float,
         ) -> tuple[tuple[float, float, float, float], tuple[float, float, str]]:
    """The label box for direction (dx, dy) at ``reach`` from (x, y), and its anchor."""
    diagonal = 0.7071 if dx and dy else 1.0
    cx, cy = x + dx * reach * diagonal, y + dy * reach * diagonal
    if dx > 0:
        left, align = cx, "left"
    elif dx < 0:
        left, align = cx - w, "right"
    else:
        left, align = cx - w / 2, "center"
    centre_y = cy + dy * h / 2
    box = (left, centre_y - h / 2, left + w, centre_y + h / 2)
    anchor_x = {"left": left, "right": left + w, "center": left + w / 2}[align]
    return box, (anchor_x, centre_y, align)


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width * height if width > 0 and height > 0 else 0.0


def _crossing(box: tuple[float, float, float, float],
              segment: tuple[float, float, float, float]) -> float:
    """The length of ``segment`` inside ``box`` (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = segment
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return 0.0
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return 0.0
    return (high - low) * math.hypot(dx, dy)


def _outside(box: tuple[float, float, float, float],
             bounds: tuple[float, float, float, float]) -> float:
    area = (box[2] - box[0]) * (box[3] - box[1])
    return area - _overlap(box, bounds)
