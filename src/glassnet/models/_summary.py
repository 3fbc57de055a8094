"""model.summary(): a table of layers, output shapes and parameter counts."""


def _shape(shape):
    return str(tuple(shape)).replace("None", "None") if shape is not None else "?"


def summary_rows(model):
    """``(name (type), output shape, params)`` for each layer, as Keras lists them.

    A functional model lists its Input layers too; a Sequential has none.
    """
    from ..layers.core import InputLayer
    from .sequential import Sequential

    return [
        (f"{layer.name} ({type(layer).__name__})", _shape(layer.output_shape),
         layer.count_params())
        for layer in model.layers
        if not (isinstance(layer, InputLayer) and isinstance(model, Sequential))
    ]


def summary(model, print_fn=None):
    """Print (or pass to ``print_fn``) the model's summary table."""
    model._require_built("summary")
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f'Model: "{model.name}"', title_justify="left")
    table.add_column("Layer (type)")
    table.add_column("Output Shape")
    table.add_column("Param #", justify="right")
    for name, shape, count in summary_rows(model):
        table.add_row(name, shape, f"{count:,}")
    total = model.count_params()
    trainable = sum(w.size for w in model.trainable_weights)
    # layer names may come from a model file: shown as written, never as rich markup
    console = Console(record=print_fn is not None, width=100, markup=False, emoji=False)
    if print_fn is None:
        console.print(table)
        console.print(f" Total params: {total:,}")
        console.print(f" Trainable params: {trainable:,}")
        console.print(f" Non-trainable params: {total - trainable:,}")
        return
    with console.capture() as capture:
        console.print(table)
    print_fn(capture.get())
    print_fn(f" Total params: {total:,}")
    print_fn(f" Trainable params: {trainable:,}")
    print_fn(f" Non-trainable params: {total - trainable:,}")
