"""Training from a CSV or Parquet file larger than memory, one chunk at a time.

``TableStream`` reads the file with pyarrow in chunks of rows. Each row goes to the
training, validation or test part by a hash of its row number (the same row always
lands in the same part, however the file is chunked)::

    u(i) = frac((i + 1) * 0.6180339887 + seed * 0.7548776662)   in [0, 1)
    test if u < test_split, validation if u < test_split + validation_split

One pass fits the pipeline on the training rows (``TabularPipeline.fit_chunks``)
and keeps the held-out rows (at most ``max_held`` of each, as a table); then every
epoch reads the file again and yields standardized batches::

    stream = gn.datasets.TableStream("big.csv", target="price")
    model.fit(stream.batches(256), steps_per_epoch=stream.steps(256), epochs=5,
              validation_data=stream.validation_data())
    model.pipeline = stream.pipeline

pyarrow is imported only here.
"""

import os

import numpy as np

from .pipeline import TabularPipeline

_PARQUET = (".parquet", ".pq")


def read_chunks(path, chunk_rows=100_000, sep=",", decimal=".", encoding=None):
    """Yield the rows of a CSV or Parquet file as DataFrames of about ``chunk_rows``."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise FileNotFoundError(f"No file at {path!r}. Check the path and the current folder.")
    if path.lower().endswith(_PARQUET):
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches(batch_size=chunk_rows):
            yield batch.to_pandas()
        return
    from pyarrow import csv

    with open(path, "rb") as f:  # bytes per row, from the start of the file
        head = f.read(1 << 16)
    per_row = max(1, len(head) // max(1, head.count(b"\n")))
    read = csv.ReadOptions(block_size=max(1 << 16, per_row * chunk_rows),
                           encoding=encoding or "utf8")
    parse = csv.ParseOptions(delimiter=sep)
    convert = csv.ConvertOptions(decimal_point=decimal, strings_can_be_null=True)
    try:
        reader = csv.open_csv(path, read_options=read, parse_options=parse,
                              convert_options=convert)
        for batch in reader:
            yield batch.to_pandas()
    except Exception as error:  # pyarrow.lib.ArrowInvalid: a type change, a bad row
        if type(error).__module__.startswith("pyarrow"):
            raise ValueError(
                f"{os.path.basename(path)} could not be streamed: {error}. A column whose "
                "values change kind after the first rows (numbers, then text) needs the "
                "whole file: train without streaming, or clean that column."
            ) from None
        raise


def holdout_part(index, validation_split, test_split, seed):
    """``0`` train, ``1`` validation, ``2`` test for each row number in ``index``."""
    u = np.mod((np.asarray(index, dtype=np.float64) + 1) * 0.6180339887498949
               + seed * 0.7548776662466927, 1.0)
    return np.where(u < test_split, 2, np.where(u < test_split + validation_split, 1, 0))


class TableStream:
    """A file read in chunks: its pipeline, its held-out rows and training batches.

    Parameters
    ----------
    path : str
        A CSV file (``sep``, ``decimal``, ``encoding``) or a Parquet file.
    target : str or None
        The column to predict (None: the last column).
    validation_split, test_split : float
        Shares of the rows held out (by the hash of their row number).
    seed : int
        Chooses the held-out rows and the shuffling within chunks.
    chunk_rows : int
        Rows read at once: the memory used is about that many rows.
    sep, decimal : str
        A CSV file's field separator (``","``) and decimal mark (``"."``).
    encoding : str, optional
        A CSV file's text encoding (``None``: detected).
    max_held : int
        Most validation (and test) rows kept in memory.
    **options
        ``TabularPipeline`` options (``task``, ``impute``, ``ignore``...); a median
        needs the whole column, so ``impute="median"`` is refused.

    Examples
    --------
    >>> import glassnet as gn
    >>> rows = "".join(f"{i % 7},{i % 5},{i % 2}\\n" for i in range(200))
    >>> _ = open("big.csv", "w").write("x1,x2,y\\n" + rows)
    >>> stream = gn.datasets.TableStream("big.csv", target="y", chunk_rows=50)
    >>> stream.n_train, stream.steps(32)
    (160, 5)
    >>> Z, y = next(stream.batches(32))
    >>> Z.shape[1]
    2
    """

    def __init__(self, path, target=None, validation_split=0.1, test_split=0.1, seed=0,
                 chunk_rows=100_000, sep=",", decimal=".", encoding=None, max_held=100_000,
                 **options):
        if options.get("impute") == "median":
            raise ValueError("A median needs every value in memory at once; streaming "
                             "imputes with the mean (impute='mean', --impute mean).")
        self.path, self.seed = os.fspath(path), seed
        self.splits = (validation_split, test_split)
        self.read = dict(chunk_rows=chunk_rows, sep=sep, decimal=decimal, encoding=encoding)
        self.max_held = max_held
        self.train_counts = []  # training rows of each chunk
        held = {1: [], 2: []}
        first = next(read_chunks(self.path, **self.read), None)
        if first is None:
            raise ValueError(f"{self.path!r} holds no rows.")
        self.target = target if target is not None else first.columns[-1]
        self.pipeline = TabularPipeline(self.target, **options)
        self.pipeline.fit_chunks(self._training_chunks(held))
        self.held = {part: self._table(frames) for part, frames in held.items()}

    def _parts(self):
        """Each chunk with the part (0, 1, 2) of each of its rows."""
        offset = 0
        for chunk in read_chunks(self.path, **self.read):
            index = np.arange(offset, offset + len(chunk))
            offset += len(chunk)
            yield chunk.set_axis(index, axis=0), holdout_part(index, *self.splits, self.seed)

    def _training_chunks(self, held):
        for chunk, part in self._parts():
            for k in (1, 2):
                if sum(len(f) for f in held[k]) < self.max_held:
                    held[k].append(chunk[part == k])
            train = chunk[part == 0]
            self.train_counts.append(len(train))
            yield train

    @staticmethod
    def _table(frames):
        import pandas as pd

        frames = [f for f in frames if len(f)]
        return pd.concat(frames) if frames else None

    @property
    def n_train(self):
        return int(sum(self.train_counts))

    def steps(self, batch_size):
        """Batches in one epoch of ``batches(batch_size)``."""
        return int(sum(-(-n // batch_size) for n in self.train_counts if n))

    def batches(self, batch_size):
        """Endless ``(Z, y)`` training batches, epoch after epoch, shuffled in each chunk;
        rows without a target are left out as the pipeline was told."""
        rng = np.random.default_rng(self.seed)
        pipeline = self.pipeline
        while True:
            for chunk, part in self._parts():
                train = chunk[part == 0]
                if pipeline.encoder.missing_target == "drop":
                    train = train[train[self.target].notna()]
                if not len(train):
                    continue
                Z = pipeline.transform(train, unseen="ignore")
                y = pipeline.encode_target(train[self.target])
                order = rng.permutation(len(y))
                for start in range(0, len(y), batch_size):
                    rows = order[start:start + batch_size]
                    yield Z[rows], y[rows]

    def held_frame(self, part):
        """The kept validation (``"validation"``) or test (``"test"``) rows, a table."""
        frame = self.held[{"validation": 1, "test": 2}[part]]
        if frame is not None and self.pipeline.encoder.missing_target == "drop":
            frame = frame[frame[self.target].notna()]
        return frame

    def validation_data(self):
        """``(Z_val, y_val)`` for ``model.fit(validation_data=...)``, or None."""
        frame = self.held_frame("validation")
        if frame is None or not len(frame):
            return None
        return (self.pipeline.transform(frame, unseen="ignore"),
                self.pipeline.encode_target(frame[self.target]))
