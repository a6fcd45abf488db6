"""An interactive view of a projection: one self-contained HTML file that works offline.

:func:`write_html` writes the projection as an inline SVG drawn here in Python (the layout,
colours, shapes and label places of :mod:`~mosgraph.network.draw`) with a little inline
JavaScript and no external library, font or network request (a Content-Security-Policy
forbids them):

* zoom with the mouse wheel (or the buttons beside the drawing), pan by dragging;
* hovering a node shows its label, type and metrics, and lights up its edges;
* clicking a node or an edge shows the sentences of the report it rests on (the ``oa:exact``
  of its spans) with the file and line.

>>> import tempfile, pathlib, networkx as nx
>>> net = nx.Graph(projection="affiliation", scope="an example")
>>> net.add_node("a", label="Ana Lima", type="person", sources="")
>>> net.add_node("b", label="IBGE", type="national statistical office", sources="")
>>> net.add_edge("a", "b", relation="staff", weight=1, sources="")
>>> out = write_html(net, pathlib.Path(tempfile.mkdtemp()) / "view.html")
>>> text = out.read_text()
>>> "Ana Lima" in text and "<script" in text and "http://" not in text.split("<svg")[0]
True
"""

from __future__ import annotations

import html
import json
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rdflib import RDFS, Graph, URIRef

from ..rdfio import atomic_write
from ..vocab import OA
from ._style import (
    edge_category,
    edge_colour,
    edge_order,
    layout,
    layout_words,
    node_sizes,
    place_labels,
    polygon,
    style_of,
    title_of,
)

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["render_html", "span_texts", "write_html"]

_SIZE = 1000.0  # the drawing's side in SVG units
_MARGIN = 40.0
_FONT = 12.0


def span_texts(graph: Graph, spans: set[str]) -> dict[str, dict[str, str]]:
    """``{span IRI: {"text": its oa:exact, "where": "file, line N"}}`` for ``spans``."""
    found: dict[str, dict[str, str]] = {}
    for span in sorted(spans):
        iri = URIRef(span)
        text = None
        for selector in graph.objects(iri, OA.hasSelector):
            exact = graph.value(selector, OA.exact)
            if exact is not None:
                text = " ".join(str(exact).split())
                break
        if text is not None:
            found[span] = {"text": text, "where": str(graph.value(iri, RDFS.label) or span)}
    return found


def write_html(
    graph: nx.Graph,
    path: str | os.PathLike[str],
    *,
    rdf: Graph | None = None,
    metrics: dict[Any, dict[str, float]] | None = None,
    size_by: str = "degree",
    seed: int = 0,
    title: str | None = None,
) -> Path:
    """Write the interactive view of ``graph`` to ``path`` atomically; returns the path.

    ``rdf`` is the graph the projection came from (for the report sentences); ``metrics``
    (node -> metric -> value) are shown on hover, and ``size_by`` sizes the nodes.
    """
    path = Path(path)
    page = render_html(graph, rdf=rdf, metrics=metrics, size_by=size_by, seed=seed,
                       title=title)
    with atomic_write(path, "wb") as out:
        out.write(page.encode("utf-8"))
    return path


