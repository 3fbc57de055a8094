"""Registries, and looking things up by name as Keras's ``activations.get``... do.

The rule for every registry (one dict per kind, the single list of its names):

- ``registry(*classes)`` maps each class's ``name`` attribute, lower-cased, to the
  class: the Keras string identifier (``"relu"``, ``"binary_crossentropy"``,
  ``"l1_l2"``, ``"glorot_uniform"``, ``"sgd"``, ``"accuracy"``). Activations,
  losses, regularizers, initializers, metrics and optimizers are registered so.
- ``by_class_name(*classes)`` maps ``cls.__name__`` to the class, for what model
  files name by class (``"class_name": "Dense"``): layers, schedules, models.

Everything else that lists names (the ``glassnet`` command's choices, ``__all__``,
the model file's type tables, the tests' coverage tables) is derived from these
dicts, so adding a class to its registry is the one edit that makes it known.
"""


def registry(*classes):
    """``{cls.name.lower(): cls}``; two classes with one name are an error."""
    table = {}
    for cls in classes:
        key = cls.name.lower()
        if key in table:
            raise ValueError(f"{cls.__name__} and {table[key].__name__} share the name {key!r}.")
        table[key] = cls
    return table


def by_class_name(*classes):
    """``{cls.__name__: cls}``: the tables of classes that files name by class."""
    return {cls.__name__: cls for cls in classes}


def lookup(identifier, table, base, kind, where, aliases=None, argument=None):
    """Return an instance of ``base`` for ``identifier``.

    ``identifier`` is an instance (returned as it is), a name in ``table`` or
    ``aliases`` (any case; the class is built with its defaults), or a config dict
    ``{"name" or "class_name": ..., "config": {...}}`` such as model files hold.
    Anything else is a ValueError that lists the known names (and names the
    ``argument`` that received it, e.g. ``"kernel_initializer"``).
    """
    aliases = aliases or {}
    if isinstance(identifier, base):
        return identifier
    if isinstance(identifier, dict):
        key = identifier.get("name", identifier.get("class_name"))
        cls = table.get(key) or table.get(str(key).lower())
        if cls is not None:
            config = identifier.get("config", {})
            return cls.from_config(config) if hasattr(cls, "from_config") else cls(**config)
    if isinstance(identifier, str):
        key = aliases.get(identifier.lower(), identifier.lower())
        if key in table:
            return table[key]()
    given = f"{argument}={identifier!r}: unknown {kind}" if argument else \
        f"Unknown {kind} {identifier!r}"
    raise ValueError(
        f"{given}. Expected one of {sorted(set(table) | set(aliases))} "
        f"or a {where}.{base.__name__} instance."
    )
