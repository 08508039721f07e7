"""Building large structures in memory."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large structure without reference
    cycles is built (the holdings of a whole register: hundreds of thousands of small
    objects).

    Each allocation counts towards the next collection, and a structure growing by hundreds
    of thousands of objects sets off full collections that walk every object of the process
    again and again: a third of the time of the register as at a date went there. Objects
    are still freed by reference counting meanwhile; the collector resumes on leaving (it is
    left off if it was off). Use it around a bounded loop that does not yield.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
