"""Shared test setup: every test starts from glassnet's defaults."""

import pytest

import glassnet as gn


@pytest.fixture(autouse=True)
def _restore_glassnet_defaults():
    """After each test: float32 again and fresh layer names (``dense``, ``dense_1``)."""
    yield
    gn.backend.set_floatx("float32")
    gn.utils.clear_session()
