"""Every named query gives the expected answer, and the same rows on every backend.

The backends: the embedded in-memory store, rdflib's engine (the portability reference),
an Oxigraph store on disk and a real Oxigraph server on loopback, the last two loaded with
``mosgraph load``. The server needs the ``oxigraph`` binary (``pip install oxigraph``):
without it those tests are skipped, except under CI, where they fail.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDFS, Graph, Literal, URIRef
from servers import start_oxigraph, stop

from mosgraph.cli import main
from mosgraph.query import SelectResult, prefixed
from mosgraph.rdfio import write_graph
from mosgraph.resources import named_queries
from mosgraph.store import OxigraphStore, RdflibStore, RemoteStore, Store
from mosgraph.synth import synthesize

MEETING = "Online HLG-MOS meeting, 29 January 2021"
REPORT = "hlg-mos-2021-01-29.txt"
HLG_MOS = "High-Level Group for the Modernisation of Official Statistics (HLG-MOS)"
BACKENDS = ("memory", "rdflib", "disk", "server")

EXPECTED: dict[str, list[tuple[str, ...]]] = {
    "chair": [(MEETING, "2021-01-29", "Anil Arora")],
    "executive-board-co-chairs": [("HLG-MOS Executive Board", "Jennifer Banim"),
                                  ("HLG-MOS Executive Board", "Stéphane Dufour")],
    "representation": [
        (MEETING, "Bert Kroese", "Angelique Berg"),
        (MEETING, "Teresa Dickinson", "David Gruen"),
        (MEETING, "Marina Gandolfo", "Gian Carlo Blangiardo"),
        (MEETING, "Eric Deeben", "Ian Diamond"),
        (MEETING, "Nicola Shearman", "Ian Diamond"),
        (MEETING, "Sergio Carrera", "Julio Santaella"),
        (MEETING, "Emanuele Baldacci", "Mariana Kotzeva"),
    ],
    "attendance-counts": [(MEETING, "2021-01-29", "23", "7")],
    "projects-selected": [("2021", "Input Privacy-Preservation project", MEETING),
                          ("2021", "Synthetic Data Guide", MEETING)],
    # merged -> into: the Sharing Tools group merges into the Supporting Standards group
    "group-merges": [(MEETING, "Sharing Tools Group", "Supporting Standards Group")],
    "pandemic-affected": [(MEETING, "Capability and Communication Group"),
                          (MEETING, "Input Privacy-Preservation project"),
                          (MEETING, "Sharing Tools Group")],
    "discussion-topics": [(MEETING, "Community", "5"), (MEETING, "Implementation", "2"),
                          (MEETING, "Communication of ModernStats", "4"),
                          (MEETING, "Pandemic legacy", "6"), (MEETING, "Focus 2021", "7"),
                          (MEETING, "Reflecting", "7")],
    "decision-sources": [
        (MEETING, "selection: Synthetic Data Guide, Input Privacy-Preservation project",
         "mos:Selection", "The Synthetic Data Guide and the Input Privacy-Preservation "
         "projects were selected for 2021.", REPORT, "13"),
        (MEETING, "merge: Sharing Tools Group, Supporting Standards Group", "mos:Merge",
         "The Sharing Tools group will be merged with the Supporting Standards group.",
         REPORT, "13"),
        (MEETING, "continuation: Machine Learning project", "mos:Continuation",
         "The Machine Learning project will continue as a community led by ONS and will "
         "keep ties with HLG-MOS Executive Board.", REPORT, "13"),
        (MEETING, "work programme approval: HLG-MOS work programme for 2021",
         "mos:WorkProgrammeApproval", "There was a general support for the work programme",
         REPORT, "19"),
        (MEETING, "support: StatsBot activity", "mos:Support",
         "There was support for keeping the StatsBot activity going under the leadership "
         "of OECD and with support from the Executive Board.", REPORT, "63"),
    ],
    "attendees-by-organisation": [
        ("United Nations Economic Commission for Europe (UNECE)", "7", "1"),
        ("Central Statistics Office Ireland", "3", "1"),
        ("Italian National Institute of Statistics (Istat)", "2", "1"),
        ("Office for National Statistics (United Kingdom)", "2", "1"),
        ("Statistics Canada", "2", "1"),
        ("Statistics Netherlands", "2", "1"),
        ("Australian Bureau of Statistics", "1", "1"),
        ("Eurostat", "1", "1"),
        ("National Institute of Statistics and Geography of Mexico (INEGI)", "1", "1"),
        ("Organisation for Economic Co-operation and Development (OECD)", "1", "1"),
        ("Statistics Poland", "1", "1"),
    ],
    "memberships": [
        ("Blue-Skies Thinking Network", "mos:Chair", "Barteld Braaksma"),
        ("HLG-MOS Executive Board", "mos:CoChair", "Jennifer Banim"),
        ("HLG-MOS Executive Board", "mos:CoChair", "Stéphane Dufour"),
        ("HLG-MOS Executive Board", "mos:Member", "Monica Scannapieco"),
        ("HLG-MOS Executive Board", "mos:Member", "Sergio Carrera"),
        ("HLG-MOS secretariat", "mos:Member", "InKyung Choi"),
        ("HLG-MOS secretariat", "mos:Member", "Taeke Gjaltema"),
        ("HLG-MOS secretariat", "mos:Member", "Tetyana Kolomiyets"),
        (HLG_MOS, "mos:Chair", "Anil Arora"),
        # organisations are members of HLG-MOS; people hold its seats (org:Membership)
        *((HLG_MOS, "mos:Member", member) for member in sorted((
            "Australian Bureau of Statistics", "Central Statistics Office Ireland", "Eurostat",
            "Italian National Institute of Statistics (Istat)",
            "National Institute of Statistics and Geography of Mexico (INEGI)",
            "Office for National Statistics (United Kingdom)",
            "Organisation for Economic Co-operation and Development (OECD)",
            "Statistics Canada", "Statistics Korea", "Statistics Netherlands",
            "Statistics Poland", "Stats NZ",
            "United Nations Economic Commission for Europe (UNECE)",
            "Angelique Berg", "Barteld Braaksma", "David Gruen", "Dominik Rozkrut",
            "Gian Carlo Blangiardo", "Ian Diamond", "Jennifer Banim", "Julio Santaella",
            "Lidia Bratanova", "Mariana Kotzeva", "Monica Scannapieco", "Patrick Kelleher",
            "Paul Schreyer", "Pádraig Dalton", "Stéphane Dufour"))),
    ],
    "figures": [(MEETING, "2020", "mos:ExpertMeetingAttendees", "mos:MoreThan", "1200"),
                (MEETING, "2020", "mos:GroupMembers", "mos:MoreThan", "300")],
    "who-leads-what": [
        ("Machine Learning community", "Office for National Statistics (United Kingdom)"),
        ("StatsBot activity", "Organisation for Economic Co-operation and Development (OECD)"),
    ],
    "work-status": [
        (MEETING, "Capability and Communication Group", "mos:PandemicAffected", ""),
        (MEETING, "Input Privacy-Preservation project", "mos:PandemicAffected", ""),
        (MEETING, "Input Privacy-Preservation project", "mos:Selected", "2021"),
        (MEETING, "Machine Learning project", "mos:Completed", ""),
        (MEETING, "Machine Learning project", "mos:Continuing", ""),
        (MEETING, "Sharing Tools Group", "mos:PandemicAffected", ""),
        (MEETING, "StatsBot activity", "mos:Continuing", ""),
        (MEETING, "Synthetic Data Guide", "mos:Selected", "2021"),
    ],
    "meetings": [(MEETING, "2021-01-29", HLG_MOS, "mos:Meeting", "",
                  "schema:OnlineEventAttendanceMode")],
    "decided-work": [
        (MEETING, "continuation: Machine Learning project", "Machine Learning community",
         "Office for National Statistics (United Kingdom)", ""),
        (MEETING, "support: StatsBot activity", "StatsBot activity",
         "Organisation for Economic Co-operation and Development (OECD)",
         "HLG-MOS Executive Board"),
    ],
    "seats": [(HLG_MOS, holder, role, MEETING if proxy else "", proxy) for holder, role, proxy in (
        ("Angelique Berg", "Member", "Bert Kroese"), ("Anil Arora", "Chair", ""),
        ("Barteld Braaksma", "Member", ""), ("David Gruen", "Member", "Teresa Dickinson"),
        ("Dominik Rozkrut", "Member", ""),
        ("Gian Carlo Blangiardo", "Member", "Marina Gandolfo"),
        ("Ian Diamond", "Member", "Eric Deeben"), ("Ian Diamond", "Member", "Nicola Shearman"),
        ("Jennifer Banim", "Member", ""), ("Julio Santaella", "Member", "Sergio Carrera"),
        ("Lidia Bratanova", "Member", ""), ("Mariana Kotzeva", "Member", "Emanuele Baldacci"),
        ("Monica Scannapieco", "Member", ""), ("Patrick Kelleher", "Member", ""),
        ("Paul Schreyer", "Member", ""), ("Pádraig Dalton", "Member", ""),
        ("Stéphane Dufour", "Member", ""))],
}


# --- the backends -------------------------------------------------------------------------------


def _load_with_cli(*args: str) -> None:
    result = CliRunner().invoke(main, ["load", *args])
    assert result.exit_code == 0, result.output
    assert "it holds" in result.output


@pytest.fixture(scope="session")
def serve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], RemoteStore]]:
    """Start a real Oxigraph server holding a graph file (loaded with ``mosgraph load``)."""
    servers: list[subprocess.Popen[bytes]] = []

    def start(graph_file: Path) -> RemoteStore:
        process, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph-server"))
        servers.append(process)
        _load_with_cli(str(graph_file), "--endpoint", f"{url}/query",
                       "--update-endpoint", f"{url}/update")
        return RemoteStore(f"{url}/query", f"{url}/update")

    yield start
    for process in servers:
        stop(process)


@pytest.fixture(scope="session")
def report_file(built_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graphs") / "report.nt"
    write_graph(built_graph, path)
    return path


@pytest.fixture(scope="session")
def synthetic_graph() -> Graph:
    return synthesize(60, seed=3)


@pytest.fixture(scope="session")
def synthetic_file(synthetic_graph: Graph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("graphs") / "synthetic.ttl"
    write_graph(synthetic_graph, path)
    return path


def _open_backend(kind: str, graph: Graph, graph_file: Path, folder: Path,
                  serve: Callable[[Path], RemoteStore] | None) -> Store:
    if kind == "memory":
        store: Store = OxigraphStore()
        store.load(graph)
        return store
    if kind == "rdflib":
        return RdflibStore(graph)
    if kind == "disk":
        _load_with_cli(str(graph_file), "--store", f"oxigraph:{folder}")
        return OxigraphStore(folder, read_only=True)
    assert serve is not None
    return serve(graph_file)


@pytest.fixture(scope="session", params=BACKENDS)
def report_store(request: pytest.FixtureRequest, built_graph: Graph, report_file: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Store:
    serve = request.getfixturevalue("serve") if request.param == "server" else None
    return _open_backend(request.param, built_graph, report_file,
                         tmp_path_factory.mktemp("disk"), serve)


@pytest.fixture(scope="session", params=BACKENDS)
def synthetic_store(request: pytest.FixtureRequest, synthetic_graph: Graph,
                    synthetic_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    serve = request.getfixturevalue("serve") if request.param == "server" else None
    return _open_backend(request.param, synthetic_graph, synthetic_file,
                         tmp_path_factory.mktemp("disk"), serve)


@pytest.fixture(scope="session")
def reference(built_graph: Graph) -> RdflibStore:
    return RdflibStore(built_graph)


def _answer(result: SelectResult, graph: Graph) -> list[tuple[str, ...]]:
    """The rows as text without their name columns, once each name is checked: ``?xName``
    is the label of ``?x`` (or, for a term the graph has no label for, such as a concept of
    the ontology, the start of its local name)."""
    variables = [str(v) for v in result.variables]
    named = {i: variables.index(v[:-4]) for i, v in enumerate(variables)
             if v.endswith("Name") and v[:-4] in variables}
    for raw in result.rows:
        for name_at, iri_at in named.items():
            term, name = raw[iri_at], raw[name_at]
            if term is None:
                assert name is None
                continue
            label = graph.value(term, RDFS.label)
            expected = str(label) if label is not None else None
            if expected is not None:
                assert str(name) == expected, (variables[name_at], term)
            else:
                local = str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                assert str(name) and local.startswith(str(name)), (variables[name_at], term)
    keep = [i for i in range(len(variables)) if i not in named]
    return [tuple(row[i] for i in keep) for row in _as_text(result, graph)]


def _as_text(result: SelectResult, graph: Graph) -> list[tuple[str, ...]]:
    """Rows with each IRI as its label in ``graph`` (or a prefixed name), literals as text."""
    def text(term: object) -> str:
        if term is None:
            return ""
        if isinstance(term, URIRef):
            label = graph.value(term, RDFS.label)
            return str(label) if label is not None else prefixed(str(term)) or str(term)
        return str(term)

    return [tuple(text(term) for term in row) for row in result.rows]


# --- the tests ------------------------------------------------------------------------------------


def test_every_named_query_is_tested_and_asks_a_question() -> None:
    queries = named_queries()
    assert set(EXPECTED) == set(queries)
    for name, named in queries.items():
        assert "?" in named.description, name
        assert named.text.startswith("# "), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_answers_the_question(report_store: Store, built_graph: Graph,
                                          name: str) -> None:
    result = report_store.query(named_queries()[name].text)
    assert isinstance(result, SelectResult)
    assert _answer(result, built_graph) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_gives_the_same_terms_as_rdflib(report_store: Store,
                                                    reference: RdflibStore, name: str) -> None:
    text = named_queries()[name].text
    assert report_store.query(text) == reference.query(text)


def test_numbers_are_integers_on_every_backend(report_store: Store) -> None:
    result = report_store.query(named_queries()["attendance-counts"].text)
    assert isinstance(result, SelectResult)
    (row,) = result.rows
    present, apologies = (row[[str(v) for v in result.variables].index(name)]
                          for name in ("present", "apologies"))
    assert present == Literal(23) and apologies == Literal(7)
    assert isinstance(present, Literal) and present.datatype == Literal(1).datatype


def test_projects_selected_takes_a_year(report_store: Store, built_graph: Graph) -> None:
    text = named_queries()["projects-selected"].text
    chosen = report_store.query(text, {"year": Literal(2021)})
    assert isinstance(chosen, SelectResult)
    assert _answer(chosen, built_graph) == EXPECTED["projects-selected"]
    assert report_store.query(text, {"year": Literal(2020)}) == SelectResult(chosen.variables,
                                                                             ())


def test_decision_sentences_are_the_report_text_on_their_line(report_path: Path,
                                                             reference: RdflibStore,
                                                             built_graph: Graph) -> None:
    lines = report_path.read_text(encoding="utf-8").splitlines()
    result = reference.query(named_queries()["decision-sources"].text)
    assert isinstance(result, SelectResult)
    for *_, sentence, file, line in _as_text(result, built_graph):
        assert file == report_path.name
        assert sentence.split("\n")[0] in lines[int(line) - 1]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_is_the_same_on_every_backend_at_scale(
    synthetic_store: Store, synthetic_graph: Graph, name: str
) -> None:
    """On 60 synthetic meetings every query finds something, and every backend agrees."""
    text = named_queries()[name].text
    result = synthetic_store.query(text)
    assert isinstance(result, SelectResult)
    assert result.rows, f"{name} found nothing in the synthetic corpus"
    assert result == _synthetic_reference(synthetic_graph, name)


_REFERENCE_ANSWERS: dict[str, SelectResult] = {}


def _synthetic_reference(graph: Graph, name: str) -> SelectResult:
    if name not in _REFERENCE_ANSWERS:
        answer = RdflibStore(graph).query(named_queries()[name].text)
        assert isinstance(answer, SelectResult)
        _REFERENCE_ANSWERS[name] = answer
    return _REFERENCE_ANSWERS[name]


# --- the datatype contract: a copy out of any backend is the same graph ------------------------

COPY = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def _copy_of(store: Store) -> Graph:
    from mosgraph.query import GraphResult

    result = store.query(COPY)
    assert isinstance(result, GraphResult)
    return result.graph


def test_a_copy_of_the_report_from_any_backend_is_the_same_valid_graph(
    report_store: Store, built_graph: Graph
) -> None:
    """Oxigraph rewrites integer subtypes and non-canonical numbers; our data has none."""
    from rdflib.compare import isomorphic

    from mosgraph.validation import validate

    copy = _copy_of(report_store)
    assert len(copy) == len(built_graph)
    assert isomorphic(copy, built_graph)
    outcome = validate(copy)
    assert outcome.conforms, outcome.text()


def test_a_copy_of_the_corpus_from_any_backend_is_the_same_graph(
    synthetic_store: Store, synthetic_graph: Graph
) -> None:
    from rdflib.compare import isomorphic

    copy = _copy_of(synthetic_store)
    assert isomorphic(copy, synthetic_graph)
    # the same graph validates the same: validating the corpus once is enough (see
    # test_synth for that); the copy keeps every literal exactly
    assert set(copy.objects()) == set(synthetic_graph.objects())


def test_the_copy_command_then_validate_conforms(built_graph: Graph, report_file: Path,
                                                 tmp_path: Path) -> None:
    copy = tmp_path / "copy.ttl"
    result = CliRunner().invoke(main, ["query", str(report_file), "-e", COPY, "-o", str(copy)])
    assert result.exit_code == 0, result.output
    checked = CliRunner().invoke(main, ["validate", str(copy)])
    assert checked.exit_code == 0, checked.output
