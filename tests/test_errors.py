"""One error path: every command, given every bad input of a table, fails with one line on
stderr naming the file (and the line where there is one) and exit 2 (or 1 where the contract
says so), no traceback, and leaves no file behind; outputs that are not regular files, or
that cannot be written, are refused the same way; the terminal never gets raw control
characters."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mosgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "reports" / "hlg-mos-2021-01-29.txt"
CURATION = ROOT / "data" / "curation" / "hlg-mos-2021-01-29.yaml"
BROKEN = ROOT / "tests" / "fixtures" / "broken"
RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://x.test/"'

# --- the bad inputs ------------------------------------------------------------------------
# name -> (bytes, or None for a missing file, or "dir" for a folder; a line is named?)

BAD_RDF: dict[str, tuple[bytes | str | None, bool]] = {
    "missing.ttl": (None, False),
    "folder.ttl": ("dir", False),
    "garbage.ttl": (bytes(range(256)) * 8, True),
    "latin1.ttl": ('<http://x.test/a> <http://x.test/b> "caf\xe9" .\n'.encode("latin-1"), True),
    "nul.ttl": (b'<http://x.test/a> <http://x.test/b> "a" .\n<http://x.test/a>\x00 .\n', True),
    "space-iri.nt": (b"<http://x.test/a> <http://x.test/b> <http://x.test/c d> .\n", True),
    "bad-lang.ttl": (b'<http://x.test/a> <http://x.test/b> "x"@en_GB .\n', True),
    "truncated.jsonld": (b'{"@id": "http://x.test/a",\n "http://x.test/p": [1, 2', True),
    "remote-context.jsonld": (b'{"@context": "http://127.0.0.1:9/c.jsonld", "@id": "x"}', False),
    "billion-laughs.rdf": (
        ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n <!ENTITY l0 "lol">\n' +
         "".join(f' <!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10)) +
         f']>\n<rdf:RDF {RDF_NS}><rdf:Description rdf:about="http://x.test/a">'
         "<ex:p>&l9;</ex:p></rdf:Description></rdf:RDF>\n").encode(), False),
    "deep.jsonld": (b'{"@id": "http://x.test/a", "http://x.test/p": ' +
                    b'{"http://x.test/p": ' * 5000 + b'"x"' + b"}" * 5001, False),
    "bad-xml.rdf": (f'<rdf:RDF {RDF_NS}>\n<rdf:Description rdf:about="http://x.test/a">\n'
                    "<ex:p>v</ex:q></rdf:Description></rdf:RDF>\n".encode(), True),
    "unknown.docx": (b"PK\x03\x04", False),
}

BAD_REPORTS: dict[str, tuple[bytes | str | None, bool]] = {
    "missing.txt": (None, False),
    "folder.txt": ("dir", False),
    "garbage.txt": (bytes(range(256)) * 8, True),
    "latin1.txt": (REPORT.read_text(encoding="utf-8").replace("é", "e")
                   .replace("Report of", "Report of caf\xe9", 1).encode("latin-1", "replace"),
                   True),
    "empty.txt": (b"", False),
    "impossible-date.txt": ((BROKEN / "impossible-date.txt").read_bytes(), True),
    "unclosed-parenthesis.txt": ((BROKEN / "unclosed-parenthesis.txt").read_bytes(), True),
}

BAD_CURATION: dict[str, tuple[bytes | str | None, bool]] = {
    "missing.yaml": (None, False),
    "folder.yaml": ("dir", False),
    "broken.yaml": (b"projects:\n  - name: x\n   quote: [unclosed\n", True),
    "python-tag.yaml": (b"projects: !!python/object/apply:os.system ['echo pwned']\n", True),
    "latin1.yaml": ("projects:\n  - name: caf\xe9\n".encode("latin-1"), False),
    "deep.yaml": (b"works: " + b"[" * 3000 + b"]" * 3000 + b"\n", False),
    "alias-bomb.yaml": (("works:\n- &a0 [lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"- &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))).encode(), True),
    "wrong-quote.yaml": (CURATION.read_text(encoding="utf-8").replace(
        "quote: ", "quote: not in the report at all ", 1).encode(), True),
}


def make(folder: Path, table: dict[str, tuple[bytes | str | None, bool]]) -> dict[str, Path]:
    paths = {}
    for name, (content, _) in table.items():
        path = folder / name
        if content == "dir":
            path.mkdir()
        elif isinstance(content, bytes):
            path.write_bytes(content)
        paths[name] = path
    return paths


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built graph of the bundled report."""
    path = tmp_path_factory.mktemp("good") / "good.ttl"
    result = CliRunner().invoke(main, ["build", str(REPORT), "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


# --- running a command and checking how it failed -------------------------------------------


def listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check_failure(arguments: list[str], folder: Path, *, code: int = 2,
                  names: str | None = None, line: bool = False) -> str:
    """Run ``mosgraph ARGUMENTS`` in process; check one line on stderr, naming ``names``
    (followed by ``:LINE`` when ``line``), exit ``code``, and nothing new in ``folder``."""
    before = listing(folder)
    result = CliRunner().invoke(main, arguments)
    where = f"mosgraph {' '.join(arguments)}"
    assert result.exit_code == code, (where, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (where, result.exception)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, (where, result.stderr)
    message = lines[0]
    assert message.startswith("mosgraph: error: ") or code == 1, (where, message)
    assert "Traceback" not in result.output and "internal error" not in message, (where, message)
    if names is not None:
        assert names in message, (where, message)
        if line:
            assert re.search(re.escape(names) + r":\d+", message), (where, message)
    assert listing(folder) == before, (where, listing(folder) - before)
    return message


RDF_COMMANDS: dict[str, Callable[[Path, Path, Path], list[str]]] = {
    "validate": lambda f, good, out: ["validate", str(f)],
    "validate --shapes": lambda f, good, out: ["validate", str(good), "--shapes", str(f)],
    "build --shapes": lambda f, good, out: ["build", str(REPORT), "-o", str(out / "b.ttl"),
                                            "--shapes", str(f)],
    "query": lambda f, good, out: ["query", str(f), "chair", "-o", str(out / "q.txt")],
    "query rdflib": lambda f, good, out: ["query", str(f), "--store", "rdflib", "-e",
                                          "ASK {}"],
    "export": lambda f, good, out: ["export", str(f), "-o", str(out / "e.jsonld")],
    "export csv": lambda f, good, out: ["export", str(f), "-o", str(out / "e.csv")],
    "load": lambda f, good, out: ["load", str(f), "--store", f"oxigraph:{out / f.name}.db"],
    "network": lambda f, good, out: ["network", str(f), "--write-back", str(out / "w.ttl")],
    "plot": lambda f, good, out: ["plot", str(f), "-o", str(out / "p.html")],
    "catalog": lambda f, good, out: ["catalog", str(f), "-o", str(out / "c.ttl"),
                                     "--base-url", "http://x.test/"],
    "publish": lambda f, good, out: ["publish", str(f), "-o", str(out / "site"),
                                     "--base-url", "http://x.test/"],
    "catalog --distribution": lambda f, good, out: [
        "catalog", str(good), "-o", str(out / "c.ttl"), "--base-url", "http://x.test/",
        "--distribution", str(f)],
}


@pytest.mark.parametrize("command", sorted(RDF_COMMANDS))
def test_every_command_on_every_bad_rdf_file(command: str, good: Path, tmp_path: Path) -> None:
    files = make(tmp_path, BAD_RDF)
    out = tmp_path / "out"
    out.mkdir()
    for name, path in files.items():
        if command == "catalog --distribution" and BAD_RDF[name][0] not in (None, "dir"):
            continue  # a distribution is any file: its bytes are counted, not read as RDF
        check_failure(RDF_COMMANDS[command](path, good, out), tmp_path, names=name,
                      line=BAD_RDF[name][1])


@pytest.mark.parametrize("command", ["read", "build", "curate"])
def test_every_command_on_every_bad_report(command: str, tmp_path: Path) -> None:
    files = make(tmp_path, BAD_REPORTS)
    for name, path in files.items():
        arguments = {"read": ["read", str(path)],
                     "build": ["build", str(path), "-o", str(tmp_path / "b.ttl")],
                     "curate": ["curate", str(path), "-o", str(tmp_path / "c.yaml")]}[command]
        check_failure(arguments, tmp_path, names=name, line=BAD_REPORTS[name][1])


def test_build_on_every_bad_curation(tmp_path: Path) -> None:
    files = make(tmp_path, BAD_CURATION)
    for name, path in files.items():
        check_failure(["build", str(REPORT), "--curation", str(path), "-o",
                       str(tmp_path / "b.ttl")], tmp_path, names=name,
                      line=BAD_CURATION[name][1])


USAGE = [
    ["synth", "--meetings", "0", "-o", "{out}/s.nt"],
    ["synth", "--meetings", "100000000", "-o", "{out}/s.nt"],
    ["synth", "--meetings", "2", "-o", "{out}/s.docx"],
    ["query", "{good}", "no-such-query"],
    ["query", "{good}", "-e", "SELECT * WHERE { ?s ?p }"],
    ["query", "{good}", "-e", "SELECT * WHERE { ?s ?p ?o }", "--timeout", "-1"],
    ["query", "{good}", "-f", "{out}/missing.rq"],
    ["query", "{good}", "chair", "--bind", "nonsense"],
    ["query", "{good}", "chair", "--format", "pdf"],
    ["query", "--store", "redis:db", "chair"],
    ["query", "--store", "oxigraph:{out}/none", "chair"],
    ["query", "--endpoint", "ftp://x.test/", "chair"],
    ["load", "{good}"],
    ["load", "{good}", "--endpoint", "http://127.0.0.1:9/update", "--timeout", "0"],
    ["network", "{good}", "-p", "nope"],
    ["network", "{good}", "--sort", "nope"],
    ["network", "{good}", "--meeting", "1999-01-01"],
    ["network", "{good}", "--diff", "1999-01-01", "2000-01-01"],
    ["plot", "{good}", "-o", "{out}/p.pdf"],
    ["export", "{good}", "-o", "{out}/e.unknown"],
    ["export", "{good}", "-o", "-"],
    ["catalog", "{good}", "-o", "{out}/c.ttl"],
    ["catalog", "{good}", "-o", "{out}/c.ttl", "--base-url", "not a url"],
    ["catalog", "{good}", "-o", "{out}/c.ttl", "--base-url", "http://x.test/", "--issued",
     "2021-02-30"],
    ["build", "{report}", "-o", "{out}/b.ttl", "--base", "not an iri"],
    ["nosuchcommand"],
    ["query", "--nosuchoption"],
]


@pytest.mark.parametrize("arguments", USAGE, ids=lambda a: " ".join(a)[:60])
def test_usage_mistakes_are_one_line(arguments: list[str], good: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    filled = [a.replace("{out}", str(out)).replace("{good}", str(good))
              .replace("{report}", str(REPORT)) for a in arguments]
    check_failure(filled, tmp_path)


def test_an_ill_typed_date_is_a_violation_for_validate_and_a_named_error_for_catalog(
        good: Path, tmp_path: Path) -> None:
    text = good.read_text(encoding="utf-8")
    assert '"2021-01-29"^^xsd:date' in text
    bad = tmp_path / "bad-date.ttl"
    bad.write_text(text.replace('"2021-01-29"^^xsd:date', '"2021-02-30"^^xsd:date'),
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1 and "schema:startDate" in result.stdout, result.output
    assert result.stderr == ""
    line = text[: text.index('"2021-01-29"^^xsd:date')].count("\n") + 1
    message = check_failure(["catalog", str(bad), "-o", str(tmp_path / "c.ttl"),
                             "--base-url", "http://x.test/"], tmp_path, names="bad-date.ttl")
    assert f"bad-date.ttl:{line}:" in message and "2021-02-30" in message, message
    # copying and computing do not need the value: the data goes through as written
    for arguments in (["export", str(bad), "-o", str(tmp_path / "e.nt")],
                      ["query", str(bad), "chair"], ["network", str(bad), "--top", "1"]):
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    assert '"2021-02-30"' in (tmp_path / "e.nt").read_text(encoding="utf-8")


# --- outputs that are not files, or cannot be written ----------------------------------------

WRITERS: dict[str, Callable[[Path, str], list[str]]] = {
    "build": lambda good, target: ["build", str(REPORT), "-o", target + ".ttl"],
    "query": lambda good, target: ["query", str(good), "chair", "-o", target + ".csv"],
    "export": lambda good, target: ["export", str(good), "-o", target + ".nt"],
    "export csv": lambda good, target: ["export", str(good), "-o", target + ".csv"],
    "catalog": lambda good, target: ["catalog", str(good), "-o", target + ".ttl",
                                     "--base-url", "http://x.test/"],
    "network --write-back": lambda good, target: ["network", str(good), "--write-back",
                                                  target + ".ttl"],
    "network -o": lambda good, target: ["network", str(good), "-o", target + ".graphml"],
    "plot": lambda good, target: ["plot", str(good), "-o", target + ".html"],
    "synth": lambda good, target: ["synth", "--meetings", "2", "-o", target + ".nt"],
    "curate": lambda good, target: ["curate", str(REPORT), "-o", target + ".yaml"],
}


def companions(command: str, target: str) -> list[str]:
    """The files a command writes for ``-o TARGET`` (CSV pairs, catalogue companions)."""
    if command == "export csv":
        return [target + ".nodes.csv", target + ".edges.csv"]
    if command == "catalog":
        return [target + ".ttl", target + ".void.ttl", target + ".schema.jsonld"]
    return []


@pytest.fixture()
def devices() -> Iterator[None]:
    """/dev/null and /dev/full must still be devices after the test (a regression run as
    root would replace them with files): restore them if so, and fail."""
    yield
    for name, minor in (("/dev/null", 3), ("/dev/full", 7)):
        if os.path.exists(name) and not stat.S_ISCHR(os.stat(name).st_mode):
            if os.geteuid() == 0:
                os.unlink(name)
                os.mknod(name, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
            pytest.fail(f"{name} was replaced by a regular file")


@pytest.mark.parametrize("command", sorted(WRITERS))
def test_outputs_that_are_not_files_are_refused(command: str, good: Path, tmp_path: Path,
                                                devices: None) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    suffix = WRITERS[command](good, "x")[-1 if command != "catalog" else 3].rsplit("x", 1)[1]
    made = {
        "a folder": lambda p: p.mkdir(),
        "a link to a folder": lambda p: p.symlink_to(folder / "sub", target_is_directory=True),
        "a link to /dev/null": lambda p: p.symlink_to("/dev/null"),
        "a link to /dev/full": lambda p: p.symlink_to("/dev/full"),
        "a link to nothing": lambda p: p.symlink_to(folder / "nowhere"),
        "a fifo": lambda p: os.mkfifo(p),
    }
    (folder / "sub").mkdir()
    for index, (what, create) in enumerate(made.items()):
        target = folder / f"t{index}"
        paths = companions(command, str(target)) or [str(target) + suffix]
        create(Path(paths[0]))  # the others are files mosgraph would write itself
        message = check_failure(WRITERS[command](good, str(target)), folder,
                                names=Path(paths[0]).name)
        assert any(word in message for word in ("directory", "device", "pipe", "link")), \
            (what, message)


@pytest.mark.parametrize("command", ["export", "query"])
def test_devices_named_directly_are_refused(command: str, good: Path, tmp_path: Path,
                                            devices: None) -> None:
    for device in ("/dev/null", "/dev/full"):
        arguments = ["export", str(good), "-o", device, "--format", "nt"] if command == "export" \
            else ["query", str(good), "chair", "-o", device, "--format", "csv"]
        message = check_failure(arguments, tmp_path, names=device)
        assert "device" in message


def test_publish_writes_a_folder_only(good: Path, tmp_path: Path, devices: None) -> None:
    """A site is a folder: a file, a device or a folder of other things is refused."""
    (tmp_path / "file").write_text("mine\n", encoding="utf-8")
    (tmp_path / "full").symlink_to("/dev/full")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine\n", encoding="utf-8")
    for name in ("file", "full", "other"):
        check_failure(["publish", str(good), "-o", str(tmp_path / name), "--base-url",
                       "http://x.test/"], tmp_path, names=name)
    assert (tmp_path / "file").read_text(encoding="utf-8") == "mine\n"


def test_serve_refuses_bad_input_before_it_serves(tmp_path: Path) -> None:
    files = make(tmp_path, {k: BAD_RDF[k] for k in ("missing.ttl", "garbage.ttl",
                                                    "billion-laughs.rdf")})
    for name, path in files.items():
        done = run(["serve", str(path), "--port", "0"])
        one_line(done.returncode, done.stderr, name)


def test_companions_are_not_clobbered_unless_same_or_forced(good: Path, tmp_path: Path) -> None:
    target = tmp_path / "c.ttl"
    mine = tmp_path / "c.void.ttl"
    mine.write_text("my own notes\n", encoding="utf-8")
    arguments = ["catalog", str(good), "-o", str(target), "--base-url", "http://x.test/"]
    check_failure(arguments, tmp_path, names="c.void.ttl")
    assert mine.read_text(encoding="utf-8") == "my own notes\n"
    assert CliRunner().invoke(main, [*arguments, "--force"]).exit_code == 0
    assert mine.read_text(encoding="utf-8") != "my own notes\n"
    assert CliRunner().invoke(main, arguments).exit_code == 0  # the same bytes: fine
    nodes = tmp_path / "g.nodes.csv"
    nodes.write_text("id\n", encoding="utf-8")
    check_failure(["export", str(good), "-o", str(tmp_path / "g.csv")], tmp_path,
                  names="g.nodes.csv")
    assert nodes.read_text(encoding="utf-8") == "id\n"


def test_a_link_to_a_file_replaces_the_file_it_points_to(good: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.nt"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "link.nt").symlink_to(real)
    result = CliRunner().invoke(main, ["export", str(good), "-o", str(tmp_path / "link.nt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.nt").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("<")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def _no_override() -> dict[str, object]:
    """Options that run a process that cannot write in a read-only folder: as root, one
    without the capabilities that override file permissions."""
    if os.geteuid() != 0:
        return {}
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return {"preexec_fn": drop}


@pytest.fixture()
def shared_folder() -> Iterator[Path]:
    """A folder every user can read (tmp_path is private to the user running the tests)."""
    folder = Path(tempfile.mkdtemp(prefix="mosgraph-errors-"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def run(arguments: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mosgraph", *arguments], capture_output=True,
                          text=True, timeout=300, **options)  # type: ignore[call-overload]


_MANY = """
import json, sys
from click.testing import CliRunner
from mosgraph.cli import main
print(json.dumps([(r.exit_code, r.stderr) for r in
                  (CliRunner().invoke(main, a) for a in json.loads(sys.argv[1]))]))
"""


def run_many(runs: list[list[str]], **options: object) -> list[tuple[int, str]]:
    """Exit code and stderr of each ``mosgraph ARGUMENTS``, all in one fresh process."""
    import json

    done = subprocess.run([sys.executable, "-c", _MANY, json.dumps(runs)], capture_output=True,
                          text=True, timeout=600, **options)  # type: ignore[call-overload]
    assert done.returncode == 0, done.stderr
    return [tuple(item) for item in json.loads(done.stdout)]  # type: ignore[misc]


def one_line(code: int, stderr: str, names: str) -> str:
    lines = stderr.splitlines()
    assert code == 2 and len(lines) == 1, (code, stderr)
    assert lines[0].startswith("mosgraph: error: ") and names in lines[0], lines[0]
    return lines[0]


def test_a_read_only_folder_a_size_limit_and_a_full_stdout(good: Path,
                                                            shared_folder: Path) -> None:
    """Write errors the operating system gives: one line, exit 2, on every writing command."""
    graph = shared_folder / "good.ttl"
    shutil.copy(good, graph)
    graph.chmod(0o644)
    locked = shared_folder / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    limited = shared_folder / "limited"
    limited.mkdir()

    def small_files() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))

    commands = sorted(WRITERS)
    results = run_many([WRITERS[c](graph, str(locked / "out")) for c in commands],
                       **_no_override())
    for command, (code, stderr) in zip(commands, results, strict=True):
        assert "permission denied" in one_line(code, stderr, "out"), (command, stderr)
    assert list(locked.iterdir()) == []
    larger = [c for c in commands if c not in ("query", "network -o")]  # others are small
    results = run_many([WRITERS[c](graph, str(limited / "out")) for c in larger],
                       preexec_fn=small_files)
    for command, (code, stderr) in zip(larger, results, strict=True):
        assert "larger than allowed" in one_line(code, stderr, "out"), (command, stderr)
    assert list(limited.iterdir()) == []
    for arguments in (["query", str(graph), "-e", "SELECT * WHERE { ?s ?p ?o }", "--format",
                       "csv"], ["read", str(REPORT), "--json"],
                      ["export", str(graph), "-o", "-", "--format", "nt"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run([sys.executable, "-m", "mosgraph", *arguments], stdout=full,
                                  stderr=subprocess.PIPE, text=True, timeout=300)
        assert done.returncode == 2, done.stderr
        assert done.stderr.splitlines() == ["mosgraph: error: cannot write the output: No "
                                            "space left on device"], done.stderr


# --- the terminal --------------------------------------------------------------------------

HOSTILE_LABEL = "Ann\x1b[31mRED\x1b]0;owned\x07\r\u202egnp.exe"


def test_control_characters_never_reach_the_terminal_raw(tmp_path: Path) -> None:
    data = tmp_path / "ansi.ttl"
    label = "".join(c if c.isalnum() or c in " ." else f"\\u{ord(c):04x}" for c in HOSTILE_LABEL)
    data.write_text(
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<http://x.test/ann> a foaf:Person ; rdfs:label "{label}" ; foaf:name "{label}" ;\n'
        "  org:memberOf <http://x.test/org> .\n"
        "<http://x.test/m> a org:Membership ; org:member <http://x.test/ann> ;\n"
        "  org:organization <http://x.test/org> .\n"
        f'<http://x.test/org> a org:Organization ; rdfs:label "{label}" .\n', encoding="utf-8")
    runs = [["query", str(data), "-e", "SELECT ?who ?name WHERE { ?who foaf:name ?name }"
             .replace("foaf:name", "<http://xmlns.com/foaf/0.1/name>")],
            ["query", str(data), "-e", "CONSTRUCT WHERE { ?s ?p ?o }", "--format", "table"],
            ["network", str(data)], ["validate", str(data)],
            ["query", str(tmp_path / f"{HOSTILE_LABEL}.ttl"), "chair"]]
    for arguments in runs:
        result = CliRunner().invoke(main, arguments)
        assert "\x1b" not in result.output and "\x07" not in result.output, result.output
        assert "\u202e" not in result.output and "\r" not in result.output, result.output
        assert "\\x1b" in result.output, (arguments, result.output)
    # files and machine formats keep the data exactly
    result = CliRunner().invoke(main, ["query", str(data), "-e",
                                       "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/"
                                       "rdf-schema#label> ?l } LIMIT 1", "--format", "json"])
    assert "\\u001b" in result.output  # JSON escapes it itself


def test_a_terminal_gets_machine_formats_escaped_too(tmp_path: Path) -> None:
    import pty

    data = tmp_path / "ansi.nt"
    label = "".join(c if c.isalnum() or c in " ." else f"\\u{ord(c):04x}" for c in HOSTILE_LABEL)
    data.write_text(f'<http://x.test/a> <http://x.test/p> "{label}" .\n', encoding="utf-8")
    code = ("import sys; from mosgraph.cli import main; sys.argv = ['mosgraph', 'query', "
            f"{str(data)!r}, '-e', 'SELECT * WHERE {{ ?s ?p ?o }}', '--format', 'csv']; main()")
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=follower,
                               stderr=subprocess.PIPE)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "RED" in shown and "\x1b" not in shown and "\\x1b" in shown, shown
    piped = run(["query", str(data), "-e", "SELECT * WHERE { ?s ?p ?o }", "--format", "csv"])
    assert "\x1b[31m" in piped.stdout  # a pipe or a file gets the data as it is
