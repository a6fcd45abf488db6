"""The README's quick start stays true: CI runs its test command; commands it names exist."""

from __future__ import annotations

import re
from pathlib import Path

from mosgraph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", section)


def test_quick_start_has_two_commands_install_and_test() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "mosgraph build" in commands[0]
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command() -> None:
    test_command = quick_start_commands()[1].split(" && ", 2)[2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_every_mosgraph_command_in_the_readme_exists() -> None:
    blocks = "\n".join(re.findall(r"```bash\n(.*?)```", README, flags=re.DOTALL))
    named = set(re.findall(r"(?:^|&& )mosgraph (\w+)", blocks, flags=re.MULTILINE))
    commands = set(main.list_commands(None))  # type: ignore[arg-type]
    assert named and named <= commands, named - commands
