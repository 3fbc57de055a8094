"""glassnet on a Dask cluster: training over a Dask DataFrame's partitions, prediction
with ``map_partitions``. (A hyperparameter search needs nothing from here: wrap
scikit-learn's ``GridSearchCV(...).fit`` in ``joblib.parallel_backend("dask")``.)

Models travel to the workers as glassnet's records (``saving.to_record``): a
JSON-ready header (architecture, compile settings, the ``TabularPipeline``) and
NumPy arrays (weights, optimizer state), never a pickled model object::

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")            # or Client(LocalCluster(...))
    ddf = dask.dataframe.read_csv("s3://bucket/*.csv")  # split into partitions
    pipeline = fit_pipeline(ddf, target="price")        # one pass, partition by partition
    model.pipeline = pipeline
    model = train_partitions(client, model, ddf, epochs=3)   # each partition on its worker
    predictions = predict_partitions(model, ddf).compute()   # a DataFrame per partition

Where each step runs: ``fit_pipeline`` computes the partitions on the workers and
adds up their statistics here, one partition at a time; ``train_partitions`` sends
the record to the worker that holds each partition, trains one pass over it there
and sends the new record on to the next partition (the steps are sequential, as
stochastic gradient descent is); ``partial_fit_partitions`` does the same with a
scikit-learn estimator's ``partial_fit``; ``predict_partitions`` rebuilds the model
from its record in every partition's task, in parallel. dask is imported only here.
"""

import numpy as np

from . import saving


def fit_pipeline(ddf, target, **options):
    """A ``TabularPipeline`` fitted in one pass over ``ddf``'s partitions.

    Parameters
    ----------
    ddf : dask.dataframe.DataFrame
        The table, features and target as columns.
    target : str
        The target column.
    **options
        Passed to ``glassnet.datasets.TabularPipeline``.

    Returns
    -------
    glassnet.datasets.TabularPipeline

    Examples
    --------
    >>> import numpy as np, pandas as pd, dask.dataframe as dd
    >>> from glassnet import on_dask
    >>> x = np.linspace(-1.0, 1.0, 40)
    >>> frame = pd.DataFrame({"x": x, "y": np.where(x > 0, "up", "down")})
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> pipeline = on_dask.fit_pipeline(ddf, target="y")
    >>> pipeline.task, pipeline.classes
    ('binary', ['down', 'up'])
    """
    from .datasets import TabularPipeline

    chunks = (part.compute() for part in ddf.to_delayed())
    return TabularPipeline(target, **options).fit_chunks(chunks)


