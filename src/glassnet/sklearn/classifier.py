"""GlassnetClassifier: a glassnet MLP as a scikit-learn classifier."""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.validation import column_or_1d

from ._base import GlassnetEstimator

_PARAMETERS = """
    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(100,)
        Units of each hidden Dense layer, as in ``MLPClassifier``; ``()`` for none.
    activation : str, default="relu"
        Activation of the hidden layers: any glassnet activation name ("relu",
        "tanh", "sigmoid", "elu", "leaky_relu", "linear").
    optimizer : str or glassnet.optimizers.Optimizer, default="adam"
        A name ("adam", "sgd", "rmsprop", "adagrad") used with ``learning_rate``, or
        an optimizer object (copied at each fit; its own learning rate is used).
    learning_rate : float, default=0.001
        Step size of a named optimizer.
    batch_size : int or "auto", default="auto"
        Examples per gradient step; "auto" is ``min(200, n_samples)`` as in
        ``MLPClassifier``.
    epochs : int, default=200
        Passes over the training data in ``fit`` (``partial_fit`` makes one).
    dropout : float, default=0.0
        Dropout rate after each hidden layer (0 adds no Dropout layer).
    l2 : float, default=0.0
        ``l2 * sum W^2`` added to the loss for each kernel ``W`` (Keras's L2).
    early_stopping : bool, default=False
        Hold out ``validation_fraction`` of the data; stop when its loss has not
        improved by ``tol`` for ``n_iter_no_change`` epochs, and keep the weights
        of the best epoch.
    validation_fraction : float, default=0.1
        Share of the data held out for early stopping.
    n_iter_no_change : int, default=10
        Patience of early stopping, in epochs.
    tol : float, default=1e-4
        Least decrease of the validation loss that counts as an improvement.
    random_state : int, RandomState instance or None, default=None
        Seeds the weights, the shuffling, dropout and the validation split: the
        same integer gives the same fit, bit for bit.
    verbose : int, default=0
        0 silent, 1 a progress bar, 2 one line per epoch (glassnet's ``fit``).
    model : callable or None, default=None
        A function ``model(n_features_in, n_outputs)`` that returns a new glassnet
        model at each call, used instead of ``hidden_layer_sizes``, ``activation``,
        ``dropout`` and ``l2``. Its output layer must have ``n_outputs`` units
        (sigmoid for one, softmax for several classes; linear for regression). If
        it is not compiled it is compiled with ``optimizer``, ``learning_rate`` and
        the task's loss. Define it at module level so the estimator can be pickled.
    callbacks : list of glassnet.callbacks.Callback or None, default=None
        Extra callbacks given to glassnet's ``fit`` (after the estimator's own early
        stopping): ``LearningRateScheduler``, ``CSVLogger``, ``TerminateOnNaN``...
"""




