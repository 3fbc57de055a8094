"""Real tabular data sets that scikit-learn ships inside its package (no download).

Each loader returns a ``Dataset``; class labels keep scikit-learn's names
(``iris.classes == ["setosa", "versicolor", "virginica"]``).
"""

from ._dataset import Dataset


def _from_sklearn(bunch, name, target_name, task, description, classes=None):
    if classes is None and task != "regression":
        classes = [str(c) for c in bunch.target_names]
    return Dataset(bunch.data, bunch.target, name, [str(f) for f in bunch.feature_names],
                   target_name, task, classes=classes, description=description)


def load_breast_cancer():
    """Wisconsin breast cancer: 569 tumours, 30 measurements, malignant or benign.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_breast_cancer().X.shape
    (569, 30)
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_breast_cancer(), "breast_cancer", "diagnosis",
                         "binary", "569 tumours x 30 measurements: malignant or benign")


def load_iris():
    """Fisher's iris: 150 flowers, 4 measurements, 3 species.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_iris().X.shape
    (150, 4)
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_iris(), "iris", "species", "multiclass",
                         "150 iris flowers x 4 measurements: 3 species")


def load_wine():
    """Wine recognition: 178 wines, 13 chemical measurements, 3 cultivars.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_wine().X.shape
    (178, 13)
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_wine(), "wine", "cultivar", "multiclass",
                         "178 wines x 13 chemical measurements: 3 cultivars")


def load_digits():
    """Handwritten digits: 1,797 images of 8x8 pixels (64 features, 0-16), digits 0-9.

    Examples
    --------
    >>> import glassnet as gn
    >>> gn.datasets.load_digits().X.shape
    (1797, 64)
    """
    from sklearn import datasets

    bunch = datasets.load_digits()
    return _from_sklearn(bunch, "digits", "digit", "multiclass",
                         "1,797 handwritten digits x 64 pixels (8x8): 10 classes",
                         classes=[int(c) for c in bunch.target_names])


def load_diabetes():
    """Diabetes: 442 patients, 10 baseline variables, disease progression after a year.

    A regression set; the features come already centred and scaled by scikit-learn.

    Examples
    --------
    >>> import glassnet as gn
    >>> data = gn.datasets.load_diabetes()
    >>> data.X.shape, data.task
    ((442, 10), 'regression')
    """
    from sklearn import datasets

    return _from_sklearn(datasets.load_diabetes(), "diabetes", "progression", "regression",
                         "442 patients x 10 variables: disease progression (regression)")
