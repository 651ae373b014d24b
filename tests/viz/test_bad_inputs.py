"""Bad inputs to the figures of viz.

One table: each row is a call of plot_attention_topomaps,
plot_sensor_attention_3d, plot_scalp_attention_3d, plot_channel_attention_3d,
plot_confusion_matrix or plot_history with one wrong argument, the exception
it must raise and a pattern that the message must match (the argument's name
and what was expected, mostly also what was given). Every row also checks that
the call left what the user passed (evokeds, arrays, containers, the model's
history, the files in the test folder) unchanged and that no 3D rendering
started: bad input is refused first (``tests/bad_inputs.py``).
"""

import mne
import numpy as np
import pytest

from mne_attention.viz import (
    plot_attention_topomaps,
    plot_channel_attention_3d,
    plot_confusion_matrix,
    plot_history,
    plot_scalp_attention_3d,
    plot_sensor_attention_3d,
)
from mne_attention.viz.scalp_3d import MAX_FRAMES

from ..bad_inputs import (
    BAD_3D_OPTIONS,
    FakeModel,
    Forbidden,
    Rows,
    call,
    check_refused,
)

pytestmark = pytest.mark.usefixtures("no_downloads_no_rendering")
ROWS = Rows()
add = ROWS.add


class _UnfittedModel:
    """An estimator-like object without ``history_`` (as before ``fit``)."""

    def fit(self, X, y=None):
        return self


