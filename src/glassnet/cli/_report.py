"""Held-out metrics and their tables: accuracy and a confusion matrix, or MAE/RMSE/R²."""

import numpy as np


def plain_console():
    """A rich Console that prints text as given: column names, class labels and file
    names come from the data, so ``[red]`` or ``:smile:`` in them is shown, not obeyed
    (rich markup and emoji codes are off; styles are passed with ``style=``)."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True, markup=False, emoji=False)


def confusion_matrix(y_true, y_pred, k):
    """``C[i, j]`` = number of examples of class ``i`` predicted as class ``j``, (k, k)."""
    C = np.zeros((k, k), dtype=np.int64)
    np.add.at(C, (np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)), 1)
    return C


def classification_metrics(y_true, y_pred, k):
    """``{"accuracy": ..., "confusion_matrix": [[...]]}``; accuracy = trace(C) / m."""
    C = confusion_matrix(y_true, y_pred, k)
    return {"accuracy": float(np.trace(C) / C.sum()), "confusion_matrix": C.tolist()}


def regression_metrics(y_true, y_pred):
    """MAE = mean|y - ŷ|, RMSE = sqrt(mean (y - ŷ)²), R² = 1 - SS_res / SS_tot."""
    y_true = np.asarray(y_true, dtype=np.float64)
    error = np.asarray(y_pred, dtype=np.float64) - y_true
    ss_res = float(np.sum(error**2))
    ss_tot = float(np.sum((y_true - y_true.mean()) ** 2))
    r2 = 1 - ss_res / ss_tot if ss_tot > 0 else float("nan")
    return {"mae": float(np.mean(np.abs(error))), "rmse": float(np.sqrt(np.mean(error**2))),
            "r2": r2}


def metrics_for(task, y_true, y_pred, classes):
    if task == "regression":
        return regression_metrics(y_true, y_pred)
    return classification_metrics(y_true, y_pred, len(classes))


def show(console, metrics, task, classes, title):
    """Print the metrics: a line for the numbers, a rich table for the confusion matrix."""
    from rich.table import Table

    if task == "regression":
        console.print(f"{title}: MAE {metrics['mae']:.4g}   RMSE {metrics['rmse']:.4g}   "
                      f"R² {metrics['r2']:.4f}")
        return
    C = np.asarray(metrics["confusion_matrix"])
    console.print(f"{title}: accuracy {metrics['accuracy']:.4f} "
                  f"({int(np.trace(C))} of {int(C.sum())} correct)")
    console.print("Confusion matrix (rows: true class, columns: predicted class):")
    table = Table()
    table.add_column("true \\ predicted")
    for label in classes:
        table.add_column(str(label), justify="right")
    for label, row in zip(classes, C, strict=True):
        table.add_row(str(label), *[str(int(v)) for v in row])
    console.print(table)
