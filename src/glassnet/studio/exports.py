"""What the page lets you keep: the model file, the worked step, the loss curve.

``export(session, kind)`` returns ``(filename, mime type, bytes)`` for ``kind`` in
``model`` (a ``.glassnet`` file, ``gn.models.load_model`` reads it), ``markdown`` and
``latex`` (the worked step of the next batch, from ``gn.explain``) and ``png`` (the
train and test loss against the step, drawn by matplotlib).
"""

import io
import os
import tempfile

KINDS = ("model", "markdown", "latex", "png")


def model_bytes(model):
    """The model as the bytes of a ``.glassnet`` file (written by ``model.save``)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "studio.glassnet")
        model.save(path)
        with open(path, "rb") as file:
            return file.read()


def loss_png(history):
    """PNG bytes of the train and test loss against the number of batches trained."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6, 3.5), dpi=100)
    ax = figure.add_subplot()
    ax.plot(history["step"], history["train"], label="train loss")
    ax.plot(history["step"], history["test"], "--", label="test loss")
    ax.set_xlabel("batches trained (step)")
    ax.set_ylabel("loss")
    ax.legend()
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def export(session, kind, example=None):
    """``(filename, mime, bytes)`` of one export (see the module docstring);
    ``example``: the row of the batch (from 0) whose step is written, None for all."""
    from .maths import document

    if kind == "model":
        return "studio.glassnet", "application/octet-stream", model_bytes(session.model)
    if kind == "png":
        return "loss.png", "image/png", loss_png(session.history)
    if kind in ("markdown", "latex"):
        _, xb, yb = session.next_batch()
        text = document(session.model, xb, yb, kind, example)
        name = "step.md" if kind == "markdown" else "step.tex"
        return name, "text/markdown" if kind == "markdown" else "application/x-tex", \
            text.encode("utf-8")
    raise ValueError(f"export must be one of {', '.join(KINDS)}, but got {kind!r}.")
