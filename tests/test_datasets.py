"""gn.datasets and preprocessing.Standardizer, checked against hand-written values and
scikit-learn's own implementations."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

import glassnet as gn
from glassnet.preprocessing import Standardizer

datasets = gn.datasets


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- logic gates ------------------------------------------------------------------
@pytest.mark.parametrize("name, expected", [
    ("and", [0, 0, 0, 1]), ("or", [0, 1, 1, 1]), ("xor", [0, 1, 1, 0]), ("nand", [1, 1, 1, 0]),
])
def test_gate_truth_tables(name, expected):
    X, y = datasets.logic_gate(name)
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, expected)
    assert datasets.load(name).task == "binary"


def test_unknown_gate_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown logic gate 'xnor'"):
        datasets.logic_gate("xnor")


# --- generated sets ---------------------------------------------------------------
def test_moons_and_circles_match_scikit_learn_without_noise():
    from sklearn import datasets as sk

    X, y = datasets.make_moons(101, noise=0.0, shuffle=False)
    X_sk, y_sk = sk.make_moons(101, noise=0.0, shuffle=False)
    np.testing.assert_allclose(X, X_sk, atol=1e-12)
    np.testing.assert_array_equal(y, y_sk)
    X, y = datasets.make_circles(100, noise=0.0, factor=0.3, shuffle=False)
    X_sk, y_sk = sk.make_circles(100, noise=0.0, factor=0.3, shuffle=False)
    np.testing.assert_allclose(X, X_sk, atol=1e-12)
    np.testing.assert_array_equal(y, y_sk)


def test_noise_is_gaussian_with_the_given_standard_deviation():
    clean, _ = datasets.make_moons(4000, noise=0.0, shuffle=False, seed=1)
    noisy, _ = datasets.make_moons(4000, noise=0.2, shuffle=False, seed=1)
    # 8000 draws: the sample std of N(0, 0.2) is within 0.2 * 3/sqrt(2*8000) ~ 0.005
    assert abs((noisy - clean).std() - 0.2) < 0.01


def test_gaussian_xor_labels_are_the_xor_of_the_signs():
    X, y = datasets.make_gaussian_xor(40, noise=0.0, seed=0)
    np.testing.assert_array_equal(np.abs(X), 1.0)
    np.testing.assert_array_equal(y, (X[:, 0] > 0) ^ (X[:, 1] > 0))
    X, y = datasets.make_gaussian_xor(400, noise=0.3, seed=0)
    agree = np.mean(y == ((X[:, 0] > 0) ^ (X[:, 1] > 0)))
    assert agree > 0.95  # P(a coordinate crosses 0) = P(N(0,.3) < -1) ~ 0.0004


def test_spirals_radius_and_angle_follow_the_formula():
    X, y = datasets.make_spirals(60, n_classes=3, noise=0.0, turns=1.0, shuffle=False)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[:20], np.linspace(0.05, 1.0, 20))
    # arm 1 is arm 0 turned by 2 pi / 3
    theta = 2 * np.pi * (r[20:40] + 1 / 3)
    np.testing.assert_allclose(X[20:40], np.column_stack([r[20:40] * np.cos(theta),
                                                          r[20:40] * np.sin(theta)]))
    np.testing.assert_array_equal(np.bincount(y), [20, 20, 20])


def test_blobs_sit_around_their_centers():
    centers = [[0.0, 0.0], [5.0, 5.0], [-5.0, 5.0]]
    X, y = datasets.make_blobs(301, centers=centers, cluster_std=0.1, seed=3)
    np.testing.assert_array_equal(np.bincount(y), [101, 100, 100])
    distance = np.linalg.norm(X - np.asarray(centers)[y], axis=1)
    assert distance.max() < 0.6  # 6 standard deviations
    assert datasets.make_blobs(50, centers=2, seed=0).task == "binary"


def test_seed_repeats_and_changes_the_points():
    a = datasets.make_moons(50, seed=7).X
    np.testing.assert_array_equal(a, datasets.make_moons(50, seed=7).X)
    assert not np.array_equal(a, datasets.make_moons(50, seed=8).X)


def test_generated_sets_reject_bad_arguments():
    with pytest.raises(ValueError, match="noise must be a number >= 0"):
        datasets.make_moons(10, noise=-1)
    with pytest.raises(ValueError, match="n_samples must be an integer"):
        datasets.make_circles(1)
    with pytest.raises(ValueError, match="factor must be between 0 and 1"):
        datasets.make_circles(10, factor=1.5)


# --- tabular sets and the registry -----------------------------------------------
@pytest.mark.parametrize("name, shape, task, n_classes", [
    ("breast_cancer", (569, 30), "binary", 2), ("iris", (150, 4), "multiclass", 3),
    ("wine", (178, 13), "multiclass", 3), ("digits", (1797, 64), "multiclass", 10),
    ("diabetes", (442, 10), "regression", None),
])
def test_tabular_sets(name, shape, task, n_classes):
    data = datasets.load(name)
    assert data.X.shape == shape and data.y.shape == (shape[0],)
    assert data.task == task and data.n_classes == n_classes
    assert len(data.feature_names) == shape[1]


def test_iris_keeps_the_species_names():
    assert datasets.load_iris().classes == ["setosa", "versicolor", "virginica"]


def test_list_datasets_has_a_line_for_every_builtin():
    listing = datasets.list_datasets()
    assert set(listing) == {"and", "or", "xor", "nand", "moons", "circles", "spirals",
                            "blobs", "gaussian_xor", "breast_cancer", "iris", "wine",
                            "digits", "diabetes"}
    assert all(isinstance(line, str) and line and "\n" not in line for line in listing.values())


def test_unknown_builtin_name_lists_the_names():
    with pytest.raises(ValueError, match="Unknown data set 'mnist'.*iris"):
        datasets.load("mnist")


def test_dataset_indexes_like_the_tuple_x_y():
    data = datasets.load("moons")
    X, y = data
    assert data[0] is X and data[1] is y and data[-1] is y
    assert data[:] == (X, y)
    with pytest.raises(IndexError, match="2 items, X .data\\[0\\]. and y .data\\[1\\]."):
        data[2]
    with pytest.raises(TypeError, match="use data\\[0\\] for X and data\\[1\\] for y"):
        data["X"]


def test_load_names_the_options_of_a_set_after_a_typo():
    with pytest.raises(ValueError, match="load\\('moons'\\) got the unknown option 'nosie'; "
                       "its options are n_samples, noise, seed, shuffle. Did you mean 'noise'"):
        datasets.load("moons", nosie=0.2)
    with pytest.raises(ValueError, match="load\\('xor'\\) got the unknown option 'seed'; it "
                       "takes no options"):
        datasets.load("xor", seed=1)
    assert datasets.load("moons", noise=0.0, n_samples=10).X.shape == (10, 2)


def test_help_of_load_lists_every_name_and_what_it_returns():
    doc = datasets.load.__doc__
    for name in datasets.BUILTIN:
        assert f'``"{name}"``' in doc
    assert "Returns" in doc and "Dataset" in doc and "X, y" in doc


def test_datasets_module_loads_without_pandas_or_sklearn():
    code = ("import sys, glassnet as gn; gn.datasets.load_xor(); gn.datasets.make_moons(); "
            "print('pandas' in sys.modules, 'sklearn' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]


# --- CSV files ---------------------------------------------------------------------
CSV = """id,age,colour,income,label
a1,30,red,1.5,yes
a2,40,blue,2.5,no
a3,50,red,3.5,yes
a4,60,green,4.5,no
"""


def test_load_csv_one_hot_encodes_text_and_keeps_numbers(tmp_path):
    path = write(tmp_path, "people.csv", CSV)
    data = datasets.load_csv(path, target="label", scale=False)
    assert data.feature_names == ["age", "colour=blue", "colour=green", "colour=red", "income"]
    raw = np.array([[30, 0, 0, 1, 1.5], [40, 1, 0, 0, 2.5], [50, 0, 0, 1, 3.5],
                    [60, 0, 1, 0, 4.5]])
    np.testing.assert_array_equal(data.X, raw)
    # by default the inputs are standardized, as glassnet train does: population std
    scaled = datasets.load_csv(path, target="label")
    np.testing.assert_allclose(scaled.X, (raw - raw.mean(0)) / raw.std(0), atol=1e-12)
    assert data.classes == ["no", "yes"] and data.task == "binary"
    np.testing.assert_array_equal(data.y, [1, 0, 1, 0])
    assert data.encoder.ignored == {"id": "its name marks it as an identifier"}


def test_target_defaults_to_the_last_column_and_numeric_labels(tmp_path):
    path = write(tmp_path, "n.csv", "x,cls\n1,3\n2,1\n3,2\n4,3\n")
    data = datasets.load_csv(path)
    assert data.target_name == "cls" and data.task == "multiclass"
    assert data.classes == [1, 2, 3]
    np.testing.assert_array_equal(data.y, [2, 0, 1, 2])


def test_task_inference_from_the_target(tmp_path):
    # x = 0, 2, 4...: not a running number (0, 1, 2... would be left out as a row id)
    rows = "\n".join(f"{2 * i},{i * 0.37:.2f}" for i in range(30))
    assert datasets.load_csv(write(tmp_path, "r.csv", "x,y\n" + rows)).task == "regression"
    rows = "\n".join(f"{2 * i},{i * 7}" for i in range(30))  # 30 distinct whole numbers
    assert datasets.load_csv(write(tmp_path, "r2.csv", "x,y\n" + rows)).task == "regression"
    rows = "\n".join(f"{2 * i},{i % 2 * 1.0}" for i in range(30))
    assert datasets.load_csv(write(tmp_path, "b.csv", "x,y\n" + rows)).task == "binary"


def test_target_that_does_not_fit_the_task(tmp_path):
    path = write(tmp_path, "people.csv", CSV)
    with pytest.raises(ValueError, match="holds text .* cannot be a regression target"):
        datasets.load_csv(path, target="label", task="regression")
    with pytest.raises(ValueError, match="has 4 classes, so it is not a binary task"):
        datasets.load_csv(path, target="age", task="binary")
    single = write(tmp_path, "one.csv", "x,y\n1,a\n2,a\n")
    with pytest.raises(ValueError, match="single value"):
        datasets.load_csv(single)


def test_missing_values_are_reported_with_their_lines(tmp_path):
    path = write(tmp_path, "m.csv", "x,z,y\n1,2,a\n,3,b\n3,4,a\n5,,b\n")
    with pytest.raises(ValueError, match=r"Column 'x' has 1 missing value \(line 3\).*impute"):
        datasets.load_csv(path, impute=None)


def test_imputation_uses_the_column_mean_median_and_mode(tmp_path):
    path = write(tmp_path, "m.csv", "x,c,y\n1,u,a\n,v,b\n3,,a\n8,v,b\n")
    mean = datasets.load_csv(path, impute="mean", scale=False)
    # x: mean of 1, 3, 8 = 4; c: most frequent of u, v, v = v
    np.testing.assert_array_equal(mean.X[:, 0], [1, 4, 3, 8])
    np.testing.assert_array_equal(mean.X[2, 1:], [0, 1])
    median = datasets.load_csv(path, impute="median", scale=False)
    np.testing.assert_array_equal(median.X[:, 0], [1, 3, 3, 8])


def test_missing_target_is_never_imputed(tmp_path):
    path = write(tmp_path, "t.csv", "x,y\n1,a\n2,\n3,b\n")
    with pytest.raises(ValueError, match="target column 'y' is missing in 1 row.*line 3"):
        datasets.load_csv(path, impute="mean")


@pytest.mark.parametrize("text, message", [
    ("", "is empty. A CSV needs a header row"),
    ("\n\n", "is empty"),
    ("a,b,c\n", "has a header .* but no data rows"),
    ("a,b,c\n1,2,3\n4,5\n", "line 3 has 2 values but the header has 3 columns"),
    ("a,b,c\n1,2,3\n4,5,6,7\n", "line 3 has 4 values but the header has 3 columns"),
    ("1,2,3\n4,5,6\n", "seems to have no header row"),
    ("a,a,b\n1,2,3\n", "'a' appears twice"),
    ("a,,b\n1,2,3\n", "column 2 of the header has no name"),
    ("a,b\n1,x\n2,y\n", None),  # fine: a text feature would be ok... target is b here
])
def test_malformed_files(tmp_path, text, message):
    path = write(tmp_path, "bad.csv", text)
    if message is None:
        assert datasets.load_csv(path, target="b").task == "binary"
        return
    with pytest.raises(ValueError, match=message):
        datasets.load_csv(path)


def test_semicolon_files_get_the_separator_message_even_with_decimal_commas(tmp_path):
    # the rows split into another number of values than the header: that message
    # used to come first and hid the real problem
    path = write(tmp_path, "eu.csv", "age;chol;outcome\n63;233,5;1\n50;200,1;0\n")
    with pytest.raises(ValueError, match="eu.csv does not seem to be comma-separated .*"
                       "decimal commas \\(such as '233,5'\\).*sep=';', decimal=','"):
        datasets.load_csv(path)
    path = write(tmp_path, "semi.csv", "age;chol;outcome\n63;233;1\n50;200;0\n")
    with pytest.raises(ValueError, match="comma-separated.*sep=';'\\)") as error:
        datasets.load_csv(path)
    assert "decimal" not in str(error.value)


@pytest.mark.parametrize("cell, message", [
    ("inf", "Column 'chol' has an infinite value \\(inf\\) in line 3"),
    ("-inf", "Column 'chol' has an infinite value \\(-inf\\) in line 3"),
    ("1e300", "Column 'chol' has the value 1e\\+300 in line 3, larger than glassnet's "
              "float32 arithmetic allows"),
    ("-4e38", "Column 'chol' has the value -4e\\+38 in line 3, larger than"),
])
def test_load_csv_refuses_numbers_float32_cannot_hold(tmp_path, cell, message):
    path = write(tmp_path, "p.csv", f"age,chol,outcome\n63,233,1\n50,{cell},0\n51,250,1\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # one clear ValueError, no NumPy warning first
        with pytest.raises(ValueError, match=message):
            datasets.load_csv(path)
        with pytest.raises(ValueError, match=message):
            datasets.load_csv(path, impute="mean")


def test_load_csv_keeps_numbers_up_to_the_float32_maximum(tmp_path):
    # np.finfo(np.float32).max is 3.4028235e38: 3e38 fits, 3.5e38 does not
    path = write(tmp_path, "p.csv", "x,y\n3e38,0\n-3e38,1\n")
    np.testing.assert_array_equal(datasets.load_csv(path, scale=False).X, [[3e38], [-3e38]])
    with pytest.raises(ValueError, match="'x' has the value 3.5e\\+38 in line 3"):
        datasets.load_csv(write(tmp_path, "q.csv", "x,y\n3e38,0\n3.5e38,1\n"))


def test_infinite_regression_target_is_refused_without_a_warning(tmp_path):
    rows = "".join(f"{i},{i + 0.5}\n" for i in range(30)) + "30,inf\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="Column 'y' has an infinite value .inf. in line 32"):
            datasets.load_csv(write(tmp_path, "r.csv", "x,y\n" + rows))


def test_missing_file_folder_and_binary_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No file at"):
        datasets.load_csv(tmp_path / "nope.csv")
    with pytest.raises(IsADirectoryError, match="is a folder"):
        datasets.load_csv(tmp_path)
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValueError, match="not a text CSV"):
        datasets.load_csv(binary)


def test_unknown_target_and_text_in_a_numeric_column(tmp_path):
    with pytest.raises(ValueError, match="no column 'price'.*'id', .*'label'"):
        datasets.load_csv(write(tmp_path, "p.csv", CSV), target="price")
    rows = "x,y\n" + "\n".join(f"{i},{i % 2}" for i in range(20)) + "\noops,1\n"
    with pytest.raises(ValueError, match="'x' holds numbers but also text .*'oops'.*line 22"):
        datasets.load_csv(write(tmp_path, "t.csv", rows))


def test_encoder_round_trip_and_new_data_checks(tmp_path):
    import pandas as pd

    data = datasets.load_csv(write(tmp_path, "people.csv", CSV), target="label", scale=False)
    encoder = datasets.TabularEncoder.from_config(data.encoder.get_config())
    new = pd.DataFrame({"age": [35], "colour": ["green"], "income": [2.0], "extra": [1]})
    np.testing.assert_array_equal(encoder.transform(new), [[35, 0, 1, 0, 2.0]])
    with pytest.raises(ValueError, match="lacks the column.*'income'"):
        encoder.transform(new.drop(columns="income"))
    with pytest.raises(ValueError, match="'purple' that the model never saw"):
        encoder.transform(new.assign(colour="purple"))
    with pytest.raises(ValueError, match="label.*maybe.*classes are no, yes"):
        encoder.encode_target(pd.Series(["maybe"]))


# --- splits ------------------------------------------------------------------------
def test_split_sizes_cover_every_row_once():
    y = np.arange(100) % 2
    train, val, test = datasets.split_indices(y, 0.2, 0.25, seed=0)
    assert (len(train), len(val), len(test)) == (55, 20, 25)
    np.testing.assert_array_equal(np.sort(np.concatenate([train, val, test])), np.arange(100))


def test_stratified_split_keeps_class_proportions():
    y = np.array([0] * 80 + [1] * 20)
    train, val, test = datasets.split_indices(y, 0.2, 0.2, seed=1)
    # 20 % of each class in each held-out part: 16 + 4 rows
    assert np.bincount(y[test]).tolist() == [16, 4]
    assert np.bincount(y[val]).tolist() == [16, 4]
    assert np.bincount(y[train]).tolist() == [48, 12]


def test_split_is_repeatable_and_checks_fractions():
    X, y = np.arange(40).reshape(20, 2), np.arange(20) % 2
    a = datasets.train_val_test_split(X, y, seed=3)
    b = datasets.train_val_test_split(X, y, seed=3)
    for u, v in zip(a, b, strict=True):
        np.testing.assert_array_equal(u, v)
    with pytest.raises(ValueError, match="add up to 1.1"):
        datasets.split_indices(y, 0.5, 0.6)
    with pytest.raises(ValueError, match="validation_split must be a fraction"):
        datasets.split_indices(y, 1.5, 0.1)
    with pytest.raises(ValueError, match="every class represented"):
        datasets.split_indices(np.array([0, 0, 0, 0, 1]), 0.0, 0.2, seed=0)


# --- standardization ---------------------------------------------------------------
def test_standardizer_matches_scikit_learn():
    from sklearn.preprocessing import StandardScaler

    X = np.random.default_rng(0).normal(3.0, 2.0, size=(50, 4))
    X[:, 2] = 7.0  # a constant column maps to 0, not to a division by zero
    ours = Standardizer().fit(X)
    theirs = StandardScaler().fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), atol=1e-12)
    np.testing.assert_allclose(ours.scale_, theirs.scale_)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X)


def test_standardizer_hand_example_and_config():
    scaler = Standardizer().fit([[1.0], [3.0]])  # mean 2, std sqrt(((1-2)^2+(3-2)^2)/2) = 1
    np.testing.assert_allclose(scaler.transform([5.0]), [3.0])
    again = Standardizer.from_config(scaler.get_config())
    np.testing.assert_allclose(again.transform([[5.0]]), [[3.0]])


def test_standardizer_errors():
    with pytest.raises(RuntimeError, match="fit"):
        Standardizer().transform([[1.0]])
    scaler = Standardizer().fit(np.ones((3, 2)))
    with pytest.raises(ValueError, match="fitted on 2 columns, but got an array of shape"):
        scaler.transform(np.ones((3, 5)))
    with pytest.raises(ValueError, match="NaN"):
        Standardizer().fit([[np.nan]])


@pytest.mark.parametrize("value, message", [
    (1e300, "Standardizer.fit: Column 1 of X has the value 1e\\+300 at X\\[2, 1\\], larger "
            "than glassnet's float32 arithmetic allows"),
    (np.inf, "Standardizer.fit: Column 1 of X has an infinite value \\(inf\\) at X\\[2, 1\\]"),
    (np.nan, "Standardizer.fit: Column 1 of X has a value that is not a number \\(NaN\\) at "
             "X\\[2, 1\\]"),
])
def test_standardizer_names_the_column_of_a_bad_number_without_a_warning(value, message):
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, value]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # 1e300 used to overflow in the std first
        with pytest.raises(ValueError, match=message):
            Standardizer().fit(X)
    scaler = Standardizer().fit(X[:2])
    with pytest.raises(ValueError, match="Standardizer.transform: Column 1 of X"):
        scaler.transform(X)
