"""Epochs and Evoked that hold attention, not volts, and plot it that way.

They are ordinary :class:`mne.EpochsArray` / :class:`mne.EvokedArray` objects
(indexing, ``average``, :func:`mne.combine_evoked`, :func:`mne.grand_average`
and ``save`` all work) whose plotting methods default to unit scaling and an
attention colour bar. ``info["description"]`` records the method, so the
readers here restore the right class from a FIF file.
"""

import json
import math

import mne
import numpy as np
from mne.utils import _check_fname, _check_option, _time_mask, _validate_type, verbose

_MARKER = "mne-attention:"
_UNITS = {
    "occlusion": "Δ probability",
}
_DEFAULT_UNITS = "Attention (a.u.)"


def attention_description(method, first_time):
    """Return the ``info["description"]`` that marks attention of ``method``.

    ``first_time`` (the first window centre) is kept because MNE's epochs
    files store times on the sample grid only, while window centres may lie
    between grid points.
    """
    return _MARKER + " " + json.dumps(dict(method=method, first_time=float(first_time)))


def _parse_marker(info):
    """Return the marker fields of ``info``, None without a marker.

    Raises ValueError, saying what is wrong, when the marker is damaged.
    """
    description = info.get("description") or ""
    if not description.startswith(_MARKER):
        return None
    try:
        fields = json.loads(description[len(_MARKER) :])
    except json.JSONDecodeError as err:
        raise ValueError(f"it is not JSON ({err})") from None
    if not isinstance(fields, dict):
        raise ValueError(f"it must be a JSON object, got {fields!r}")
    method = fields.get("method")
    if not isinstance(method, str) or not method:
        raise ValueError(
            f"its field 'method' must be a non-empty string, got {method!r}"
        )
    if "first_time" not in fields:
        raise ValueError("it lacks the field 'first_time'")
    first_time = fields["first_time"]
    try:
        finite = not isinstance(first_time, bool) and math.isfinite(first_time)
    except (TypeError, OverflowError):
        finite = False
    if not finite:
        raise ValueError(
            f"its field 'first_time' must be a finite number of seconds, got "
            f"{first_time!r}"
        )
    return fields


def _description_fields(info):
    """Return the marker fields of ``info``, None without a valid marker."""
    try:
        return _parse_marker(info)
    except ValueError:
        return None


class _AttentionPlotDefaults:
    """Plotting defaults shared by attention Epochs and Evoked."""

    @property
    def method(self):
        """How the attention was computed (e.g. ``"rollout"``)."""
        return (_description_fields(self.info) or {}).get("method")

    @property
    def units(self):
        """The label of the values (attention is not a voltage)."""
        return _UNITS.get(self.method, _DEFAULT_UNITS)

    def _unit_scalings(self):
        return {ch_type: 1.0 for ch_type in self.get_channel_types(unique=True)}

    def _line_defaults(self):
        """Return unit scaling and the attention label per channel type."""
        ch_types = self.get_channel_types(unique=True)
        return dict(
            scalings=self._unit_scalings(),
            units={ch_type: self.units for ch_type in ch_types},
        )


