"""Seed 002 (slides): every Keras snippet on the slides, run with glassnet.

Run with ``python examples/keras_slides.py``.

Each snippet is copied from the slides unchanged except for its imports (the import
lines below, each with the TensorFlow line it replaces) and two things listed here:

- the slides write ``tf.keras.Sequential`` / ``tf.keras.layers.Dense`` after
  ``import tensorflow as tf``; here ``import glassnet as keras`` stands for it and the
  calls read ``keras.Sequential`` / ``keras.layers.Dense``, as Keras 3 users write
  after ``import keras``;
- one slide writes ``Dense(3, input_shape=(2,)), activation='linear'),``, a syntax
  error; it is fixed to ``Dense(3, input_shape=(2,), activation='linear'),``.

What the slides leave out is added around each snippet and marked "not on the
slides": the data (data sets that ship with scikit-learn, features standardized on
the training split), a ``compile``/``fit`` for the model-only snippets (the Functional
API, the Dropout model) and a score on held-out data:

- ``X_train_cancer``: the breast-cancer set, all 30 features;
- single-neuron regression: the diabetes set, three of its features (bmi, bp, s5).
  With all 10 (strongly correlated) features the slide's ``batch_size=1`` and
  learning rate 0.02 leave the last SGD step noisy (test R^2 from about 0.0 to 0.35
  depending on the seed, against 0.45 for least squares); with these three the
  snippet lands near the least-squares fit;
- the 2-input snippets (``input_shape=(2,)``): diabetes (bmi, s5) for regression,
  breast cancer (worst radius, worst concave points) for two classes, iris (petal
  length, petal width, one-hot targets) for three classes.

Regression targets are standardized too (mean 0, variance 1 on the training split),
so the learning rates on the slides suit them; scores are R^2 on the test split.
"""

# %% [markdown]
# # Seed 002: the Keras snippets on the slides, with glassnet

# %%
# ruff: noqa: E501  (the slides' code keeps its long lines)
import numpy as np

import glassnet as gn  # for seeding only (not on the slides)

# The slides' imports, replaced by their glassnet twins:
#   import tensorflow as tf                            -> import glassnet as keras
#                                                         (tf.keras.X -> keras.X)
#   from tensorflow.keras import Input, Model          -> from glassnet import ...
#   from tensorflow.keras.models import Sequential     -> from glassnet import ...
#   from tensorflow.keras.layers import Dense, Dropout -> from glassnet.layers import ...
#   from tensorflow.keras.optimizers import SGD        -> from glassnet.optimizers import SGD
#   from tensorflow.keras.callbacks import EarlyStopping
#                                          -> from glassnet.callbacks import EarlyStopping
import glassnet as keras
from glassnet import Input, Model, Sequential
from glassnet.callbacks import EarlyStopping
from glassnet.layers import Dense, Dropout
from glassnet.optimizers import SGD

SEED = 42


# %% [markdown]
# ## Data (not on the slides)

# %%
def split(X, y, standardize_y=False):
    """80/20 split (``random_state=42``), features standardized on the training part."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.2, random_state=42)
    scaler = StandardScaler().fit(X_train)
    X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)
    if standardize_y:
        mean, std = y_train.mean(), y_train.std()
        y_train, y_test = (y_train - mean) / std, (y_test - mean) / std
    return X_train, X_test, y_train, y_test


def diabetes(columns=None):
    from sklearn.datasets import load_diabetes

    data = load_diabetes()
    X = data.data if columns is None else data.data[:, columns]
    return split(X, data.target, standardize_y=True)


def cancer(features=None):
    from sklearn.datasets import load_breast_cancer

    data = load_breast_cancer()
    X = data.data
    if features is not None:
        X = X[:, [list(data.feature_names).index(f) for f in features]]
    return split(X, data.target)


def iris_petals():
    from sklearn.datasets import load_iris

    data = load_iris()
    X_train, X_test, y_train, y_test = split(data.data[:, 2:], data.target)
    return X_train, X_test, np.eye(3)[y_train], np.eye(3)[y_test]


def r2(model, X, y):
    """Coefficient of determination of the model's predictions."""
    y_pred = model.predict(X)[:, 0]
    return float(1 - np.mean((y_pred - y) ** 2) / np.var(y))


def binary_accuracy(model, X, y):
    return float(np.mean((model.predict(X)[:, 0] > 0.5) == (y > 0.5)))


# %% [markdown]
# ## Single neuron, regression (Sequential)

