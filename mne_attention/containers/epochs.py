"""Epochs and Evoked that hold attention, not volts, and plot it that way.

They are ordinary :class:`mne.EpochsArray` / :class:`mne.EvokedArray` objects
(indexing, ``average``, :func:`mne.combine_evoked`, :func:`mne.grand_average`
and ``save`` all work) whose plotting methods default to unit scaling and an
attention colour bar.

Their state lives in ``info["description"]`` (``STATE_KEY``): MNE's
:class:`mne.Info` refuses keys of its own invention and does not save
``info["temp"]``, while the description is free text that MNE writes to and
reads from every FIF file (epochs, evoked, :func:`mne.write_evokeds`) without
interpreting it. It holds ``"mne-attention: "`` followed by a JSON object with
the fields ``version`` (``STATE_VERSION``), ``method`` (how the attention was
computed) and ``first_time`` (the first window centre in seconds, which
MNE's epochs files round to the sample grid). :func:`attention_description`
writes it and :func:`attention_state` reads it; files of the first layout
(no ``version`` field) still read.
"""

import json
import math

import mne
import numpy as np
from mne.utils import _check_option, _time_mask, _validate_type

from ..utils._units import units_of
from ..viz._checks import colour_limits

STATE_KEY = "description"
STATE_VERSION = 2
_MARKER = "mne-attention:"


def attention_description(method, first_time):
    """Return the ``info["description"]`` that marks attention of ``method``.

    Parameters
    ----------
    method : str
        How the attention was computed (e.g. ``"rollout"``).
    first_time : float
        The first window centre in seconds: kept because MNE's epochs files
        store times on the sample grid only, while window centres may lie
        between grid points.

    Returns
    -------
    description : str
        The text to store under ``info[STATE_KEY]``.
    """
    fields = dict(version=STATE_VERSION, method=method, first_time=float(first_time))
    return f"{_MARKER} {json.dumps(fields)}"


def attention_state(info):
    """Return the attention state stored in ``info``, None when there is none.

    Parameters
    ----------
    info : instance of mne.Info
        The measurement info of attention epochs or evoked data.

    Returns
    -------
    state : dict | None
        The fields ``version``, ``method`` and ``first_time``; None when
        ``info[STATE_KEY]`` holds no attention marker (ordinary MNE data).

    Raises
    ------
    ValueError
        When the marker is there but damaged; the message says how.
    """
    description = info.get(STATE_KEY) or ""
    if not description.startswith(_MARKER):
        return None
    try:
        fields = json.loads(description[len(_MARKER) :])
    except json.JSONDecodeError as err:
        raise ValueError(f"it is not JSON ({err})") from None
    if not isinstance(fields, dict):
        raise ValueError(f"it must be a JSON object, got {fields!r}")
    version = fields.setdefault("version", 1)  # the first layout had no version
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError(f"its field 'version' must be a positive int, got {version!r}")
    if version > STATE_VERSION:
        raise ValueError(
            f"it uses version {version}; this mne-attention reads up to "
            f"{STATE_VERSION}: upgrade mne-attention"
        )
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


def _valid_state(info):
    """Return the attention state of ``info``, None without a valid one."""
    try:
        return attention_state(info)
    except ValueError:
        return None


class _AttentionPlotDefaults:
    """Plotting defaults shared by attention Epochs and Evoked."""

    @property
    def method(self):
        """How the attention was computed (e.g. ``"rollout"``)."""
        return (_valid_state(self.info) or {}).get("method")

    @property
    def units(self):
        """The label of the values (attention is not a voltage)."""
        return units_of(self.method)

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
    any ``scalings``/``units`` you pass still win. Its constructor takes the
    parameters of :class:`mne.EvokedArray`; :meth:`from_evoked` wraps an
    existing :class:`mne.Evoked`.
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
            defaults.update(cmap="Reds", vlim=colour_limits(self.data))
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

    def to_source_estimate(self, labels, subject=None):
        """Put attention over brain regions onto the cortex, one value per label.

        For attention computed on region epochs
        (:func:`mne_attention.source_epochs`): every vertex of a region's
        label carries the region's attention, so that
        :meth:`mne.SourceEstimate.plot` shows it on the brain.

        Parameters
        ----------
        labels : list of mne.Label
            The regions, e.g. ``mne.read_labels_from_annot(subject, parc,
            subjects_dir=...)``; each channel needs the label of its name,
            other labels are ignored.
        subject : None | str
            The subject; None takes the labels' own.

        Returns
        -------
        stc : instance of mne.SourceEstimate
            The attention at the labels' vertices, with this evoked's times.
        """
        _validate_type(labels, (list, tuple), "labels", "list of mne.Label")
        for label in labels:
            _validate_type(label, mne.Label, "labels", "list of mne.Label")
        by_name = {label.name: label for label in labels}
        missing = [name for name in self.ch_names if name not in by_name]
        if missing:
            shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
            raise ValueError(
                f"labels must hold a label for every channel (region), got none "
                f"for {len(missing)} of {len(self.ch_names)}: {shown}"
            )
        return mne.labels_to_stc(
            [by_name[name] for name in self.ch_names],
            self.data,
            tmin=self.times[0],
            tstep=1.0 / self.info["sfreq"],
            subject=subject,
            verbose="error",
        )


class AttentionEpochs(_AttentionPlotDefaults, mne.EpochsArray):
    """Per-epoch attention over channels, as an :class:`mne.EpochsArray`.

    Its time axis holds the centres of the model's time windows. Averaging
    returns :class:`AttentionEvoked`. Its constructor takes the parameters of
    :class:`mne.EpochsArray`; :func:`mne_attention.compute_attention` and
    :func:`mne_attention.read_attention_epochs` make one.
    """

    def average(self, picks=None, method="mean", by_event_type=False):
        """Average epochs into :class:`AttentionEvoked` (see :meth:`mne.Epochs.average`).

        Parameters
        ----------
        picks : str | array-like | slice | None
            Channels to include; None takes them all (the model's channels).
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
        if picks is None:  # the model's channels, brain regions ("dipole") included
            picks = "all"
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
