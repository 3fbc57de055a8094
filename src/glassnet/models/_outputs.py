"""The heads: what ``compile`` sets up for each output (its loss, loss weight and
metrics), as in Keras; a one-output model has one head.

Here compile's arguments become heads (``heads``), and back (``compile_config``,
``compile_arguments``), and each head's metric objects are made (``build_metrics``);
the model's training step only loops over ``model._heads``.

A model with outputs named ``price`` and ``buy`` (the output layers' names) is
compiled with one loss for all, or a list (in output order) or a dict by name::

    model.compile(optimizer="adam", loss={"price": "mse", "buy": "binary_crossentropy"},
                  loss_weights={"price": 1.0, "buy": 0.5},
                  metrics={"price": ["mae"], "buy": ["accuracy"]})

and trained on ``y = [y_price, y_buy]`` (or ``{"price": ..., "buy": ...}``). The
batch loss is ``L = sum_k w_k L_k`` (plus the weight penalties), so backpropagation
starts from ``w_k dL_k/dA_k`` at each output. The History names each output's loss
and metrics after it, as Keras: ``price_loss``, ``buy_loss``, ``buy_accuracy``.

Inside the engine the targets of all outputs travel as one array, their columns
side by side (``(m, n_1 + n_2 + ...)``), so batches are cut as for one output;
``head.columns`` are output k's columns (all of them for a one-output model, whose
one head is the general case with nothing to split). Sample weights given per output
(a list or dict, as Keras takes them) travel side by side too, ``(m, K)``.
"""

from .. import _arguments
from .. import losses as losses_module
from .. import metrics as metrics_module


class Head:
    """One output of the model: its name, loss, loss weight and metric identifiers
    (``metric_ids`` ignore sample weights, ``weighted_metric_ids`` use them, as Keras's
    ``metrics`` and ``weighted_metrics``)."""

    def __init__(self, name, loss, weight, metric_ids, weighted_metric_ids=()):
        self.name, self.loss, self.weight = name, loss, float(weight)
        self.metric_ids = list(metric_ids)
        self.weighted_metric_ids = list(weighted_metric_ids)
        # set by the model (Model._update_heads) once its output layers are known:
        self.layer = None  # the output layer
        self.columns = slice(None)  # its columns of the targets Y (m, n_1 + n_2 + ...)
        self.fused = False  # does this output take dZ = A - Y?

    def __repr__(self):
        return f"Head({self.name!r}, {type(self.loss).__name__}, weight={self.weight})"


def heads(names, loss, loss_weights, metrics, weighted_metrics):
    """One ``Head`` per output from ``compile``'s arguments, all checked first.

    ``names`` are the outputs' names (one for a one-output model, whose head has the
    name ``""``: its logs are not prefixed). Raises for an unknown loss or metric, a
    loss that does not reduce to one number, or a list or dict that does not match
    the outputs.
    """
    losses = [losses_module.get(item) for item in per_output(loss, names, "loss")]
    for item in losses:
        if item.reduction == "none":
            raise ValueError(
                "Training needs a loss that reduces to one number: use reduction "
                "'sum_over_batch_size' or 'sum', not None/'none'."
            )
    weights = per_output(1.0 if loss_weights is None else loss_weights, names,
                         "loss_weights", 1.0)
    weights = [_arguments.real(w, "loss_weights", "compile()", low=0) for w in weights]
    metric_ids = metric_lists(metrics, names)
    weighted_ids = metric_lists(weighted_metrics, names)
    for ids in [*metric_ids, *weighted_ids]:
        for identifier in ids:  # unknown names fail now, not in fit
            metrics_module.get(identifier, output_units=1)
    return [Head(name if len(names) > 1 else "", *rest)
            for name, *rest in zip(names, losses, weights, metric_ids, weighted_ids)]


def compile_config(heads):
    """The loss and metric part of ``get_compile_config()``, JSON-ready: a value each
    for one output, a list each (in output order) for several."""
    def metric_list(ids):
        return [m if isinstance(m, str) else metrics_module.serialize(m) for m in ids]

    if len(heads) > 1:
        return {
            "loss": [losses_module.serialize(h.loss) for h in heads],
            "loss_weights": [h.weight for h in heads],
            "metrics": [metric_list(h.metric_ids) for h in heads],
            "weighted_metrics": [metric_list(h.weighted_metric_ids) for h in heads],
        }
    head = heads[0]
    config = {"loss": losses_module.serialize(head.loss),
              "metrics": metric_list(head.metric_ids),
              "weighted_metrics": metric_list(head.weighted_metric_ids)}
    if head.weight != 1.0:
        config["loss_weights"] = head.weight
    return config


