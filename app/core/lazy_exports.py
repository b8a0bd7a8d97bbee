"""Package surfaces that cost nothing until a name is used.

Each domain package (and ``app.core`` itself) names what it offers in its ``__init__``;
importing every module behind those names up front would make ``hearth --help`` and a
forwarded command pay for pysbd, YAML and the rest (about 0.3 s). So a package maps each
public name to the module that defines it and imports that module on first use (PEP 562).
The same names are imported under ``TYPE_CHECKING`` for the type checker; the architecture
test checks that both lists agree.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, tuple[str, ...]]
                 ) -> tuple[list[str], Callable[[str], object], Callable[[], list[str]]]:
    """``__all__``, ``__getattr__`` and ``__dir__`` for ``package`` from module -> names."""
    where = {name: module for module, names in exports.items() for name in names}

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(module), name)

    def __dir__() -> list[str]:
        return sorted(where)

    return sorted(where), __getattr__, __dir__
