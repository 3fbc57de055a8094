"""AUC: the area under the ROC (or precision-recall) curve, from threshold counts."""

import numpy as np

from .. import _arguments
from ..activations import Sigmoid
from .base import Metric, _as_2d, _same_shape, _weights


class AUC(Metric):
    """Area under the ROC or precision-recall curve from threshold counts, as Keras.

    Thresholds are ``[-1e-7, 1/(n-1), 2/(n-1), ..., (n-2)/(n-1), 1 + 1e-7]`` (or
    ``[-1e-7, *sorted(thresholds), 1 + 1e-7]``). At each threshold ``t_j`` the
    weighted counts give ``TP_j, FP_j, TN_j, FN_j`` (predicted positive: score
    ``> t_j``; positive: ``y_true != 0``, as Keras casts it to bool).

    - ``curve="ROC"``: ``TPR = TP/(TP+FN)`` against ``FPR = FP/(FP+TN)``, summed as
      ``sum_j (FPR_j - FPR_{j+1}) h_j`` with ``h_j`` the mean of ``TPR_j, TPR_{j+1}``
      (``summation_method="interpolation"``), their minimum (``"minoring"``) or
      maximum (``"majoring"``). It approaches scikit-learn's ``roc_auc_score``.
    - ``curve="PR"``: precision against recall. With ``"interpolation"`` Keras's
      closed form of Davis & Goadrich's interpolation: between thresholds
      ``j+1 < j``, with ``P = TP + FP``, ``slope = dTP / dP`` and
      ``intercept = TP_{j+1} - slope P_{j+1}``, the area adds
      ``slope (dTP + intercept log(P_j / P_{j+1})) / (TP_{j+1} + FN_{j+1})``
      (the log term is 0 where either ``P`` is 0; each division by 0 gives 0).

    ``from_logits=True``: the scores are logits and go through a sigmoid first.

    Parameters
    ----------
    num_thresholds : int, default 200
    curve : {"ROC", "PR"}, default "ROC"
    summation_method : {"interpolation", "minoring", "majoring"}, default "interpolation"
    name : str, optional
    dtype : optional
        Accepted for Keras's signature; the counts are float64.
    thresholds : list of float, optional
        Thresholds to use instead of ``num_thresholds`` evenly spaced ones.
    multi_label, num_labels, label_weights
        As Keras's ``AUC``.
    from_logits : bool, default False

    Notes
    -----
    The inputs of ``update_state``/``__call__``: ``y_true`` and ``y_pred`` of shape
    ``(m, n_out)`` (``(m,)`` for one output), ``sample_weight`` of shape ``(m,)``.

    Examples
    --------
    >>> m = gn.metrics.AUC()
    >>> float(m([0, 0, 1, 1], [0.0, 0.5, 0.3, 0.9]))  # 3 of 4 (pos, neg) pairs in order
    0.75
    """

    name = "auc"

    def __init__(self, num_thresholds=200, curve="ROC", summation_method="interpolation",
                 name=None, dtype=None, thresholds=None, multi_label=False,
                 num_labels=None, label_weights=None, from_logits=False):
        if _arguments.flag(multi_label, "multi_label", "AUC") or label_weights is not None:
            raise ValueError(
                "AUC multi_label=True and label_weights are not supported: glassnet "
                "computes one AUC over all outputs (multi_label=False)."
            )
        curve = str(curve).upper()
        if curve not in ("ROC", "PR"):
            raise ValueError(f"AUC expects curve 'ROC' or 'PR', but got {curve!r}.")
        summation_method = str(summation_method).lower()
        if summation_method not in ("interpolation", "minoring", "majoring"):
            raise ValueError(
                "AUC expects summation_method 'interpolation', 'minoring' or "
                f"'majoring', but got {summation_method!r}."
            )
        if thresholds is not None:
            inner = sorted(_arguments.real(t, "thresholds", "AUC", 0, 1) for t in thresholds)
            num_thresholds = len(inner) + 2
        elif isinstance(num_thresholds, bool) or not isinstance(num_thresholds, int) \
                or num_thresholds < 2:
            raise ValueError(f"num_thresholds must be an integer > 1, but got {num_thresholds!r}.")
        else:
            inner = [(i + 1) / (num_thresholds - 1) for i in range(num_thresholds - 2)]
        self.num_thresholds = num_thresholds
        self.curve, self.summation_method = curve, summation_method
        self.from_logits = _arguments.flag(from_logits, "from_logits", "AUC")
        self._given_thresholds = None if thresholds is None else inner
        self.thresholds = np.array([-1e-7] + inner + [1.0 + 1e-7])
        super().__init__(name)

    def reset_state(self):
        n = self.num_thresholds
        self.tp, self.fp, self.tn, self.fn = (np.zeros(n) for _ in range(4))

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = _as_2d(y_pred)
        if self.from_logits:
            y_pred = Sigmoid().forward(y_pred.astype(np.float64))
        positive = (_same_shape(self.name, y_true, y_pred) != 0).reshape(-1)
        w = np.repeat(_weights(sample_weight, len(y_pred)), y_pred.shape[-1])
        # k = how many thresholds lie strictly below each score: the score counts as
        # predicted positive at thresholds 0..k-1. Bucket the weights by k, then
        # TP_j = weight of positives with k > j (a suffix sum).
        k = np.searchsorted(self.thresholds, y_pred.reshape(-1), side="left")
        for is_pos, hits, misses in ((True, self.tp, self.fn), (False, self.fp, self.tn)):
            mask = positive == is_pos
            buckets = np.bincount(k[mask], weights=w[mask], minlength=self.num_thresholds + 1)
            above = np.cumsum(buckets[::-1])[::-1][1:]  # sum of buckets[j+1:]
            hits += above
            misses += buckets.sum() - above

    def result(self):
        tp, fp, tn, fn = self.tp, self.fp, self.tn, self.fn
        if self.curve == "PR" and self.summation_method == "interpolation":
            return self._interpolated_pr_auc()
        recall = _divide(tp, tp + fn)
        if self.curve == "ROC":
            x, y = _divide(fp, fp + tn), recall
        else:
            x, y = recall, _divide(tp, tp + fp)
        if self.summation_method == "interpolation":
            heights = (y[:-1] + y[1:]) / 2
        elif self.summation_method == "minoring":
            heights = np.minimum(y[:-1], y[1:])
        else:
            heights = np.maximum(y[:-1], y[1:])
        return float(np.sum((x[:-1] - x[1:]) * heights))

    def _interpolated_pr_auc(self):
        tp, fp, fn = self.tp, self.fp, self.fn
        dtp = tp[:-1] - tp[1:]
        p = tp + fp
        dp = p[:-1] - p[1:]
        slope = _divide(dtp, np.maximum(dp, 0))
        intercept = tp[1:] - slope * p[1:]
        both = (p[:-1] > 0) & (p[1:] > 0)
        ratio = np.where(both, _divide(p[:-1], np.maximum(p[1:], 0)), 1.0)
        increment = _divide(slope * (dtp + intercept * np.log(ratio)),
                            np.maximum(tp[1:] + fn[1:], 0))
        return float(np.sum(increment))

    def get_config(self):
        return {"name": self.name, "num_thresholds": self.num_thresholds,
                "curve": self.curve, "summation_method": self.summation_method,
                "thresholds": self._given_thresholds, "from_logits": self.from_logits}


def _divide(a, b):
    """``a / b``, and 0 where ``b`` is 0 (Keras's ``divide_no_nan``)."""
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)
