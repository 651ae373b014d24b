"""Figures of attention: topomaps, 3D sensor and scalp views and training curves."""

from .brain_3d import plot_region_links_3d
from .scalp_3d import plot_scalp_attention_3d
from .sensors_3d import plot_channel_attention_3d, plot_sensor_attention_3d
from .topomaps import plot_attention_topomaps
from .training import plot_confusion_matrix, plot_history

__all__ = [
    "plot_attention_topomaps",
    "plot_channel_attention_3d",
    "plot_confusion_matrix",
    "plot_history",
    "plot_region_links_3d",
    "plot_scalp_attention_3d",
    "plot_sensor_attention_3d",
]