def render_html(
    graph: nx.Graph,
    *,
    rdf: Graph | None = None,
    metrics: dict[Any, dict[str, float]] | None = None,
    size_by: str = "degree",
    seed: int = 0,
    title: str | None = None,
) -> str:
    """The HTML page of :func:`write_html`, as text."""
    from .draw import size_values

    metrics = metrics or {}
    nodes = list(graph.nodes)
    positions = layout(graph, seed=seed)
    inner = _SIZE - 2 * _MARGIN
    points = [(_MARGIN + positions[n][0] * inner, _MARGIN + (1 - positions[n][1]) * inner)
              for n in nodes]
    values = size_values(graph, size_by, metrics) if nodes else []
    radii = node_sizes(values, 5.0, 16.0) if len(nodes) <= 80 else node_sizes(values, 3.5, 11.0)
    labels = [str(graph.nodes[n].get("short_label") or graph.nodes[n].get("label") or n)
              for n in nodes]
    index = {node: i for i, node in enumerate(nodes)}
    sizes = [(_text_width(text) + 6, _FONT + 4) for text in labels]
    segments = [(*points[index[u]], *points[index[v]]) for u, v in graph.edges]
    order = sorted(range(len(nodes)), key=lambda i: (-values[i], str(nodes[i])))
    extent = {"D": 1.42, "*": 1.1}
    reach = [r * extent.get(style_of(str(graph.nodes[n].get("type"))).marker, 1.0)
             for n, r in zip(nodes, radii, strict=True)]
    places = place_labels(points, reach, sizes, bounds=(0, 0, _SIZE, _SIZE), order=order,
                          pad=4.0, segments=segments)

    spans: set[str] = set()
    node_data = []
    for node in nodes:
        data = graph.nodes[node]
        sources = str(data.get("sources", "")).split()
        spans.update(sources)
        row = {k: v for k, v in metrics.get(node, {}).items()}
        node_data.append({
            "id": str(node), "label": str(data.get("label", node)), "type":
            str(data.get("type", "")), "metrics": {k: _round(v) for k, v in row.items()},
            "sources": sources,
        })
    edge_data = []
    for u, v, data in graph.edges(data=True):
        sources = str(data.get("sources", "")).split()
        spans.update(sources)
        edge_data.append({"s": index[u], "t": index[v],
                          "relation": str(data.get("relation", "")),
                          "weight": _round(data.get("weight", 1)), "sources": sources})
    payload = {"nodes": node_data, "edges": edge_data,
               "spans": span_texts(rdf, spans) if rdf is not None else {}}

    svg = _svg(graph, nodes, points, radii, labels, places, index)
    legend = _legend(graph)
    heading = title or title_of(graph)
    first, _, second = heading.partition("\n")
    data_json = json.dumps(payload, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    note = (f"{len(nodes)} nodes, {graph.number_of_edges()} edges · node size: "
            f"{size_by.replace('_', ' ')} · layout: {layout_words(seed)}")
    return _PAGE.format(
        title=html.escape(first), subtitle=html.escape(second), svg=svg, legend=legend,
        note=html.escape(note), data=data_json, script=_SCRIPT, style=_STYLE,
    )


def _text_width(text: str) -> float:
    """A generous estimate of the width of ``text`` at the label size (no font at hand)."""
    wide = sum(1 for ch in text if ord(ch) > 0x2E80)  # CJK and the like: full width
    return (len(text) - wide) * _FONT * 0.6 + wide * _FONT * 1.05


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    return value


def _svg(graph: nx.Graph, nodes: list[Any], points: list[tuple[float, float]],
         radii: list[float], labels: list[str], places: list[tuple[float, float, str, int]],
         index: dict[Any, int]) -> str:
    directed = graph.is_directed()
    parts = [f'<svg id="net" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_SIZE:.0f} '
             f'{_SIZE:.0f}" role="img" aria-label="{html.escape(title_of(graph))}">']
    if directed:
        parts.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
                     'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
                     '<path d="M0,0 L10,5 L0,10 z" fill="context-stroke"/></marker></defs>')
    parts.append('<g id="view"><g class="edges">')
    for number, (u, v, data) in enumerate(graph.edges(data=True)):
        (x1, y1), (x2, y2) = points[index[u]], points[index[v]]
        if directed:  # stop the line at the target's edge so that the arrow shows
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            x2 -= (x2 - x1) / length * (radii[index[v]] + 2)
            y2 -= (y2 - y1) / length * (radii[index[v]] + 2)
        category = edge_category(graph, data)
        width = min(4.0, 1.0 + 1.2 * math.log1p(float(data.get("weight", 1) or 1)))
        dash = ' stroke-dasharray="6 3"' if category == "apologies" else ""
        arrow = ' marker-end="url(#arrow)"' if directed else ""
        parts.append(
            f'<line class="edge" data-e="{number}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" '
            f'y2="{y2:.1f}" stroke="{edge_colour(category)}" stroke-width="{width:.2f}"'
            f'{dash}{arrow}><title>{html.escape(str(data.get("relation", "")))}</title></line>')
    parts.append('</g><g class="nodes">')
    for i, node in enumerate(nodes):
        style = style_of(str(graph.nodes[node].get("type")))
        x, y = points[i]
        corners = polygon(style.marker, x, y, radii[i])
        common = (f'class="node" data-n="{i}" fill="{style.colour}" stroke="#333" '
                  f'stroke-width="1"')
        if corners is None:
            parts.append(f'<circle {common} cx="{x:.1f}" cy="{y:.1f}" r="{radii[i]:.1f}"/>')
        else:
            points_text = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
            parts.append(f'<polygon {common} points="{points_text}"/>')
    parts.append('</g><g class="labels">')
    for i, text in enumerate(labels):
        x, y, align, ring = places[i]
        if ring:
            nx_, ny_ = points[i]
            parts.append(f'<line class="leader" x1="{nx_:.1f}" y1="{ny_:.1f}" x2="{x:.1f}" '
                         f'y2="{y:.1f}"/>')
        anchor = {"left": "start", "right": "end", "center": "middle"}[align]
        parts.append(f'<text class="label" data-n="{i}" x="{x:.1f}" y="{y:.1f}" '
                     f'text-anchor="{anchor}" dominant-baseline="central">'
                     f'{html.escape(text)}</text>')
    parts.append("</g></g></svg>")
    return "".join(parts)


