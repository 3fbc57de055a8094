"""``glassnet train --stream``: the file read in chunks (``glassnet.datasets.TableStream``)."""

import os

from ._errors import UserError


class _Streamed:
    """What ``train`` needs from its data, for a file streamed in chunks."""

    def __init__(self, stream, batch_size):
        self.stream, self.pipeline, self.target = stream, stream.pipeline, stream.target
        self.name = os.path.basename(stream.path)
        self.source = stream.batches(batch_size)
        self.steps = stream.steps(batch_size)
        self.validation = stream.validation_data()
        self.split = "test" if stream.held_frame("test") is not None else "validation"
        if self.stream.held_frame(self.split) is None:
            raise UserError("Streaming needs held-out rows: give --test-split or "
                            "--validation-split above 0.")

    def describe(self):
        p = self.pipeline
        return (f"Data: {os.path.basename(self.stream.path)} streamed in chunks of "
                f"{self.stream.read['chunk_rows']:,} rows (separator "
                f"{self.stream.read['sep']!r}), {p.encoder.n_rows + p.encoder.n_dropped:,} "
                f"rows, {len(p.encoder.columns)} feature columns ({len(p.feature_names)} "
                "inputs after encoding); statistics from one pass over the training rows")

    def split_line(self):
        held = {k: self.stream.held_frame(k) for k in ("validation", "test")}
        n = {k: 0 if v is None else len(v) for k, v in held.items()}
        return (f"Split by a hash of the row number (seed {self.stream.seed}): "
                f"{self.stream.n_train:,} train / {n['validation']:,} validation / "
                f"{n['test']:,} test rows (held-out rows kept: at most "
                f"{self.stream.max_held:,} each)")

    def held_frame(self):
        return self.stream.held_frame(self.split)

    def held_out(self):
        frame = self.held_frame()
        Z = self.pipeline.transform(frame, unseen="ignore")
        return Z, self.pipeline.encoder.encode_target(frame[self.target]), self.split

    def train_arrays(self):
        """A sample for the baselines: the training rows of the first chunk."""
        chunk, part = next(self.stream._parts())
        train = chunk[part == 0]
        train = train[train[self.target].notna()]
        return (self.pipeline.transform(train, unseen="ignore"),
                self.pipeline.encode_target(train[self.target]))


def prepare_stream(data, target, task, options, validation_split, test_split, seed,
                   chunk_rows, batch_size, sep, decimal, encoding):
    from ..datasets.stream import TableStream

    if not os.path.isfile(data):
        raise UserError(f"--stream reads a CSV or Parquet file, but {data!r} is not a file.")
    stream = TableStream(data, target, validation_split=validation_split,
                         test_split=test_split, seed=seed, chunk_rows=chunk_rows, sep=sep,
                         decimal=decimal, encoding=encoding, task=task, **options)
    return _Streamed(stream, batch_size)
