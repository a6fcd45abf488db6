"""The built graphs are consistent under OWL 2 RL with the vocabularies they reuse.

The closure (the ``owlrl`` package) takes the graph, ``ontology/mosgraph.ttl`` and the
reference copies of ORG, FOAF, PROV-O, SKOS, DCTERMS, Web Annotation, Data Cube, schema.org
and OWL-Time in ``../shared/vocab`` (skipped, with the reason, where that folder is absent).
One closure covers everything below, since each takes seconds: the shipped report with its
curation, the invented reports of other kinds of event built from their text alone, a
generated corpus, and two nodes stated the way the first model stated them, which must be
the only inconsistencies found.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from mosgraph.build import build_graph
from mosgraph.consistency import inconsistencies
from mosgraph.sources import load_sources
from mosgraph.synth import synthetic_sources
from mosgraph.vocab import MOS

ROOT = Path(__file__).resolve().parent.parent
EVENTS = sorted((ROOT / "tests" / "fixtures" / "events").glob("*.txt"))
BROKEN = "https://example.org/first-model/"


def test_reports_and_a_corpus_are_consistent_and_the_old_model_is_not(
    shared_vocab: Path,
) -> None:
    # the first 10 meetings of a generated corpus of 400: a plenary (with a merge,
    # representation and figures), board and group meetings
    corpus = synthetic_sources(400, seed=5)[:10]
    assert any(d.kind == "merge" for _, c in corpus if c for d in c.decisions)
    graph = build_graph([*load_sources(), *load_sources(EVENTS), *corpus])
    assert len(graph) > 9000
    # an activity derived from a span (PROV-O: no activity is an entity) and a person
    # org:memberOf a collaboration (ORG: its members are organisations; FOAF: no person is
    # an organisation): the inconsistencies of the first model
    graph.parse(format="turtle", data=f"""
        @prefix mos: <{MOS}> . @prefix prov: <http://www.w3.org/ns/prov#> .
        @prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        <{BROKEN}decision> a mos:Decision ; prov:wasDerivedFrom <{BROKEN}span> .
        <{BROKEN}person> a foaf:Person ; org:memberOf <{BROKEN}collaboration> .
        <{BROKEN}collaboration> a org:OrganizationalCollaboration .
    """)
    found = inconsistencies(graph, shared_vocab)
    assert found, "the check found nothing, not even the broken nodes"
    assert all(BROKEN in message for message in found), found
    assert any("prov#Activity" in m and "prov#Entity" in m and f"{BROKEN}decision" in m
               for m in found), found
    assert any("foaf/0.1/Person" in m and "foaf/0.1/Organization" in m and
               f"{BROKEN}person" in m for m in found), found


def test_no_vocabulary_no_check(tmp_path: Path) -> None:
    import pytest

    from mosgraph.errors import UsageError

    with pytest.raises(UsageError, match="reference vocabulary not found"):
        inconsistencies(Graph(), tmp_path)