def _legend(graph: nx.Graph) -> str:
    kinds = sorted({str(d.get("type", "other")) for _, d in graph.nodes(data=True)})
    items = []
    for kind in kinds:
        style = style_of(kind)
        corners = polygon(style.marker, 9, 9, 7)
        shape = (f'<circle cx="9" cy="9" r="7" fill="{style.colour}" stroke="#333"/>'
                 if corners is None else
                 '<polygon points="' + " ".join(f"{x:.1f},{y:.1f}" for x, y in corners) +
                 f'" fill="{style.colour}" stroke="#333"/>')
        items.append(f'<li><svg width="18" height="18" aria-hidden="true">{shape}</svg>'
                     f'{html.escape(style.legend)}</li>')
    categories = sorted({c for _, _, d in graph.edges(data=True)
                         if (c := edge_category(graph, d))}, key=edge_order)
    for category in categories:
        dash = ' stroke-dasharray="4 2"' if category == "apologies" else ""
        items.append(f'<li><svg width="18" height="18" aria-hidden="true"><line x1="1" y1="9" '
                     f'x2="17" y2="9" stroke="{edge_colour(category)}" stroke-width="3"'
                     f'{dash}/></svg>{html.escape(category)}</li>')
    return "<ul>" + "".join(items) + "</ul>"


