"""The built-in data sets by name: ``load("iris")``, ``list_datasets()``."""

from . import gates, synthetic, tabular

BUILTIN = {
    "and": (gates.load_and, "logic gate AND: 4 examples, 2 inputs (the first seed)"),
    "or": (gates.load_or, "logic gate OR: 4 examples, 2 inputs"),
    "xor": (gates.load_xor, "logic gate XOR: 4 examples, not linearly separable (the lab)"),
    "nand": (gates.load_nand, "logic gate NAND: 4 examples, 2 inputs"),
    "moons": (synthetic.make_moons, "two interleaving half moons: 200 points in 2-D"),
    "circles": (synthetic.make_circles, "a circle inside a circle: 200 points in 2-D"),
    "spirals": (synthetic.make_spirals, "two interleaved spirals: 300 points in 2-D"),
    "blobs": (synthetic.make_blobs, "three Gaussian blobs: 200 points in 2-D, 3 classes"),
    "gaussian_xor": (synthetic.make_gaussian_xor,
                     "XOR of four Gaussian clouds: 200 points in 2-D"),
    "breast_cancer": (tabular.load_breast_cancer,
                      "569 tumours x 30 measurements: malignant or benign (binary)"),
    "iris": (tabular.load_iris, "150 iris flowers x 4 measurements: 3 species"),
    "wine": (tabular.load_wine, "178 wines x 13 measurements: 3 cultivars"),
    "digits": (tabular.load_digits, "1,797 digit images x 64 pixels: 10 classes"),
    "diabetes": (tabular.load_diabetes, "442 patients x 10 variables: progression (regression)"),
}


def list_datasets():
    """Return ``{name: one-line description}`` for every built-in data set.

    Examples
    --------
    >>> import glassnet as gn
    >>> "iris" in gn.datasets.list_datasets()
    True
    """
    return {name: description for name, (_, description) in BUILTIN.items()}


def load(name, **kwargs):
    """Load a built-in data set by name, as a ``Dataset`` that unpacks as ``X, y``.

    Parameters
    ----------
    name : str
        Logic gates (4 examples, 2 inputs, binary): ``"and"``, ``"or"``, ``"xor"``,
        ``"nand"``.
        Generated 2-D points: ``"moons"``, ``"circles"``, ``"spirals"``, ``"blobs"``
        (3 classes), ``"gaussian_xor"``.
        scikit-learn's tables: ``"breast_cancer"`` (binary), ``"iris"``, ``"wine"``,
        ``"digits"`` (multiclass), ``"diabetes"`` (regression).
        ``list_datasets()`` gives a line about each.
    **kwargs
        Options of the generated sets, passed to their ``make_*`` function:
        ``n_samples``, ``noise``, ``seed``, ``shuffle`` (and ``factor`` for circles,
        ``n_classes``, ``turns`` for spirals, ``centers``, ``cluster_std``,
        ``center_box`` for blobs). Gates and tables take none. Generated sets get
        ``seed=0`` unless another seed is given, so a name always means the same points.

    Returns
    -------
    Dataset
        ``X`` of shape (m, n_features) and ``y`` of shape (m,) (class indices, or
        floats for regression), with ``feature_names``, ``classes``, ``task`` and
        ``description``. ``X, y = load("moons")``, or ``data[0]`` and ``data[1]``.

    Examples
    --------
    >>> X, y = gn.datasets.load("moons", noise=0.2)
    >>> data = gn.datasets.load("iris"); data.classes
    ['setosa', 'versicolor', 'virginica']

    Examples
    --------
    >>> import glassnet as gn
    >>> X, y = gn.datasets.load("moons", n_samples=100, noise=0.2)
    >>> X.shape, y.shape
    ((100, 2), (100,))
    """
    import difflib
    import inspect

    key = str(name).lower().replace("-", "_")
    if key not in BUILTIN:
        raise ValueError(
            f"Unknown data set {name!r}. The built-in sets are: {', '.join(BUILTIN)}."
        )
    loader = BUILTIN[key][0]
    options = list(inspect.signature(loader).parameters)
    unknown = [option for option in kwargs if option not in options]
    if unknown:
        close = difflib.get_close_matches(unknown[0], options, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        accepted = (f"its options are {', '.join(options)}" if options
                    else "it takes no options")
        raise ValueError(f"load({key!r}) got the unknown option {unknown[0]!r}; {accepted}.{hint}")
    if "seed" in options:  # the generated sets: a name always means the same points
        kwargs.setdefault("seed", 0)
    return loader(**kwargs)
