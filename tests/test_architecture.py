"""The module graph flows one way: no import cycles (lazy imports included), and no private
name of one module used by another."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "mosgraph"


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def imports() -> tuple[dict[str, set[str]], list[str]]:
    """Each module's imports of other mosgraph modules, and every private name crossing."""
    known = modules()
    edges: dict[str, set[str]] = {name: set() for name in known}
    crossing = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        aliases: dict[str, str] = {}
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                if not target.startswith("mosgraph"):
                    continue
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    imported = full if full in known else target
                    if imported in known and imported not in (name, "mosgraph"):
                        edges[name].add(imported)
                    if full in known:
                        aliases[alias.asname or alias.name] = full
                    if alias.name.startswith("_") and not alias.name.startswith("__") and \
                            full not in known:
                        crossing.append(f"{name} imports {target}.{alias.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                    node.value.id in aliases and node.attr.startswith("_") and \
                    not node.attr.startswith("__"):
                crossing.append(f"{name} uses {aliases[node.value.id]}.{node.attr}")
    return edges, crossing


def test_no_import_cycles() -> None:
    edges, _ = imports()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], target])
            elif target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_no_private_names_cross_modules() -> None:
    _, crossing = imports()
    assert crossing == []


def test_the_io_layer_is_the_only_reader_and_writer_of_rdf() -> None:
    """No module but the I/O layer calls a parser or a serializer of rdflib or pyoxigraph."""
    allowed = {"mosgraph.rdfio", "mosgraph.rdfstream", "mosgraph.terms", "mosgraph.jsonld",
               "mosgraph.rdfxml",
               # the answers of SPARQL endpoints, parsed, and query answers streamed to clients
               "mosgraph.store", "mosgraph.serve.source", "mosgraph.serve.worker",
               "mosgraph.serve.app"}
    offenders = []
    for name, path in modules().items():
        if name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr in ("parse", "serialize") and not (
                        isinstance(node.func.value, ast.Name) and node.func.value.id in
                        ("json", "rdfio")):
                offenders.append(f"{name}:{node.lineno} {ast.unparse(node.func)}")
    assert offenders == []