class AttentionEvoked(_AttentionPlotDefaults, mne.EvokedArray):
    """Attention averaged over epochs, as an :class:`mne.EvokedArray`.

    Plotting methods show the values unscaled with an attention colour bar;
    any ``scalings``/``units`` you pass still win.
    """

    @classmethod
    def from_evoked(cls, evoked):
        """Wrap an :class:`mne.Evoked` holding attention values.

        Parameters
        ----------
        evoked : instance of mne.Evoked
            Its ``info["description"]`` should name the method.

        Returns
        -------
        attention_evoked : instance of AttentionEvoked
            A copy with attention plotting defaults.
        """
        attention = cls(
            evoked.data.copy(),
            evoked.info.copy(),
            comment=evoked.comment,
            nave=evoked.nave,
            kind=evoked.kind,
            baseline=evoked.baseline,
            verbose=False,
        )
        # times may lie between MNE's sample grid points (window centres)
        return attention.shift_time(evoked.times[0], relative=False)

    def _topomap_defaults(self):
        """Return unit scaling, attention label, and for non-negative values a sequential map."""
        defaults = dict(scalings=self._unit_scalings(), units=self.units)
        if self.data.min() >= 0:
            defaults.update(cmap="Reds", vlim=(self.data.min(), self.data.max()))
        return defaults

    def plot_topomap(self, *args, **kwargs):
        """Plot topomaps (see :meth:`mne.Evoked.plot_topomap`) in attention units."""
        ch_type = kwargs.get("ch_type")
        _validate_type(ch_type, (None, str), "ch_type")
        if ch_type is not None:
            ch_types = self.get_channel_types(unique=True)
            if "grad" in ch_types:  # MNE also plots each gradiometer direction
                ch_types += ["planar1", "planar2"]
            _check_option("ch_type", ch_type, ch_types)
        if args:
            kwargs["times"], args = args[0], args[1:]
        kwargs = {**self._topomap_defaults(), "time_format": "%0.2f s", **kwargs}
        windows = self._windows(kwargs.get("times"))
        if windows is None:
            return super().plot_topomap(*args, **kwargs)
        # Window centres sit half a sample off MNE's sample grid, where its
        # rounding can pick the previous window: ask for a time that MNE maps
        # to the intended window, then give the panel titles the centres back.
        asked = [self._time_for_window(window) for window in windows]
        kwargs["times"] = np.array(asked)
        fig = super().plot_topomap(*args, **kwargs)
        time_format = kwargs["time_format"]
        titles = {
            time_format % t: time_format % self.times[window]
            for t, window in zip(asked, windows)
        }
        for axes in fig.axes:
            if axes.get_title() in titles:
                axes.set_title(titles[axes.get_title()])
        return fig

    def _time_for_window(self, window):
        """Return a time that MNE's topomap resolves to ``window``."""
        sfreq = self.info["sfreq"]
        centre = self.times[window]
        for time in (centre, centre + 0.25 / sfreq, centre - 0.25 / sfreq):
            mask = _time_mask(self.times, tmin=time, tmax=None, sfreq=sfreq)
            if mask.any() and np.flatnonzero(mask)[0] == window:
                return time
        return centre

    def _windows(self, times):
        """Return the windows nearest to numeric ``times`` within the data.

        None for anything MNE should handle (and check) itself: "auto",
        "peaks", times outside the windows, arrays of the wrong shape.
        """
        values = np.asarray(times)
        if times is None or values.dtype.kind not in "iuf" or values.ndim > 1:
            return None
        half = 0.5 / self.info["sfreq"]
        if np.any(values < self.times[0] - half) or np.any(
            values > self.times[-1] + half
        ):
            return None
        distance = np.abs(self.times[:, None] - values.ravel()[None])
        return distance.argmin(axis=0)

    def plot(self, *args, **kwargs):
        """Plot the values per channel (see :meth:`mne.Evoked.plot`)."""
        return super().plot(*args, **{**self._line_defaults(), **kwargs})

    def plot_joint(self, *args, ts_args=None, topomap_args=None, **kwargs):
        """Plot time course and topomaps (see :meth:`mne.Evoked.plot_joint`)."""
        _validate_type(ts_args, (None, dict), "ts_args")
        _validate_type(topomap_args, (None, dict), "topomap_args")
        ts_args = {**self._line_defaults(), **(ts_args or {})}
        if len(self.times) == 1:  # one time window: give the time axis a width
            half_window = 0.5 / self.info["sfreq"]
            ts_args.setdefault(
                "xlim", (self.times[0] - half_window, self.times[0] + half_window)
            )
        topomap_args = {**self._topomap_defaults(), **(topomap_args or {})}
        return super().plot_joint(
            *args, ts_args=ts_args, topomap_args=topomap_args, **kwargs
        )

    def plot_image(self, *args, **kwargs):
        """Plot channels x time as an image (see :meth:`mne.Evoked.plot_image`)."""
        return super().plot_image(*args, **{**self._line_defaults(), **kwargs})


class AttentionEpochs(_AttentionPlotDefaults, mne.EpochsArray):
    """Per-epoch attention over channels, as an :class:`mne.EpochsArray`.

    Its time axis holds the centres of the model's time windows. Averaging
    returns :class:`AttentionEvoked`.
    """

    def average(self, picks=None, method="mean", by_event_type=False):
        """Average epochs into :class:`AttentionEvoked` (see :meth:`mne.Epochs.average`).

        Parameters
        ----------
        picks : str | array-like | slice | None
            Channels to include.
        method : str | callable
            How to combine epochs.
        by_event_type : bool
            Return one evoked per condition.

        Returns
        -------
        evoked : instance of AttentionEvoked | list of AttentionEvoked
            The averaged attention.
        """
        _check_average_options(self.info, picks, method, by_event_type)
        evoked = super().average(
            picks=picks, method=method, by_event_type=by_event_type
        )
        if by_event_type:
            return [AttentionEvoked.from_evoked(each) for each in evoked]
        return AttentionEvoked.from_evoked(evoked)

    def plot_image(self, *args, **kwargs):
        """Plot epochs as an image (see :meth:`mne.Epochs.plot_image`)."""
        return super().plot_image(*args, **{**self._line_defaults(), **kwargs})

    def save(self, fname, *args, **kwargs):
        """Save to a ``-epo.fif`` file (see :meth:`mne.Epochs.save`).

        The marker in ``info["description"]`` is written with the current
        first time, so cropped or shifted attention reads back with its own
        times.

        Parameters
        ----------
        fname : path-like
            The file name, ending in ``-epo.fif``.
        *args, **kwargs
            Passed to :meth:`mne.Epochs.save`.
        """
        method = self.method
        if method is None:  # no valid marker: nothing to bring up to date
            return super().save(fname, *args, **kwargs)
        description = self.info["description"]
        self.info["description"] = attention_description(method, self.times[0])
        try:
            return super().save(fname, *args, **kwargs)
        finally:
            self.info["description"] = description


