"""The ``mosgraph`` command (see :mod:`mosgraph.cli._app`)."""

from ._app import main

__all__ = ["main"]
