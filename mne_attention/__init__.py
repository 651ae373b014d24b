"""Train a channel-token transformer on :class:`mne.Epochs` and read its attention."""

from importlib.metadata import PackageNotFoundError, version

import lazy_loader as lazy

try:  # the one place the version is written is pyproject.toml
    __version__ = version("mne-attention")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

# Heavy dependencies (torch, pyvista) load only when a name below is first used.
__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submodules=["datasets", "evaluate", "viz"],
    submod_attrs={
        "estimator": ["EEGTransformer"],
        "model_io": ["read_model"],
        "compute": [
            "compute_attention",
            "compute_channel_attention",
            "compute_layer_attention",
        ],
        "cross_fit": ["fit_attention", "AttentionResult"],
        "containers": [
            "AttentionEpochs",
            "AttentionEvoked",
            "read_attention_epochs",
            "read_attention_evokeds",
        ],
        "channel_attention": ["ChannelAttention", "read_channel_attention"],
    },
)
