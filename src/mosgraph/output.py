"""Writing files safely: every file mosgraph writes goes through here.

* **Only onto a file.** The target must be a regular file or a new path. A device
  (``/dev/null``, ``/dev/full``), a directory, a FIFO or a socket is refused, and so is a
  symbolic link to one (or to nothing); a link to a regular file is followed, and the file it
  points to is replaced. :func:`check_target` says so before any work is done.
* **Atomic.** The bytes go to a temporary file in the target's folder, are flushed to disk,
  and the temporary file is renamed onto the target: a reader sees the old file or the new
  one, never half of one. On any failure the temporary file is removed and the target is as
  it was (folders made for it are removed again). The new file keeps the permissions of the
  file it replaces (else read-write as the umask allows).
* **One error.** A failure to write (no permission, a read-only file system, a full disk, a
  file larger than allowed) raises :class:`~mosgraph.errors.OutputError` naming the file,
  never a bare ``OSError``.
* **Companions are not clobbered.** Files written beside the one the user named (the CSV
  node and edge tables, a catalogue's VoID and schema.org files) replace an existing file
  only when it already holds the same bytes (it is then left untouched), or with ``force``.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_files({folder / "a.txt": b"one"})
>>> (folder / "a.txt").read_bytes()
b'one'
>>> write_files({folder / "a.txt": b"two", folder / "a.note": b"x"}, named=folder / "a.txt")
>>> write_files({folder / "a.txt": b"three", folder / "a.note": b"y"}, named=folder / "a.txt")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.OutputError: .../a.note: a file of that name is already there ...
>>> (folder / "a.txt").read_bytes()   # nothing was written
b'two'
>>> check_target(folder)  # doctest: +ELLIPSIS
Traceback (most recent call last):
mosgraph.errors.OutputError: ...: is a directory, not a file: give a file name
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from .errors import OutputError

__all__ = ["atomic_write", "check_target", "write_files"]

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file: give a file name"),
    (stat.S_ISCHR, "is a device, not a file: mosgraph writes files only"),
    (stat.S_ISBLK, "is a device, not a file: mosgraph writes files only"),
    (stat.S_ISFIFO, "is a pipe, not a file: mosgraph writes files only"),
    (stat.S_ISSOCK, "is a socket, not a file: mosgraph writes files only"),
)


def check_target(path: str | os.PathLike[str]) -> Path:
    """The file that writing to ``path`` replaces or makes (a link to a file is followed).

    Raises :class:`~mosgraph.errors.OutputError` when ``path`` is (or links to) anything
    but a regular file, or is a link to nothing.
    """
    path = Path(path)
    try:
        info = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise _error(path, exc) from exc
    target = path
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        try:
            info = target.stat()
        except FileNotFoundError:
            raise OutputError("is a symbolic link to nothing: give a file name",
                              file=str(path)) from None
        except OSError as exc:
            raise _error(path, exc) from exc
    for test, message in _KINDS:
        if test(info.st_mode):
            link = f" (a link to {target})" if target != path else ""
            raise OutputError(f"{message}{link}", file=str(path))
    return target


def write_files(files: Mapping[Path, bytes], *, named: Path | None = None,
                force: bool = False) -> None:
    """Write several files as one step: each checked, all written to temporary files, then
    renamed into place. Files other than ``named`` are companions (see the module's notes);
    with ``named`` left out, every file was named by the user."""
    chosen: dict[Path, tuple[Path, bytes]] = {}
    for path, data in files.items():
        target = check_target(path)
        if named is not None and Path(path) != Path(named) and target.exists() and not force:
            if _same(target, data):
                continue  # already what it would be: left untouched
            raise OutputError(
                "a file of that name is already there and holds something else: mosgraph "
                "writes it beside your output, and does not replace a file it did not write "
                "this way (remove it, choose another output name, or use --force)",
                file=str(path))
        chosen[Path(path)] = (target, data)
    with contextlib.ExitStack() as stack:
        for path, (target, data) in chosen.items():
            stack.enter_context(_Temporary(path, target)).write(data)


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place on success.

    ``mode`` is ``"w"`` (text, UTF-8) or ``"wb"``. If the body raises, the temporary file is
    removed and ``path`` is left as it was.
    """
    path = Path(path)
    with _Temporary(path, check_target(path), binary="b" in mode) as out:
        yield out


class _Temporary:
    """A temporary file beside ``target``, renamed onto it when the block ends well."""

    def __init__(self, path: Path, target: Path, *, binary: bool = True) -> None:
        self.path, self.target, self.binary = path, target, binary
        self.made: list[Path] = []  # folders made for the file, removed again on failure
        self.temporary: Path | None = None
        self.file: IO[Any] | None = None

    def __enter__(self) -> IO[Any]:
        folder = self.target.parent
        try:
            missing = [p for p in (folder, *folder.parents) if not p.exists()]
            for made in reversed(missing):
                made.mkdir()
                self.made.append(made)
            for _ in range(100):
                candidate = folder / f".{self.target.name}.{secrets.token_hex(4)}.tmp"
                try:
                    fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC,
                                 0o666)
                except FileExistsError:
                    continue
                break
            else:  # pragma: no cover - 100 random names taken
                raise OSError(errno.EEXIST, "no free temporary file name")
            self.temporary = candidate
            self.file = os.fdopen(fd, "wb" if self.binary else "w",
                                  encoding=None if self.binary else "utf-8")
        except OSError as exc:
            self._clean()
            raise _error(self.path, exc) from exc
        return self.file

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: Any) -> None:
        if error is not None:
            self._clean()
            if isinstance(error, OSError) and error.errno in _WRITE_ERRORS:
                raise _error(self.path, error) from error
            return
        assert self.file is not None and self.temporary is not None
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            with contextlib.suppress(FileNotFoundError):
                os.chmod(self.temporary, stat.S_IMODE(self.target.stat().st_mode))
            os.replace(self.temporary, self.target)
        except OSError as exc:
            self._clean()
            raise _error(self.path, exc) from exc

    def _clean(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.close()
        if self.temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
        for folder in reversed(self.made):
            with contextlib.suppress(OSError):
                folder.rmdir()


_WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS,
                 errno.EACCES, errno.EPERM}


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _error(path: Path, exc: OSError) -> OutputError:
    reason = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
              errno.EFBIG: "the file would be larger than allowed",
              errno.EROFS: "the file system is read-only",
              errno.EACCES: "permission denied", errno.EPERM: "permission denied",
              errno.ENOTDIR: "a part of the path is a file, not a folder",
              errno.ENAMETOOLONG: "the name is too long"}.get(exc.errno or 0)
    return OutputError(f"cannot write it: {reason or exc.strerror or exc}", file=str(path))