# %%
def single_neuron_regression():
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = diabetes(columns=[2, 3, 8])  # bmi, bp, s5
    # --- slide ---
    # Define a single neuron model for regression
    model = keras.Sequential([
        keras.layers.Dense(units=1, activation='linear', input_shape=(X_train.shape[1],))
    ])

    # Compile the model using SGD optimizer
    model.compile(optimizer=SGD(learning_rate=0.02), loss='mean_squared_error', metrics=['mean_absolute_error'])

    # Train the model and save the training history
    history = model.fit(X_train, y_train, epochs=100, verbose=1, batch_size=1, validation_split=0.10)
    # --- end of slide ---
    return model, history, r2(model, X_test, y_test)


# %% [markdown]
# ## Single neuron, regression (Functional API) on `X_train_cancer`
#
# The slide only defines the model. Compiled like the Sequential regression snippet,
# it is a linear regression of the 0/1 diagnosis (a linear probability model), scored
# by thresholding its output at 0.5.

# %%
def functional_regression():
    gn.utils.set_random_seed(SEED)
    X_train_cancer, X_test_cancer, y_train_cancer, y_test_cancer = cancer()
    # --- slide ---
    # Define the model structure using Functional API
    inputs = Input(shape=(X_train_cancer.shape[1],))
    outputs = Dense(units=1, activation='linear')(inputs)
    model = Model(inputs=inputs, outputs=outputs)
    # --- end of slide ---
    # not on the slides:
    model.compile(optimizer=SGD(learning_rate=0.02), loss='mean_squared_error',
                  metrics=['mean_absolute_error'])
    history = model.fit(X_train_cancer, y_train_cancer, epochs=100, batch_size=10,
                        validation_split=0.1, verbose=0)
    return model, history, binary_accuracy(model, X_test_cancer, y_test_cancer)


# %% [markdown]
# ## Single neuron, binary classification (Sequential) on the breast-cancer set

# %%
def single_neuron_classification():
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = cancer()
    # --- slide ---
    # Define a single neuron model
    model = keras.Sequential([
        keras.layers.Dense(units=1, activation='sigmoid', input_shape=(X_train.shape[1],))
    ])

    # Compile the model
    model.compile(optimizer=SGD(learning_rate=0.01), loss='binary_crossentropy', metrics=['accuracy'])

    # Train the model and save the training history
    history = model.fit(X_train, y_train, epochs=100, verbose=0, batch_size=10, validation_split=0.1)
    # --- end of slide ---
    return model, history, model.evaluate(X_test, y_test, verbose=0)[1]


# %% [markdown]
# ## Single neuron, binary classification (Functional API) on `X_train_cancer`

# %%
def functional_classification():
    gn.utils.set_random_seed(SEED)
    X_train_cancer, X_test_cancer, y_train_cancer, y_test_cancer = cancer()
    # --- slide ---
    # Define the model structure using Functional API
    inputs = Input(shape=(X_train_cancer.shape[1],))
    outputs = Dense(units=1, activation='sigmoid')(inputs)
    model = Model(inputs=inputs, outputs=outputs)
    # --- end of slide ---
    # not on the slides: compiled and trained as the Sequential snippet
    model.compile(optimizer=SGD(learning_rate=0.01), loss='binary_crossentropy',
                  metrics=['accuracy'])
    history = model.fit(X_train_cancer, y_train_cancer, epochs=100, verbose=0,
                        batch_size=10, validation_split=0.1)
    return model, history, model.evaluate(X_test_cancer, y_test_cancer, verbose=0)[1]


# %% [markdown]
# ## One hidden layer, regression (diabetes: bmi, s5)
#
# The slide's first line has a stray `)`: `Dense(3, input_shape=(2,)), activation='linear'),`.
# It is fixed to `Dense(3, input_shape=(2,), activation='linear'),`.

# %%
def hidden_layer_regression():
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = diabetes(columns=[2, 8])
    # --- slide ---
    # Define the model
    model = Sequential([
        Dense(3, input_shape=(2,), activation='linear'),  # slide: input_shape=(2,)), (typo)
        Dense(1, activation='linear')
    ])

    # Compile the model
    model.compile(optimizer=SGD(learning_rate=0.01), loss='mean_squared_error', metrics=['mae'])

    # Train the model
    history = model.fit(X_train, y_train, epochs=100, batch_size=10, validation_split=0.1, verbose=1)

    # Make predictions
    predictions = model.predict(X_test)
    for i, pred in enumerate(predictions[:5]):
        print(f'Predicted: {pred[0]}, Actual: {y_test[i]}')
    # --- end of slide ---
    return model, history, r2(model, X_test, y_test)


