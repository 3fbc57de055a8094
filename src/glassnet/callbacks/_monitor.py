"""Shared logic of callbacks that watch one logged quantity (``"val_loss"``...).

``mode="min"``: lower is better; ``"max"``: higher is better; ``"auto"``: decided
from the name as Keras does: ``loss``/``val_loss`` go down, and a metric of the
model goes the way its ``direction`` says (accuracy, AUC... up; mae, mse down).
"""

import math
import warnings

from .. import _arguments
from .base import Callback


class MonitorCallback(Callback):
    """Base class: ``monitor``, ``mode``, ``min_delta`` and "is this an improvement?"."""

    def __init__(self, monitor="val_loss", mode="auto", min_delta=0.0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError(
                f"{type(self).__name__} expects mode 'auto', 'min' or 'max', but got {mode!r}."
            )
        if not isinstance(monitor, str):
            raise TypeError(
                f"{type(self).__name__} expects monitor to be a name such as 'val_loss', "
                f"but got {monitor!r}."
            )
        self.monitor, self.mode = monitor, mode
        self.min_delta = abs(_arguments.real(min_delta, "min_delta", type(self).__name__))
        self.lower_is_better = None  # decided at the first epoch end, once metrics exist

    def _set_direction(self):
        if self.mode != "auto":
            self.lower_is_better = self.mode == "min"
            return
        name = self.monitor.removeprefix("val_")
        if name == "loss":
            self.lower_is_better = True
            return
        for metric, logged in self._metrics_by_log_name():
            if logged == name and getattr(metric, "direction", None) in ("up", "down"):
                self.lower_is_better = metric.direction == "down"
                return
        self.lower_is_better = self._direction_of_unknown_name()

    def _metrics_by_log_name(self):
        """``(metric, its key in the logs)`` for each of the model's metrics."""
        metrics = getattr(self.model, "metrics", [])
        names = getattr(self.model, "_metric_log_names", None) or [m.name for m in metrics]
        return list(zip(metrics, names))

    def _direction_of_unknown_name(self):
        """Auto mode for a name that is neither the loss nor a metric: refuse to guess."""
        raise ValueError(
            f"{type(self).__name__} got monitor={self.monitor!r}, but cannot tell whether "
            "it should go up or down: it is not the loss nor a metric of the model "
            f"({[logged for _, logged in self._metrics_by_log_name()]}). Pass mode='max' "
            "to keep the highest value, or mode='min' to keep the lowest."
        )

    def worst(self):
        """The starting 'best': +inf when lower is better, else -inf."""
        return math.inf if self.lower_is_better else -math.inf

    def is_improvement(self, current, reference):
        """Whether ``current`` beats ``reference`` by more than ``min_delta``."""
        if reference is None:
            return True
        if self.lower_is_better:
            return current < reference - self.min_delta
        return current > reference + self.min_delta

    def monitor_value(self, logs):
        """The monitored value from ``logs``, or None (with a warning) when absent."""
        if self.lower_is_better is None:
            self._set_direction()
        value = (logs or {}).get(self.monitor)
        diverged = not math.isfinite((logs or {}).get("loss", 0.0))
        if value is None and not diverged:  # after divergence fit has said why: no val_
            warnings.warn(
                f"{type(self).__name__} is conditioned on {self.monitor!r}, which is not in "
                f"the logs. Available: {', '.join(logs or {})}. (val_ values need "
                "validation_data or validation_split.)",
                stacklevel=3,
            )
        return value