# viz.plot_attention_topomaps(evokeds, contrast, *, ...) ---------------------
T = "plot_attention_topomaps"
_PAIR = ("open", "closed")
for _name, _evokeds, _kwargs, _error, _match in [
    (
        "evokeds-None",
        lambda ns: None,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of mne\.Evoked, or dict of "
        r"band name -> list of mne\.Evoked, got None",
    ),
    (
        "evokeds-array",
        lambda ns: ns.evoked.data,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of .*got <class "
        r"'numpy\.ndarray'>",
    ),
    (
        "evokeds-epochs",
        lambda ns: ns.attention_epochs,
        {},
        TypeError,
        r"evokeds must be an instance of mne\.Evoked, list of .*got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEpochs'>",
    ),
    (
        "evokeds-empty",
        lambda ns: [],
        {},
        ValueError,
        r"evokeds must hold at least one mne\.Evoked, got none",
    ),
    (
        "evokeds-empty-dict",
        lambda ns: {},
        {},
        ValueError,
        r"evokeds must not be an empty dict",
    ),
    (
        "evokeds-items",
        lambda ns: [ns.evoked, 3],
        {},
        TypeError,
        r"evokeds\[1\] must be an instance of mne\.Evoked, got <class 'int'>",
    ),
    (
        "evokeds-band-key",
        lambda ns: {1: ns.evokeds},
        {},
        TypeError,
        r"each key of evokeds must be an instance of band name \(str\), got <class "
        r"'int'>",
    ),
    (
        "evokeds-band-row",
        lambda ns: {"alpha": 3},
        {},
        TypeError,
        r"evokeds\['alpha'\] must be an instance of list of mne\.Evoked, got <class "
        r"'int'>",
    ),
    (
        "evokeds-no-montage",
        lambda ns: [ns.evoked_nopos],
        {},
        ValueError,
        r"evokeds\[0\]\.info has no sensor positions for 6 of 6 channels .*set a "
        r"montage first",
    ),
    (
        "evokeds-same-condition",
        lambda ns: [ns.evoked, ns.evoked],
        {},
        ValueError,
        r"evokeds must hold one mne\.Evoked per condition \(evoked\.comment\), got "
        r"'open' twice",
    ),
    (
        "contrast-str",
        lambda ns: ns.evokeds,
        dict(contrast="open"),
        TypeError,
        r"contrast must be an instance of tuple of two condition names, got <class "
        r"'str'>",
    ),
    (
        "contrast-one",
        lambda ns: ns.evokeds,
        dict(contrast=("open",)),
        ValueError,
        r"contrast must be two distinct condition names, got \('open',\)",
    ),
    (
        "contrast-same",
        lambda ns: ns.evokeds,
        dict(contrast=("open", "open")),
        ValueError,
        r"contrast must be two distinct condition names, got "
        r"\('open', 'open'\)",
    ),
    (
        "contrast-unknown",
        lambda ns: ns.evokeds,
        dict(contrast=("open", "up")),
        ValueError,
        r"contrast must name conditions found in evokeds \(evoked\.comment\): "
        r"\['open', 'closed'\], got \('open', 'up'\) \(\['up'\] not found\)",
    ),
    (
        "contrast-ints",
        lambda ns: ns.evokeds,
        dict(contrast=(1, 2)),
        TypeError,
        r"each condition in contrast must be an instance of str, got <class 'int'>",
    ),
    (
        "times-str",
        lambda ns: ns.evokeds,
        dict(times="0.25"),
        TypeError,
        r"times must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "times-outside",
        lambda ns: ns.evokeds,
        dict(times=100),
        ValueError,
        r"times must be within the time range of evokeds\[0\] \(0 to 0\.5 s\), got 100",
    ),
    (
        "mask-without-contrast",
        lambda ns: ns.evokeds,
        dict(mask=np.ones(6, bool)),
        ValueError,
        r"mask marks channels on the difference map: give contrast too",
    ),
    (
        "mask-shape",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask=np.ones(5, bool)),
        ValueError,
        r"mask must be a boolean array of shape \(6,\) \(one entry per "
        r"channel\), got dtype bool and shape \(5,\)",
    ),
    (
        "mask-dtype",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask=np.ones(6)),
        ValueError,
        r"mask must be a boolean array of shape \(6,\) .*got dtype float64",
    ),
    (
        "mask-str",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, mask="Fz"),
        TypeError,
        r"mask must be an instance of None, ndarray, list, tuple, or dict, got "
        r"<class 'str'>",
    ),
    (
        "mask_params-list",
        lambda ns: ns.evokeds,
        dict(mask_params=[]),
        TypeError,
        r"mask_params must be an instance of None or dict, got <class 'list'>",
    ),
    (
        "cmap-unknown",
        lambda ns: ns.evokeds,
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map such as 'viridis', got "
        r"'no-such-map'",
    ),
    (
        "diff_cmap-int",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_cmap=3),
        TypeError,
        r"diff_cmap must be an instance of str or matplotlib Colormap, got "
        r"<class 'int'>",
    ),
    (
        "vlim-one",
        lambda ns: ns.evokeds,
        dict(vlim=(1,)),
        ValueError,
        r"vlim must be \(vmin, vmax\), got \(1,\)",
    ),
    (
        "vlim-reversed",
        lambda ns: ns.evokeds,
        dict(vlim=(2, 1)),
        ValueError,
        r"vlim must have vmin < vmax, got \(2, 1\)",
    ),
    (
        "vlim-str",
        lambda ns: ns.evokeds,
        dict(vlim="auto"),
        TypeError,
        r"vlim must be an instance of tuple \(vmin, vmax\), got <class 'str'>",
    ),
    (
        "vlim-nan",
        lambda ns: ns.evokeds,
        dict(vlim=(np.nan, 1.0)),
        ValueError,
        r"vlim must hold finite numbers or None, got \(nan, 1\.0\)",
    ),
    (
        "diff_vlim-zero",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_vlim=0),
        ValueError,
        r"diff_vlim must be a positive number \(finite\), got 0",
    ),
    (
        "diff_vlim-inf",
        lambda ns: ns.evokeds,
        dict(contrast=_PAIR, diff_vlim=np.inf),
        ValueError,
        r"diff_vlim must be a positive number \(finite\), got inf",
    ),
    (
        "diff_vlim-str",
        lambda ns: ns.evokeds,
        dict(diff_vlim="1"),
        TypeError,
        r"diff_vlim must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "sensors-str",
        lambda ns: ns.evokeds,
        dict(sensors="yes"),
        TypeError,
        r"sensors must be an instance of bool, got <class 'str'>",
    ),
    (
        "contours-str",
        lambda ns: ns.evokeds,
        dict(contours="6"),
        TypeError,
        r"contours must be an instance of int-like, got <class 'str'>",
    ),
    (
        "contours-negative",
        lambda ns: ns.evokeds,
        dict(contours=-1),
        ValueError,
        r"contours must be a number of contour lines >= 0, got -1",
    ),
    (
        "title-int",
        lambda ns: ns.evokeds,
        dict(title=3),
        TypeError,
        r"title must be an instance of None or str, got <class 'int'>",
    ),
    (
        "show-str",
        lambda ns: ns.evokeds,
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
    (
        "verbose",
        lambda ns: ns.evokeds,
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, e=_evokeds, kw=_kwargs: call(
            plot_attention_topomaps, e(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )

# viz.plot_sensor_attention_3d(evoked, *, ...) and
# viz.plot_scalp_attention_3d(evoked, *, ...) ------------------------------
# the rows of either function, then those of both (the same checks)
_SENSOR_3D = [
    (
        "evoked-channel-attention",
        lambda ns: ns.chan,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class "
        r"'mne_attention\.containers\.channel\.ChannelAttention'>",
    ),
    (
        "evoked-list",
        lambda ns: ns.evokeds,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class 'list'>",
    ),
    (
        "evoked-no-montage",
        lambda ns: ns.evoked_nopos,
        {},
        ValueError,
        r"evoked\.info has no sensor positions for 6 of 6 channels .*set a montage first",
    ),
    (
        "times-str",
        lambda ns: ns.evoked,
        dict(times="0"),
        TypeError,
        r"times must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "times-outside",
        lambda ns: ns.evoked,
        dict(times=100),
        ValueError,
        r"times must be within the time range of evoked \(0 to 0\.5 s\), got 100",
    ),
    (
        "vlim-one",
        lambda ns: ns.evoked,
        dict(vlim=(1,)),
        ValueError,
        r"vlim must be \(vmin, vmax\), got \(1,\)",
    ),
    (
        "vlim-str-entry",
        lambda ns: ns.evoked,
        dict(vlim=("a", 1)),
        TypeError,
        r"each entry of vlim must be an instance of None or numeric, got <class 'str'>",
    ),
    (
        "head-negative",
        lambda ns: ns.evoked,
        dict(head=-1),
        ValueError,
        r"head must be a bool or an opacity between 0 and 1, got -1",
    ),
    (
        "sensor_names-int",
        lambda ns: ns.evoked,
        dict(sensor_names=1),
        TypeError,
        r"sensor_names must be an instance of bool, got <class 'int'>",
    ),
    (
        "sensor_scale-zero",
        lambda ns: ns.evoked,
        dict(sensor_scale=0),
        ValueError,
        r"sensor_scale must be a positive number, got 0",
    ),
    (
        "sensor_scale-str",
        lambda ns: ns.evoked,
        dict(sensor_scale="1"),
        TypeError,
        r"sensor_scale must be an instance of numeric, got <class 'str'>",
    ),
    (
        "size-int",
        lambda ns: ns.evoked,
        dict(size=800),
        TypeError,
        r"size must be an instance of tuple \(width, height\), got <class 'int'>",
    ),
]
_SCALP_3D = [
    (
        "evoked-no-montage",
        lambda ns: ns.evoked_nopos,
        {},
        ValueError,
        r"evoked\.info has no sensor positions for 6 of 6 channels .*set a montage "
        r"first, e\.g\. epochs\.set_montage\(",
    ),
    (
        "evoked-two-channels",
        lambda ns: ns.evoked.copy().pick(["C3", "C4"]),
        {},
        ValueError,
        r"evoked must hold at least 3 channels to interpolate between, got 2",
    ),
    (
        "evoked-nan",
        lambda ns: mne.EvokedArray(
            np.where(np.eye(6, 2) > 0, np.nan, 1.0), ns.evoked.info, verbose="error"
        ),
        {},
        ValueError,
        r"evoked must hold finite values at the times shown, got NaN",
    ),
    (
        "times-unknown-str",
        lambda ns: ns.evoked,
        dict(times="all"),
        ValueError,
        r"Invalid value for the 'times' parameter\. .*'windows', but got 'all'",
    ),
    (
        "times-bool",
        lambda ns: ns.evoked,
        dict(times=True),
        TypeError,
        r"times must be an instance of 'windows', None, a number or a list of "
        r"numbers, got <class 'bool'>",
    ),
    (
        "times-dict",
        lambda ns: ns.evoked,
        dict(times={0: 1}),
        TypeError,
        r"times must be an instance of 'windows', None, a number .*got <class 'dict'>",
    ),
    (
        "times-str-entry",
        lambda ns: ns.evoked,
        dict(times=[0.0, "0.5"]),
        TypeError,
        r"each entry of times must be an instance of numeric, got <class 'str'>",
    ),
    (
        "times-empty",
        lambda ns: ns.evoked,
        dict(times=[]),
        ValueError,
        r"times must be 'windows', None, a number or a list of numbers, got an array "
        r"of shape \(0,\)",
    ),
    (
        "times-2d",
        lambda ns: ns.evoked,
        dict(times=[[0.0, 0.5]]),
        ValueError,
        r"times must be .*got an array of shape \(1, 2\)",
    ),
    (
        "times-outside",
        lambda ns: ns.evoked,
        dict(times=[0.0, 100]),
        ValueError,
        r"times must be within the time range of evoked \(0 to 0\.5 s\), got 100",
    ),
    (
        "times-too-many",
        lambda ns: ns.evoked,
        dict(times=[0.0] * (MAX_FRAMES + 1)),
        ValueError,
        rf"times must hold at most {MAX_FRAMES} time points .*got {MAX_FRAMES + 1}",
    ),
    (
        "times-windows-too-many",
        lambda ns: mne.EvokedArray(np.ones((6, 20)), ns.evoked.info, verbose="error"),
        {},
        ValueError,
        rf"times='windows' draws one frame per time point of evoked, and at most "
        rf"{MAX_FRAMES} fit side by side, got 20 time points: pass up to",
    ),
    (
        "sensors-int",
        lambda ns: ns.evoked,
        dict(sensors=1),
        TypeError,
        r"sensors must be an instance of bool, got <class 'int'>",
    ),
    (
        "sensor_names-str",
        lambda ns: ns.evoked,
        dict(sensor_names="yes"),
        TypeError,
        r"sensor_names must be an instance of bool, got <class 'str'>",
    ),
]
_EVOKED_3D = [
    (
        "evoked-None",
        lambda ns: None,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got None",
    ),
    (
        "evoked-epochs",
        lambda ns: ns.attention_epochs,
        {},
        TypeError,
        r"evoked must be an instance of mne\.Evoked, got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEpochs'>",
    ),
    (
        "cmap-int",
        lambda ns: ns.evoked,
        dict(cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "cmap-unknown",
        lambda ns: ns.evoked,
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map .*got 'no-such-map'",
    ),
    (
        "vlim-reversed",
        lambda ns: ns.evoked,
        dict(vlim=(2, 1)),
        ValueError,
        r"vlim must have vmin < vmax, got \(2, 1\)",
    ),
    (
        "vlim-str",
        lambda ns: ns.evoked,
        dict(vlim="x"),
        TypeError,
        r"vlim must be an instance of tuple \(vmin, vmax\), got <class 'str'>",
    ),
    (
        "vlim-nan",
        lambda ns: ns.evoked,
        dict(vlim=(np.nan, 1.0)),
        ValueError,
        r"vlim must hold finite numbers or None, got \(nan, 1\.0\)",
    ),
    (
        "bgcolor-unknown",
        lambda ns: ns.evoked,
        dict(bgcolor="nocolour"),
        ValueError,
        r"bgcolor must be a matplotlib colour, got 'nocolour'",
    ),
    (
        "size-negative",
        lambda ns: ns.evoked,
        dict(size=(800, -1)),
        ValueError,
        r"size must be \(width, height\) in pixels, both positive, got \(800, -1\)",
    ),
    (
        "fig-int",
        lambda ns: ns.evoked,
        dict(fig=1),
        TypeError,
        r"fig must be an instance of None or mne\.viz\.Figure3D, got <class 'int'>",
    ),
    (
        "verbose",
        lambda ns: ns.evoked,
        dict(verbose="loud"),
        ValueError,
        r"Invalid value for the 'verbose' parameter.* but got 'LOUD'",
    ),
]
for _func, _rows in (
    (plot_sensor_attention_3d, _SENSOR_3D),
    (plot_scalp_attention_3d, _SCALP_3D),
):
    for _name, _evoked, _kwargs, _error, _match in _rows + _EVOKED_3D:
        add(
            _func.__name__,
            _name,
            lambda ns, f=_func, e=_evoked, kw=_kwargs: call(f, e(ns), **kw),
            _error,
            _match,
        )

# viz.plot_channel_attention_3d(channel_attention, condition, top_k, ...) -----
for _name, _kwargs, _error, _match in BAD_3D_OPTIONS:
    _kwargs = {"condition": "open", "top_k": 10, **_kwargs}
    add(
        "plot_channel_attention_3d",
        _name,
        lambda ns, kw=_kwargs: call(plot_channel_attention_3d, ns.chan, **kw),
        _error,
        _match,
    )
T = "plot_channel_attention_3d"
for _name, _value, _error, _match in [
    (
        "None",
        lambda ns: None,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got None",
    ),
    (
        "evoked",
        lambda ns: ns.evoked,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got <class "
        r"'mne_attention\.containers\.epochs\.AttentionEvoked'>",
    ),
    (
        "array",
        lambda ns: ns.data,
        TypeError,
        r"channel_attention must be an instance of ChannelAttention, got <class "
        r"'numpy\.ndarray'>",
    ),
    (
        "no-montage",
        lambda ns: ns.chan_nopos,
        ValueError,
        r"channel_attention\.info has no sensor positions .*set a montage first",
    ),
]:
    add(
        T,
        _name,
        lambda ns, v=_value: call(plot_channel_attention_3d, v(ns), "open"),
        _error,
        _match,
    )

# viz.plot_confusion_matrix(y_true, y_pred, classes, normalize, *, ...) ------
T = "plot_confusion_matrix"
for _name, _args, _kwargs, _error, _match in [
    (
        "y_true-None",
        lambda ns: (None, ns.y_pred),
        {},
        TypeError,
        r"y_true must be an array-like of labels, got NoneType",
    ),
    (
        "y_pred-int",
        lambda ns: (ns.y_true, 3),
        {},
        TypeError,
        r"y_pred must be an array-like of labels, got int",
    ),
    (
        "y_true-str",
        lambda ns: ("oocc", ns.y_pred),
        {},
        TypeError,
        r"y_true must be an array-like of labels, got str",
    ),
    (
        "y_pred-dict",
        lambda ns: (ns.y_true, {"a": 1}),
        {},
        TypeError,
        r"y_pred must be an array-like of labels, got dict",
    ),
    (
        "y_true-2d",
        lambda ns: (ns.y_true[:, None], ns.y_pred),
        {},
        ValueError,
        r"y_true and y_pred must be 1D arrays of the same length, got shapes "
        r"\(4, 1\) and \(4,\)",
    ),
    (
        "lengths",
        lambda ns: (ns.y_true, ns.y_pred[:3]),
        {},
        ValueError,
        r"y_true and y_pred must be 1D arrays of the same length, got shapes "
        r"\(4,\) and \(3,\)",
    ),
    (
        "empty",
        lambda ns: ([], []),
        {},
        ValueError,
        r"y_true and y_pred must hold at least one sample, got none",
    ),
    (
        "classes-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes="oc"),
        TypeError,
        r"classes must be an instance of list of labels, got <class 'str'>",
    ),
    (
        "classes-missing",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=["open"]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got "
        r"\['open'\] \(missing: \['closed'\]\)",
    ),
    (
        "classes-repeated",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=["open", "closed", "open"]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got "
        r"\['open', 'closed', 'open'\]",
    ),
    (
        "classes-empty",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(classes=[]),
        ValueError,
        r"classes must list every label of y_true and y_pred once, got \[\]",
    ),
    (
        "normalize-unknown",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize="rows"),
        ValueError,
        r"Invalid value for the 'normalize' parameter\. Allowed values are "
        r"'true', 'pred', and 'all', but got 'rows'",
    ),
    (
        "normalize-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize=1),
        TypeError,
        r"normalize must be an instance of bool or str, got <class 'int'>",
    ),
    (
        "normalize-None",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(normalize=None),
        TypeError,
        r"normalize must be an instance of bool or str, got None",
    ),
    (
        "cmap-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(cmap=3),
        TypeError,
        r"cmap must be an instance of str or matplotlib Colormap, got <class 'int'>",
    ),
    (
        "cmap-unknown",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(cmap="no-such-map"),
        ValueError,
        r"cmap must be the name of a matplotlib colour map .*'no-such-map'",
    ),
    (
        "axes-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(axes="ax"),
        TypeError,
        r"axes must be an instance of None or matplotlib Axes, got <class 'str'>",
    ),
    (
        "title-int",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(title=3),
        TypeError,
        r"title must be an instance of None or str, got <class 'int'>",
    ),
    (
        "show-str",
        lambda ns: (ns.y_true, ns.y_pred),
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
]:
    add(
        T,
        _name,
        lambda ns, a=_args, kw=_kwargs: call(
            plot_confusion_matrix, *a(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )

# viz.plot_history(model, *, axes, show) -------------------------------------
T = "plot_history"
_MODEL = r"model must be a fitted EEGTransformer or its history_ DataFrame, got "
for _name, _model, _kwargs, _error, _match in [
    ("None", lambda ns: None, {}, TypeError, _MODEL + "NoneType"),
    ("int", lambda ns: 3, {}, TypeError, _MODEL + "int"),
    ("str", lambda ns: "model.mnea", {}, TypeError, _MODEL + "str"),
    ("dict", lambda ns: ns.history.to_dict("list"), {}, TypeError, _MODEL + "dict"),
    ("list", lambda ns: [ns.history], {}, TypeError, _MODEL + "list"),
    ("array", lambda ns: ns.history.to_numpy(), {}, TypeError, _MODEL + "ndarray"),
    (
        "unfitted",
        lambda ns: _UnfittedModel(),
        {},
        ValueError,
        r"model must be a fitted model with a history_ DataFrame \(call fit first\) or "
        r"that DataFrame, got _UnfittedModel without history_",
    ),
    (
        "history-dict",
        lambda ns: FakeModel({"epoch": [1]}),
        {},
        TypeError,
        r"model\.history_ must be an instance of pandas\.DataFrame, got <class 'dict'>",
    ),
    (
        "history-columns",
        lambda ns: ns.history.drop(columns=["val_loss"]),
        {},
        ValueError,
        r"model\.history_ must have the columns \['epoch', 'train_loss', "
        r"'train_accuracy', 'val_loss', 'val_accuracy'\], missing \['val_loss'\]",
    ),
    (
        "history-empty",
        lambda ns: ns.history.iloc[:0],
        {},
        ValueError,
        r"model\.history_ is empty: the model trained for no epoch",
    ),
    (
        "axes-one",
        lambda ns: ns.history,
        dict(axes=[None]),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 1 objects "
        r"\(NoneType\)",
    ),
    (
        "axes-str",
        lambda ns: ns.history,
        dict(axes="ab"),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 1 objects \(str\)",
    ),
    (
        "axes-ints",
        lambda ns: ns.history,
        dict(axes=[1, 2]),
        ValueError,
        r"axes must be two matplotlib Axes \(loss, accuracy\), got 2 objects "
        r"\(int, int\)",
    ),
    (
        "show-str",
        lambda ns: ns.history,
        dict(show="yes"),
        TypeError,
        r"show must be an instance of bool, got <class 'str'>",
    ),
    (
        "show-None",
        lambda ns: ns.history,
        dict(show=None),
        TypeError,
        r"show must be an instance of bool, got None",
    ),
    (
        "unknown-keyword",
        lambda ns: ns.history,
        dict(title="x"),
        TypeError,
        r"unexpected keyword argument 'title'",
    ),
]:
    add(
        T,
        _name,
        lambda ns, m=_model, kw=_kwargs: call(
            plot_history, m(ns), **{"show": False, **kw}
        ),
        _error,
        _match,
    )


# --------------------------------------------------------------------------
# the tests


@pytest.mark.parametrize("target, make_call, error, match", ROWS)
def test_bad_input(bad_inputs, target, make_call, error, match):
    """The bad input is refused with a message naming it, and nothing changes."""
    check_refused(bad_inputs, make_call, error, match)


def test_rows_per_function():
    """Every public function and method here has enough bad inputs."""
    ROWS.check_per_function(
        [
            "plot_attention_topomaps",
            "plot_sensor_attention_3d",
            "plot_scalp_attention_3d",
            "plot_channel_attention_3d",
            "plot_confusion_matrix",
            "plot_history",
        ]
    )


def test_guards_catch_rendering(bad_inputs):
    """The guards of the table stop valid 3D plots."""
    with pytest.raises(Forbidden, match="the 3D renderer"):
        plot_sensor_attention_3d(bad_inputs.evoked)
    with pytest.raises(Forbidden, match="the 3D renderer"):
        plot_channel_attention_3d(bad_inputs.chan, "open", top_k=5)
