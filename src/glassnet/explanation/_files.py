"""Reading the small JSON/YAML files explain takes: specs and answer sheets."""

import json


def read_json_or_yaml(path):
    """Parse ``path`` (a ``pathlib.Path``): JSON for ``.json``, YAML for anything else.

    A file that does not parse is a ValueError saying where: ``not valid YAML (line 2,
    column 5: ...)``.
    """
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        import yaml

        return yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise ValueError(
            f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except Exception as error:  # yaml.YAMLError; yaml itself is imported lazily
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ValueError(
            f"not valid YAML ({where}{getattr(error, 'problem', None) or error})."
        ) from None
