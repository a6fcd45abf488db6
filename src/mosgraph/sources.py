"""Find reports and the curation file of each, and read them.

The curation of ``DIR/reports/NAME.txt`` is ``DIR/curation/NAME.yaml``; failing that,
``NAME.yaml`` beside the report. A report without one is built from its text and the
register of organisations alone. With no report given, the bundled reports are used.

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
    """Where the curation of ``report`` is expected to be (it may not exist)."""
    report = Path(report)
    beside_reports = report.parent.parent / "curation" / f"{report.stem}.yaml"
    if beside_reports.exists():
        return beside_reports
    return report.with_suffix(".yaml")


def load_sources(
    reports: Iterable[str | os.PathLike[str]] = (),
    *,
    curation: str | os.PathLike[str] | None = None,
    use_curation: bool = True,
) -> list[tuple[Report, Curation | None]]:
    """Read each report and its curation, if it has one.

    ``curation`` names the file to use for all of them (it must exist); ``use_curation``
    False ignores curation files (the build from the text alone).
    """
    paths = [Path(p) for p in reports] or default_reports()
    pairs: list[tuple[Report, Curation | None]] = []
    for path in paths:
        report = read_report(path)
        if curation is not None:
            if not Path(curation).exists():
                raise CurationError("curation file not found", file=str(curation))
            pairs.append((report, load_curation(curation, report)))
            continue
        found = curation_path(path)
        pairs.append((report, load_curation(found, report)
                      if use_curation and found.exists() else None))
    return pairs
