"""Source space: EEG epochs projected onto brain regions, for region-token models."""

from .regions import source_epochs

__all__ = ["source_epochs"]
