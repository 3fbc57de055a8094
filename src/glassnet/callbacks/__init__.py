"""Callbacks: hooks into training (history, early stopping, checkpoints...).

Pass them to ``fit(callbacks=[...])``. They follow ``keras.callbacks`` (names,
arguments, defaults); see each class for the few glassnet differences.
"""

from .base import Callback, CallbackList, History
from .csv_logger import CSVLogger
from .early_stopping import EarlyStopping
from .gradient_diagnostics import GradientDiagnostics
from .lambda_callback import LambdaCallback
from .learning_rate import LearningRateScheduler, ReduceLROnPlateau
from .model_checkpoint import ModelCheckpoint
from .progress import ProgbarLogger
from .terminate_on_nan import TerminateOnNaN

__all__ = [
    "Callback", "CallbackList", "History", "ProgbarLogger", "EarlyStopping",
    "ModelCheckpoint", "LearningRateScheduler", "ReduceLROnPlateau", "TerminateOnNaN",
    "CSVLogger", "LambdaCallback", "GradientDiagnostics",
]