_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:0;
color:#1a1a1a;background:#fff}
header{padding:10px 16px 4px}h1{font-size:18px;margin:0}header p{margin:2px 0;color:#444}
main{display:flex;gap:12px;padding:0 16px 16px}
#stage{flex:1 1 auto;border:1px solid #ddd;border-radius:4px;position:relative;
min-height:70vh;overflow:hidden;background:#fff}
#net{width:100%;height:100%;position:absolute;inset:0;cursor:grab;user-select:none}
#net.dragging{cursor:grabbing}
aside{flex:0 0 300px;font-size:13px}aside ul{list-style:none;padding:0;margin:4px 0 12px}
aside li{display:flex;align-items:center;gap:6px;margin:2px 0}
.edge{stroke-opacity:.75}.edge:hover{stroke-opacity:1;cursor:pointer}
.node{cursor:pointer}.node.hot{stroke:#000;stroke-width:2.5}
.edge.hot{stroke-opacity:1}.dim{opacity:.25}
.label{font-size:12px;fill:#1a1a1a;paint-order:stroke;stroke:#fff;stroke-width:3.5px;
stroke-linejoin:round;pointer-events:none}
.leader{stroke:#777;stroke-width:.6}
#tip{position:absolute;display:none;pointer-events:none;background:rgba(255,255,255,.96);
border:1px solid #999;border-radius:4px;padding:6px 8px;font-size:12px;max-width:320px;
box-shadow:0 2px 6px rgba(0,0,0,.15)}
#tip table{border-collapse:collapse}#tip td{padding:0 6px 0 0}
#panel{border-top:1px solid #ddd;padding-top:8px}
#panel blockquote{margin:6px 0;padding:4px 8px;border-left:3px solid #56B4E9;background:#f6f9fc}
#panel .where{color:#666;font-size:11px}
.zoom{position:absolute;right:8px;top:8px;display:flex;flex-direction:column;gap:4px}
.zoom button{width:28px;height:28px;font-size:16px}
"""

_SCRIPT = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("data").textContent);
  var svg = document.getElementById("net"), tip = document.getElementById("tip");
  var panel = document.getElementById("panel"), stage = document.getElementById("stage");
  var box = {x: 0, y: 0, w: 1000, h: 1000};
  function apply() { svg.setAttribute("viewBox", box.x + " " + box.y + " " + box.w + " " + box.h); }
  function toSvg(cx, cy) {
    var r = svg.getBoundingClientRect(), s = Math.max(box.w / r.width, box.h / r.height);
    var ox = (r.width * s - box.w) / 2, oy = (r.height * s - box.h) / 2;
    return {x: box.x - ox + (cx - r.left) * s, y: box.y - oy + (cy - r.top) * s};
  }
  function zoom(factor, cx, cy) {
    var p = toSvg(cx, cy);
    box.w *= factor; box.h *= factor;
    box.x = p.x - (p.x - box.x) * factor; box.y = p.y - (p.y - box.y) * factor; apply();
  }
  svg.addEventListener("wheel", function (e) {
    e.preventDefault(); zoom(e.deltaY < 0 ? 0.85 : 1 / 0.85, e.clientX, e.clientY);
  }, {passive: false});
  document.getElementById("zoom-in").onclick = function () {
    var r = svg.getBoundingClientRect(); zoom(0.8, r.left + r.width / 2, r.top + r.height / 2); };
  document.getElementById("zoom-out").onclick = function () {
    var r = svg.getBoundingClientRect(); zoom(1.25, r.left + r.width / 2, r.top + r.height / 2); };
  document.getElementById("zoom-reset").onclick = function () {
    box = {x: 0, y: 0, w: 1000, h: 1000}; apply(); };
  var drag = null;
  svg.addEventListener("mousedown", function (e) {
    drag = {x: e.clientX, y: e.clientY, box: {x: box.x, y: box.y}, moved: false};
    svg.classList.add("dragging");
  });
  window.addEventListener("mousemove", function (e) {
    if (!drag) return;
    var a = toSvg(drag.x, drag.y), b = toSvg(e.clientX, e.clientY);
    if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) > 3) drag.moved = true;
    box.x -= b.x - a.x; box.y -= b.y - a.y; drag.x = e.clientX; drag.y = e.clientY; apply();
  });
  window.addEventListener("mouseup", function () {
    svg.classList.remove("dragging"); setTimeout(function () { drag = null; }, 0); });

  function esc(t) { var d = document.createElement("div"); d.textContent = t; return d.innerHTML; }
  function fmt(v) {
    return typeof v === "number" && !Number.isInteger(v) ? v.toFixed(4) : String(v);
  }
  var edgesOf = data.nodes.map(function () { return []; });
  data.edges.forEach(function (e, i) { edgesOf[e.s].push(i); edgesOf[e.t].push(i); });
  var nodeEls = svg.querySelectorAll(".node"), edgeEls = svg.querySelectorAll(".edge");

  function light(i, on) {
    var near = {}; near[i] = true;
    edgesOf[i].forEach(function (k) { near[data.edges[k].s] = near[data.edges[k].t] = true;
      edgeEls[k].classList.toggle("hot", on); });
    nodeEls.forEach(function (el) {
      var n = +el.getAttribute("data-n");
      el.classList.toggle("dim", on && !near[n]); el.classList.toggle("hot", on && n === i); });
  }
  function showTip(html, e) {
    var r = stage.getBoundingClientRect();
    tip.innerHTML = html; tip.style.display = "block";
    tip.style.left = Math.min(e.clientX - r.left + 14, r.width - 330) + "px";
    tip.style.top = (e.clientY - r.top + 14) + "px";
  }
  function sentences(ids) {
    var seen = {}, out = [];
    ids.forEach(function (id) {
      var s = data.spans[id];
      if (s && !seen[s.text]) { seen[s.text] = true;
        out.push("<blockquote>" + esc(s.text) + '<div class="where">' + esc(s.where) +
                 "</div></blockquote>"); }
    });
    return out.length ? out.slice(0, 12).join("") : "<p><em>No report sentence recorded.</em></p>";
  }
  nodeEls.forEach(function (el) {
    var i = +el.getAttribute("data-n"), n = data.nodes[i];
    el.addEventListener("mouseenter", function (e) {
      var rows = Object.keys(n.metrics).map(function (k) {
        return "<tr><td>" + esc(k.replace("_", " ")) + "</td><td>" +
          esc(fmt(n.metrics[k])) + "</td></tr>"; });
      showTip("<strong>" + esc(n.label) + "</strong><br><em>" + esc(n.type) + "</em>" +
              (rows.length ? "<table>" + rows.join("") + "</table>" : ""), e);
      light(i, true);
    });
    el.addEventListener("mousemove", function (e) { showTip(tip.innerHTML, e); });
    el.addEventListener("mouseleave", function () { tip.style.display = "none"; light(i, false); });
    el.addEventListener("click", function () {
      if (drag && drag.moved) return;
      var ids = n.sources.slice();
      edgesOf[i].forEach(function (k) { ids = ids.concat(data.edges[k].sources); });
      panel.innerHTML = "<h2>" + esc(n.label) + "</h2><p><em>" + esc(n.type) + "</em> · " +
        esc(n.id) + "</p><h3>In the report</h3>" + sentences(ids);
    });
  });
  edgeEls.forEach(function (el) {
    var k = +el.getAttribute("data-e"), e = data.edges[k];
    el.addEventListener("click", function () {
      if (drag && drag.moved) return;
      panel.innerHTML = "<h2>" + esc(data.nodes[e.s].label) + " — " + esc(data.nodes[e.t].label) +
        "</h2><p>" + esc(e.relation) + " (weight " + esc(fmt(e.weight)) +
        ")</p><h3>In the report</h3>" +
        sentences(e.sources);
    });
  });
})();
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{style}</style>
</head>
<body>
<header><h1>{title}</h1><p>{subtitle}</p><p class="note">{note}</p></header>
<main>
<div id="stage">{svg}<div id="tip" role="tooltip"></div>
<div class="zoom"><button id="zoom-in" title="zoom in">+</button>\
<button id="zoom-out" title="zoom out">&minus;</button>\
<button id="zoom-reset" title="fit">&#x2922;</button></div></div>
<aside><h2>Legend</h2>{legend}
<p>Wheel to zoom, drag to pan. Hover a node for its metrics; click a node or an edge for
the report sentences it comes from.</p>
<div id="panel"><p><em>Click a node or an edge.</em></p></div></aside>
</main>
<script type="application/json" id="data">{data}</script>
<script>{script}</script>
</body>
</html>
"""
