"""N-Triples lines written straight from terms: the very bytes of pyoxigraph's writer."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mosgraph.errors import UsageError
from mosgraph.ntriples import XSD_STRING, Lexical, Writer, escaped
from mosgraph.rdfio import serialize

SUBJECT, PREDICATE = "http://example.org/s", "http://example.org/p"
TRICKY = [
    "", "plain", 'a "quoted" word', "back\\slash", "\\\"", "tab\there", "new\nline",
    "cr\rlf\n", "bell\x07 nul\x00 esc\x1b del\x7f", "\b\f\v", "é ß 김정희 \u2028 \u00a0",
    "\ufeff bom", "\ufffe\uffff", "\ufffd", "\U0001f600 emoji", "\x85 next line",
    "\ud7ff\ue000", "ends in a backslash \\", "«guillemets» — dash",
]
LANGUAGES = ["en", "EN", "en-GB", "fr-be", "zh-Hant-TW", "x-private"]
DATATYPES = ["", XSD_STRING, "http://www.w3.org/2001/XMLSchema#integer",
             "http://www.w3.org/2001/XMLSchema#date", "http://example.org/é/type",
             "http://www.w3.org/1999/02/22-rdf-syntax-ns#HTML"]


def oxigraph_line(obj: str | Lexical) -> bytes:
    if isinstance(obj, Lexical):
        term = pyoxigraph.Literal(obj.lexical, language=obj.language) if obj.language else \
            pyoxigraph.Literal(obj.lexical, datatype=pyoxigraph.NamedNode(
                obj.datatype or XSD_STRING))
    else:
        term = pyoxigraph.NamedNode(obj)
    triple = pyoxigraph.Triple(pyoxigraph.NamedNode(SUBJECT), pyoxigraph.NamedNode(PREDICATE),
                               term)
    return pyoxigraph.serialize([triple], format=pyoxigraph.RdfFormat.N_TRIPLES)


@pytest.mark.parametrize("text", TRICKY)
@pytest.mark.parametrize("kind", ["plain", *LANGUAGES, *DATATYPES[1:]])
def test_tricky_literals_are_written_as_pyoxigraph_writes_them(text: str, kind: str) -> None:
    literal = Lexical(text, language=kind) if kind in LANGUAGES else \
        Lexical(text, "" if kind == "plain" else kind)
    assert Writer().line((SUBJECT, PREDICATE, literal)) == oxigraph_line(literal)


@settings(max_examples=400, deadline=None)
@given(st.text(), st.sampled_from([("", ""), *(("", d) for d in DATATYPES),
                                   *(("en", ""), ("fr-CA", ""))]))
def test_any_text_is_written_as_pyoxigraph_writes_it(text: str, kind: tuple[str, str]) -> None:
    language, datatype = kind
    literal = Lexical(text, datatype, language)
    assert Writer().line((SUBJECT, PREDICATE, literal)) == oxigraph_line(literal)


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8", exclude_characters=' <>"{}|^`\\'),
               min_size=1))
def test_iris_are_written_as_pyoxigraph_writes_them(path: str) -> None:
    iri = "http://example.org/" + path
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        with pytest.raises(UsageError, match="not an IRI RDF allows"):
            Writer().line((SUBJECT, PREDICATE, iri))
    else:
        assert Writer().line((SUBJECT, PREDICATE, iri)) == oxigraph_line(iri)


HEADS = ["http://example.org/", "http://example.org/a/b/", "http://example.org/?q=/",
         "http://example.org/#f/", "urn:x:y/", "http://[::1]:8080/p/", "http://例え.jp/é/",
         "http://example.org/%41/"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(HEADS),
       st.lists(st.text(st.sampled_from("az09._~-/:?#%é[] @"), max_size=6), max_size=8))
def test_iris_after_an_allowed_head_are_written_as_pyoxigraph_writes_them(
        head: str, tails: list[str]) -> None:
    """One writer for all: IRIs whose head (up to a slash) it allowed before are not
    checked again when only unreserved characters follow; every other IRI still is."""
    writer = Writer()
    writer.line((SUBJECT, PREDICATE, head + "first"))
    for tail in tails:
        iri = head + tail
        try:
            pyoxigraph.NamedNode(iri)
        except ValueError:
            with pytest.raises(UsageError, match="not an IRI RDF allows"):
                writer.line((SUBJECT, PREDICATE, iri))
        else:
            assert writer.line((SUBJECT, PREDICATE, iri)) == oxigraph_line(iri)


def test_every_character_pyoxigraph_escapes_is_escaped_and_no_other() -> None:
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert f'"{escaped(every)}"' == str(pyoxigraph.Literal(every))


def test_a_bad_iri_is_refused_even_as_a_datatype() -> None:
    with pytest.raises(UsageError, match="not an IRI RDF allows: <http://x/a b>"):
        Writer().line((SUBJECT, PREDICATE, Lexical("1", "http://x/a b")))


def test_a_bad_language_tag_is_refused() -> None:
    with pytest.raises(UsageError, match="not a language tag RDF allows"):
        Writer().line((SUBJECT, PREDICATE, Lexical("x", language="en gb")))


def test_a_writer_that_forgets_writes_the_same_lines() -> None:
    triples = [(SUBJECT, PREDICATE, Lexical(str(n % 7), DATATYPES[n % 4])) for n in range(50)]
    assert Writer(remembered=3).lines(triples) == Writer().lines(triples)


def test_a_built_corpus_is_written_as_serialize_writes_its_graph() -> None:
    from mosgraph.build import build_triples
    from mosgraph.synth import synthetic_sources

    triples = build_triples(synthetic_sources(30, seed=9), base="https://example.org/é/")
    lines = Writer().lines(triples)
    assert b"".join(lines) == serialize(triples.graph(), "nt")
    assert len(lines) == len(set(lines)) == len(triples) > 5000
