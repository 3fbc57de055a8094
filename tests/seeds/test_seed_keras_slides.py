"""Seed 002 (slides): every Keras snippet runs with glassnet, imports changed only."""
# ruff: noqa: E501  (the slides' code is quoted with its long lines)

import contextlib
import io
import re
from pathlib import Path

import numpy as np
import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "keras_slides.py"

# Every code line of the slides' Keras snippets, copied from the seed document
# (002, "TensorFlow Implementation ..." and the overfitting slides), imports left out.
SLIDES = r"""
# Define a single neuron model for regression
model = tf.keras.Sequential([
    tf.keras.layers.Dense(units=1, activation='linear', input_shape=(X_train.shape[1],))
])
# Compile the model using SGD optimizer
model.compile(optimizer=SGD(learning_rate=0.02), loss='mean_squared_error', metrics=['mean_absolute_error'])
# Train the model and save the training history
history = model.fit(X_train, y_train, epochs=100, verbose=1, batch_size=1, validation_split=0.10)

# Define the model structure using Functional API
inputs = Input(shape=(X_train_cancer.shape[1],))
outputs = Dense(units=1, activation='linear')(inputs)
model = Model(inputs=inputs, outputs=outputs)

# Define a single neuron model
model = tf.keras.Sequential([
    tf.keras.layers.Dense(units=1, activation='sigmoid', input_shape=(X_train.shape[1],))
])
# Compile the model
model.compile(optimizer=SGD(learning_rate=0.01), loss='binary_crossentropy', metrics=['accuracy'])
# Train the model and save the training history
history = model.fit(X_train, y_train, epochs=100, verbose=0, batch_size=10, validation_split=0.1)

# Define the model structure using Functional API
inputs = Input(shape=(X_train_cancer.shape[1],))
outputs = Dense(units=1, activation='sigmoid')(inputs)
model = Model(inputs=inputs, outputs=outputs)

# Define the model
model = Sequential([
    Dense(3, input_shape=(2,)), activation='linear'),
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

# Set up early stopping
early_stopping = EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)

# Build the model
model = Sequential([
    Dense(4, input_shape=(2,), activation='relu'),
    Dropout(0.5), # drop rate is 50%
    Dense(3, activation='relu'),
    Dense(1, activation='linear'),
])
"""

TYPO = "Dense(3, input_shape=(2,)), activation='linear'),"
TYPO_FIXED = "Dense(3, input_shape=(2,), activation='linear'),"


def example_slide_lines():
    """Code lines between ``# --- slide ---`` markers in the example, as on the slides.

    Undoes the one documented non-import change (``tf.keras.X`` written ``keras.X``)
    and drops the example's note on the typo fix.
    """
    lines, inside = [], False
    for line in EXAMPLE.read_text().splitlines():
        if line.strip() == "# --- slide ---":
            inside = True
        elif line.strip() == "# --- end of slide ---":
            inside = False
        elif inside and line.strip():
            line = line.split("  # slide:")[0].strip()
            lines.append(re.sub(r"(?<![\w.])keras\.", "tf.keras.", line))
    return lines


def test_snippets_are_the_slides_code_unchanged():
    slide_lines = [line.strip() for line in SLIDES.splitlines() if line.strip()]
    example_lines = example_slide_lines()
    # Every line of the example's snippets is on the slides (the typo line fixed) ...
    allowed = set(slide_lines) | {TYPO_FIXED}
    assert [line for line in example_lines if line not in allowed] == []
    # ... and every slide line is in the example, as often as on the slides.
    from collections import Counter

    wanted = Counter(TYPO_FIXED if line == TYPO else line for line in slide_lines)
    have = Counter(example_lines)
    assert {line: n for line, n in wanted.items() if have[line] < n} == {}


@pytest.fixture(scope="module")
def scores(load_example):
    with contextlib.redirect_stdout(io.StringIO()) as out:
        result = load_example("keras_slides").main()
    result["_stdout"] = out.getvalue()
    return result


# Thresholds a Keras user would expect on these splits; the scikit-learn reference
# on the same split is in the comment.
THRESHOLDS = {
    "single neuron, regression (Sequential)": 0.33,  # least squares R^2 0.45
    "single neuron, regression (Functional, X_train_cancer)": 0.93,  # LDA-like, ~0.96
    "single neuron, binary classification (Sequential)": 0.95,  # LogisticRegression 0.97
    "single neuron, binary classification (Functional)": 0.95,
    "one hidden layer, regression": 0.40,  # least squares on (bmi, s5): R^2 0.45
    "one hidden layer, binary classification": 0.93,  # LogisticRegression 0.965
    "one hidden layer, 3 classes (softmax)": 0.93,  # LogisticRegression 1.0
    "Dropout model + EarlyStopping": 0.25,  # least squares 0.45; dropout 0.5 on 4 units
}


@pytest.mark.parametrize("title", list(THRESHOLDS))
def test_snippet_reaches_expected_score(scores, title):
    _, score, _ = scores[title]
    assert score > THRESHOLDS[title]


def test_snippet_printouts(scores):
    out = scores["_stdout"]
    assert len(re.findall(r"Predicted: -?\d+\.\d+, Actual: -?\d+\.\d+", out)) == 5
    assert len(re.findall(r"Predicted: (?:True|False), Actual: [01]\b", out)) == 5
    assert len(re.findall(r"Example \d+: Predicted probabilities: \[", out)) == 30  # iris test
    for probabilities in re.findall(r"Predicted probabilities: \[([^\]]*)\]", out):
        assert sum(float(p) for p in probabilities.split()) == pytest.approx(1, abs=1e-5)


def test_early_stopping_stops_and_restores_the_best_weights(load_example):
    ex = load_example("keras_slides")
    model, history, _ = ex.dropout_with_early_stopping(epochs=300)
    val_losses = history.history["val_loss"]
    best = int(np.argmin(val_losses))
    # Stopped 5 epochs (patience) after the best one, long before 300 ...
    assert len(val_losses) == best + 1 + 5 < 300
    # ... with the best epoch's weights: the validation loss is the best one again.
    X_train, _, y_train, _ = ex.diabetes(columns=[2, 8])
    # validation_split=0.1, as Keras 3: train on the first floor(n (1 - 0.1)) rows
    cut = int(np.floor(len(X_train) * (1.0 - 0.1)))
    val_loss = model.evaluate(X_train[cut:], y_train[cut:], verbose=0)[0]
    assert val_loss == pytest.approx(val_losses[best], rel=1e-5)