def compile_arguments(config):
    """``compile``'s ``loss``, ``metrics``, ``weighted_metrics`` and ``loss_weights``
    from what ``compile_config`` wrote."""
    def metric(m):
        return m if isinstance(m, str) else metrics_module.get(m)

    loss = config["loss"]
    metrics, weighted = config.get("metrics") or [], config.get("weighted_metrics") or []
    if isinstance(loss, list):  # several outputs: one loss and metric list each
        loss = [losses_module.get(item) for item in loss]
        metrics = [[metric(m) for m in ids] for ids in metrics] or None
        weighted = [[metric(m) for m in ids] for ids in weighted] or None
    else:
        loss = losses_module.get(loss)
        metrics, weighted = [metric(m) for m in metrics], [metric(m) for m in weighted]
    return {"loss": loss, "metrics": metrics, "weighted_metrics": weighted,
            "loss_weights": config.get("loss_weights")}


def build_metrics(heads):
    """The metric objects of every head, for its output layer's width.

    As Keras: the metrics of every output, then the weighted metrics; with several
    outputs each is logged under its output's name (``buy_accuracy``) and each
    output's loss is tracked too (``buy_loss``); names as ``log_name``. Returns the
    lists ``(metrics, head index, weighted, log name)`` (one entry per metric) and the
    outputs' loss means (none for one output).
    """
    metrics, metric_heads, weighted_flags, log_names, counters = [], [], [], [], {}
    for weighted in (False, True):
        for k, head in enumerate(heads):
            labels = isinstance(head.loss, losses_module.SparseCategoricalCrossentropy)
            for identifier in head.weighted_metric_ids if weighted else head.metric_ids:
                metric = metrics_module.get(identifier,
                                            output_units=head.layer.output_shape[-1],
                                            targets_are_labels=labels)
                metrics.append(metric)
                metric_heads.append(k)
                weighted_flags.append(weighted)
                log_names.append(log_name(metric.name, head.name, weighted, counters))
    trackers = [LossMean(f"{h.name}_loss") for h in heads] if len(heads) > 1 else []
    return metrics, metric_heads, weighted_flags, log_names, trackers


def output_weights(sample_weight, k):
    """Output k's sample weights: column k of per-output weights ``(m, K)``, else the
    one ``(m,)`` array all outputs share (or None)."""
    if sample_weight is None or sample_weight.ndim == 1:
        return sample_weight
    return sample_weight[:, k]


def per_output(value, names, what, default=None):
    """``value`` as a list with one entry per output.

    A single value is used for every output; a list or tuple must have one entry per
    output (in order); a dict is keyed by output name (missing names get ``default``).
    """
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(names))
        if unknown:
            raise ValueError(
                f"{what} names outputs {unknown}, but the model's outputs are {names}."
            )
        return [value.get(name, default) for name in names]
    if isinstance(value, (list, tuple)) and (len(names) > 1 or len(value) == 1):
        if len(value) != len(names):
            raise ValueError(
                f"{what} has {len(value)} entries, but the model has {len(names)} outputs "
                f"{names}: give one per output, or a dict keyed by output name."
            )
        return list(value)
    return [value] * len(names)


def metric_lists(metrics, names):
    """Per output, the list of metric identifiers (Keras's rules for ``metrics=``)."""
    if metrics is None:
        return [[] for _ in names]
    if len(names) == 1:
        if isinstance(metrics, dict):
            metrics = per_output(metrics, names, "metrics", [])[0]
        return [list(metrics) if isinstance(metrics, (list, tuple)) else [metrics]]
    if isinstance(metrics, (list, tuple)) and not all(
            m is None or isinstance(m, (list, tuple, dict)) for m in metrics):
        raise ValueError(
            f"This model has {len(names)} outputs {names}, so metrics must be a list with "
            "one list of metrics per output (e.g. [['mae'], ['accuracy']]) or a dict "
            f"keyed by output name, but got {metrics!r}."
        )
    lists = per_output(metrics, names, "metrics", [])
    return [[] if m is None else list(m) if isinstance(m, (list, tuple)) else [m]
            for m in lists]


def log_name(own, output, weighted, counters):
    """The logs' name of a metric named ``own``, as Keras 3's ``CompileMetrics.result``.

    Prefixed by its output's name when there are several (``buy_accuracy``); a second
    metric of one name gets ``_1`` (then ``_2``...), a weighted metric named like an
    earlier one ``weighted_<own>``. ``counters`` counts the names given so far.
    """
    def prefixed(name):
        return f"{output}_{name}" if output else name

    name = prefixed(own)
    if name in counters:
        if weighted:
            name = prefixed(f"weighted_{own}")
        if name in counters:
            counters[name] += 1
            return f"{name}_{counters[name] - 1}"
    counters[name] = 1
    return name


class LossMean:
    """The running mean of one output's batch losses, weighted by batch size."""

    def __init__(self, name):
        self.name = name
        self.reset_state()

    def reset_state(self):
        self.total, self.count = 0.0, 0

    def add(self, value, m):
        self.total += value * m
        self.count += m

    def result(self):
        return self.total / self.count if self.count else float("nan")
