"""Tests of ``shapes/mosgraph.shacl.ttl`` itself: coverage, messages, and agreement with the
ontology and the build (the shapes repeat concept lists and classes they cannot look up, since
the data graph is validated without the ontology)."""

from __future__ import annotations

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SH, SKOS

from mosgraph import build
from mosgraph.resources import ontology_path
from mosgraph.validation import load_shapes
from mosgraph.vocab import MOS, OA, QB, SCHEMA


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ontology_path())


def node_shapes(shapes: Graph) -> set[URIRef]:
    targets = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
    return {s for t in targets for s in shapes.subjects(t, None)}  # type: ignore[misc]


def property_shapes(shapes: Graph) -> set[URIRef]:
    return set(shapes.objects(None, SH.property))  # type: ignore[arg-type]


def targeted_classes(shapes: Graph) -> set[URIRef]:
    return set(shapes.objects(None, SH.targetClass))  # type: ignore[arg-type]


def property_shape(shapes: Graph, target: URIRef, path: URIRef) -> URIRef:
    found = [p for node in shapes.subjects(SH.targetClass, target)
             for p in shapes.objects(node, SH.property) if shapes.value(p, SH.path) == path]
    assert len(found) == 1, f"{target} has {len(found)} shapes for {path}"
    return found[0]  # type: ignore[return-value]


def listed(shapes: Graph, head: URIRef) -> set[URIRef]:
    return set(Collection(shapes, head))  # type: ignore[arg-type]


def test_every_class_the_build_uses_is_targeted(built_graph: Graph, shapes: Graph) -> None:
    targeted = targeted_classes(shapes)
    untargeted = {
        (str(node), str(t))
        for node in set(built_graph.subjects(RDF.type, None))
        for t in built_graph.objects(node, RDF.type)
        if not set(built_graph.objects(node, RDF.type)) & targeted
    }
    assert untargeted == {(str(s), str(SKOS.ConceptScheme)) for s in
                          built_graph.subjects(RDF.type, SKOS.ConceptScheme)}


@pytest.mark.parametrize("cls", [
    MOS.Attendance, ORG.Membership, ORG.Post, MOS.Decision, ORG.ChangeEvent,
    MOS.StatusAssessment, MOS.Statement, MOS.DiscussionPoint, SCHEMA.Quotation, QB.Observation,
    QB.DataSet, FOAF.Person, ORG.FormalOrganization, ORG.OrganizationalUnit,
    ORG.OrganizationalCollaboration, MOS.Project, MOS.Activity, MOS.WorkProgramme,
    SCHEMA.Event, FOAF.Document, SKOS.Concept, OA.SpecificResource, OA.TextPositionSelector,
    OA.TextQuoteSelector, OA.FragmentSelector, SCHEMA.Country, SCHEMA.Place,
])
def test_each_class_has_a_node_shape(shapes: Graph, cls: URIRef) -> None:
    nodes = list(shapes.subjects(SH.targetClass, cls))
    assert nodes
    for node in nodes:
        assert (node, RDF.type, SH.NodeShape) in shapes
        assert shapes.value(node, RDFS.label) is not None


@pytest.mark.parametrize(("cls", "path"), [
    (MOS.Attendance, PROV.wasDerivedFrom), (ORG.Membership, PROV.wasDerivedFrom),
    (MOS.StatusAssessment, PROV.wasDerivedFrom), (MOS.Statement, PROV.wasDerivedFrom),
    (SCHEMA.Quotation, PROV.wasDerivedFrom), (QB.Observation, PROV.wasDerivedFrom),
    (RDF.Statement, PROV.wasDerivedFrom),
    # activities: PROV-O keeps them apart from the entities prov:wasDerivedFrom is for
    (MOS.Decision, PROV.wasInfluencedBy), (ORG.ChangeEvent, PROV.wasInfluencedBy),
    (SCHEMA.Event, PROV.wasInfluencedBy), (MOS.Project, PROV.wasInfluencedBy),
])
def test_every_n_ary_node_needs_a_source_span(shapes: Graph, cls: URIRef, path: URIRef) -> None:
    shape = property_shape(shapes, cls, path)
    assert shapes.value(shape, SH.minCount).toPython() == 1  # type: ignore[union-attr]
    assert shapes.value(shape, SH["class"]) == OA.SpecificResource


def test_every_shape_has_a_message_in_words(shapes: Graph) -> None:
    for shape in node_shapes(shapes) | property_shapes(shapes):
        constraints = list(shapes.objects(shape, SH.sparql))
        messages = [shapes.value(c, SH.message) for c in constraints] if constraints else \
            [shapes.value(shape, SH.message)]
        for message in messages:
            assert message is not None, f"{shape} has no sh:message"
            assert len(str(message).split()) >= 5, f"{shape}: {message!r} is not a sentence"
            assert str(message).endswith("."), message
        if constraints:  # its own message would be added to every result of the constraint
            assert shapes.value(shape, SH.message) is None


def test_every_property_shape_has_a_name(shapes: Graph) -> None:
    unnamed = [str(shapes.value(p, SH.path)) for p in property_shapes(shapes)
               if shapes.value(p, SH.name) is None and shapes.value(p, RDFS.label) is None]
    assert unnamed == []


