"""Data sets: eegmmidb (PhysioNet, fetched with pooch) and simulated epochs with ground truth."""

from . import eegmmidb
from .simulation import simulate_epochs

__all__ = ["eegmmidb", "simulate_epochs"]
