"""Data sets: eegmmidb (PhysioNet, fetched with pooch), simulated epochs, an offline subject."""

from . import eegmmidb
from .simulation import simulate_epochs
from .source_simulation import simulate_source_epochs
from .toy_subject import write_toy_subject

__all__ = [
    "eegmmidb",
    "simulate_epochs",
    "simulate_source_epochs",
    "write_toy_subject",
]
