"""Find reports and the curation file of each, and read them.

The curation of ``DIR/reports/NAME.txt`` is ``DIR/curation/NAME.yaml``; failing that,
``NAME.yaml`` beside the report. With no report given, the bundled reports are used.

>>> [p.name for p in default_reports()]
['hlg-mos-2021-01-29.txt']
>>> curation_path(default_reports()[0]).name
'hlg-mos-2021-01-29.yaml'
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .curation import Curation, load_curation
from .errors import CurationError
from .reader import read_report
from .report import Report
from .resources import reports_dir

__all__ = ["curation_path", "default_reports", "load_sources"]


def default_reports() -> list[Path]:
    """The reports shipped with mosgraph (``data/reports/*.txt``), sorted by name."""
    return sorted(reports_dir().glob("*.txt"))


def curation_path(report: str | os.PathLike[str]) -> Path:
    """Where the curation of ``report`` is expected to be."""
    report = Path(report)
    beside_reports = report.parent.parent / "curation" / f"{report.stem}.yaml"
    if beside_reports.exists():
        return beside_reports
    return report.with_suffix(".yaml")


def load_sources(
    reports: Iterable[str | os.PathLike[str]] = (),
    *,
    curation: str | os.PathLike[str] | None = None,
) -> list[tuple[Report, Curation]]:
    """Read each report and its curation (``curation`` overrides the file for all of them)."""
    paths = [Path(p) for p in reports] or default_reports()
    pairs = []
    for path in paths:
        report = read_report(path)
        cur_path = Path(curation) if curation else curation_path(path)
        if not cur_path.exists():
            raise CurationError(
                f"no curation for report {path.name}: expected {cur_path} "
                "(say what its organisations and roles mean there, or pass --curation)",
                file=str(cur_path),
            )
        pairs.append((report, load_curation(cur_path, report)))
    return pairs
