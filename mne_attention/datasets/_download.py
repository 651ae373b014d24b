"""Fetching registered files with pooch: sha256 checks, one retry, clear errors."""

import contextlib
import logging
from importlib.resources import files
from pathlib import Path

from mne.utils import _validate_type, get_config, logger

_TIMEOUT = 30  # seconds without data before a request gives up


def mne_eegbci_registry():
    """Return the sha256 registry MNE ships for eegmmidb (read at run time, never copied).

    Returns
    -------
    registry : importlib.resources.abc.Traversable
        ``mne/data/eegbci_checksums.txt`` of the installed MNE: lines
        ``"S001/S001R01.edf <sha256>"``.
    """
    return files("mne").joinpath("data", "eegbci_checksums.txt")


def make_fetcher(path, base_url, registry=None):
    """Create a :class:`pooch.Pooch` for ``base_url`` storing files under ``path``.

    Parameters
    ----------
    path : path-like
        The local folder mirroring ``base_url``.
    base_url : str
        The remote folder (ends with ``/``).
    registry : None | dict | path-like
        None for MNE's eegmmidb registry; a dict ``{"S001/S001R01.edf": sha256}``;
        or a registry file in pooch's format. A dict is copied, never modified.

    Returns
    -------
    fetcher : instance of pooch.Pooch
        The fetcher, which never retries on its own (see :func:`fetch_file`).
    """
    import pooch

    _validate_type(registry, (None, dict, "path-like"), "registry")
    fetcher = pooch.create(
        path=path, base_url=base_url, version=None, registry=None, retry_if_failed=0
    )
    if registry is None:
        fetcher.load_registry(mne_eegbci_registry())
    elif isinstance(registry, dict):
        for fname, known in registry.items():
            _validate_type(fname, str, "each file name in registry")
            _validate_type(
                known, str, f"registry[{fname!r}]", "sha256 hex digest (str)"
            )
        fetcher.registry = dict(registry)
    else:
        if not Path(registry).expanduser().is_file():
            raise FileNotFoundError(
                "registry must be a dict or an existing registry file, got "
                f"{registry} (no such file)"
            )
        fetcher.load_registry(Path(registry).expanduser())
    return fetcher


def default_progressbar():
    """Whether downloads show a progress bar: at info level, with tqdm, unless MNE_TQDM=off.

    Returns
    -------
    progressbar : bool
        The default.
    """
    if logger.level > logging.INFO or get_config("MNE_TQDM", "tqdm.auto") == "off":
        return False
    try:
        import tqdm  # noqa: F401
    except ImportError:
        return False
    return True


@contextlib.contextmanager
def pooch_log_level():
    """Let pooch's own messages through only when MNE logs at info level or lower."""
    import pooch

    pooch_logger = pooch.get_logger()
    old = pooch_logger.level
    pooch_logger.setLevel(
        logging.INFO if logger.level <= logging.INFO else logging.WARNING
    )
    try:
        yield
    finally:
        pooch_logger.setLevel(old)


def fetch_file(fetcher, fname, *, progressbar=False):
    """Return the local path of registered file ``fname``, downloading it if needed.

    A local file with the registered hash costs no request. A missing local
    file, or one whose hash is wrong, is downloaded (to a temporary file that
    is renamed only once its hash matches). A failed download (wrong hash,
    connection error, server error) is tried once more.

    Parameters
    ----------
    fetcher : instance of pooch.Pooch
        From :func:`make_fetcher`.
    fname : str
        The file, relative to the fetcher's base URL.
    progressbar : bool
        Show a progress bar while downloading.

    Returns
    -------
    path : pathlib.Path
        The local file.

    Raises
    ------
    ValueError
        ``fname`` is not in the registry, or both downloads had the wrong hash.
    FileNotFoundError
        The server answered 4xx (e.g. 404) for ``fname``.
    ConnectionError
        Both downloads failed for a network or server (5xx) reason.
    """
    import pooch
    import requests

    if fname not in fetcher.registry:
        raise ValueError(
            f"{fname} is not in the registry of known sha256 hashes; pass a registry "
            "that lists it"
        )
    url = fetcher.get_url(fname)
    downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=_TIMEOUT)
    error = None
    for attempt in range(2):
        if attempt:
            logger.info(f"Downloading {fname} failed ({error}); trying once more.")
        try:
            return Path(fetcher.fetch(fname, downloader=downloader))
        except ValueError as err:  # pooch: downloaded file does not match its hash
            error = err
        except requests.exceptions.HTTPError as err:
            status = getattr(err.response, "status_code", None)
            if status is not None and 400 <= status < 500:
                raise FileNotFoundError(
                    f"{fname} could not be downloaded: {url} answered HTTP {status}"
                ) from err
            error = err
        except requests.exceptions.RequestException as err:
            error = err
    local = Path(fetcher.abspath, fname)
    if isinstance(error, ValueError):
        raise ValueError(
            f"{fname} downloaded twice from {url}, and both times its sha256 did not "
            f"match the registry ({error}). The local copy {local} was left unchanged; "
            "the server (or mirror) may hold a different file than the registry."
        ) from error
    raise ConnectionError(
        f"{fname} could not be downloaded from {url} after two attempts: {error}"
    ) from error
