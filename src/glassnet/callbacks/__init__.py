"""Callbacks: hooks into training (history, early stopping, checkpoints...)."""

from .base import Callback, CallbackList, History
from .progress import ProgbarLogger

__all__ = ["Callback", "CallbackList", "History", "ProgbarLogger"]
