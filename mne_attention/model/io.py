"""Reading a model file into a fitted estimator (the file format is ``_format``)."""

from mne.utils import _check_fname, verbose

from ._device import resolve_device
from ._fitted import set_fitted
from ._format import read_model_file
from .estimator import EEGTransformer


@verbose
def read_model(fname, device="auto", verbose=None):
    """Read a model written by :meth:`EEGTransformer.save`.

    Every stored field is checked before anything is built from it: the
    hyper-parameters as :meth:`EEGTransformer.fit` checks them, the metadata,
    the standardisation statistics and the names, shapes and values of the
    weights against the network the hyper-parameters describe.

    Parameters
    ----------
    fname : path-like
        The model file.
    device : str | torch.device
        Where to put the network; ``"auto"`` uses CUDA when available.
    %(verbose)s

    Returns
    -------
    model : instance of EEGTransformer
        The fitted model.

    Raises
    ------
    ValueError
        When ``fname`` is not a model file written by
        :meth:`EEGTransformer.save` or any of its contents is invalid.
    """
    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    resolved = resolve_device(device)
    params, fitted = read_model_file(fname, EEGTransformer().get_params())
    model = EEGTransformer(**dict(params, device=device))
    fitted["network_"] = fitted["network_"].to(resolved).eval()
    fitted["device_"] = resolved
    set_fitted(model, fitted)
    return model
