"""Looking things up by name, as Keras's ``activations.get``, ``losses.get``... do."""


def lookup(identifier, table, base, kind, where, aliases=None):
    """Return an instance of ``base`` for ``identifier``.

    ``identifier`` is an instance (returned as it is), a name in ``table`` or
    ``aliases`` (any case; the class is built with its defaults), or a config dict
    ``{"name" or "class_name": ..., "config": {...}}`` such as model files hold.
    Anything else is a ValueError that lists the known names.
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
    raise ValueError(
        f"Unknown {kind} {identifier!r}. Expected one of {sorted(set(table) | set(aliases))} "
        f"or a {where}.{base.__name__} instance."
    )
