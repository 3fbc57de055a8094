"""Writing results so that a failed or interrupted run overwrites nothing.

Every file is first written under a temporary name in the destination folder and
moved into place (``os.replace``, atomic on one file system) only once complete.
"""

import os
import shutil
import tempfile


class OutputFolder:
    """Collect a run's files in a hidden temporary folder, then move them into ``path``.

    >>> with OutputFolder("glassnet-run") as out:
    ...     model_file = out.file("model.glassnet")   # write there
    ...     out.commit()                               # move everything into place

    Leaving the ``with`` block without ``commit()`` (an error, Ctrl-C) deletes the
    temporary folder, and the folder ``path`` if this run created it, so earlier
    results stay as they were.
    """

    def __init__(self, path):
        self.path = os.path.abspath(os.fspath(path))
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise ValueError(
                f"--out {path!r} is a file, not a folder. Give a folder name for the results."
            )
        self.created = not os.path.exists(self.path)
        self.names = []

    def __enter__(self):
        try:
            os.makedirs(self.path, exist_ok=True)
            self.tmp = tempfile.mkdtemp(prefix=".glassnet-tmp-", dir=self.path)
        except OSError as error:
            raise OSError(
                f"Cannot write to the folder {self.path!r}: {error.strerror or error}."
            ) from None
        return self

    def file(self, name):
        """The temporary path to write ``name`` to."""
        self.names.append(name)
        return os.path.join(self.tmp, name)

    def commit(self):
        """Move every written file into the destination folder; return their names."""
        moved = []
        for name in self.names:
            if os.path.exists(os.path.join(self.tmp, name)):
                os.replace(os.path.join(self.tmp, name), os.path.join(self.path, name))
                moved.append(name)
        return moved

    def __exit__(self, *exc):
        shutil.rmtree(self.tmp, ignore_errors=True)
        if self.created and exc[0] is not None and not os.listdir(self.path):
            os.rmdir(self.path)
        return False
