"""The pictures of a ``glassnet train`` run, one set per task.

Every task: ``history.png`` (loss and metrics per epoch; regression in the target's
units where the logs have them). Classification: ``confusion_matrix.png`` and
``roc_pr.png`` (ROC and precision-recall curves, one per class against the rest
for several classes). Regression: ``predicted_vs_actual.png`` and
``residuals.png``. Two inputs: ``decision_boundary.png``. All on the held-out rows.
"""

import numpy as np


def _confusion(C, classes):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1.2 * len(classes) + 2.5, 1.1 * len(classes) + 2))
    image = ax.imshow(C, cmap="Blues")
    fig.colorbar(image, ax=ax, label="rows")
    ticks = np.arange(len(classes))
    ax.set_xticks(ticks, [str(c) for c in classes], rotation=45, ha="right")
    ax.set_yticks(ticks, [str(c) for c in classes])
    for i in ticks:
        for j in ticks:
            ax.text(j, i, int(C[i, j]), ha="center", va="center",
                    color="white" if C[i, j] > C.max() / 2 else "black")
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    ax.set_title("Confusion matrix (held-out rows)")
    return fig


def _roc_pr(y, P, classes):
    import matplotlib.pyplot as plt
    from sklearn.metrics import auc, precision_recall_curve, roc_curve

    fig, (roc, pr) = plt.subplots(1, 2, figsize=(10, 4.2))
    shown = [1] if len(classes) == 2 else range(len(classes))
    for k in shown:
        positive = (y == k).astype(int)
        if positive.min() == positive.max():
            continue  # a class absent from the held-out rows has no curve
        fpr, tpr, _ = roc_curve(positive, P[:, k])
        precision, recall, _ = precision_recall_curve(positive, P[:, k])
        roc.plot(fpr, tpr, label=f"{classes[k]} (AUC {auc(fpr, tpr):.3f})")
        pr.plot(recall, precision, label=f"{classes[k]}")
    roc.plot([0, 1], [0, 1], "k:", lw=1)
    roc.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC curve")
    pr.set(xlabel="recall", ylabel="precision", title="Precision-recall curve")
    for ax in (roc, pr):
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    return fig


def _predicted_vs_actual(y, predicted, target):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5))
    ax.scatter(y, predicted, s=10, alpha=0.6)
    low, high = float(min(y.min(), predicted.min())), float(max(y.max(), predicted.max()))
    ax.plot([low, high], [low, high], "k:", lw=1, label="predicted = actual")
    ax.set(xlabel=f"actual {target}", ylabel=f"predicted {target}",
           title="Predicted vs actual (held-out rows)")
    ax.legend()
    ax.grid(True, alpha=0.3)
    return fig


def _residuals(y, predicted, target):
    import matplotlib.pyplot as plt

    fig, (scatter, hist) = plt.subplots(1, 2, figsize=(10, 4))
    residual = y - predicted
    scatter.scatter(predicted, residual, s=10, alpha=0.6)
    scatter.axhline(0, color="k", lw=1, ls=":")
    scatter.set(xlabel=f"predicted {target}", ylabel=f"actual - predicted ({target} units)",
                title="Residuals")
    hist.hist(residual, bins=30)
    hist.set(xlabel=f"actual - predicted ({target} units)", ylabel="rows",
             title="Distribution of the residuals")
    for ax in (scatter, hist):
        ax.grid(True, alpha=0.3)
    return fig


def _history(history, task):
    from .. import plot

    logs = history.history
    if task == "regression":
        metrics = [k for k in logs if k.endswith("_in_target_units") and not k.startswith("val_")]
        fig = plot.history(history, metrics=metrics)
        fig.axes[0].set_title("loss: MSE of the standardized target")
        return fig
    return plot.history(history)


def save_plots(folder, console, history, model, task, held, pipeline):
    """Write the task's pictures into ``folder``; a failing plot is skipped, reported.

    ``held`` is ``(Z, y, P, predicted)`` of the held-out rows: inputs, targets
    (class indices or values in units), probabilities (None for regression), and
    predictions in the target's terms.
    """
    import os

    os.environ.setdefault("MPLBACKEND", "Agg")
    try:
        import matplotlib.pyplot as plt

        from .. import plot
    except ImportError as error:
        console.print(f"Plots skipped: matplotlib is not available ({error}).", style="yellow")
        return
    Z, y, P, predicted = held
    classes, target = pipeline.classes, pipeline.target
    jobs = [("history.png", lambda: _history(history, task))]
    if task == "regression":
        jobs += [("predicted_vs_actual.png", lambda: _predicted_vs_actual(y, predicted, target)),
                 ("residuals.png", lambda: _residuals(y, predicted, target))]
    else:
        from ._report import confusion_matrix

        C = confusion_matrix(y, predicted, len(classes))
        jobs += [("confusion_matrix.png", lambda: _confusion(C, classes)),
                 ("roc_pr.png", lambda: _roc_pr(y, P, classes))]
    if Z.shape[1] == 2:
        names = [f"{n} (standardized)" for n in pipeline.feature_names]
        jobs.append(("decision_boundary.png",
                     lambda: plot.decision_boundary(model, Z, y, feature_names=names)))
    for name, draw in jobs:
        try:
            figure = draw()
            figure.savefig(folder.file(name), dpi=110, bbox_inches="tight")
            plt.close(figure)
        except Exception as error:  # a plot must never lose the trained model
            console.print(f"Plot {name} skipped: {type(error).__name__}: {error}", style="yellow")
