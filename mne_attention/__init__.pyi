__all__ = [
    "AttentionEpochs",
    "AttentionEvoked",
    "AttentionResult",
    "ChannelAttention",
    "EEGTransformer",
    "compute_attention",
    "compute_channel_attention",
    "compute_layer_attention",
    "datasets",
    "evaluate",
    "fit_attention",
    "read_attention_epochs",
    "read_attention_evokeds",
    "read_channel_attention",
    "read_model",
    "source_epochs",
    "viz",
]

from . import datasets, evaluate, viz
from .attention.compute import (
    compute_attention,
    compute_channel_attention,
    compute_layer_attention,
)
from .attention.cross_fit import AttentionResult, fit_attention
from .containers.channel import ChannelAttention
from .containers.epochs import AttentionEpochs, AttentionEvoked
from .containers.io import (
    read_attention_epochs,
    read_attention_evokeds,
    read_channel_attention,
)
from .model.estimator import EEGTransformer
from .model.io import read_model
from .source import source_epochs
