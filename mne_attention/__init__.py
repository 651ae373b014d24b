"""Train a channel-token transformer on :class:`mne.Epochs` and read its attention."""

from importlib.metadata import PackageNotFoundError, version

import lazy_loader as lazy

try:  # the one place the version is written is pyproject.toml
    __version__ = version("mne-attention")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

# The public API is the stub __init__.pyi beside this file. Heavy dependencies
# (torch, pyvista) load only when a name from it is first used.
__getattr__, __dir__, __all__ = lazy.attach_stub(__name__, __file__)
