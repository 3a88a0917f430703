"""What every layout engine shares: the gaps between boxes, igraph loaded on first use (without
matplotlib, seeded from Python's random), and a median without numpy's first-call cost.
"""

from __future__ import annotations

import random
import sys
from types import ModuleType

import numpy as np

H_GAP = 28.0  # horizontal space between boxes
V_GAP = 56.0  # vertical space between layers (room for arrows)
COMPONENT_GAP = 90.0


def load_igraph() -> ModuleType:
    """igraph, imported on first use and without matplotlib.

    At import igraph loads matplotlib.pyplot for its plotting functions when matplotlib is
    installed: about a second of start-up for drawing code argmap never calls. While igraph
    imports, `import matplotlib` is made to fail (a None entry in sys.modules), which igraph
    handles; matplotlib itself stays importable for everything else.

    igraph's random number generator is per thread and, depending on which thread imported igraph first,
    need not be Python's `random` that the layouts seed; pointing it there on every use keeps layouts
    deterministic on any thread (the window lays out in a worker) and in any import order.
    """
    if "igraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]
        try:
            import igraph
        finally:
            del sys.modules["matplotlib"]
    import igraph

    igraph.set_random_number_generator(random)
    module: ModuleType = igraph
    return module


def load_igraph_core() -> ModuleType:
    """igraph's compiled core (`igraph._igraph`, whose GraphBase has every layout argmap calls), loaded
    without running the igraph package's __init__.

    That __init__ imports igraph's Python side (clustering, drawing, io, gzip, configparser...):
    about 25 ms of `argmap render`'s start-up for wrappers the layouts do not use. When the package
    is already imported (the window's overview uses its community detection) its core is the same
    module; when it is imported later it finds the core loaded and uses it. The random number
    generator is pointed at Python's `random` on every use, as by load_igraph().
    """
    core = sys.modules.get("igraph._igraph")
    if core is None:
        import importlib.machinery
        import importlib.util

        spec = importlib.util.find_spec("igraph")
        folders = list(spec.submodule_search_locations or []) if spec is not None else []
        found = importlib.machinery.PathFinder.find_spec("igraph._igraph", folders)
        if found is None or found.loader is None:  # an unusual install: the ordinary import
            load_igraph()
            core = sys.modules["igraph._igraph"]
        else:
            core = importlib.util.module_from_spec(found)
            sys.modules["igraph._igraph"] = core
            try:
                found.loader.exec_module(core)
            except BaseException:
                del sys.modules["igraph._igraph"]
                raise
    core.set_random_number_generator(random)
    return core


def median(values: np.ndarray) -> float:
    """np.median of a non-empty 1-D array, the same float, without its first-call cost.

    np.median imports numpy.ma on first use (about 15 ms of `argmap render`'s start-up, more when
    PySide6's import hook inspects each of its modules); a partition gives the same middle values.
    """
    a = np.asarray(values, dtype=float).ravel()
    k = len(a) // 2
    if len(a) % 2:
        return float(np.partition(a, k)[k])
    part = np.partition(a, (k - 1, k))
    return float(np.mean(part[k - 1 : k + 1]))
