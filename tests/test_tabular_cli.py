"""A practitioner's tabular workflow (issue 18), on messy CSV files written here:
honest defaults, the baseline, one pipeline shared by Python and the CLI, unseen
categories, the new options, the per-task plots and streaming from disk."""

import json

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import glassnet as gn
from glassnet.cli import cli


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def messy_csv(path, m=600, seed=0, task="binary", sep=",", decimal="."):
    """Missing numbers, categories with stray spaces, a string label, a running id,
    a date, and five noise columns that a network can overfit."""
    rng = np.random.default_rng(seed)
    age = rng.integers(18, 80, m).astype(float)
    income = rng.normal(50000, 15000, m).round(2)
    plan = rng.choice([" basic", "premium", "gold ", "basic"], m)
    noise = rng.normal(size=(m, 5)).round(3)
    dates = pd.Timestamp("2020-01-01") + pd.to_timedelta(rng.integers(0, 900, m), unit="D")
    signal = (age - 50) / 15 + (income - 50000) / 15000 + (np.char.strip(plan) == "gold")
    age[rng.choice(m, min(30, m // 4), replace=False)] = np.nan
    frame = pd.DataFrame({"record_no": np.arange(100001, 100001 + m), "age": age,
                          "income": income, "plan": plan,
                          "signup": dates.strftime("%Y-%m-%d"),
                          **{f"n{j}": noise[:, j] for j in range(5)}})
    if task == "binary":
        frame["label"] = np.where(signal + rng.normal(0, 1, m) > 0, "stay", "leave")
    else:
        frame["price"] = (4000 + 1500 * signal + rng.normal(0, 800, m)).round(1)
    frame.to_csv(path, index=False, sep=sep, decimal=decimal)
    return path


def test_defaults_stop_early_keep_the_best_epoch_and_report_baseline_and_data(tmp_path):
    data = messy_csv(tmp_path / "churn.csv")
    out = tmp_path / "run"
    result = run("train", data, "--target", "label", "--out", out)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Early stopping (stopped after epoch" in text
    assert "Ignored column 'record_no': a running number" in text
    assert "Date column 'signup': expanded into signup.year" in text
    assert "Imputed 30 missing value(s) of 'age' with the mean" in text
    assert "logistic regression" in text and "HistGradientBoosting" in text
    metrics = json.loads((out / "metrics.json").read_text())
    history = json.loads((out / "history.json").read_text())
    # the kept epoch is the one with the lowest validation loss, and training went
    # on (patience 10) past it before stopping: no silent overfitting
    val = history["val_loss"]
    assert metrics["kept_epoch"] == int(np.argmin(val)) + 1
    assert metrics["epochs_run"] == len(val) == metrics["kept_epoch"] + 10 < 200
    assert set(metrics["baselines"]) == {"logistic regression", "HistGradientBoosting"}
    assert 0 <= metrics["baselines"]["logistic regression"]["accuracy"] <= 1
    for name in ("model.glassnet", "history.png", "confusion_matrix.png", "roc_pr.png"):
        assert (out / name).exists(), name
    # the model's weights are those of the kept epoch: its validation loss is the best
    model = gn.models.load_model(out / "model.glassnet")
    assert model.pipeline.decisions() == metrics["data_decisions"]


def test_no_early_stopping_runs_every_epoch_and_says_so(tmp_path):
    data = messy_csv(tmp_path / "churn.csv", m=200)
    result = run("train", data, "--epochs", "15", "--no-early-stopping", "--no-baseline",
                 "--out", tmp_path / "run")
    assert result.exit_code == 0, result.output
    assert "Early stopping off: kept the weights of the last epoch (15)" in result.output
    assert json.loads((tmp_path / "run" / "metrics.json").read_text())["kept_epoch"] == 15


def test_cli_trained_model_predicts_the_same_from_python(tmp_path):
    data = messy_csv(tmp_path / "churn.csv", m=300)
    out = tmp_path / "run"
    assert run("train", data, "--epochs", "5", "--no-baseline", "--out", out).exit_code == 0
    new = messy_csv(tmp_path / "new.csv", m=40, seed=3)
    result = run("predict", out / "model.glassnet", new, "--out", tmp_path / "p.csv")
    assert result.exit_code == 0, result.output
    cli_table = pd.read_csv(tmp_path / "p.csv")
    model = gn.models.load_model(out / "model.glassnet")
    frame = gn.datasets.read_table(new)[0]
    p_stay = model.predict(frame)[:, 0]  # classes sorted: leave = 0, stay = 1
    np.testing.assert_allclose(cli_table["probability_stay"], p_stay, rtol=1e-5, atol=1e-7)
    assert list(cli_table["predicted_label"]) == ["stay" if p > 0.5 else "leave"
                                                  for p in p_stay]


def test_python_trained_model_predicts_the_same_from_the_cli(tmp_path):
    path = messy_csv(tmp_path / "house.csv", m=300, task="regression")
    data = gn.datasets.load_csv(path, target="price")
    gn.utils.set_random_seed(0)
    model = gn.Sequential([gn.Input((data.X.shape[1],)), gn.layers.Dense(8, activation="relu"),
                           gn.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(data.X, data.y, epochs=5, verbose=0)
    model.pipeline = data.pipeline
    model.save(tmp_path / "py.glassnet")
    result = run("predict", tmp_path / "py.glassnet", path, "--out", tmp_path / "p.csv")
    assert result.exit_code == 0, result.output
    cli_prices = pd.read_csv(tmp_path / "p.csv")["predicted_price"]
    # model.predict(frame) is in the target's units: standardized outputs * std + mean
    expected = model.predict(data.X)[:, 0] * data.frame.price.std(ddof=0) \
        + data.frame.price.mean()
    np.testing.assert_allclose(model.predict(data.frame)[:, 0], expected, rtol=1e-6)
    np.testing.assert_allclose(cli_prices, expected, rtol=1e-5)  # 6 significant digits
    evaluate = run("evaluate", tmp_path / "py.glassnet", path)
    from sklearn.metrics import mean_absolute_error

    assert f"MAE {mean_absolute_error(data.frame.price, expected):.4g}" in evaluate.output


def test_unseen_categories_are_an_error_or_unknown_as_asked(tmp_path):
    data = messy_csv(tmp_path / "churn.csv", m=200)
    out = tmp_path / "run"
    assert run("train", data, "--epochs", "3", "--no-baseline", "--out", out).exit_code == 0
    frame = pd.read_csv(messy_csv(tmp_path / "new.csv", m=5, seed=9))
    frame.loc[1, "plan"] = "platinum"
    frame.to_csv(tmp_path / "new.csv", index=False)
    refused = run("predict", out / "model.glassnet", tmp_path / "new.csv")
    assert refused.exit_code == 2 and "'platinum' that the model never saw" in refused.stderr
    assert "--unseen ignore" in refused.stderr
    result = run("predict", out / "model.glassnet", tmp_path / "new.csv", "--unseen", "ignore",
                 "--out", tmp_path / "p.csv")
    assert result.exit_code == 0, result.output
    assert "1 row(s) of 'plan' hold categories the model never saw" in result.stderr
    model = gn.models.load_model(out / "model.glassnet")
    Z = model.pipeline.transform(gn.datasets.read_table(tmp_path / "new.csv")[0],
                                 unseen="ignore")
    plan = [j for j, n in enumerate(model.pipeline.feature_names) if n.startswith("plan=")]
    raw = Z[1, plan] * model.pipeline.x_scaler.scale_[plan] + model.pipeline.x_scaler.mean_[plan]
    np.testing.assert_allclose(raw, 0, atol=1e-12)  # all-zero one-hot inputs
    p = pd.read_csv(tmp_path / "p.csv")["probability_stay"]
    np.testing.assert_allclose(p, model.predict(Z)[:, 0], rtol=1e-5, atol=1e-7)


def test_separator_decimal_comma_dates_and_missing_targets(tmp_path):
    path = messy_csv(tmp_path / "eu.csv", m=200, task="regression", sep=";", decimal=",")
    text = path.read_text().splitlines()
    text[3] = ";".join(text[3].split(";")[:-1] + [""])  # line 4: no price
    path.write_text("\n".join(text) + "\n")
    refused = run("train", path, "--sep", ";", "--decimal", ",", "--out", tmp_path / "r")
    assert refused.exit_code == 2 and "missing in 1 row(s) (line 4)" in refused.stderr
    result = run("train", path, "--sep", ";", "--decimal", ",", "--drop-missing-target",
                 "--dates", "drop", "--epochs", "3", "--no-baseline", "--out", tmp_path / "r")
    assert result.exit_code == 0, result.output
    assert "Dropped 1 row(s) without a target 'price'" in result.output
    assert "Ignored column 'signup': a date column, left out as asked" in result.output
    assert "separator ';'" in result.output
    for name in ("predicted_vs_actual.png", "residuals.png", "history.png"):
        assert (tmp_path / "r" / name).exists()
    model = gn.models.load_model(tmp_path / "r" / "model.glassnet")
    assert "income" in model.pipeline.feature_names  # 50000,5: read as a number


def test_regression_progress_is_labelled_and_history_has_target_units(tmp_path):
    path = messy_csv(tmp_path / "house.csv", m=200, task="regression")
    result = run("train", path, "--epochs", "4", "--no-baseline", "--no-early-stopping",
                 "--out", tmp_path / "r")
    assert "loss (MSE) and mae are on the standardized target" in result.output
    history = json.loads((tmp_path / "r" / "history.json").read_text())
    std = gn.models.load_model(tmp_path / "r" / "model.glassnet").pipeline.y_scaler.scale_[0]
    np.testing.assert_allclose(history["val_mae_in_target_units"],
                               np.array(history["val_mae"]) * std)


def test_too_many_categories_suggest_dropping_or_hashing(tmp_path):
    rows = "\n".join(f"{i % 7},city{i % 60},{i % 2}" for i in range(240))
    (tmp_path / "c.csv").write_text("x,city,y\n" + rows + "\n")
    result = run("train", tmp_path / "c.csv", "--out", tmp_path / "r")
    assert result.exit_code == 2
    assert "'city' has 60 different values" in result.stderr
    assert "--ignore city" in result.stderr and "hash" in result.stderr


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_streaming_train_reads_chunks_and_predicts_like_the_cli(tmp_path, suffix):
    path = messy_csv(tmp_path / "big.csv", m=1000)
    if suffix == "parquet":
        pd.read_csv(path).to_parquet(tmp_path / "big.parquet")
        path = tmp_path / "big.parquet"
    out = tmp_path / "run"
    result = run("train", path, "--stream", "--chunk-rows", "150", "--epochs", "4",
                 "--out", out)
    assert result.exit_code == 0, result.output
    assert "streamed in chunks of 150 rows" in result.output
    assert "logistic regression" in result.output
    model = gn.models.load_model(out / "model.glassnet")
    frame = pd.read_csv(tmp_path / "big.csv")
    assert model.predict(frame).shape == (1000, 1)