# %% [markdown]
# ## One hidden layer, binary classification (breast cancer: worst radius, worst concave points)

# %%
def hidden_layer_binary():
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = cancer(["worst radius", "worst concave points"])
    # --- slide ---
    # Define the model
    model = Sequential([
        Dense(3, input_shape=(2,), activation='linear'),
        Dense(1, activation='sigmoid')
    ])

    # Compile the model
    model.compile(optimizer=SGD(learning_rate=0.02), loss='binary_crossentropy', metrics=['accuracy'])

    # Train the model
    history = model.fit(X_train, y_train, epochs=100, batch_size=10, validation_split=0.1, verbose=1)

    # Make predictions
    predictions = model.predict(X_test)
    for i, pred in enumerate(predictions[:5]):
        print(f'Predicted: {pred[0] > 0.5}, Actual: {y_test[i]}')
    # --- end of slide ---
    return model, history, model.evaluate(X_test, y_test, verbose=0)[1]


# %% [markdown]
# ## One hidden layer, multiclass classification (iris: petal length and width)

# %%
def hidden_layer_multiclass():
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = iris_petals()
    # --- slide ---
    # Build the model
    model = Sequential([
        Dense(3, input_shape=(2,), activation='linear'),
        Dense(3, activation='softmax')
    ])

    # Compile the model
    model.compile(optimizer=SGD(learning_rate=0.02),
                  loss='categorical_crossentropy',
                  metrics=['accuracy'])

    # Train the model
    model.fit(X_train, y_train, epochs=50, batch_size=10, validation_split=0.1, verbose=1)

    # Make predictions
    predictions = model.predict(X_test)
    # Convert predictions to class labels (if needed)
    predicted_classes = np.argmax(predictions, axis=1)
    # Print predictions
    for i, prediction in enumerate(predictions):
        print(f"Example {i+1}: Predicted probabilities: {prediction}")
        print(f"                Predicted classes: {predicted_classes[i]}")
    # --- end of slide ---
    return model, model.history, float(np.mean(predicted_classes == y_test.argmax(axis=1)))


# %% [markdown]
# ## Overfitting: the Dropout model, trained with the EarlyStopping callback
#
# The slides show the model and the callback without a `compile`/`fit`; they are
# trained here on the 2-input diabetes regression.

# %%
def dropout_with_early_stopping(epochs=300):
    gn.utils.set_random_seed(SEED)
    X_train, X_test, y_train, y_test = diabetes(columns=[2, 8])
    # --- slide ---
    # Set up early stopping
    early_stopping = EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)
    # --- end of slide ---
    # --- slide ---
    # Build the model
    model = Sequential([
        Dense(4, input_shape=(2,), activation='relu'),
        Dropout(0.5), # drop rate is 50%
        Dense(3, activation='relu'),
        Dense(1, activation='linear'),
    ])
    # --- end of slide ---
    # not on the slides:
    model.compile(optimizer=SGD(learning_rate=0.01), loss='mean_squared_error',
                  metrics=['mae'])
    history = model.fit(X_train, y_train, epochs=epochs, batch_size=10,
                        validation_split=0.1, callbacks=[early_stopping], verbose=0)
    return model, history, r2(model, X_test, y_test)


# %%
SNIPPETS = {
    "single neuron, regression (Sequential)": (single_neuron_regression, "test R^2"),
    "single neuron, regression (Functional, X_train_cancer)":
        (functional_regression, "test accuracy"),
    "single neuron, binary classification (Sequential)":
        (single_neuron_classification, "test accuracy"),
    "single neuron, binary classification (Functional)":
        (functional_classification, "test accuracy"),
    "one hidden layer, regression": (hidden_layer_regression, "test R^2"),
    "one hidden layer, binary classification": (hidden_layer_binary, "test accuracy"),
    "one hidden layer, 3 classes (softmax)": (hidden_layer_multiclass, "test accuracy"),
    "Dropout model + EarlyStopping": (dropout_with_early_stopping, "test R^2"),
}


def main():
    """Run every snippet; return ``{title: (score name, score, epochs trained)}``."""
    scores = {}
    for title, (snippet, score_name) in SNIPPETS.items():
        print(f"=== {title} ===")
        model, history, score = snippet()
        scores[title] = (score_name, score, len(history.epoch))
    print()
    print("=== Summary ===")
    for title, (score_name, score, n_epochs) in scores.items():
        print(f"{title:<56} {score_name:<14} {score:.3f}   ({n_epochs} epochs)")
    return scores


if __name__ == "__main__":
    main()
