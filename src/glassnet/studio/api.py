"""The studio's requests, one function each, shared by the web server and the widget.

A request is ``{"method": name, "params": {...}}``; ``handle(session, method, params)``
returns JSON-ready data, or ``{"error": message}`` for bad input (one sentence the page
shows as it is). The page speaks this over a WebSocket (the server) or over the
widget's messages (Jupyter); ``POST /api/<method>`` takes the same ``params``.
"""

import base64
import json
import os
import tempfile

from .frames import frame


def _frame(session, params):
    return frame(session)


def _configure(session, params):
    """``{"config": {...}}``, or ``{"query": {...}}``: the page's URL parameters."""
    from .config import from_query

    values = from_query(params["query"]) if "query" in params else params.get("config", {})
    session.configure(values)
    return frame(session)


def _reset(session, params):
    session.reset()
    return frame(session)


def _step(session, params):
    session.step()
    return frame(session, points=False)


def _epoch(session, params):
    session.epoch()
    return frame(session, points=False)


def _play(session, params):
    """``{"budget": seconds}`` (0 to 0.5, default 0.05): whole epochs for that long."""
    budget = params.get("budget", 0.05)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) \
            or not 0 <= budget <= 0.5:
        raise ValueError(f"budget must be a number of seconds from 0 to 0.5, but got "
                         f"{budget!r}.")
    session.play(budget)
    return frame(session, points=False)


def _set_weight(session, params):
    session.set_weight(_int(params, "layer"), _int(params, "source"), _int(params, "unit"),
                       params.get("value"))
    return frame(session, points=False)


def _int(params, key):
    value = params.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{key} must be a whole number, but got {value!r}.")
    return value


def _batch(session, params):
    rows, xb, yb = session.next_batch()
    example = params.get("example")
    if example in (None, "", "batch"):
        return xb, yb, None
    try:
        return xb, yb, int(example) - 1  # the page counts examples from 1
    except (TypeError, ValueError):
        raise ValueError(f"example must be 'batch' or a row number of the batch, but got "
                         f"{example!r}.") from None


def _explain(session, params):
    from .maths import worked_step

    xb, yb, example = _batch(session, params)
    out = worked_step(session.model, xb, yb, params.get("focus") or {}, example)
    out["rows_of_batch"] = session.next_batch()[0].tolist()
    out["step"] = session.step_count
    return out


def _check(session, params):
    from .maths import check

    xb, yb, example = _batch(session, params)
    return {"verdicts": check(session.model, xb, yb, params.get("answers") or {}, example)}


def _upload_csv(session, params):
    session.use_csv(str(params.get("text", "")), params.get("name") or "the CSV file")
    return frame(session)


def _open_model(session, params):
    from ..saving import load_model

    data = _decode(params.get("base64"), "a .glassnet model file")
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.glassnet")
        with open(path, "wb") as file:
            file.write(data)
        try:
            model = load_model(path)
        except Exception as error:  # a damaged or foreign file: say which, not where
            raise ValueError(f"{params.get('name') or 'the file'} is not a glassnet model "
                             f"file ({error}).") from None
    session.use_model(model)
    return frame(session)


def _decode(text, what):
    try:
        return base64.b64decode(str(text or ""), validate=True)
    except ValueError:
        raise ValueError(f"expected {what}, sent as base64; the upload was damaged.") from None


def _export(session, params):
    from .exports import export

    _, _, example = _batch(session, params)
    filename, mime, data = export(session, params.get("kind"), example)
    return {"filename": filename, "mime": mime,
            "base64": base64.b64encode(data).decode("ascii")}


METHODS = {
    "frame": _frame, "configure": _configure, "reset": _reset, "step": _step,
    "epoch": _epoch, "play": _play, "set_weight": _set_weight, "explain": _explain, "check": _check,
    "upload_csv": _upload_csv, "open_model": _open_model, "export": _export,
}


def handle(session, method, params=None):
    """Run one request; bad input gives ``{"error": message}``, never a traceback."""
    if method not in METHODS:
        return {"error": f"unknown request {method!r}; the requests are "
                         f"{', '.join(METHODS)}."}
    if params is not None and not isinstance(params, dict):
        return {"error": f"the parameters of {method!r} must be a JSON object."}
    try:
        return METHODS[method](session, params or {})
    except (ValueError, TypeError, KeyError, RuntimeError) as error:
        message = str(error).strip("'\"") or type(error).__name__
        if "." not in message.split()[0]:  # a sentence, not a file name such as data.csv
            message = message[0].upper() + message[1:]
        return {"error": message}
    except Exception as error:  # a bug: the page gets a message, the terminal one line
        import sys

        print(f"glassnet studio: {method} failed: {type(error).__name__}: {error}",
              file=sys.stderr)
        return {"error": f"The studio could not do '{method}' ({type(error).__name__}: "
                         f"{error}). Reset, or reload the page; please report this."}


def to_json(data):
    """JSON text of a result; NaN and infinity (a diverged model) become null."""
    try:
        return json.dumps(data, allow_nan=False)
    except ValueError:
        return json.dumps(_finite(data), allow_nan=False)


def _finite(data):
    if isinstance(data, float):
        return data if data == data and abs(data) != float("inf") else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data
