"""Tests of :mod:`mosgraph.validation`: the real report, graphs broken one rule at a time.

Each broken graph is the graph of the bundled report with one edit: a few triples added from a
Turtle file in ``fixtures/broken/`` or a few removed here. Each test checks the one violation
it must give (severity, the label of the node at fault, the property, the message, the report
line) and that the report's one real oddity, the Angelique Berg warning, is still the only
warning. Expected report lines are found in the report text, not typed in.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SH

from mosgraph.errors import InputError, RDFSyntaxError
from mosgraph.rdfio import load_graph
from mosgraph.validation import Result, ValidationReport, load_shapes, validate
from mosgraph.vocab import MOS, SCHEMA

BROKEN = Path(__file__).resolve().parent / "fixtures" / "broken"
ID = "https://w3id.org/mosgraph/id/"
MEETING = URIRef(ID + "meeting/hlg-mos-2021-01-29")


# --- helpers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report_lines(report_path: Path) -> list[str]:
    return report_path.read_text(encoding="utf-8").splitlines()


def line_of(lines: list[str], text: str) -> int:
    """The 1-based number of the one line of the report that contains ``text``."""
    found = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(found) == 1, f"{text!r} is on lines {found} of the report"
    return found[0]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="module")
def real(built_graph: Graph, shapes: Graph) -> ValidationReport:
    return validate(built_graph, shapes)


def with_fixture(graph: Graph, name: str) -> Graph:
    graph.parse(BROKEN / name, format="turtle")
    return graph


def the_violation(report: ValidationReport, real: ValidationReport) -> Result:
    """The one violation of ``report``; its warnings must be those of the real graph."""
    assert not report.conforms
    assert report.warnings == real.warnings
    assert len(report.violations) == 1, report.text()
    return report.violations[0]


def label(graph: Graph, node: URIRef) -> str:
    return str(graph.value(node, RDFS.label))


# --- the real report ------------------------------------------------------------------------------


def test_real_report_conforms_with_one_warning_about_angelique_berg(
    real: ValidationReport, report_lines: list[str]
) -> None:
    line = line_of(report_lines, "representing Angelique Berg")
    apologies = report_lines[line_of(report_lines, "Apologies:") - 1]
    assert "Angelique Berg" not in apologies  # the oddity is in the report itself

    assert real.conforms
    assert real.violations == ()
    assert real.results == real.warnings
    (warning,) = real.warnings
    assert warning == Result(
        severity="Warning",
        focus=ID + "person/angelique-berg",
        label="Angelique Berg",
        path=None,
        message=f"Angelique Berg is represented by Bert Kroese at the meeting (report line "
                f"{line}) but is not listed among the apologies.",
        value=ID + "meeting/hlg-mos-2021-01-29/attendance/bert-kroese",
        line=line,
        shape="https://w3id.org/mosgraph/shapes#RepresentedSentApologiesShape",
    )
    assert real.text() == (
        f"Warning: Angelique Berg (line {line}): {warning.message}\n"
        "conforms: 0 violations, 1 warning"
    )


def test_the_shipped_shapes_are_the_default(built_graph: Graph, real: ValidationReport) -> None:
    assert validate(built_graph) == real


def test_report_as_json_has_stable_keys(real: ValidationReport) -> None:
    data = real.to_json()
    assert list(data) == ["conforms", "violations", "warnings", "results", "notes"]
    assert (data["conforms"], data["violations"], data["warnings"]) == (True, 0, 1)
    assert list(data["results"][0]) == [
        "severity", "focus", "label", "path", "message", "value", "line", "shape"]
    assert data["results"][0]["label"] == "Angelique Berg"
    assert json.loads(json.dumps(data)) == data


def test_report_as_rdf_is_a_shacl_validation_report(real: ValidationReport) -> None:
    graph = real.to_graph()
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(True)
    (result,) = graph.objects(report, SH.result)
    assert graph.value(result, SH.resultSeverity) == SH.Warning
    assert graph.value(result, SH.focusNode) == URIRef(ID + "person/angelique-berg")
    assert str(graph.value(result, SH.resultMessage)) == real.warnings[0].message
    graph.remove((None, None, None))
    assert len(real.to_graph()) > 0  # a copy each time: the report stays as it was


def test_a_dataset_is_validated_as_one_graph(built_graph: Graph, real: ValidationReport) -> None:
    from rdflib import Dataset

    dataset = Dataset()
    named = dataset.graph(URIRef("https://example.org/graph"))
    for triple in built_graph:
        named.add(triple)
    assert validate(dataset).results == real.results


# --- graphs broken one rule at a time ------------------------------------------------------------


def test_present_and_absent_at_one_meeting(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    present = line_of(report_lines, "Teresa Dickinson")
    absent = line_of(report_lines, "Apologies:")
    found = the_violation(validate(with_fixture(graph, "present-and-absent.ttl"), shapes), real)
    assert (found.severity, found.label, found.path, found.line) == (
        "Violation", "Teresa Dickinson", None, absent)
    assert found.message == (f"Teresa Dickinson is listed both as present (report line "
                             f"{present}) and among the apologies (report line {absent}) "
                             "of the same meeting.")
    assert found.value == ID + "meeting/hlg-mos-2021-01-29/apologies/teresa-dickinson"


def decision(graph: Graph, key: str) -> URIRef:
    iri = URIRef(f"{ID}meeting/hlg-mos-2021-01-29/decision/{key}")
    assert (iri, RDF.type, MOS.Decision) in graph
    return iri


def test_decision_without_source_span(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    iri = decision(graph, "machine-learning-continuation")
    graph.remove((iri, PROV.wasInfluencedBy, None))  # a decision is an activity
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label, found.path) == (
        "Violation", "continuation: Machine Learning project", "prov:wasInfluencedBy")
    assert found.message == ("Each decision needs a source span: the sentence of the report it "
                             "rests on (prov:wasInfluencedBy an oa:SpecificResource).")
    assert found.line is None  # nothing left to say where it came from


def test_decision_without_kind(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    iri = decision(graph, "machine-learning-continuation")
    graph.remove((iri, MOS.decisionKind, None))
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label, found.path) == (
        "Violation", "continuation: Machine Learning project", "mos:decisionKind")
    assert found.message == ("Each decision needs exactly one kind (mos:decisionKind), one of "
                             "the kinds of mos:DecisionKindScheme.")
    assert found.line == line_of(report_lines, "will continue as a community")


def test_decision_of_a_kind_outside_the_scheme(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    iri = decision(graph, "machine-learning-continuation")
    graph.set((iri, MOS.decisionKind, MOS.Completed))  # a status, not a kind of decision
    found = the_violation(validate(graph, shapes), real)
    assert (found.path, found.value) == ("mos:decisionKind", str(MOS.Completed))
    assert found.message.startswith("Each decision needs exactly one kind")


def test_membership_without_role(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    iri = URIRef(ID + "membership/hlg-mos/chair/anil-arora")
    assert (iri, ORG.role, MOS.Chair) in graph
    graph.remove((iri, ORG.role, None))
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label, found.path) == ("Violation", label(graph, iri), "org:role")
    assert found.message == ("Each membership needs exactly one role (org:role), one of the "
                             "roles of mos:RoleScheme.")
    assert found.line == line_of(report_lines, "Anil Arora (Chair")


def test_meeting_with_two_chairs(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    found = the_violation(validate(with_fixture(graph, "two-chairs.ttl"), shapes), real)
    assert (found.severity, found.label, found.path) == (
        "Violation", "Online HLG-MOS meeting, 29 January 2021", "mos:chairedBy")
    assert found.message == ("A meeting has at most one chair (mos:chairedBy), a person; a report "
                             "that lists no Chair gives none.")
    assert found.line == line_of(report_lines, "Report of the online HLG-MOS meeting")


def test_chair_who_did_not_attend(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    graph.set((MEETING, MOS.chairedBy, URIRef(ID + "person/david-gruen")))  # sent apologies
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label, found.value) == (
        "Violation", "Online HLG-MOS meeting, 29 January 2021", ID + "person/david-gruen")
    assert found.message == "The chair, David Gruen, is not listed as present at the meeting."


def test_represented_person_who_is_present(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    line = line_of(report_lines, "representing Angelique Berg")
    found = the_violation(validate(with_fixture(graph, "represented-present.ttl"), shapes), real)
    assert (found.severity, found.label, found.line) == ("Violation", "Angelique Berg", line)
    assert found.message == (f"Angelique Berg is represented by Bert Kroese (report line {line}) "
                             f"but is also listed as present at the same meeting (report line "
                             f"{line}).")
    assert found.focus == ID + "person/angelique-berg"


def test_attending_for_someone_while_sending_apologies(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    record = URIRef(ID + "meeting/hlg-mos-2021-01-29/attendance/bert-kroese")
    graph.set((record, MOS.attendanceStatus, MOS.Apologies))
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label, found.path) == (
        "Violation", "Bert Kroese at the HLG-MOS meeting of 2021-01-29", "mos:attendanceStatus")
    assert found.message == ("Someone who attends on behalf of another person must be listed as "
                             "present (mos:attendanceStatus mos:Present), not among the "
                             "apologies.")
    assert found.line == line_of(report_lines, "representing Angelique Berg")


def test_span_that_starts_after_it_ends(
    graph: Graph, shapes: Graph, real: ValidationReport, report_lines: list[str]
) -> None:
    found = the_violation(validate(with_fixture(graph, "span-start-after-end.ttl"), shapes),
                          real)
    assert (found.severity, found.label, found.path) == (
        "Violation", "characters 7140-7100", "oa:start")
    assert found.message == ("Each position selector needs exactly one start (oa:start): a "
                             "non-negative integer less than its end (oa:end).")
    assert found.line == line_of(report_lines, "Teresa Dickinson")  # the line of its span


def test_quotation_not_in_its_statement(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    quotation = URIRef(ID + "meeting/hlg-mos-2021-01-29/quotation/1")
    graph.set((quotation, SCHEMA.text, Literal("the system does not work", lang="en")))
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.label) == ("Violation", label(graph, quotation))
    assert found.message == ('The quotation "the system does not work" does not occur in the '
                             "text of the statement it is part of.")
    assert found.value == str(graph.value(quotation, SCHEMA.isPartOf))


def test_organisation_of_a_membership_that_is_a_person(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    membership = URIRef(ID + "membership/hlg-mos/chair/anil-arora")
    person = URIRef(ID + "person/stephane-dufour")
    graph.set((membership, ORG.organization, person))
    found = the_violation(validate(graph, shapes), real)
    assert (found.severity, found.focus, found.label, found.path) == (
        "Violation", str(person), "Stéphane Dufour", "rdf:type")
    assert found.value == "http://xmlns.com/foaf/0.1/Person"
    assert found.message.startswith("This is used as an organisation")


def test_status_assessment_of_nothing_names_the_inverse_path(
    graph: Graph, shapes: Graph, real: ValidationReport
) -> None:
    work = URIRef(ID + "work/statsbot")
    (status,) = graph.objects(work, MOS.hasStatus)
    graph.remove((work, MOS.hasStatus, status))
    found = the_violation(validate(graph, shapes), real)
    assert (found.label, found.path) == (label(graph, status), "^mos:hasStatus")
    assert found.message == ("Each status assessment must be the status of exactly one project, "
                             "activity or group (mos:hasStatus).")


def test_results_are_sorted_violations_first_then_by_line(
    graph: Graph, shapes: Graph
) -> None:
    for key in ("machine-learning-continuation", "sharing-tools-merge"):
        graph.remove((decision(graph, key), MOS.decisionKind, None))
    graph.remove((MEETING, SCHEMA.startDate, None))
    report = validate(graph, shapes)
    assert [r.severity for r in report.results] == ["Violation"] * 3 + ["Warning"]
    lines = [r.line for r in report.violations]
    assert lines == sorted(lines)
    assert report.text().splitlines()[-1] == "does not conform: 3 violations, 1 warning"
    assert validate(graph, shapes) == report  # the same results in the same order every time


# --- shapes that cannot be used ------------------------------------------------------------------


def test_malformed_shapes_name_the_file_and_line() -> None:
    path = BROKEN / "malformed-shapes.ttl"
    with pytest.raises(RDFSyntaxError) as caught:
        load_shapes(path)
    assert (caught.value.file, caught.value.line) == (str(path), 9)
    assert str(caught.value).startswith(f"{path}:9:56: not valid Turtle")


def test_missing_shapes_file(tmp_path: Path) -> None:
    with pytest.raises(RDFSyntaxError, match="file not found"):
        load_shapes(tmp_path / "none.ttl")


SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix mos: <https://w3id.org/mosgraph/ontology#> .
@prefix ex: <https://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass mos:Attendance ; {}
"""


