"""braindecode, a benchmark-only extra: its models and a stand-in for torchaudio.

``pip install -c <(echo torch==2.13.0) braindecode``. When its ``torchaudio``
does not load beside the pinned torch, an empty stand-in module is registered
(ShallowFBCSPNet, EEGNet and EEGConformer do not use it).
"""

import importlib.machinery
import sys
import types

MODEL_NAMES = {
    "shallow": "ShallowFBCSPNet",
    "eegnet": "EEGNet",
    "conformer": "EEGConformer",
}
# the learning rates of braindecode's own examples
LEARNING_RATES = {"shallow": 0.0625 * 0.01, "eegnet": 1e-3, "conformer": 2e-4}


def _stub_torchaudio():
    """Register an empty ``torchaudio`` when the installed one cannot load."""
    try:
        import torchaudio  # noqa: F401
    except Exception:
        for name in ("torchaudio", "torchaudio.functional", "torchaudio.transforms"):
            sys.modules.pop(name, None)

        def make(name):
            module = types.ModuleType(name)
            module.__spec__ = importlib.machinery.ModuleSpec(name, None)

            def missing(attribute):
                if attribute.startswith("__"):
                    raise AttributeError(attribute)
                return type(attribute, (), {})

            module.__getattr__ = missing
            sys.modules[name] = module
            return module

        root = make("torchaudio")
        root.functional = make("torchaudio.functional")
        root.transforms = make("torchaudio.transforms")


def build_model(name, n_chans, n_times, sfreq, n_outputs=2):
    """Return braindecode's model ``name`` ("shallow", "eegnet", "conformer")."""
    _stub_torchaudio()
    import braindecode.models

    return getattr(braindecode.models, MODEL_NAMES[name])(
        n_chans=n_chans, n_outputs=n_outputs, n_times=n_times, sfreq=sfreq
    )
