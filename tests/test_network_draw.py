"""Pictures: valid, deterministic SVG and PNG files, and a self-contained HTML view that a real
headless Chromium draws and answers hover and click in."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from browser import DevTools, browser  # noqa: F401 - the fixture
from conftest import in_ci
from rdflib import Graph, Namespace, URIRef

from mosgraph.errors import UsageError
from mosgraph.network._style import place_labels
from mosgraph.network.draw import draw, render
from mosgraph.network.html import render_html, write_html
from mosgraph.network.metrics import compute_metrics
from mosgraph.network.projections import PROJECTIONS, project

OA = Namespace("http://www.w3.org/ns/oa#")
SVG = "{http://www.w3.org/2000/svg}"


def labels_of(net: Any) -> list[str]:
    return [str(d["short_label"]) for _, d in net.nodes(data=True)]


@pytest.mark.parametrize("name", ["affiliation", "organisation"])
def test_svg_is_valid_deterministic_and_labelled(built_graph: Graph, tmp_path: Path,
                                                  name: str) -> None:
    net = project(built_graph, name)
    metrics = compute_metrics(net).nodes
    first = draw(net, tmp_path / "a.svg", metrics=metrics, size_by="pagerank")
    second = draw(net, tmp_path / "b.svg", metrics=metrics, size_by="pagerank")
    assert first.read_bytes() == second.read_bytes()
    root = ET.parse(first).getroot()
    assert root.tag == f"{SVG}svg"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    for label in labels_of(net):
        assert label in texts, label
    assert any("node size: pagerank" in t for t in texts)
    assert any("29 January 2021" in t for t in texts)  # the title names the meeting


def test_png_has_the_signature_and_a_report_size(built_graph: Graph, tmp_path: Path) -> None:
    net = project(built_graph, "affiliation")
    out = draw(net, tmp_path / "a.png", size_by="degree")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1200 and height >= 900


def test_names_in_other_scripts_have_their_glyphs() -> None:
    import warnings

    import networkx as nx
    from matplotlib import font_manager

    if not any("CJK" in path for path in font_manager.findSystemFonts()):
        if in_ci():
            pytest.fail("CI must install fonts-noto-cjk (see .ci/run)")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    net = nx.Graph()
    for name in ("김정희", "Νίκος Παπαδόπουλος", "Дмитрий Соколов"):
        net.add_node(name, label=name, type="person")
        net.add_edge(name, "org")
    net.nodes["org"].update(label="Statistics Korea", type="national statistical office")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        render(net, "png")
    assert [str(w.message) for w in caught if "missing from font" in str(w.message)] == []


def test_fonts_installed_after_matplotlib_made_its_cache_are_found(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from matplotlib import font_manager

    from mosgraph.network.draw import _font_families

    if not any("CJK" in path for path in font_manager.findSystemFonts()):
        if in_ci():
            pytest.fail("CI must install fonts-noto-cjk (see .ci/run)")
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk)")
    stale = [font for font in font_manager.fontManager.ttflist if "CJK" not in font.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)  # a cache from before
    assert _font_families()[1].startswith("Noto Sans CJK")


@pytest.mark.parametrize("name", list(PROJECTIONS))
def test_every_projection_draws(built_graph: Graph, name: str) -> None:
    net = project(built_graph, name)
    svg = render(net, "svg", metrics=compute_metrics(net).nodes, size_by="betweenness")
    ET.fromstring(svg)


def test_labels_do_not_overlap_each_other_or_nodes() -> None:
    points = [(100.0 + 30 * i, 100.0) for i in range(6)]  # a crowded row
    sizes = [(60.0, 12.0)] * 6
    places = place_labels(points, [6.0] * 6, sizes, bounds=(0, 0, 400, 300))
    boxes = []
    for (x, y, align, _), (w, h) in zip(places, sizes, strict=True):
        left = {"left": x, "right": x - w, "center": x - w / 2}[align]
        boxes.append((left, y - h / 2, left + w, y + h / 2))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])
        for px, py in points:
            assert not (a[0] < px < a[2] and a[1] < py < a[3])


def test_bad_picture_requests_are_usage_errors(built_graph: Graph, tmp_path: Path) -> None:
    net = project(built_graph, "affiliation")
    with pytest.raises(UsageError, match="expected a file ending in"):
        draw(net, tmp_path / "a.jpg")
    with pytest.raises(UsageError, match="cannot size nodes by 'fame'"):
        draw(net, tmp_path / "a.svg", size_by="fame")
    assert list(tmp_path.iterdir()) == []


def test_html_is_self_contained_with_every_label(built_graph: Graph, tmp_path: Path) -> None:
    net = project(built_graph, "affiliation")
    out = write_html(net, tmp_path / "a.html", rdf=built_graph,
                     metrics=compute_metrics(net).nodes)
    page = out.read_text(encoding="utf-8")
    for label in labels_of(net):
        assert f">{label}</text>" in page.replace("&#x27;", "'"), label
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "default-src 'none'" in page
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>',
                                page, re.S).group(1))  # type: ignore[union-attr]
    assert len(data["nodes"]) == net.number_of_nodes()
    assert data["spans"] and all(s["text"] for s in data["spans"].values())
    assert render_html(net, rdf=built_graph) == render_html(net, rdf=built_graph)


# --- a real browser (tests/browser.py) ---------------------------------------------------------


def test_the_html_view_works_in_headless_chromium(built_graph: Graph, tmp_path: Path,
                                                   browser: DevTools) -> None:  # noqa: F811
    net = project(built_graph, "affiliation")
    page = write_html(net, tmp_path / "view.html", rdf=built_graph,
                      metrics=compute_metrics(net).nodes)
    target = browser.send("Target.createTarget", url=page.as_uri())["targetId"]
    browser.session = browser.send("Target.attachToTarget", targetId=target,
                                   flatten=True)["sessionId"]
    # wait for our page itself (the new tab starts on about:blank, already "complete")
    # and for its script to have drawn the nodes
    ready = (f"location.href === {json.dumps(page.as_uri())} && "
             "document.readyState === 'complete' && "
             "document.querySelectorAll('#net .node').length > 0")
    deadline = time.monotonic() + 20
    while not browser.evaluate(ready):
        assert time.monotonic() < deadline, "the page did not load"
        time.sleep(0.1)

    # every node is drawn, with its label
    assert browser.evaluate("document.querySelectorAll('#net .node').length") == \
        net.number_of_nodes()
    drawn = browser.evaluate(
        "Array.from(document.querySelectorAll('#net .label')).map(t => t.textContent)")
    assert sorted(drawn) == sorted(labels_of(net))
    assert browser.evaluate("document.querySelector('#net .node').getBBox().width") > 0

    # hover: the tooltip shows the label, the type and the metrics
    anil = next(n for n in net if net.nodes[n]["label"] == "Anil Arora")
    index = list(net).index(anil)
    x, y = browser.evaluate(
        f"(() => {{ const r = document.querySelector('.node[data-n=\"{index}\"]')"
        ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
    browser.mouse("mouseMoved", x, y)
    assert browser.evaluate("getComputedStyle(document.getElementById('tip')).display") == \
        "block"
    tip = browser.evaluate("document.getElementById('tip').textContent")
    assert "Anil Arora" in tip and "person" in tip and "pagerank" in tip

    # click: the panel shows the report sentence the node rests on (its span's oa:exact)
    browser.mouse("mousePressed", x, y)
    browser.mouse("mouseReleased", x, y)
    panel = browser.evaluate("document.getElementById('panel').textContent")
    span = URIRef(net.nodes[anil]["sources"].split()[0])
    exact = next(str(built_graph.value(s, OA.exact))
                 for s in built_graph.objects(span, OA.hasSelector)
                 if built_graph.value(s, OA.exact) is not None)
    assert " ".join(exact.split()) in panel
    assert "line" in panel

    # wheel zooms (the viewBox shrinks)
    before = browser.evaluate("document.getElementById('net').getAttribute('viewBox')")
    browser.send("Input.dispatchMouseEvent", type="mouseWheel", x=x, y=y, deltaX=0, deltaY=-200)
    after = browser.evaluate("document.getElementById('net').getAttribute('viewBox')")
    assert float(after.split()[2]) < float(before.split()[2])


PLAIN_INSTALL = """
import sys
for name in ("numpy", "scipy", "matplotlib"):
    sys.modules[name] = None  # not installed, as with a plain `pip install mosgraph`
from mosgraph.cli import main
main(sys.argv[1:])
"""


def test_the_html_page_needs_no_extra(built_graph: Graph, tmp_path: Path) -> None:
    import sys

    from mosgraph.rdfio import write_graph

    source = tmp_path / "g.ttl"
    write_graph(built_graph, source)
    pages = []
    for name in ("a.html", "b.html"):
        result = subprocess.run([sys.executable, "-c", PLAIN_INSTALL, "plot", str(source), "-p",
                                 "affiliation", "-o", str(tmp_path / name)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        pages.append((tmp_path / name).read_bytes())
    assert pages[0] == pages[1]  # the plain-Python layout is seeded too
    assert b"Anil Arora" in pages[0]
    png = subprocess.run([sys.executable, "-c", PLAIN_INSTALL, "plot", str(source), "-p",
                          "affiliation", "-o", str(tmp_path / "c.png")],
                         capture_output=True, text=True)
    assert png.returncode == 2
    assert png.stderr.strip().splitlines() == [
        "mosgraph: error: drawing SVG or PNG needs matplotlib: pip install 'mosgraph[plot]' "
        "(or write .html, which does not)"]
