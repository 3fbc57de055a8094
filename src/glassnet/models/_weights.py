"""Weights, layers, summary and saving: the parts of a model that are not training."""


class WeightsAndSaving:
    """``get_weights``/``set_weights``, ``count_params``, ``summary``, ``save``..."""

    @property
    def weights(self):
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_weights(self):
        return [w for layer in self.layers for w in layer.trainable_weights]

    @property
    def non_trainable_weights(self):
        return [w for layer in self.layers for w in layer.non_trainable_weights]

    def get_weights(self):
        """Copies of all weights, layer by layer: kernel ``(n_in, n_out)``, then bias."""
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        """Set all weights from a list in ``get_weights`` order."""
        weights = list(weights)
        expected = sum(len(layer.weights) for layer in self.layers)
        if len(weights) != expected:
            raise ValueError(
                f"Model '{self.name}' has {expected} weight arrays "
                f"({[w.shape for w in self.weights]}), but {len(weights)} were given."
            )
        for layer in self.layers:
            n = len(layer.weights)
            layer.set_weights(weights[:n])
            weights = weights[n:]

    def count_params(self):
        """Total number of scalars in all weights."""
        return int(sum(layer.count_params() for layer in self.layers))

    def get_layer(self, name=None, index=None):
        """Return a layer by name or by index."""
        if index is not None:
            return self.layers[index]
        for layer in self.layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named {name!r}; the layers are {[layer.name for layer in self.layers]}."
        )

    def summary(self, print_fn=None):
        """Print a table of layers, output shapes and parameter counts."""
        from ._summary import summary

        summary(self, print_fn)

    # --- saving ---------------------------------------------------------------
    def save(self, filepath, include_optimizer=True):
        """Save architecture, weights and optimizer state to one file (no pickle)."""
        from ..saving import save_model

        save_model(self, filepath, include_optimizer=include_optimizer)

    def save_weights(self, filepath):
        """Save only the weights (a ``.weights.npz`` file)."""
        from ..saving import save_weights

        save_weights(self, filepath)

    def load_weights(self, filepath):
        """Load weights saved by ``save_weights`` (or ``save``) into this model."""
        from ..saving import load_weights

        load_weights(self, filepath)

    def to_json(self):
        import json

        return json.dumps(self.get_config_with_class())

    def get_config_with_class(self):
        return {"class_name": type(self).__name__, "config": self.get_config()}
