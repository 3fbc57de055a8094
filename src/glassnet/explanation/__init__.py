"""Worked solutions from the engine's own numbers: ``explain``, answer checking,
training diagnostics, and the specs behind ``glassnet explain SPEC``.

- ``explain(model, x, y)`` -> ``Report``: forward, loss, chain rule, update, in Keras
  rows, the slides' columns or the lab's neuron numbers; as terminal tables,
  Markdown, LaTeX, HTML or a dict.
- ``GradientDiagnostics``: the callback ``glassnet.callbacks.GradientDiagnostics``
  (per-layer gradient norms per epoch), also importable from here, its old home.
- ``load_spec(path)`` and ``run_cli(path, ...)``: a network described in a small
  JSON/YAML file (``glassnet/specs/*.yaml`` ship as examples).
"""

from ..callbacks.gradient_diagnostics import GradientDiagnostics
from .cli import run_cli
from .formulas import NotSupportedError
from .report import Report, explain
from .spec import Spec, SpecError, example_spec_path, load_spec
from .verdicts import CheckResult, Verdict

Mark = Verdict  # the first checker's name for a verdict


def check_answers(report, answers, **options):
    """``report.check(answers, **options)``: a ``CheckResult``.

    Parameters
    ----------
    report : Report
    answers : dict or path
        ``{name: value}`` as ``Report.check`` takes them.
    **options
        ``points``, ``carried_forward_credit``, ``rtol``, ``atol``.

    Examples
    --------
    >>> spec = gn.explanation.load_spec(gn.explanation.example_spec_path("lab_backprop"))
    >>> report = gn.explain(spec.model, spec.x, spec.y, notation="lab")
    >>> gn.explanation.check_answers(report, {"y3": 0.5523}).all_right  # sigma(0.21)
    True
    """
    return report.check(answers, **options)


__all__ = [
    "CheckResult", "GradientDiagnostics", "Mark", "NotSupportedError", "Report", "Spec",
    "SpecError", "Verdict", "check_answers", "example_spec_path", "explain", "load_spec",
    "run_cli",
]
