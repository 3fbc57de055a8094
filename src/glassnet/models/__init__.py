"""Models: Sequential, the functional Model, and loading saved models."""

from ..saving import load_model
from .functional import Model
from .sequential import Sequential
from .training import ModelStateError, NonFiniteLossWarning

__all__ = ["Model", "Sequential", "load_model", "ModelStateError", "NonFiniteLossWarning"]
