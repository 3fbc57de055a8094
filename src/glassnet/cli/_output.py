"""Writing a run's results so that the output folder is the complete old or the complete new.

The new folder is built beside the target, as ``.glassnet-new-<name>-<pid>-*``, and
swapped in whole: with one ``renameat2(RENAME_EXCHANGE)`` on Linux, else with two
renames (the old folder is first renamed to ``.glassnet-old-<name>-<pid>-*``). A run
stopped by an error, Ctrl-C, SIGTERM or SIGHUP removes its temporary folder; one
killed outright (SIGKILL, a power cut) leaves it behind, and the next run beside that
target removes it, or puts the old folder back if the kill fell between the renames.
"""

import contextlib
import ctypes
import errno
import os
import shutil
import tempfile
import time

from .._interrupts import deferred as signals_deferred
from ..saving import _umask
from ._errors import noted_interrupt

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def pause_for_tests(point):
    """Stop here for a minute when ``GLASSNET_TEST_PAUSE`` names ``point``.

    The tests send signals at the worst moments this way: the process prints
    ``paused at POINT`` on stderr and sleeps, and the test signals it then.
    """
    if os.environ.get("GLASSNET_TEST_PAUSE") == point:
        os.write(2, f"paused at {point}\n".encode())
        time.sleep(60)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _exchange(a, b):
    """Swap the two paths in one atomic step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
        return False  # a file system or kernel without the exchange: use two renames
    raise OSError(code, os.strerror(code), a)


class OutputFolder:
    """Collect a run's files in a temporary folder beside ``path``, then swap it in.

    >>> with OutputFolder("glassnet-run", owned=["model.glassnet"]) as out:
    ...     model_file = out.file("model.glassnet")   # write there
    ...     out.commit()                               # the new folder replaces the old

    ``owned`` names the files glassnet writes to such a folder: those of an earlier
    run that this run does not write again (a plot) are left out of the new folder;
    any other file in the old folder (the user's own) is carried over. Leaving the
    ``with`` block without ``commit()`` (an error, Ctrl-C, SIGTERM) deletes the
    temporary folder, so earlier results stay exactly as they were.
    """

    committed = None  # the path of the last folder committed in this process

    def __init__(self, path, owned=()):
        self.path = os.path.abspath(os.fspath(path))
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise ValueError(
                f"--out {path!r} is a file, not a folder. Give a folder name for the results."
            )
        self.parent, self.name = os.path.split(self.path)
        self.owned = set(owned)
        self.names = []
        self.tmp = None

    def check_writable(self):
        """Raise an OSError now if the folder cannot be written (before a long run).

        The new folder is built beside it, so the folder above it (or the nearest
        one above that exists) must be writable; nothing is created here.
        """
        folder = self.parent
        while not os.path.exists(folder):
            folder = os.path.dirname(folder)
        try:
            if not os.path.isdir(folder):
                raise NotADirectoryError(folder)
            tempfile.TemporaryFile(dir=folder).close()  # what the run will do, tried now
        except OSError:
            raise OSError(
                f"Cannot write to the folder {self.path!r}: {folder!r} is not writable. "
                "Choose another --out folder (nothing was trained)."
            ) from None

    def __enter__(self):
        try:
            os.makedirs(self.parent, exist_ok=True)
            self._clean_stale()
            self.tmp = tempfile.mkdtemp(prefix=f".glassnet-new-{self.name}-{os.getpid()}-",
                                        dir=self.parent)
        except OSError as error:
            raise OSError(
                f"Cannot write to the folder {self.parent!r}: {error.strerror or error}."
            ) from None
        return self

    def _clean_stale(self):
        """Remove what killed runs left beside the target; restore an old folder lost
        between the two renames of a swap."""
        for entry in sorted(os.listdir(self.parent)):
            for kind in ("new", "old"):
                prefix = f".glassnet-{kind}-{self.name}-"
                rest = entry[len(prefix):] if entry.startswith(prefix) else ""
                pid = rest.split("-", 1)[0]
                if not pid.isdigit() or _alive(int(pid)):
                    continue
                stale = os.path.join(self.parent, entry)
                if kind == "old" and not os.path.exists(self.path):
                    os.rename(stale, self.path)  # the kill came between the renames
                else:
                    shutil.rmtree(stale, ignore_errors=True)

    def file(self, name):
        """The temporary path to write ``name`` to."""
        self.names.append(name)
        return os.path.join(self.tmp, name)

    def commit(self):
        """Swap the new folder in for the old one; return the names written.

        After a signal (even one a library swallowed while the files were written, so
        that a plot is missing) nothing is swapped: the interrupt is raised instead.
        """
        stopped = noted_interrupt()
        if stopped is not None:
            raise stopped
        written = sorted(n for n in self.names if os.path.exists(os.path.join(self.tmp, n)))
        if os.path.isdir(self.path):
            self._carry_over()
        os.chmod(self.tmp, 0o777 & ~_umask())  # mkdtemp makes folders owner-only
        pause_for_tests("swap")
        with signals_deferred():  # Ctrl-C, SIGTERM: after the swap, not amid it
            if not os.path.exists(self.path):
                os.rename(self.tmp, self.path)
                self.tmp = None
            elif _exchange(self.tmp, self.path):
                pass  # self.tmp now holds the old folder, removed on exit
            else:
                old = tempfile.mkdtemp(prefix=f".glassnet-old-{self.name}-{os.getpid()}-",
                                       dir=self.parent)
                os.rmdir(old)
                os.rename(self.path, old)
                pause_for_tests("between-renames")
                os.rename(self.tmp, self.path)
                self.tmp = old
            OutputFolder.committed = self.path
        return written

    def _carry_over(self):
        """Link the user's own files of the old folder into the new one."""
        for entry in os.listdir(self.path):
            source, target = os.path.join(self.path, entry), os.path.join(self.tmp, entry)
            if entry in self.owned or os.path.lexists(target):
                continue
            if os.path.isdir(source) and not os.path.islink(source):
                shutil.copytree(source, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(source, target)

    def __exit__(self, *exc):
        if self.tmp is not None:
            with signals_deferred():  # a second Ctrl-C must not stop the cleanup midway
                shutil.rmtree(self.tmp, ignore_errors=True)
        return False


def _link_or_copy(source, target):
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
        return
    with contextlib.suppress(OSError):
        os.link(source, target)
        return
    shutil.copy2(source, target)
