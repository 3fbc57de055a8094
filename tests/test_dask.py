"""glassnet on a real dask.distributed cluster started here (a LocalCluster with two
worker processes of one thread): searches through joblib's Dask backend, partial_fit
over a Dask DataFrame's partitions, and batch prediction with map_partitions, each
compared with the same computation done in this process."""

import logging

import numpy as np
import pandas as pd
import pytest

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import dask.dataframe as dd  # noqa: E402
import joblib  # noqa: E402
from distributed import Client, LocalCluster, get_task_stream  # noqa: E402
from sklearn.model_selection import GridSearchCV, RandomizedSearchCV  # noqa: E402

import glassnet as gn  # noqa: E402
from glassnet import on_dask, saving  # noqa: E402
from glassnet.sklearn import GlassnetClassifier  # noqa: E402


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=None, silence_logs=logging.ERROR)
    with cluster, Client(cluster) as c:
        yield c


def blobs(m=240, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(m, 3))
    y = np.where(X[:, 0] + X[:, 1] > 0, "yes", "no")
    return X, y


def test_grid_and_randomized_search_on_the_cluster_equal_the_local_search(client):
    X, y = blobs()
    estimator = GlassnetClassifier(hidden_layer_sizes=(4,), epochs=5, random_state=0)
    grid = {"learning_rate": [0.001, 0.01], "l2": [0.0, 0.01]}
    local = GridSearchCV(estimator, grid, cv=2).fit(X, y)
    with get_task_stream(client) as stream, joblib.parallel_backend("dask"):
        remote = GridSearchCV(estimator, grid, cv=2, n_jobs=-1).fit(X, y)
    workers = {task["worker"] for task in stream.data}
    assert len(workers) == 2  # the 8 fits ran in both worker processes
    np.testing.assert_allclose(remote.cv_results_["mean_test_score"],
                               local.cv_results_["mean_test_score"])
    assert remote.best_params_ == local.best_params_
    search = dict(param_distributions=grid, n_iter=2, cv=2, random_state=0)
    local = RandomizedSearchCV(estimator, **search).fit(X, y)
    with joblib.parallel_backend("dask"):
        remote = RandomizedSearchCV(estimator, n_jobs=-1, **search).fit(X, y)
    np.testing.assert_allclose(remote.cv_results_["mean_test_score"],
                               local.cv_results_["mean_test_score"])


def test_partial_fit_over_partitions_equals_partial_fit_here(client):
    X, y = blobs()
    frame = pd.DataFrame(X, columns=["a", "b", "c"]).assign(label=y)
    ddf = dd.from_pandas(frame, npartitions=3)
    estimator = GlassnetClassifier(hidden_layer_sizes=(5,), random_state=0)
    remote = on_dask.partial_fit_partitions(client, estimator, ddf, "label",
                                            classes=["no", "yes"], epochs=2)
    local = GlassnetClassifier(hidden_layer_sizes=(5,), random_state=0)
    for _ in range(2):
        for part in ddf.partitions:
            part = part.compute()
            local.partial_fit(part.drop(columns="label"), part.label.to_numpy(),
                              classes=["no", "yes"])
    np.testing.assert_array_equal(remote.predict_proba(frame.drop(columns="label")),
                                  local.predict_proba(frame.drop(columns="label")))
    assert remote.n_iter_ == 6


def test_training_and_prediction_with_records_over_partitions(client, tmp_path):
    rng = np.random.default_rng(2)
    frame = pd.DataFrame({"x": rng.normal(size=300), "plan": rng.choice(["a", " b"], 300),
                          "price": rng.normal(5000, 900, 300)})
    frame.loc[::17, "x"] = np.nan
    ddf = dd.from_pandas(frame, npartitions=4)
    pipeline = on_dask.fit_pipeline(ddf, "price")
    whole = gn.datasets.TabularPipeline("price").fit(frame)
    np.testing.assert_allclose(pipeline.x_scaler.mean_, whole.x_scaler.mean_, rtol=1e-12)
    np.testing.assert_allclose(pipeline.x_scaler.scale_, whole.x_scaler.scale_, rtol=1e-12)
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.Input((3,)), gn.layers.Dense(4, activation="relu"),
                           gn.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.pipeline = pipeline
    start = saving.to_record(model)
    trained = on_dask.train_partitions(client, model, ddf, epochs=2, batch_size=16, seed=3)
    record, step = start, 0  # the same steps, here
    for _ in range(2):
        for part in ddf.partitions:
            record = on_dask._train_on(record, part.compute(), 1, 16, 3 + step)
            step += 1
    for w_remote, w_local in zip(trained.get_weights(), record[1]):
        np.testing.assert_array_equal(w_remote, w_local)
    trained.save(tmp_path / "m.glassnet")
    predicted = on_dask.predict_partitions(str(tmp_path / "m.glassnet"), ddf).compute()
    np.testing.assert_allclose(predicted["predicted_price"], trained.predict(frame)[:, 0],
                               rtol=1e-6)
    assert list(predicted.index) == list(frame.index)
