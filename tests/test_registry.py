"""The registry convention: one dict per kind, every other list of names derived from it."""

import glassnet as gn
from glassnet import activations, initializers, losses, metrics, optimizers, regularizers
from glassnet.cli import train_cmd
from glassnet.layers import LAYERS
from glassnet.models import MODELS

IDENTIFIER_REGISTRIES = [activations.ACTIVATIONS, losses.LOSSES, metrics.METRICS,
                         optimizers.OPTIMIZERS, regularizers.REGULARIZERS,
                         initializers.INITIALIZERS]


def test_every_key_is_the_lower_cased_name_of_its_class():
    for table in IDENTIFIER_REGISTRIES:
        for key, cls in table.items():
            assert key == cls.name.lower(), (key, cls)
    for table in (LAYERS, gn.optimizers.schedules.SCHEDULES):
        for key, cls in table.items():
            assert key == cls.__name__


def test_get_finds_every_registered_name():
    for key, cls in optimizers.OPTIMIZERS.items():
        assert type(optimizers.get(key)) is cls
        assert optimizers.serialize(cls())["name"] == key
    for key, cls in losses.LOSSES.items():
        assert type(losses.get(key)) is cls
    for key, cls in activations.ACTIVATIONS.items():
        assert type(activations.get(key)) is cls


def test_the_command_line_choices_come_from_the_registries():
    assert set(train_cmd.OPTIMIZERS) == set(optimizers.OPTIMIZERS)
    assert "adamw" in train_cmd.OPTIMIZERS
    assert set(train_cmd.ACTIVATIONS) == set(activations.ACTIVATIONS) - {"softmax"}


def test_all_lists_every_registered_class():
    for cls in optimizers.OPTIMIZERS.values():
        assert cls.__name__ in optimizers.__all__
    assert "AdamW" in optimizers.__all__
    for name in LAYERS:
        assert name in gn.layers.__all__


def test_model_files_name_the_model_classes_of_the_registry():
    assert MODELS["Sequential"] is gn.Sequential
    x = gn.Input((2,))
    model = gn.Model(x, gn.layers.Dense(1)(x))
    assert type(model) is MODELS["Functional"] and isinstance(model, gn.Model)
    assert model.get_config_with_class()["class_name"] in MODELS
