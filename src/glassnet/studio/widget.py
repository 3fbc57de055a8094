"""The studio in a Jupyter notebook: the page's own front end as an anywidget.

    import glassnet as gn
    gn.studio(model, X, y)          # model: Dense stack with 2 inputs; X (m, 2); y in {0, 1}
    gn.studio(dataset="circles")    # or any studio setting, with the built-in sets

The widget runs ``static/studio.js`` (the same file the web page loads) and carries its
requests over the widget's messages instead of a WebSocket: the page sends
``{"id", "method", "params"}``, the kernel answers ``{"id", "result"}`` from
``studio.api.handle``, so the notebook and the browser page behave alike.
"""

import base64
import json
import re

from .api import handle, to_json
from .data import points_from_arrays
from .server import STATIC
from .session import Session

_WIDGET_START = """
export default {
  render({ model, el }) {
    el.classList.add("glassnet-studio");
    mountStudio(el, widgetTransport(model), { useUrl: false });
  },
};
"""


def _inline_fonts(css):
    """KaTeX's CSS with its woff2 fonts as data: URLs (a notebook serves no files)."""
    def data_url(match):
        font = (STATIC / "katex" / match.group(1)).read_bytes()
        return "url(data:font/woff2;base64," + base64.b64encode(font).decode("ascii") + ")"

    return re.sub(r"url\((fonts/[^)]+\.woff2)\)", data_url, css)


def _esm():
    return ((STATIC / "katex" / "katex.min.js").read_text(encoding="utf-8") + "\n"
            + (STATIC / "studio.js").read_text(encoding="utf-8") + _WIDGET_START)


def _css():
    return (_inline_fonts((STATIC / "katex" / "katex.min.css").read_text(encoding="utf-8"))
            + (STATIC / "studio.css").read_text(encoding="utf-8"))


def reply(session, content):
    """The answer to one message from the page: ``{"id", "result"}`` (JSON-ready)."""
    if not isinstance(content, dict):
        return {"id": None, "result": {"error": "A message must be {id, method, params}."}}
    result = handle(session, content.get("method"), content.get("params"))
    return {"id": content.get("id"), "result": json.loads(to_json(result))}


def studio(model=None, X=None, y=None, **config):
    """A ``StudioWidget`` on ``model`` trained on ``(X, y)``; see the module docstring."""
    import anywidget

    class StudioWidget(anywidget.AnyWidget):
        """The studio page inside a notebook cell; ``.session`` is its Session."""

        _esm = _esm()
        _css = _css()

        def __init__(self, session):
            super().__init__()
            self.session = session
            self.on_msg(self._on_message)

        def _on_message(self, widget, content, buffers):
            self.send(reply(self.session, content))

    if (X is None) != (y is None):
        raise ValueError("gn.studio takes both X and y (the points and their labels), or "
                         "neither (a built-in data set).")
    session = Session(config) if X is None else Session(
        {**config, "dataset": "csv"}, csv=points_from_arrays(X, y))
    if model is not None:
        session.use_model(model)
    return StudioWidget(session)
