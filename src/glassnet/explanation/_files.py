"""Reading the small JSON/YAML files explain takes: specs and answer sheets.

They may come from anyone (a student's answers), so reading is bounded: only a
regular file of at most ``MAX_BYTES`` is read, and a YAML document may not expand
(through its ``&anchor``/``*alias`` references) to more than ``MAX_NODES`` values
nor nest deeper than ``MAX_DEPTH``: a 1 KB "billion laughs" file is refused instead
of growing to gigabytes when the document is walked.
"""

import json
import os
import stat

MAX_BYTES = 4 * 2**20  # 4 MiB: a spec or an answer sheet is a few KB
MAX_NODES = 100_000  # values of the document with every alias expanded
MAX_DEPTH = 100  # lists in lists in mappings...


def read_json_or_yaml(path):
    """Parse ``path`` (a ``pathlib.Path``): JSON for ``.json``, YAML for anything else.

    A file that does not parse, or breaks a limit above, is a ValueError saying why:
    ``not valid YAML (line 2, column 5: ...)``, ``too large (...)``.
    """
    text = _read_text(path)
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return _safe_yaml(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise ValueError(f"nested too deeply (more than {MAX_DEPTH} levels).") from None
    except ValueError:
        raise
    except Exception as error:  # yaml.YAMLError; yaml itself is imported lazily
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ValueError(
            f"not valid YAML ({where}{getattr(error, 'problem', None) or error})."
        ) from None


def _read_text(path):
    """The UTF-8 text of a regular file of at most ``MAX_BYTES`` (FIFOs, devices refused)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ValueError("not a regular file (a folder, a pipe or a device).")
    with os.fdopen(fd, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValueError(f"too large (more than {MAX_BYTES // 2**20} MiB; a spec or an "
                         "answer file is a few KB).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ValueError(f"not UTF-8 text (line {line} holds the byte "
                         f"{raw[error.start:error.start + 1]!r}); save it as UTF-8.") from None


def _safe_yaml(text):
    """``yaml.safe_load``, after checking the document's expanded size and depth."""
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_size(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_size(root):
    """Count the values of the document with every alias expanded (each node once)."""
    sizes = {}  # id(node) -> expanded size, for nodes that aliases share

    def size(node, depth, path):
        if depth > MAX_DEPTH:
            raise ValueError(f"nested too deeply (more than {MAX_DEPTH} levels).")
        if id(node) in path:
            raise ValueError("not a finite document: an alias refers to itself.")
        if id(node) in sizes:
            return sizes[id(node)]
        children = node.value if isinstance(node.value, list) else []
        items = [part for child in children
                 for part in (child if isinstance(child, tuple) else (child,))]
        path.add(id(node))
        total = 1
        for item in items:
            total += size(item, depth + 1, path)
            if total > MAX_NODES:
                raise ValueError(
                    f"too large once its aliases are expanded (more than {MAX_NODES:,} "
                    "values); write the values out instead of repeating anchors."
                )
        path.discard(id(node))
        sizes[id(node)] = total
        return total

    size(root, 0, set())
