"""Learning-rate schedules: functions of the optimizer's step counter.

``step`` is the optimizer's ``iterations`` before the update: 0 for the first batch.
Any callable ``step -> learning rate`` works as a learning rate; these classes
(the ones of ``keras.optimizers.schedules``, same formulas and defaults) can also
be saved in a model file.
"""

import math

from .. import _arguments
from .._registry import by_class_name


def _check_steps(owner, label, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError(f"{owner} expects {label} > 0, but got {value!r}.")
    return value


class LearningRateSchedule:
    """Base class: ``schedule(step)`` returns the learning rate for that step."""

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning-rate schedule '{type(self).__name__}' must override __call__(step)."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning-rate schedule '{type(self).__name__}' must override get_config() "
            "to be saved."
        )

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.get_config().items())
        return f"{type(self).__name__}({args})"


class ExponentialDecay(LearningRateSchedule):
    """``lr(step) = initial_learning_rate * decay_rate ** (step / decay_steps)``.

    With ``staircase=True`` the exponent is ``floor(step / decay_steps)``.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="ExponentialDecay"):
        self.initial_learning_rate = _arguments.real(
            initial_learning_rate, "initial_learning_rate", type(self).__name__)
        self.decay_steps = _check_steps(type(self).__name__, "decay_steps", decay_steps)
        self.decay_rate = _arguments.real(decay_rate, "decay_rate", type(self).__name__)
        self.staircase = _arguments.flag(staircase, "staircase", type(self).__name__)
        self.name = name

    def __call__(self, step):
        p = step / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate * self.decay_rate**p

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(ExponentialDecay):
    """``lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)``.

    With ``staircase=True``, ``step / decay_steps`` is floored.
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False,
                 name="InverseTimeDecay"):
        super().__init__(initial_learning_rate, decay_steps, decay_rate, staircase, name)

    def __call__(self, step):
        p = step / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate / (1.0 + self.decay_rate * p)


class PiecewiseConstantDecay(LearningRateSchedule):
    """``values[0]`` while ``step <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < step <= boundaries[i]``, ``values[-1]`` after the last."""

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(values) != len(boundaries) + 1:
            raise ValueError(
                f"PiecewiseConstantDecay needs one more value than boundaries, but got "
                f"{len(boundaries)} boundaries and {len(values)} values."
            )
        if any(b >= c for b, c in zip(boundaries[:-1], boundaries[1:], strict=True)):
            raise ValueError(
                f"PiecewiseConstantDecay needs strictly increasing boundaries, but got "
                f"{list(boundaries)}."
            )
        self.boundaries = list(boundaries)
        self.values = [_arguments.real(v, "values", type(self).__name__) for v in values]
        self.name = name

    def __call__(self, step):
        for boundary, value in zip(self.boundaries, self.values[:-1], strict=True):
            if step <= boundary:
                return value
        return self.values[-1]

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values, "name": self.name}


class PolynomialDecay(LearningRateSchedule):
    """From ``initial_learning_rate`` to ``end_learning_rate`` over ``decay_steps``::

        step = min(step, decay_steps)
        lr = (initial - end) * (1 - step / decay_steps) ** power + end

    With ``cycle=True``, ``decay_steps`` is the first multiple of itself that is
    >= ``step`` (so the decay restarts).
    """

    def __init__(self, initial_learning_rate, decay_steps, end_learning_rate=0.0001,
                 power=1.0, cycle=False, name="PolynomialDecay"):
        self.initial_learning_rate = _arguments.real(
            initial_learning_rate, "initial_learning_rate", type(self).__name__)
        self.decay_steps = _check_steps("PolynomialDecay", "decay_steps", decay_steps)
        self.end_learning_rate = _arguments.real(end_learning_rate, "end_learning_rate",
                                                 type(self).__name__)
        self.power = _arguments.real(power, "power", type(self).__name__)
        self.cycle, self.name = _arguments.flag(cycle, "cycle", type(self).__name__), name

    def __call__(self, step):
        decay_steps = self.decay_steps
        if self.cycle:
            decay_steps = decay_steps * (1.0 if step == 0 else math.ceil(step / decay_steps))
        else:
            step = min(step, decay_steps)
        p = step / decay_steps
        span = self.initial_learning_rate - self.end_learning_rate
        return span * (1.0 - p) ** self.power + self.end_learning_rate

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }


class CosineDecay(LearningRateSchedule):
    """Cosine decay, with an optional linear warm-up first (as Keras).

    Without warm-up (``warmup_target=None``)::

        step = min(step, decay_steps)
        lr = initial * ((1 - alpha) * 0.5 * (1 + cos(pi * step / decay_steps)) + alpha)

    With warm-up, ``lr`` rises linearly from ``initial_learning_rate`` to
    ``warmup_target`` over ``warmup_steps``, then decays as above from
    ``warmup_target`` (with ``step - warmup_steps``).
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name="CosineDecay",
                 warmup_target=None, warmup_steps=0):
        self.initial_learning_rate = _arguments.real(
            initial_learning_rate, "initial_learning_rate", type(self).__name__)
        self.decay_steps = _check_steps("CosineDecay", "decay_steps", decay_steps)
        self.alpha, self.name = _arguments.real(alpha, "alpha", type(self).__name__), name
        self.warmup_target = _arguments.real(warmup_target, "warmup_target", type(self).__name__,
                                             none_ok=True)
        self.warmup_steps = warmup_steps

    def _decay(self, step, start):
        cosine = 0.5 * (1.0 + math.cos(math.pi * step / self.decay_steps))
        return start * ((1.0 - self.alpha) * cosine + self.alpha)

    def __call__(self, step):
        if self.warmup_target is None:
            return self._decay(min(step, self.decay_steps), self.initial_learning_rate)
        step = min(step, self.decay_steps + self.warmup_steps)
        if step < self.warmup_steps:
            fraction = step / self.warmup_steps
            delta = self.warmup_target - self.initial_learning_rate
            return delta * fraction + self.initial_learning_rate
        return self._decay(step - self.warmup_steps, self.warmup_target)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR, Loshchilov & Hutter 2017), as Keras.

    The first period lasts ``first_decay_steps``; each next one is ``t_mul`` times
    longer and starts ``m_mul`` times lower. With ``f = step / first_decay_steps``:

    - ``t_mul == 1``: restart ``i = floor(f)``, position in it ``p = f - i``;
    - otherwise ``i = floor(log(1 - f (1 - t_mul)) / log(t_mul))`` and
      ``p = (f - (1 - t_mul^i) / (1 - t_mul)) / t_mul^i``;

    then ``lr = initial * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi p)) + alpha)``.

    Examples
    --------
    >>> from glassnet.optimizers.schedules import CosineDecayRestarts
    >>> lr = CosineDecayRestarts(0.1, first_decay_steps=10)
    >>> [round(lr(s), 4) for s in (0, 5, 10, 20)]  # restarts at 10, then at 10 + 20
    [0.1, 0.05, 0.1, 0.05]
    """

    def __init__(self, initial_learning_rate, first_decay_steps, t_mul=2.0, m_mul=1.0,
                 alpha=0.0, name="SGDRDecay"):
        self.initial_learning_rate = _arguments.real(
            initial_learning_rate, "initial_learning_rate", type(self).__name__)
        self.first_decay_steps = _check_steps("CosineDecayRestarts", "first_decay_steps",
                                              first_decay_steps)
        owner = type(self).__name__
        self.t_mul = _arguments.real(t_mul, "t_mul", owner)
        self.m_mul = _arguments.real(m_mul, "m_mul", owner)
        self.alpha = _arguments.real(alpha, "alpha", owner)
        self.name = name

    def __call__(self, step):
        f = step / self.first_decay_steps
        if self.t_mul == 1.0:
            i = math.floor(f)
            p = f - i
        else:
            i = math.floor(math.log(1.0 - f * (1.0 - self.t_mul)) / math.log(self.t_mul))
            p = (f - (1.0 - self.t_mul**i) / (1.0 - self.t_mul)) / self.t_mul**i
        cosine = 0.5 * self.m_mul**i * (1.0 + math.cos(math.pi * p))
        return self.initial_learning_rate * ((1.0 - self.alpha) * cosine + self.alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self.t_mul,
            "m_mul": self.m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }


SCHEDULES = by_class_name(
    ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay, PolynomialDecay,
    CosineDecay, CosineDecayRestarts,
)


def serialize(schedule):
    """Return ``{"class_name": ..., "config": ...}`` for a built-in schedule."""
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def get(config):
    """Rebuild a schedule from what ``serialize`` returned."""
    cls = SCHEDULES.get(config.get("class_name"))
    if cls is None:
        raise ValueError(
            f"Unknown learning-rate schedule {config.get('class_name')!r}. Expected one "
            f"of {sorted(SCHEDULES)}."
        )
    return cls.from_config(config.get("config", {}))


deserialize = get
