"""model.summary(): a table of layers, output shapes and parameter counts."""


def _shape(shape):
    return str(tuple(shape)).replace("None", "None") if shape is not None else "?"


def _bytes(n):
    """``"92.00 B"``, ``"1.50 KB"``...: Keras's ``readable_memory_size`` (powers of 1024)."""
    for unit in ["B", "KB", "MB", "GB", "TB"]:
        if n / 1024 < 1:
            return f"{n:.2f} {unit}"
        n /= 1024
    return f"{n:.2f} PB"


def summary_rows(model):
    """``(name (type), output shape, params)`` for each layer, as Keras lists them.

    A functional model lists its Input layers too; a Sequential has none.
    """
    return [row[:3] for row in _rows(model)]


def _rows(model):
    """``(name (type), shape, params, trainable, connected to)`` per layer."""
    from ..layers.core import InputLayer
    from .sequential import Sequential

    # Keras's "name[node][0]": the tensor's layer, and which call of it made the tensor
    nodes = getattr(model, "_nodes", [])
    call = {id(t): sum(u.layer is t.layer for u in nodes[:i]) for i, t in enumerate(nodes)}
    inbound = {}  # layer -> the tensors it is called on, over all its calls
    for t in nodes:
        inbound.setdefault(id(t.layer), []).extend(
            f"{s.layer.name}[{call.get(id(s), 0)}][0]" for s in t.inbound)
    rows = []
    for layer in model.layers:
        if isinstance(layer, InputLayer) and isinstance(model, Sequential):
            continue
        trainable = ("Y" if layer.trainable else "N") if layer.weights else "-"
        connected = ", ".join(inbound.get(id(layer), [])) or "-"
        rows.append((f"{layer.name} ({type(layer).__name__})", _shape(layer.output_shape),
                     layer.count_params(), trainable, connected))
    return rows


def summary(model, print_fn=None, show_trainable=False):
    """Print (or pass to ``print_fn``) the model's summary table.

    As Keras: a functional model has a "Connected to" column (each input as
    ``name[k][0]``, from the k-th call of layer ``name``), and
    ``show_trainable=True`` adds a "Trainable" column (Y, N, or - for a layer
    without weights).
    """
    model._require_built("summary")
    from rich.console import Console
    from rich.table import Table

    from .sequential import Sequential

    connected = not isinstance(model, Sequential)
    table = Table(title=f'Model: "{model.name}"', title_justify="left")
    table.add_column("Layer (type)")
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    if connected:
        table.add_column("Connected to")
    if show_trainable:
        table.add_column("Trainable", justify="center")
    for name, shape, count, trainable, inputs in _rows(model):
        cells = [name, shape, f"{count:,}"] + [inputs] * connected + [trainable] * show_trainable
        table.add_row(*cells)
    total = model.count_params()
    trainable = sum(w.size for w in model.trainable_weights)
    size = sum(w.nbytes for w in model.weights)
    trainable_size = sum(w.nbytes for w in model.trainable_weights)
    # layer names may come from a model file: shown as written, never as rich markup
    console = Console(record=print_fn is not None, width=100, markup=False, emoji=False)
    lines = [f" Total params: {total:,} ({_bytes(size)})",
             f" Trainable params: {trainable:,} ({_bytes(trainable_size)})",
             f" Non-trainable params: {total - trainable:,} ({_bytes(size - trainable_size)})"]
    if print_fn is None:
        console.print(table)
        for line in lines:
            console.print(line)
        return
    with console.capture() as capture:
        console.print(table)
    print_fn(capture.get())
    for line in lines:
        print_fn(line)