def test_shapes_pyshacl_cannot_load_raise_input_error(built_graph: Graph) -> None:
    shapes = Graph().parse(data=SHAPE.format(
        'sh:property [ sh:path mos:attendee ; sh:minCount "many" ] .'), format="turtle")
    with pytest.raises(InputError, match="sh:minCount must be a literal with datatype "
                                         "xsd:integer"):
        validate(built_graph, shapes)


def test_invalid_sparql_in_shapes_names_the_shape_and_place(built_graph: Graph) -> None:
    shapes = Graph().parse(data=SHAPE.format(
        'sh:sparql [ sh:message "m" ; sh:select """SELECT $this WHERE {\n  $this ?p ?o""" ] .'),
        format="turtle")
    with pytest.raises(InputError) as caught:
        validate(built_graph, shapes)
    assert str(caught.value).startswith(
        "the SPARQL query (sh:select) of ex:S is not valid at its line 2, column 14: "
        "expected one of")


# --- validating where the data is: a store on disk, a SPARQL endpoint ---------------------------


@pytest.fixture(scope="module")
def broken_file(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report's graph with two chairs and a person present and absent, as Turtle."""
    from mosgraph.rdfio import write_graph

    graph = Graph()
    for prefix, namespace in built_graph.namespaces():
        graph.bind(prefix, namespace)
    graph += built_graph
    for name in ("two-chairs.ttl", "present-and-absent.ttl"):
        graph.parse(BROKEN / name, format="turtle")
    path = tmp_path_factory.mktemp("graphs") / "broken.ttl"
    write_graph(graph, path)
    return path


def run_cli(*args: str) -> tuple[int, str]:
    from click.testing import CliRunner

    from mosgraph.cli import main

    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_a_store_on_disk_gives_the_report_of_the_file(broken_file: Path, tmp_path: Path) -> None:
    from mosgraph.validation import validate_file

    expected = validate_file(broken_file)
    assert len(expected.violations) == 2
    assert expected.results == validate(load_graph(broken_file)).results
    code, output = run_cli("load", str(broken_file), "--store", f"oxigraph:{tmp_path / 'db'}")
    assert code == 0, output
    code, output = run_cli("validate", "--store", f"oxigraph:{tmp_path / 'db'}")
    assert (code, output) == (1, expected.text() + "\n")
    assert run_cli("validate", str(broken_file)) == (1, expected.text() + "\n")
    code, output = run_cli("validate", "--store", f"oxigraph:{tmp_path / 'db'}",
                           "--engine", "pyshacl", "--format", "json")
    assert code == 1 and json.loads(output) == expected.to_json()


@pytest.fixture()
def endpoint(broken_file: Path, tmp_path: Path) -> Iterator[str]:
    """A real ``oxigraph serve`` holding the broken graph (loaded with mosgraph load)."""
    from servers import start_oxigraph, stop

    process, url = start_oxigraph(tmp_path / "server")
    try:
        code, output = run_cli("load", str(broken_file), "--endpoint", f"{url}/query",
                               "--update-endpoint", f"{url}/update")
        assert code == 0, output
        yield f"{url}/query"
    finally:
        stop(process)


def test_an_endpoint_gives_the_report_of_the_file(broken_file: Path, endpoint: str) -> None:
    from mosgraph.store import RemoteStore
    from mosgraph.validation import validate_file, validate_store

    expected = validate_file(broken_file)
    assert validate_store(RemoteStore(endpoint)).results == expected.results
    code, output = run_cli("validate", "--endpoint", endpoint)
    assert (code, output) == (1, expected.text() + "\n")
    code, output = run_cli("validate", "--endpoint", endpoint, "--engine", "pyshacl")
    assert (code, output) == (1, expected.text() + "\n")


@pytest.mark.parametrize(("args", "message"), [
    ([], "give the graph to validate: a FILE, or --store oxigraph:PATH or --endpoint URL"),
    (["{file}", "--store", "oxigraph:{dir}/db"], "give the graph to validate"),
    (["--store", "memory"], "--store memory: expected oxigraph:PATH"),
    (["--store", "oxigraph:{dir}/none"], "no Oxigraph store at"),
    (["--endpoint", "http://127.0.0.1:{port}/query"], "cannot reach the SPARQL endpoint"),
    (["{file}", "--engine", "owl"], "Invalid value for '--engine'"),
])
def test_validate_usage_errors(args: list[str], message: str, broken_file: Path, tmp_path: Path,
                               closed_port: int) -> None:
    filled = [a.format(file=broken_file, dir=tmp_path, port=closed_port) for a in args]
    code, output = run_cli("validate", *filled)
    assert code == 2
    assert message in output
    assert "Traceback" not in output


QUALIFIED = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix mos: <https://w3id.org/mosgraph/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix ex: <https://example.org/> .
ex:MeetingShape a sh:NodeShape ; sh:targetSubjectsOf mos:chairedBy ;
    sh:property [ sh:path mos:chairedBy ; sh:minCount 1 ] .
ex:ChairRole a sh:NodeShape ; sh:targetClass org:Post ;
    sh:property [ sh:path org:role ; sh:qualifiedValueShape [ sh:hasValue mos:Chair ] ;
                  sh:qualifiedMinCount 1 ] .
"""


def test_a_shape_the_compiler_does_not_cover_goes_to_pyshacl_with_a_note(
        built_graph: Graph) -> None:
    from mosgraph.store import OxigraphStore
    from mosgraph.validation import validate_store

    shapes = Graph().parse(data=QUALIFIED, format="turtle")
    reference = validate(built_graph, shapes, engine="pyshacl")
    assert not reference.conforms  # the posts of co-chairs and vice-chairs are not chairs
    compiled = validate(built_graph, shapes)
    assert compiled.results == reference.results
    (note,) = compiled.notes
    assert note == ("ex:ChairRole was validated by the reference engine (pyshacl): it uses "
                    "sh:qualifiedMinCount (QualifiedMinCountConstraintComponent)")
    assert f"note: {note}" in compiled.text().splitlines()
    with OxigraphStore() as store:
        store.load(built_graph)
        from_store = validate_store(store, shapes)
    assert from_store.results == reference.results
    assert from_store.notes[0] == note
    assert from_store.notes[1] == (f"the reference engine read all {len(built_graph)} "
                                   "triples of memory into memory for that")
