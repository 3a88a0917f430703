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
