"""Data sets: logic gates, generated 2-D sets, scikit-learn's tabular sets, CSV files.

Every loader returns a ``Dataset`` that unpacks as ``X, y``::

    import glassnet as gn

    X, y = gn.datasets.load_xor()                      # the lab's XOR table
    X, y = gn.datasets.make_moons(200, noise=0.1, seed=0)
    data = gn.datasets.load_iris()                     # data.classes, data.feature_names
    data = gn.datasets.load_csv("patients.csv", target="outcome")
    X_tr, X_val, X_te, y_tr, y_val, y_te = gn.datasets.train_val_test_split(X, y, seed=0)
    gn.datasets.list_datasets()                        # {name: description}

Loaded on first use of ``gn.datasets``: pandas and scikit-learn are imported only
by the functions that need them.
"""

from ._dataset import Dataset
from .csvfile import load_csv, read_table
from .encoding import TabularEncoder
from .gates import load_and, load_nand, load_or, load_xor, logic_gate
from .pipeline import TabularPipeline
from .registry import BUILTIN, list_datasets, load
from .split import split_indices, train_val_test_split
from .stream import TableStream
from .synthetic import make_blobs, make_circles, make_gaussian_xor, make_moons, make_spirals
from .tabular import load_breast_cancer, load_diabetes, load_digits, load_iris, load_wine

__all__ = [
    "Dataset", "TabularEncoder", "TabularPipeline", "TableStream", "BUILTIN",
    "list_datasets", "load", "load_csv", "read_table",
    "logic_gate", "load_and", "load_or", "load_xor", "load_nand",
    "make_moons", "make_circles", "make_spirals", "make_blobs", "make_gaussian_xor",
    "load_breast_cancer", "load_iris", "load_wine", "load_digits", "load_diabetes",
    "split_indices", "train_val_test_split",
]
