"""Every public module of the project's packages declares its public surface, and the declaration is true.

After anyio's ``tests/test_all_attributes.py``: a package's ``__init__`` re-exports its public names from
private modules, and each public module lists them in a tuple ``__all__``. This test fails when ``__all__`` is
missing, is not a tuple, names something the module does not have, or leaves out a public class or function
the module itself defines, so the surface cannot drift from what callers may import. (Re-exports are checked
by mypy, whose strict mode only lets a module re-export a name imported as ``X as X`` or listed in ``__all__``.)
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from types import ModuleType

import pytest

PACKAGES = ("actors", "features", "gateway", "store", "telemetry")


def _public_modules() -> Iterator[str]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        yield name
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{name}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                yield info.name


def _defined_public_names(module: ModuleType) -> set[str]:
    """The public classes and functions ``module`` itself defines."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isclass(value) or inspect.isfunction(value))
        and value.__module__ == module.__name__
    }


@pytest.mark.parametrize("module_name", sorted(_public_modules()))
def test_all_is_a_true_tuple(module_name: str) -> None:
    module = importlib.import_module(module_name)
    exported = getattr(module, "__all__", None)
    assert isinstance(exported, tuple), f"{module_name}.__all__ must be a tuple"
    assert len(set(exported)) == len(exported), f"{module_name}.__all__ lists a name twice"
    missing = [name for name in exported if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names what it does not have: {missing}"
    undeclared = sorted(_defined_public_names(module) - set(exported))
    assert not undeclared, f"{module_name} has public names missing from __all__: {undeclared}"