def _train_on(record, frame, epochs, batch_size, seed):
    """On a worker: rebuild the model, train on one partition, return its new record."""
    from . import backend

    model = saving.from_record(*record)
    pipeline = model.pipeline
    frame = frame[frame[pipeline.target].notna()] \
        if pipeline.encoder.missing_target == "drop" else frame
    Z = pipeline.transform(frame, unseen="ignore")
    y = pipeline.encode_target(frame[pipeline.target])
    with backend.use_generator(np.random.default_rng(seed)):
        model.fit(Z, y, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    return saving.to_record(model)


def train_partitions(client, model, ddf, epochs=1, batch_size=32, seed=0):
    """Train ``model`` (compiled, with ``model.pipeline``) for ``epochs`` passes over
    ``ddf``: one ``fit`` epoch per partition, each on the worker holding it.

    Returns the trained model, rebuilt here from the last record.

    Parameters
    ----------
    client : distributed.Client
    model : Model
        Compiled, with ``model.pipeline`` set (from ``fit_pipeline``).
    ddf : dask.dataframe.DataFrame
    epochs : int, default 1
        Passes over all the partitions.
    batch_size : int, default 32
    seed : int, default 0
        Seeds the shuffling of each partition's step (``seed``, ``seed + 1``, ...).

    Returns
    -------
    Model

    Examples
    --------
    >>> import numpy as np, pandas as pd, dask.dataframe as dd
    >>> from glassnet import on_dask
    >>> x = np.linspace(-1.0, 1.0, 40)
    >>> frame = pd.DataFrame({"x": x, "y": np.where(x > 0, "up", "down")})
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> from distributed import Client
    >>> model = gn.Sequential([gn.Input((1,)), gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer=gn.optimizers.SGD(0.5), loss="binary_crossentropy")
    >>> model.pipeline = on_dask.fit_pipeline(ddf, target="y")
    >>> with Client(processes=False, dashboard_address=None) as client:
    ...     trained = on_dask.train_partitions(client, model, ddf, epochs=20)
    >>> predicted = on_dask.predict_partitions(trained, ddf).compute()
    >>> float((predicted["predicted_y"] == frame["y"]).mean())
    1.0
    """
    if getattr(model, "pipeline", None) is None:
        raise ValueError("train_partitions needs model.pipeline (fit_pipeline(ddf, target)) "
                         "to turn the partitions' rows into inputs.")
    parts = client.compute(ddf.to_delayed())  # partitions stay on the workers
    record = saving.to_record(model)
    step = 0
    for _ in range(epochs):
        for part in parts:
            record = client.submit(_train_on, record, part, 1, batch_size, seed + step,
                                   pure=False)
            step += 1
    return saving.from_record(*record.result())


def _partial_fit_on(estimator, frame, target, classes):
    y = frame[target].to_numpy()
    X = frame.drop(columns=[target])
    if classes is None:
        return estimator.partial_fit(X, y)
    return estimator.partial_fit(X, y, classes=classes)


def partial_fit_partitions(client, estimator, ddf, target, classes=None, epochs=1):
    """Call ``estimator.partial_fit`` on each partition of ``ddf`` in turn, on the
    worker that holds it (``classes``: every label, for a classifier). The estimator
    moves between workers as it pickles: its glassnet model as a record.

    Parameters
    ----------
    client : distributed.Client
    estimator : scikit-learn estimator with ``partial_fit``
    ddf : dask.dataframe.DataFrame
    target : str
        The target column; the other columns are the features.
    classes : list, optional
        Every label, for a classifier's first ``partial_fit``.
    epochs : int, default 1
        Passes over all the partitions.

    Returns
    -------
    The trained estimator.

    Examples
    --------
    >>> import numpy as np, pandas as pd, dask.dataframe as dd
    >>> from glassnet import on_dask
    >>> x = np.linspace(-1.0, 1.0, 40)
    >>> frame = pd.DataFrame({"x": x, "y": np.where(x > 0, "up", "down")})
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> from distributed import Client
    >>> from glassnet.sklearn import GlassnetClassifier
    >>> estimator = GlassnetClassifier(hidden_layer_sizes=(), learning_rate=0.1, random_state=0)
    >>> with Client(processes=False, dashboard_address=None) as client:
    ...     estimator = on_dask.partial_fit_partitions(client, estimator, ddf, "y",
    ...                                                classes=["down", "up"], epochs=5)
    >>> estimator.n_iter_  # 5 passes over 2 partitions
    10
    """
    parts = client.compute(ddf.to_delayed())
    state = client.scatter(estimator)
    for _ in range(epochs):
        for part in parts:
            state = client.submit(_partial_fit_on, state, part, target, classes, pure=False)
    return state.result()


def _predict_on(frame, record, columns):
    import pandas as pd

    from .cli._bundle import predictions

    model = saving.from_record(*record)
    P, labels = predictions(model, frame, unseen="ignore")
    if P is None:
        data = {columns[0]: labels}
    else:
        data = {name: P[:, j] for j, name in enumerate(columns[:-1])}
        data[columns[-1]] = labels
    return pd.DataFrame(data, index=frame.index)


def predict_partitions(model, ddf):
    """Predictions for every row of ``ddf``, a Dask DataFrame with one column per class
    (``probability_<label>``) and ``predicted_<target>`` (or only the latter for
    regression, in the target's units); computed by ``map_partitions``.

    ``model`` is a model with a pipeline, or the path of its file.

    Parameters
    ----------
    model : Model or str or path-like
        A model with ``model.pipeline``, or the path of its file.
    ddf : dask.dataframe.DataFrame

    Returns
    -------
    dask.dataframe.DataFrame

    Examples
    --------
    >>> import numpy as np, pandas as pd, dask.dataframe as dd
    >>> from glassnet import on_dask
    >>> x = np.linspace(-1.0, 1.0, 40)
    >>> frame = pd.DataFrame({"x": x, "y": np.where(x > 0, "up", "down")})
    >>> ddf = dd.from_pandas(frame, npartitions=2)
    >>> model = gn.Sequential([gn.Input((1,)), gn.layers.Dense(1, activation="sigmoid")])
    >>> model.compile(optimizer="sgd", loss="binary_crossentropy")
    >>> model.pipeline = on_dask.fit_pipeline(ddf, target="y")
    >>> on_dask.predict_partitions(model, ddf).columns.tolist()
    ['probability_down', 'probability_up', 'predicted_y']
    """
    import pandas as pd

    if not hasattr(model, "pipeline"):
        model = saving.load_model(model)
    pipeline = model.pipeline
    target = f"predicted_{pipeline.target}"
    if pipeline.task == "regression":
        meta = pd.DataFrame({target: pd.Series(dtype="float64")})
    else:
        meta = pd.DataFrame({**{f"probability_{c}": pd.Series(dtype="float64")
                                for c in pipeline.classes},
                             target: pd.Series(dtype="object")})
    return ddf.map_partitions(_predict_on, saving.to_record(model), list(meta.columns),
                              meta=meta)


__all__ = ["fit_pipeline", "train_partitions", "partial_fit_partitions", "predict_partitions"]