def _check_average_options(info, picks, method, by_event_type):
    """Refuse what :meth:`mne.Epochs.average` would reject obscurely or not at all."""
    from mne._fiff.pick import _picks_to_idx

    _validate_type(by_event_type, bool, "by_event_type")
    _validate_type(
        method, (str, "callable"), "method", '"mean", "median", "std" or callable'
    )
    if isinstance(method, str):
        _check_option("method", method, ("mean", "median", "std"))
    if picks is None:
        return
    try:
        idx = _picks_to_idx(info, picks, "all", exclude=(), allow_empty=False)
    except (TypeError, ValueError, IndexError) as err:
        kind = TypeError if isinstance(err, TypeError) else ValueError
        raise kind(
            "picks must be channel names, indices or channel types of these epochs, "
            f"got {picks!r}: {err}"
        ) from None
    if len(set(idx.tolist())) != len(idx):
        raise ValueError(f"picks must select each channel once, got {picks!r}")


def _require_marker(info, fname):
    try:
        fields = _parse_marker(info)
    except ValueError as err:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} has a damaged marker in info['description']: {err}"
        ) from None
    if fields is None:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} holds ordinary MNE data"
        )
    return fields


def _fif_kind(fname):
    """Return "epochs", "evoked" or None: what the FIF file ``fname`` holds."""
    from mne._fiff.constants import FIFF
    from mne._fiff.open import fiff_open
    from mne._fiff.tree import dir_tree_find

    try:
        fid, tree, _ = fiff_open(fname, verbose=False)
    except Exception as err:
        raise ValueError(
            f"fname must be a FIF file written by MNE, could not read {fname.name}: "
            f"{err}"
        ) from None
    with fid:
        # block 122 held epochs before MNE 0.11
        if dir_tree_find(tree, FIFF.FIFFB_MNE_EPOCHS) or dir_tree_find(tree, 122):
            return "epochs"
        if dir_tree_find(tree, FIFF.FIFFB_EVOKED):
            return "evoked"
    return None


def _require_kind(fname, kind, suffix, reader):
    found = _fif_kind(fname)
    if found == kind:
        return
    if found is None:
        got = f"{fname.name} holds neither epochs nor evoked data"
    else:
        got = f"got an {found} file, {fname.name} (read it with {reader})"
    raise ValueError(f"fname must be an {kind} attention file ({suffix}), {got}")


@verbose
def read_attention_epochs(fname, verbose=None):
    """Read :class:`AttentionEpochs` written by their ``save`` method.

    Parameters
    ----------
    fname : path-like
        A ``-epo.fif`` file.
    %(verbose)s

    Returns
    -------
    attention : instance of AttentionEpochs
        The per-epoch attention.

    Raises
    ------
    ValueError
        When ``fname`` holds evoked or other data, ordinary MNE epochs, or an
        attention marker whose fields are missing or invalid (its
        ``first_time`` must be a finite time within half a sample of the
        file's first time point).
    """
    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    _require_kind(fname, "epochs", "-epo.fif", "read_attention_evokeds")
    epochs = mne.read_epochs(fname, preload=True, verbose=False)
    fields = _require_marker(epochs.info, fname)
    first_time, stored = fields["first_time"], epochs.times[0]
    sfreq = epochs.info["sfreq"]
    # MNE stores epochs times on the sample grid, so the true first time is
    # within half a sample of the stored one.
    if not abs(first_time - stored) * sfreq <= 0.5 + 1e-6:
        raise ValueError(
            f"fname must be an attention file written by mne-attention, "
            f"{fname.name} has a damaged marker in info['description']: its field "
            f"'first_time' must lie within half a sample (1 / {sfreq:g} Hz) of the "
            f"first time point {stored:g} s, got {first_time!r}"
        )
    attention = AttentionEpochs(
        epochs.get_data(),
        epochs.info,
        events=epochs.events,
        tmin=epochs.tmin,
        event_id=epochs.event_id,
        metadata=epochs.metadata,
        selection=epochs.selection,
        drop_log=epochs.drop_log,
        verbose=False,
    )
    return attention.shift_time(first_time, relative=False)


@verbose
def read_attention_evokeds(fname, verbose=None):
    """Read :class:`AttentionEvoked` objects written by ``save`` or :func:`mne.write_evokeds`.

    Parameters
    ----------
    fname : path-like
        A ``-ave.fif`` file.
    %(verbose)s

    Returns
    -------
    evokeds : list of AttentionEvoked
        One per condition stored in the file.

    Raises
    ------
    ValueError
        When ``fname`` holds epochs or other data, ordinary MNE evoked data,
        or an attention marker whose fields are missing or invalid.
    """
    fname = _check_fname(fname, overwrite="read", must_exist=True, name="fname")
    _require_kind(fname, "evoked", "-ave.fif", "read_attention_epochs")
    evokeds = mne.read_evokeds(fname, verbose=False)
    for evoked in evokeds:
        _require_marker(evoked.info, fname)
    return [AttentionEvoked.from_evoked(evoked) for evoked in evokeds]
