"""mosgraph.jsonld.BodyWriter: node objects made from templates (one per shape of node)
hold every statement, keys in order, and give the same bytes whichever way they are made."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from mosgraph import jsonld, rdfstream
from mosgraph.formats import by_name
from mosgraph.rdfio import canonical, convert, read, serialize

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# nodes of the same shape and of shapes that differ only in how many values a key has;
# keys and values with "%" (the templates are %-formatted), several types and a literal
# one, a key that sorts before "type", languages, a direction, datatypes that fit a term
# and that do not, blank nodes, a named graph
TRICKY = """\
S <ex:p%25d> "50%s %d"^^<ex:dt%25> .
S <rdf:type> "a literal" .
S <rdf:type> <ex:T1> .
S <rdf:type> <ex:T2> .
S <rdfs:label> "x"@en--rtl .
S <rdfs:label> "y"@fr .
S <rdfs:label> "%s" .
S <https://schema.org/about> <ex:a%25s> .
S <mos:headcount> "01"^^<xsd:integer> .
S <mos:headcount> "2"^^<xsd:int> .
S <mos:headcount> "3" .
<ex:t1> <rdfs:label> "one" .
<ex:t1> <mos:atMeeting> <ex:m> .
<ex:t2> <rdfs:label> "two" .
<ex:t2> <mos:atMeeting> <ex:m> .
<ex:t3> <rdfs:label> "three" .
<ex:t3> <rdfs:label> "drei"@de .
<ex:t3> <mos:atMeeting> <ex:m> .
<ex:t3> <http://xmlns.com/foaf/0.1/knows> _:b .
_:b <rdf:type> _:c .
<ex:t1> <ex:%25s> "%%s" <ex:g%25s> .
<ex:t1> <ex:%25s> "tab\\there \\"q\\"" <ex:g%25s> .
""".replace("S ", "<ex:p%20q/s> ")
for _short, _long in (("<rdf:", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
                      ("<rdfs:", "<http://www.w3.org/2000/01/rdf-schema#"),
                      ("<xsd:", "<http://www.w3.org/2001/XMLSchema#"),
                      ("<mos:", "<https://w3id.org/mosgraph/ontology#"),
                      ("<ex:", "<http://example.org/")):
    TRICKY = TRICKY.replace(_short, _long)


def test_node_objects_hold_every_statement_keys_sorted_after_the_types(tmp_path: Path) -> None:
    source = tmp_path / "tricky.nq"
    source.write_text(TRICKY, encoding="utf-8")
    out = tmp_path / "tricky.jsonld"
    assert convert(source, out, "jsonld") == 22
    document = json.loads(out.read_bytes())
    nodes = {node["id"]: node for node in document["@graph"] if "@graph" not in node}
    first = nodes["http://example.org/p%20q/s"]
    # "type" first (the IRIs of rdf:type), then the other keys sorted as written
    assert list(first) == ["id", "type", "about", "headcount", "http://example.org/p%25d",
                           "label", "rdf:type"]
    assert first["type"] == ["http://example.org/T1", "http://example.org/T2"]
    assert first["rdf:type"] == "a literal"
    assert first["http://example.org/p%25d"] == {"@type": "http://example.org/dt%25",
                                                 "@value": "50%s %d"}
    assert first["headcount"] == ["01", {"@type": "xsd:int", "@value": "2"}, {"@value": "3"}]
    assert first["label"] == ["%s", {"@direction": "rtl", "@language": "en", "@value": "x"},
                              {"@language": "fr", "@value": "y"}]  # in N-Quads order
    # the same shape three times, then one more value: a list where there was one
    assert [nodes[f"http://example.org/t{i}"]["label"] for i in (1, 2, 3)] == \
        ["one", "two", [{"@language": "de", "@value": "drei"}, "three"]]
    blank = nodes["http://example.org/t3"]["foaf:knows"]["id"]
    assert blank.startswith("_:") and list(nodes[blank]) == ["id", "rdf:type"]
    assert nodes[blank]["rdf:type"]["id"].startswith("_:")  # a blank node is no type IRI
    named = [node for node in document["@graph"] if "@graph" in node]
    assert named == [{"id": "http://example.org/g%25s", "@graph": [
        {"id": "http://example.org/t1", "http://example.org/%25s": ["%%s", 'tab\there "q"']}]}]
    # what any JSON-LD processor reads back is what was written
    back = ox.Dataset(ox.parse(out.read_bytes(), format=ox.RdfFormat.JSON_LD))
    original = ox.Dataset(ox.parse(TRICKY.encode(), format=ox.RdfFormat.N_QUADS))
    back.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    original.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    # as sorted quads (pyoxigraph 0.5.4 compares two datasets by identity only), the base
    # direction left out (0.5.4 reads "@direction" as no direction: it is checked above)
    def quads(dataset: ox.Dataset) -> list[str]:
        return sorted(str(quad).replace('"@en--rtl', '"@en') for quad in dataset)

    assert quads(back) == quads(original)


def test_forgotten_shapes_and_values_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    source = tmp_path / "tricky.nq"
    source.write_text(TRICKY, encoding="utf-8")
    expected = serialize(read(source), "jsonld")
    monkeypatch.setattr(jsonld, "_SHAPES", 1)
    monkeypatch.setattr(jsonld, "_OBJECTS", 1)
    assert serialize(read(source), "jsonld") == expected
    out = tmp_path / "small.jsonld"
    convert(source, out, "jsonld")
    assert out.read_bytes() == expected


class _Stream(io.BytesIO):
    """An output that cannot seek (a pipe, a socket)."""

    def seekable(self) -> bool:
        return False


@pytest.mark.parametrize("text", [TRICKY, '<label:x> <http://example.org/p> "x" .\n'])
def test_written_straight_or_through_a_temporary_file_the_same_bytes(text: str) -> None:
    """JSON-LD goes straight to an output it can seek back in (to write it again if the
    data's end says so) and through a temporary file to one it cannot."""
    quads = canonical(list(ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)))
    written: list[bytes] = []
    for out in (io.BytesIO(), _Stream()):
        count = rdfstream.write_sorted(lambda: quads, out, by_name("jsonld"),
                                       rdfstream.Layout(True, False, False), labelled=True)
        assert count == len(quads)
        written.append(out.getvalue())
    assert written[0] == written[1]
    document: Any = json.loads(written[0])
    assert ("label-iri" in document["@context"]) == text.startswith("<label:")


def test_shapes_of_nodes_with_many_values_are_not_kept() -> None:
    """A file whose every node has another number of values (a shape each, long ones)
    keeps few shapes in memory, and its nodes hold all their values."""
    lines = [f"<http://example.org/n{n:03}> <http://example.org/p> \"{v:04}\" .\n"
             for n in range(1, 120) for v in range(n)]
    compactor = jsonld.Compactor(jsonld.jsonld_context()["@context"], {})
    written: list[bytes] = []
    writer = jsonld.BodyWriter(compactor, written.append, named=False)
    writer("".join(lines).encode())
    writer.close()
    assert all(len(keys) <= jsonld._SHAPE_VALUES for keys in writer.shapes)
    assert len(writer.shapes) == jsonld._SHAPE_VALUES
    nodes = json.loads(b"{\"@graph\": [" + b"".join(written))["@graph"]
    key = "http://example.org/p"
    assert [len(node[key]) if isinstance(node[key], list) else 1 for node in nodes] == \
        list(range(1, 120))
