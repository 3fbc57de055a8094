"""TabularPipeline: column types, imputation, encoding, scaling and target encoding of
a messy table, checked against NumPy/pandas computed here, and saved in the model file."""

import numpy as np
import pandas as pd
import pytest

import glassnet as gn
from glassnet.datasets import TabularPipeline


def messy_frame(m=200, seed=0):
    """Missing numbers, text categories with stray spaces, a string label, a running id,
    an id-like name and a date column."""
    rng = np.random.default_rng(seed)
    income = rng.normal(50, 10, m)
    income[rng.choice(m, 15, replace=False)] = np.nan
    plan = rng.choice([" basic", "premium ", "basic", "gold"], m)
    dates = pd.Timestamp("2021-01-01") + pd.to_timedelta(rng.integers(0, 700, m), unit="D")
    score = np.nan_to_num(income, nan=50) / 10 + (np.char.strip(plan) == "gold") * 2
    return pd.DataFrame({
        "record_no": np.arange(100001, 100001 + m),
        "income": income,
        "plan": plan,
        "signup": dates.strftime("%Y-%m-%d"),
        "churn": np.where(score + rng.normal(0, 1, m) > 7, "yes", "no"),
    })


def test_column_types_ids_dates_spaces_and_imputation_as_computed_by_hand():
    frame = messy_frame()
    pipeline = TabularPipeline("churn", scale=False).fit(frame)
    enc = pipeline.encoder
    assert "record_no" in enc.ignored and "running number" in enc.ignored["record_no"]
    assert enc.categorical["plan"] == ["basic", "gold", "premium"]  # spaces stripped
    assert enc.dates == ["signup"]
    assert pipeline.feature_names == ["income", "plan=basic", "plan=gold", "plan=premium",
                                      "signup.year", "signup.month", "signup.weekday"]
    X = pipeline.transform(frame)
    mean = np.nanmean(frame.income)
    np.testing.assert_allclose(X[:, 0], frame.income.fillna(mean))
    assert enc.fill["income"] == pytest.approx(mean) and enc.n_imputed == {"income": 15}
    plan = frame.plan.str.strip()
    np.testing.assert_array_equal(X[:, 1:4], np.column_stack(
        [plan == "basic", plan == "gold", plan == "premium"]).astype(float))
    dates = pd.to_datetime(frame.signup)
    np.testing.assert_array_equal(X[:, 4:], np.column_stack(
        [dates.dt.year, dates.dt.month, dates.dt.day_of_week]))
    assert any("Imputed 15 missing value(s) of 'income'" in line for line in
               pipeline.decisions())


def test_scaling_statistics_equal_numpy_on_the_imputed_columns():
    frame = messy_frame()
    pipeline = TabularPipeline("churn").fit(frame)
    raw = TabularPipeline("churn", scale=False).fit(frame).transform(frame)
    np.testing.assert_allclose(pipeline.x_scaler.mean_, raw.mean(axis=0), rtol=1e-12)
    np.testing.assert_allclose(pipeline.x_scaler.scale_, raw.std(axis=0), rtol=1e-9)
    np.testing.assert_allclose(pipeline.transform(frame),
                               (raw - raw.mean(0)) / raw.std(0), atol=1e-9)


def test_chunks_give_the_same_pipeline_as_the_whole_table():
    frame = messy_frame(m=301)
    whole = TabularPipeline("churn").fit(frame)
    parts = TabularPipeline("churn").fit_chunks(
        [frame.iloc[i:i + 40] for i in range(0, len(frame), 40)])
    assert parts.encoder.get_config() == whole.encoder.get_config()
    np.testing.assert_allclose(parts.transform(frame), whole.transform(frame), atol=1e-10)


def test_regression_target_is_standardized_and_comes_back_in_units():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"x": rng.normal(size=50), "price": rng.normal(4000, 900, 50)})
    pipeline = TabularPipeline("price").fit(frame)
    y = pipeline.encode_target(frame.price)
    np.testing.assert_allclose(y, (frame.price - frame.price.mean()) / frame.price.std(ddof=0))
    np.testing.assert_allclose(pipeline.target_units(y), frame.price)


def test_unseen_categories_error_or_all_zero_inputs():
    frame = messy_frame()
    pipeline = TabularPipeline("churn", scale=False).fit(frame)
    new = frame.head(3).assign(plan=["basic", "platinum", " gold "])
    with pytest.raises(ValueError, match="'platinum' that the model never saw.*--unseen ignore"):
        pipeline.transform(new)
    X = pipeline.transform(new, unseen="ignore")
    np.testing.assert_array_equal(X[:, 1:4], [[1, 0, 0], [0, 0, 0], [0, 1, 0]])
    assert pipeline.encoder.unseen_counts == {"plan": 1}


def test_too_many_categories_suggests_dropping_or_hashing():
    frame = pd.DataFrame({"city": [f"c{i % 30}" for i in range(90)],
                          "y": [i % 2 for i in range(90)]})
    with pytest.raises(ValueError, match=r"'city' has 30 different values.*--ignore city.*hash"):
        TabularPipeline("y", max_categories=20).fit(frame)
    assert TabularPipeline("y", max_categories=30).fit(frame).feature_names[0] == "city=c0"


def test_missing_target_error_or_drop():
    frame = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": ["a", None, "b", "a"]})
    with pytest.raises(ValueError, match="missing in 1 row.*row 2.*--drop-missing-target"):
        TabularPipeline("y").fit(frame)
    pipeline = TabularPipeline("y", missing_target="drop").fit(frame)
    assert pipeline.encoder.n_dropped == 1 and pipeline.encoder.n_rows == 3
    assert "Dropped 1 row(s) without a target 'y'." in pipeline.decisions()


def test_dates_can_be_dropped_with_their_reason():
    frame = messy_frame()
    pipeline = TabularPipeline("churn", dates="drop").fit(frame)
    assert "date column" in pipeline.encoder.ignored["signup"]


def test_model_file_keeps_the_pipeline_and_predicts_from_a_table(tmp_path):
    frame = messy_frame()
    pipeline = TabularPipeline("churn").fit(frame)
    Z, y = pipeline.transform(frame), pipeline.encode_target(frame.churn)
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.Input((Z.shape[1],)), gn.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(Z, y, epochs=2, verbose=0)
    model.pipeline = pipeline
    model.save(tmp_path / "m.glassnet")
    loaded = gn.models.load_model(tmp_path / "m.glassnet")
    np.testing.assert_allclose(loaded.predict(frame), model.predict(Z), rtol=1e-6)
    assert loaded.pipeline.encoder.get_config() == pipeline.encoder.get_config()