class GlassnetClassifier(ClassifierMixin, GlassnetEstimator):
    __doc__ = (
        """A glassnet multi-layer perceptron as a scikit-learn classifier.

    Two classes: one sigmoid output and binary cross-entropy. More classes: one
    softmax output per class and categorical cross-entropy. Multi-label ``y`` (a 0/1
    indicator matrix): one sigmoid output per label and binary cross-entropy. With
    sigmoid/softmax outputs glassnet uses the fused gradient ``dZ = A - Y``.
    """
        + _PARAMETERS
        + """    class_weight : dict, "balanced" or None, default=None
        Weighs each class's examples in the loss: ``{label: weight}``, or
        "balanced", ``n_samples / (n_classes * count(class))`` as in scikit-learn;
        multiplies ``sample_weight``.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels (for multi-label ``y``, the label indices).
    model_ : glassnet.Sequential or glassnet.Model
        The trained glassnet model.
    history_ : dict of list
        ``{"loss": [...], "val_loss": [...]}`` per epoch, over fit and partial_fit.
    loss_curve_ : list of float
        The training loss of each epoch, ``history_["loss"]``.
    n_iter_ : int
        Epochs run.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X was a DataFrame with string column names.
    best_validation_loss_ : float
        Best validation loss (with early stopping only).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from glassnet.sklearn import GlassnetClassifier
    >>> X, y = load_iris(return_X_y=True)
    >>> clf = GlassnetClassifier(hidden_layer_sizes=(16,), random_state=0).fit(X, y)
    >>> clf.predict_proba(X[:2]).shape
    (2, 3)
    """
    )

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", optimizer="adam",
                 learning_rate=0.001, batch_size="auto", epochs=200, dropout=0.0, l2=0.0,
                 early_stopping=False, validation_fraction=0.1, n_iter_no_change=10,
                 tol=1e-4, random_state=None, verbose=0, model=None, callbacks=None,
                 class_weight=None):
        super().__init__(hidden_layer_sizes, activation, optimizer, learning_rate,
                         batch_size, epochs, dropout, l2, early_stopping,
                         validation_fraction, n_iter_no_change, tol, random_state, verbose,
                         model, callbacks)
        self.class_weight = class_weight

    def fit(self, X, y, sample_weight=None, validation_data=None):
        """Train a new model on ``X (m, n_features)`` and ``y (m,)`` or ``(m, n_labels)``.

        ``sample_weight (m,)`` weighs each example's loss (glassnet's
        ``fit(sample_weight=...)``). ``validation_data=(X_val, y_val)``: the loss
        on those rows is recorded each epoch (``history_["val_loss"]``), and early
        stopping watches it instead of holding out ``validation_fraction``.
        Returns ``self``.
        """
        return self._fit(X, y, sample_weight, validation_data=validation_data)

    def partial_fit(self, X, y, sample_weight=None, classes=None):
        """Train one epoch on ``(X, y)``, continuing from the current weights.

        ``classes`` (every label that will ever appear) is required on the first
        call, unless ``y`` is a multi-label indicator matrix. ``early_stopping``
        applies to ``fit`` only. Returns ``self``.
        """
        if classes is None and not hasattr(self, "model_"):
            from sklearn.utils.multiclass import type_of_target

            if type_of_target(y) != "multilabel-indicator":
                raise ValueError(
                    "classes must be passed on the first call to partial_fit, e.g. "
                    "partial_fit(X, y, classes=np.unique(y_all))."
                )
        return self._fit(X, y, sample_weight, incremental=True, classes=classes)

    def _encode_targets(self, y, first_call, classes=None):
        from sklearn.preprocessing import LabelBinarizer
        from sklearn.utils.multiclass import check_classification_targets, type_of_target

        check_classification_targets(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = column_or_1d(y, warn=True)
        target_type = type_of_target(y)
        if target_type not in ("binary", "multiclass", "multilabel-indicator"):
            raise ValueError(
                f"GlassnetClassifier supports binary, multi-class and multi-label "
                f"(0/1 indicator matrix) targets, but y is {target_type!r}. For several "
                "multi-class outputs wrap it in sklearn.multioutput.MultiOutputClassifier."
            )
        multilabel = target_type == "multilabel-indicator"
        if first_call:
            binarizer = LabelBinarizer()
            binarizer.fit(y if multilabel or classes is None else np.asarray(classes))
            if len(binarizer.classes_) < 2:
                raise ValueError(
                    f"GlassnetClassifier needs examples of at least 2 classes, but y "
                    f"holds only one class: {binarizer.classes_[0]!r}."
                )
            self._label_binarizer, self.classes_ = binarizer, binarizer.classes_
        elif not multilabel:
            unknown = np.setdiff1d(np.unique(y), self.classes_)
            if len(unknown):
                raise ValueError(
                    f"y has classes {unknown.tolist()} that were not seen in the first "
                    f"fit; the classes are {self.classes_.tolist()}."
                )
        return self._label_binarizer.transform(y).astype(np.float64)

    def _sample_weights(self, sample_weight, y):
        """``sample_weight`` times each example's class weight (``class_weight``)."""
        if self.class_weight is None:
            return sample_weight
        if self._label_binarizer.y_type_ == "multilabel-indicator":
            raise ValueError("class_weight is for one label per example, not multi-label y.")
        if not (self.class_weight == "balanced" or isinstance(self.class_weight, dict)):
            raise ValueError(f"class_weight must be a dict {{label: weight}}, 'balanced' or "
                             f"None, but got {self.class_weight!r}.")
        from sklearn.utils.class_weight import compute_class_weight

        weights = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        w = weights[np.searchsorted(self.classes_, y)]
        return w if sample_weight is None else w * np.asarray(sample_weight, dtype=np.float64)

    def _output_activation_and_loss(self):
        if self._label_binarizer.y_type_ == "multiclass":
            return "softmax", "categorical_crossentropy"
        return "sigmoid", "binary_crossentropy"

    def _stratify(self, y):
        """``y`` when a stratified split can keep every class on both sides, else None."""
        if self._label_binarizer.y_type_ == "multilabel-indicator":
            return None
        n_val = int(np.ceil(self.validation_fraction * len(y)))
        counts = np.unique(y, return_counts=True)[1]
        if counts.min() < 2 or min(n_val, len(y) - n_val) < len(counts):
            return None
        return y

    def predict_proba(self, X):
        """Class probabilities, shape ``(m, n_classes)``, columns in ``classes_`` order.

        Two classes: ``[1 - a, a]`` from the sigmoid output ``a``. Multi-label: each
        label's own probability (rows need not sum to 1).
        """
        A = self._outputs(X)
        if self._label_binarizer.y_type_ == "binary":
            return np.hstack([1.0 - A, A])
        return A

    def predict_log_proba(self, X):
        """The logarithm of ``predict_proba``."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Predicted labels ``(m,)``: the most probable class (probability > 0.5 for
        two classes); for multi-label ``y`` a 0/1 matrix ``(m, n_labels)``."""
        A = self._outputs(X)  # checks first that the estimator is fitted
        return self._label_binarizer.inverse_transform(A)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_label = True
        return tags