def test_only_odd_sources_are_warnings(shapes: Graph) -> None:
    """Warnings are about the report itself: a represented person not among the apologies,
    an organisation the register does not know."""
    severities = {str(s).rsplit("#", 1)[-1]: str(v).rsplit("#", 1)[-1]
                  for s, v in shapes.subject_objects(SH.severity)}
    assert severities == {"RepresentedSentApologiesShape": "Warning",
                          "UnregisteredOrganisationShape": "Warning"}


@pytest.mark.parametrize(("target", "path", "scheme"), [
    (MOS.Attendance, MOS.attendanceStatus, MOS.AttendanceStatusScheme),
    (MOS.Decision, MOS.decisionKind, MOS.DecisionKindScheme),
    (MOS.StatusAssessment, MOS.status, MOS.StatusScheme),
    (QB.Observation, MOS.bound, MOS.BoundScheme),
    (ORG.Membership, ORG.role, MOS.RoleScheme),
])
def test_concept_lists_are_the_schemes_of_the_ontology(
    shapes: Graph, ontology: Graph, target: URIRef, path: URIRef, scheme: URIRef
) -> None:
    shape = property_shape(shapes, target, path)
    allowed = listed(shapes, shapes.value(shape, SH["in"]))  # type: ignore[arg-type]
    assert allowed == set(ontology.subjects(SKOS.inScheme, scheme))


def test_defined_populations_are_those_of_the_ontology_and_of_the_curation(
    shapes: Graph, ontology: Graph
) -> None:
    """A figure counts one of the populations the ontology defines, or one a report names."""
    shape = property_shape(shapes, QB.Observation, MOS.population)
    either = listed(shapes, shapes.value(shape, SH["or"]))  # type: ignore[arg-type]
    defined = URIRef("https://w3id.org/mosgraph/shapes#DefinedPopulationShape")
    assert defined in either
    allowed = listed(shapes, shapes.value(defined, SH["in"]))  # type: ignore[arg-type]
    assert allowed == set(ontology.subjects(SKOS.inScheme, MOS.PopulationScheme))
    from mosgraph.figures import POPULATIONS

    assert allowed == {build._POPULATION[key] for key in POPULATIONS}


def test_event_kinds_are_the_scheme_of_the_ontology_and_of_the_build(
    shapes: Graph, ontology: Graph
) -> None:
    meeting = URIRef("https://w3id.org/mosgraph/shapes#MeetingShape")
    (shape,) = [p for p in shapes.objects(meeting, SH.property)
                if shapes.value(p, SH.path) == MOS.eventKind]
    allowed = listed(shapes, shapes.value(shape, SH["in"]))  # type: ignore[arg-type]
    assert allowed == set(ontology.subjects(SKOS.inScheme, MOS.EventKindScheme))
    assert allowed == set(build._EVENT_KIND.values())
    from mosgraph.report import EVENT_KINDS

    assert set(build._EVENT_KIND) == set(EVENT_KINDS)


def test_post_roles_are_roles_of_the_ontology(shapes: Graph, ontology: Graph) -> None:
    shape = property_shape(shapes, ORG.Post, ORG.role)
    allowed = listed(shapes, shapes.value(shape, SH["in"]))  # type: ignore[arg-type]
    assert allowed == {build._ROLE[role] for role in build._POST_ROLES}
    assert allowed <= set(ontology.subjects(SKOS.inScheme, MOS.RoleScheme))


def test_organisation_classes_are_those_the_build_gives(shapes: Graph) -> None:
    organisations = listed(shapes, URIRef("https://w3id.org/mosgraph/shapes#OrganisationClasses"))
    made = {cls for kind, classes in build._CLASS_OF_KIND.items()
            if kind not in ("project", "activity", "work-programme") for cls in classes}
    assert organisations == made
    assert ORG.Organization in made
    agents = listed(shapes, URIRef("https://w3id.org/mosgraph/shapes#AgentClasses"))
    assert agents == organisations | {FOAF.Person}


def test_mos_terms_in_the_shapes_are_in_the_ontology(shapes: Graph, ontology: Graph) -> None:
    used = {term for triple in shapes for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(MOS))}
    defined = set(ontology.subjects(RDFS.isDefinedBy, None))
    assert used and used <= defined


def test_sparql_constraints_parse_with_the_declared_prefixes(shapes: Graph) -> None:
    from pyoxigraph import Store

    declared = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                for d in shapes.objects(None, SH.declare)}
    selects = list(shapes.subject_objects(SH.select))
    assert len(selects) == 8
    for constraint, text in selects:
        assert shapes.value(constraint, SH.prefixes) == URIRef("https://w3id.org/mosgraph/shapes")
        assert "$this" in str(text)
        Store().query(str(text), prefixes=declared)  # raises SyntaxError if it does not parse
    assert declared["dcterms"] == str(DCTERMS)


@pytest.mark.parametrize("value", [Literal(-1), Literal("5", datatype=XSD.nonNegativeInteger)])
def test_offsets_are_non_negative_xsd_integers(graph: Graph, value: Literal) -> None:
    """xsd:integer, the type every store keeps as written (Oxigraph turns integer subtypes
    into xsd:integer, so a copy out of it would not match a shape on a subtype)."""
    from mosgraph.validation import validate

    selector = next(iter(graph.subjects(RDF.type, OA.TextPositionSelector)))
    graph.set((selector, OA.start, value))
    outcome = validate(graph)
    assert [r.path for r in outcome.violations] == ["oa:start"]
