"""A griffe extension for the API reference: a class's ``__doc__``, ``__module__``,
``__weakref__`` and ``__dict__`` attributes are Python's bookkeeping, not part of
glassnet's API, so they are left out of the reference (dunder methods with a
docstring, such as ``__call__``, stay). They are removed from the class itself
because classes re-exported by a package (``glassnet.optimizers.Optimizer``) show
their members through aliases, which a ``public = False`` would not reach."""

import griffe


class HideDunderAttributes(griffe.Extension):
    def on_class_members(self, *, cls, **kwargs):
        for name in [n for n, m in cls.members.items()
                     if n.startswith("__") and n.endswith("__") and m.is_attribute]:
            del cls.members[name]
