"""Bad inputs to the attention API are refused with a message naming the argument.

Every row calls one public function with one bad argument and checks the
exception type (TypeError for a wrong type, ValueError for a wrong value; the
string options follow MNE's ``_check_option``, which raises ValueError), that
the message names the argument and what was expected, and that the call left
the caller's inputs (epochs, model, splitter, ...) as they were.
"""

from types import SimpleNamespace

import mne
import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from mne_attention import (
    AttentionResult,
    EEGTransformer,
    compute_attention,
    compute_channel_attention,
    compute_layer_attention,
    fit_attention,
)

from .. import conftest
from ..conftest import TINY_PARAMS, FixedFolds, assert_unchanged, snapshot

# fit_attention draws each fold model's seed from its own random_state
FIT_PARAMS = {key: value for key, value in TINY_PARAMS.items() if key != "random_state"}
FIT_PARAMS["max_epochs"] = 1


@pytest.fixture(scope="module")
def ctx():
    """One tiny fitted model and the epochs it was trained on, for the whole module."""
    with mne.utils.use_log_level("warning"):
        epochs = conftest.tiny_epochs.__wrapped__()
        model = EEGTransformer(**TINY_PARAMS).fit(epochs)
        attention = compute_attention(model, epochs)
    result = AttentionResult(attention, [model], [np.arange(len(epochs))], [1.0])
    return SimpleNamespace(model=model, epochs=epochs, result=result)


# ------------------------------------------------------------- bad inputs
def _raw(epochs):
    data = np.concatenate(list(epochs.get_data()), axis=1)
    return mne.io.RawArray(data, epochs.info, verbose=False)


def _missing_channel(epochs):
    return epochs.copy().drop_channels(["O1"])


def _other_sfreq(epochs):
    info = mne.create_info(epochs.ch_names, 128.0, "eeg")
    return mne.EpochsArray(
        epochs.get_data(),
        info,
        epochs.events,
        tmin=epochs.tmin,
        event_id=epochs.event_id,
        metadata=epochs.metadata,
        verbose=False,
    )


def _shorter(epochs):
    return epochs.copy().crop(tmax=0.5)


def _bad_channel(epochs):
    epochs = epochs.copy()
    epochs.info["bads"] = ["O2"]
    return epochs


def _later_tmin(epochs):
    return epochs.copy().shift_time(0.5)


def _unnamed_code(epochs):
    epochs = epochs.copy()
    epochs.event_id = {"open": 1}  # code 2 ("closed") has no name any more
    return epochs


def _with_value(epochs, value):
    epochs = epochs.copy()
    epochs.get_data(copy=False)[0, 4, 10] = value
    return epochs


def _in_microvolts(epochs):
    epochs = epochs.copy()
    epochs.get_data(copy=False)[:] *= 1e6
    return epochs


def _empty(epochs):
    return epochs.copy().drop(np.arange(len(epochs)), verbose=False)


def _with_column(epochs, name):
    epochs = epochs.copy()
    epochs.metadata = epochs.metadata.assign(**{name: 1})
    return epochs


def _without_metadata(epochs):
    epochs = epochs.copy()
    epochs.metadata = None
    return epochs


def _missing_subject(epochs):
    epochs = epochs.copy()
    epochs.metadata = epochs.metadata.assign(
        subject=[np.nan] + epochs.metadata["subject"].tolist()[1:]
    )
    return epochs


def _row(id_, build, error, match):
    return pytest.param(build, error, match, id=id_)


def _model_state(model):
    """The model's hyper-parameters and fitted state, as plain comparable values."""
    state = {key: value for key, value in vars(model).items() if key != "network_"}
    if hasattr(model, "network_"):
        state["network_"] = {
            key: value.detach().cpu().numpy().copy()
            for key, value in model.network_.state_dict().items()
        }
    return snapshot(state)


def _state(kwargs):
    """Snapshot of every argument, models reduced to their state."""
    return {key: _comparable(value) for key, value in kwargs.items()}


def _comparable(value):
    if isinstance(value, EEGTransformer):
        return _model_state(value)
    if isinstance(value, float) and np.isnan(value):
        return "nan"  # NaN != NaN
    return snapshot(value)


def _check_refused(func, kwargs, error, match):
    before = _state(kwargs)
    with pytest.raises(error, match=match):
        func(**kwargs)
    assert_unchanged(before, _state(kwargs))


# Rows shared by compute_attention, compute_channel_attention and
# compute_layer_attention: the model, the epochs and the batch size.
MODEL_EPOCHS_ROWS = [
    _row(
        "model-str",
        lambda c: dict(model="model", epochs=c.epochs),
        TypeError,
        r"model must be an instance of EEGTransformer, got <class 'str'>",
    ),
    _row(
        "model-None",
        lambda c: dict(model=None, epochs=c.epochs),
        TypeError,
        r"model must be an instance of EEGTransformer, got None",
    ),
    _row(
        "model-class",
        lambda c: dict(model=EEGTransformer, epochs=c.epochs),
        TypeError,
        r"model must be an instance of EEGTransformer, got <class 'type'>",
    ),
    _row(
        "model-sklearn",
        lambda c: dict(model=LogisticRegression(), epochs=c.epochs),
        TypeError,
        r"model must be an instance of EEGTransformer, got .*LogisticRegression",
    ),
    _row(
        "model-unfitted",
        lambda c: dict(model=EEGTransformer(**TINY_PARAMS), epochs=c.epochs),
        ValueError,
        r"model must be a fitted EEGTransformer.*not fitted yet",
    ),
    _row(
        "epochs-array",
        lambda c: dict(model=c.model, epochs=c.epochs.get_data()),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class 'numpy.ndarray'>",
    ),
    _row(
        "epochs-None",
        lambda c: dict(model=c.model, epochs=None),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got None",
    ),
    _row(
        "epochs-Raw",
        lambda c: dict(model=c.model, epochs=_raw(c.epochs)),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class .*RawArray'>",
    ),
    _row(
        "epochs-Evoked",
        lambda c: dict(model=c.model, epochs=c.epochs.average()),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class .*EvokedArray'>",
    ),
    _row(
        "epochs-missing-channel",
        lambda c: dict(model=c.model, epochs=_missing_channel(c.epochs)),
        ValueError,
        r"epochs is missing channels the model was trained on: \['O1'\]",
    ),
    _row(
        "epochs-other-sfreq",
        lambda c: dict(model=c.model, epochs=_other_sfreq(c.epochs)),
        ValueError,
        r"epochs must be sampled at 160.0 Hz like the training data, got 128.0 Hz",
    ),
    _row(
        "epochs-other-n_times",
        lambda c: dict(model=c.model, epochs=_shorter(c.epochs)),
        ValueError,
        r"epochs must have 160 time samples like the training data, got 81",
    ),
    _row(
        "epochs-model-channel-bad",
        lambda c: dict(model=c.model, epochs=_bad_channel(c.epochs)),
        ValueError,
        r"epochs marks channels the model needs as bad: \['O2'\]; interpolate",
    ),
    _row(
        "epochs-other-tmin",
        lambda c: dict(model=c.model, epochs=_later_tmin(c.epochs)),
        ValueError,
        r"epochs must start at tmin=0 s like the training epochs, got 0.5 s",
    ),
    _row(
        "epochs-unnamed-event-code",
        lambda c: dict(model=c.model, epochs=_unnamed_code(c.epochs)),
        ValueError,
        r"epochs must have a name in event_id for every event code, got codes "
        r"\[2\] without one",
    ),
    _row(
        "epochs-nan",
        lambda c: dict(model=c.model, epochs=_with_value(c.epochs, np.nan)),
        ValueError,
        r"epochs must hold only finite values, got NaN or inf",
    ),
    _row(
        "epochs-inf",
        lambda c: dict(model=c.model, epochs=_with_value(c.epochs, -np.inf)),
        ValueError,
        r"epochs must hold only finite values, got NaN or inf",
    ),
    _row(
        "epochs-float32-overflow",
        lambda c: dict(model=c.model, epochs=_with_value(c.epochs, 1e39)),
        ValueError,
        r"epochs must hold values of magnitude below 3.4e\+38 \(float32\), got 1e\+39",
    ),
    _row(
        "epochs-wrong-units",
        lambda c: dict(model=c.model, epochs=_in_microvolts(c.epochs)),
        ValueError,
        r"epochs must be on the scale of the training data, got values .* standard "
        r"deviations",
    ),
    _row(
        "epochs-empty",
        lambda c: dict(model=c.model, epochs=_empty(c.epochs)),
        ValueError,
        r"epochs must hold at least one epoch, got 0",
    ),
]

BATCH_SIZE_ROWS = [
    _row(
        "batch_size-0",
        lambda c: dict(model=c.model, epochs=c.epochs, batch_size=0),
        ValueError,
        r"batch_size must be at least 1, got 0",
    ),
    _row(
        "batch_size-negative",
        lambda c: dict(model=c.model, epochs=c.epochs, batch_size=-4),
        ValueError,
        r"batch_size must be at least 1, got -4",
    ),
    _row(
        "batch_size-float",
        lambda c: dict(model=c.model, epochs=c.epochs, batch_size=8.0),
        TypeError,
        r"batch_size must be an int or None, got <class 'float'>",
    ),
    _row(
        "batch_size-str",
        lambda c: dict(model=c.model, epochs=c.epochs, batch_size="8"),
        TypeError,
        r"batch_size must be an int or None, got <class 'str'>",
    ),
    _row(
        "batch_size-bool",
        lambda c: dict(model=c.model, epochs=c.epochs, batch_size=True),
        TypeError,
        r"batch_size must be an int or None, got <class 'bool'>",
    ),
]


def _options(**options):
    return lambda c: dict(model=c.model, epochs=c.epochs, **options)


# Rows shared by compute_attention and compute_channel_attention: the options.
OPTION_ROWS = [
    _row(
        "method-unknown",
        _options(method="saliency"),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', 'rollout',.* 'grad_rollout'.* "
        r"but got 'saliency'",
    ),
    _row(
        "method-None",
        _options(method=None),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', .* but got None",
    ),
    _row(
        "method-int",
        _options(method=1),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', .* but got 1",
    ),
    _row(
        "head_fusion-unknown",
        _options(head_fusion="median"),
        ValueError,
        r"'head_fusion' parameter\. Allowed values are 'mean', 'max',? and 'min', "
        r"but got 'median'",
    ),
    _row(
        "layer-float",
        _options(method="raw", layer=0.0),
        TypeError,
        r"layer must be an int, got <class 'float'>",
    ),
    _row(
        "layer-str",
        _options(method="raw", layer="last"),
        TypeError,
        r"layer must be an int, got <class 'str'>",
    ),
    _row(
        "layer-bool",
        _options(method="raw", layer=True),
        TypeError,
        r"layer must be an int, got <class 'bool'>",
    ),
    _row(
        "layer-too-high",
        _options(method="raw", layer=1),
        ValueError,
        r"layer must be between -1 and 0, got 1",
    ),
    _row(
        "layer-too-low",
        _options(method="raw", layer=-2),
        ValueError,
        r"layer must be between -1 and 0, got -2",
    ),
    _row(
        "layer-with-rollout",
        _options(method="rollout", layer=0),
        ValueError,
        r"layer and head select the attention of method='raw' only, got layer=0 .*"
        r"method='rollout'",
    ),
    _row(
        "head-too-high",
        _options(method="raw", head=2),
        ValueError,
        r"head must be between 0 and 1, got 2",
    ),
    _row(
        "head-negative",
        _options(method="raw", head=-1),
        ValueError,
        r"head must be between 0 and 1, got -1",
    ),
    _row(
        "head-float",
        _options(method="raw", head=0.0),
        TypeError,
        r"head must be an int or None, got <class 'float'>",
    ),
    _row(
        "head-bool",
        _options(method="raw", head=False),
        TypeError,
        r"head must be an int or None, got <class 'bool'>",
    ),
    _row(
        "head-with-grad_rollout",
        _options(method="grad_rollout", head=0),
        ValueError,
        r"layer and head select the attention of method='raw' only, got .*head=0 "
        r"with method='grad_rollout'",
    ),
    _row(
        "keep-unknown",
        _options(keep="some"),
        ValueError,
        r"'keep' parameter\. Allowed values are 'all' and 'correct', but got 'some'",
    ),
    _row(
        "keep-bool",
        _options(keep=True),
        ValueError,
        r"'keep' parameter\. Allowed values are 'all' and 'correct', but got True",
    ),
    _row(
        "min_confidence-negative",
        _options(min_confidence=-0.1),
        ValueError,
        r"min_confidence must be in \[0, 1\], got -0.1",
    ),
    _row(
        "min_confidence-above-1",
        _options(min_confidence=1.5),
        ValueError,
        r"min_confidence must be in \[0, 1\], got 1.5",
    ),
    _row(
        "min_confidence-nan",
        _options(min_confidence=np.nan),
        ValueError,
        r"min_confidence must be a finite number, got nan",
    ),
    _row(
        "min_confidence-str",
        _options(min_confidence="high"),
        TypeError,
        r"min_confidence must be an instance of float or None, got <class 'str'>",
    ),
    _row(
        "min_confidence-bool",
        _options(min_confidence=True),
        TypeError,
        r"min_confidence must be an instance of float or None, got <class 'bool'>",
    ),
    _row(
        "keep-correct-min_confidence-leaves-nothing",
        _options(keep="correct", min_confidence=1.0),
        ValueError,
        r"keep='correct' and min_confidence=1.0 left no epochs: relax them",
    ),
]

METADATA_ROWS = [
    _row(
        f"metadata-{column}",
        lambda c, column=column: dict(
            model=c.model, epochs=_with_column(c.epochs, column)
        ),
        ValueError,
        rf"epochs.metadata must not have the columns \['{column}'\]: the attention "
        "adds",
    )
    for column in ("predicted", "confidence", "correct")
]


@pytest.mark.parametrize(
    "build, error, match",
    MODEL_EPOCHS_ROWS + BATCH_SIZE_ROWS + OPTION_ROWS + METADATA_ROWS,
)
def test_compute_attention_refuses(ctx, build, error, match):
    """compute_attention refuses each bad argument and changes nothing."""
    _check_refused(compute_attention, build(ctx), error, match)


CHANNEL_ROWS = [
    _row(
        "method-occlusion",
        _options(method="occlusion"),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', 'rollout', 'grad_rollout',? "
        r"and 'study_rollout', but got 'occlusion'",
    ),
]


@pytest.mark.parametrize(
    "build, error, match",
    MODEL_EPOCHS_ROWS + BATCH_SIZE_ROWS + OPTION_ROWS + CHANNEL_ROWS,
)
def test_compute_channel_attention_refuses(ctx, build, error, match):
    """compute_channel_attention refuses each bad argument and changes nothing."""
    _check_refused(compute_channel_attention, build(ctx), error, match)


LAYER_ROWS = [
    _row(
        "method-not-an-argument",
        _options(method="raw"),
        TypeError,
        r"unexpected keyword argument 'method'",
    ),
]


@pytest.mark.parametrize(
    "build, error, match", MODEL_EPOCHS_ROWS + BATCH_SIZE_ROWS + LAYER_ROWS
)
def test_compute_layer_attention_refuses(ctx, build, error, match):
    """compute_layer_attention refuses each bad argument and changes nothing."""
    _check_refused(compute_layer_attention, build(ctx), error, match)


def test_good_inputs_are_accepted(ctx):
    """The rows above fail because of their one bad argument, not the fixture."""
    before = _state(dict(model=ctx.model, epochs=ctx.epochs))
    compute_attention(ctx.model, ctx.epochs, method="raw", layer=0, head=1)
    compute_channel_attention(ctx.model, ctx.epochs, min_confidence=0.0)
    compute_layer_attention(ctx.model, ctx.epochs, batch_size=7)
    assert_unchanged(before, _state(dict(model=ctx.model, epochs=ctx.epochs)))


# ------------------------------------------------------------ fit_attention
@pytest.fixture
def no_training(monkeypatch):
    """Make any training fail, so a refused input is refused before training."""

    def fit(self, *args, **kwargs):
        raise AssertionError("EEGTransformer.fit was called")

    monkeypatch.setattr(EEGTransformer, "fit", fit)


def _fit(**kwargs):
    return lambda c: dict(epochs=c.epochs, **{**FIT_PARAMS, **kwargs})


def _fit_on(make_epochs, **kwargs):
    return lambda c: dict(epochs=make_epochs(c.epochs), **{**FIT_PARAMS, **kwargs})


ODD, EVEN = np.arange(1, 48, 2), np.arange(0, 48, 2)  # "closed", "open"

FIT_ROWS = [
    _row(
        "epochs-array",
        lambda c: dict(epochs=c.epochs.get_data()),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class 'numpy.ndarray'>",
    ),
    _row(
        "epochs-None",
        lambda c: dict(epochs=None),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got None",
    ),
    _row(
        "epochs-Raw",
        lambda c: dict(epochs=_raw(c.epochs)),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class .*RawArray'>",
    ),
    _row(
        "epochs-Evoked",
        lambda c: dict(epochs=c.epochs.average()),
        TypeError,
        r"epochs must be an instance of mne.Epochs, got <class .*EvokedArray'>",
    ),
    _row(
        "epochs-one-condition",
        _fit_on(lambda e: e["open"], cv=3),
        ValueError,
        r"epochs must hold at least 2 conditions to learn from, got only \['open'\]",
    ),
    _row(
        "epochs-unnamed-event-code",
        _fit_on(_unnamed_code, cv=3),
        ValueError,
        r"epochs must have a name in event_id for every event code, got codes "
        r"\[2\] without one",
    ),
    _row(
        "epochs-nan",
        _fit_on(lambda e: _with_value(e, np.nan), cv=3),
        ValueError,
        r"epochs must hold only finite values, got NaN or inf",
    ),
    _row(
        "epochs-empty",
        _fit_on(_empty, cv=3),
        ValueError,
        r"epochs must hold at least one epoch, got 0",
    ),
    _row(
        "epochs-missing-subject",
        _fit_on(_missing_subject, cv=3),
        ValueError,
        r"metadata\['subject'\]\) must name the subject of every epoch, got missing "
        r"values for epochs \[0\]",
    ),
    *[
        _row(
            f"metadata-{column}",
            _fit_on(lambda e, column=column: _with_column(e, column), cv=3),
            ValueError,
            rf"epochs.metadata must not have the columns \['{column}'\]: the "
            "attention adds",
        )
        for column in ("predicted", "confidence", "correct", "fold")
    ],
    _row("cv-1", _fit(cv=1), ValueError, r"cv must be at least 2, got 1"),
    _row("cv-0", _fit(cv=0), ValueError, r"cv must be at least 2, got 0"),
    _row("cv-negative", _fit(cv=-3), ValueError, r"cv must be at least 2, got -3"),
    _row(
        "cv-str",
        _fit(cv="five"),
        TypeError,
        r"cv must be an int or a scikit-learn splitter, got 'five'",
    ),
    _row(
        "cv-float",
        _fit(cv=3.0),
        TypeError,
        r"cv must be an int or a scikit-learn splitter, got 3.0",
    ),
    _row(
        "cv-bool",
        _fit(cv=True),
        TypeError,
        r"cv must be an int or a scikit-learn splitter, got True",
    ),
    _row(
        "cv-None",
        _fit(cv=None),
        TypeError,
        r"cv must be an int or a scikit-learn splitter, got None",
    ),
    _row(
        "cv-more-than-subjects",
        _fit(cv=4),
        ValueError,
        r"cv must be at most the number of subjects \(3\) because folds are grouped "
        r"by metadata\['subject'\], got 4",
    ),
    _row(
        "cv-splitter-leaves-epochs-out",
        _fit(cv=FixedFolds(np.arange(0, 20), np.arange(20, 47))),
        ValueError,
        r"cv must put every epoch in exactly one test fold .* epochs \[47\] are in "
        "no test fold",
    ),
    _row(
        "cv-splitter-overlaps",
        _fit(cv=FixedFolds(np.arange(0, 25), np.arange(24, 48))),
        ValueError,
        r"cv must put every epoch in exactly one test fold .* epochs \[24\] are in "
        "more than one test fold",
    ),
    _row(
        "cv-splitter-index-too-high",
        _fit(cv=FixedFolds(np.arange(0, 24), np.arange(24, 49))),
        ValueError,
        r"cv must yield test indices in \[0, 47\], got 0 to 48",
    ),
    _row(
        "cv-splitter-negative-index",
        _fit(cv=FixedFolds(np.arange(-1, 24), np.arange(24, 48))),
        ValueError,
        r"cv must yield test indices in \[0, 47\], got -1 to 47",
    ),
    _row(
        "cv-splitter-float-indices",
        _fit(cv=FixedFolds(np.arange(0.0, 24.0), np.arange(24.0, 48.0))),
        TypeError,
        r"cv must yield integer test indices, got float64",
    ),
    _row(
        "cv-splitter-one-fold",
        _fit(cv=FixedFolds(np.arange(48))),
        ValueError,
        r"cv must yield at least 2 folds, got 1",
    ),
    _row(
        "cv-splitter-one-class-in-training",
        _fit(cv=FixedFolds(ODD, EVEN)),
        ValueError,
        r"cv must leave at least 2 epochs of every condition in each training set, "
        r"got .*fold 0 .*\{'open': 24\}",
    ),
    _row(
        "cv-splitter-too-many-splits",
        _fit_on(_without_metadata, cv=KFold(n_splits=100)),
        ValueError,
        r"cv could not split the 48 epochs: .*n_splits=100",
    ),
    _row(
        "method-unknown",
        _fit(cv=3, method="lime"),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', .* but got 'lime'",
    ),
    _row(
        "method-None",
        _fit(cv=3, method=None),
        ValueError,
        r"'method' parameter\. Allowed values are 'raw', .* but got None",
    ),
    _row(
        "head_fusion-unknown",
        _fit(cv=3, head_fusion="median"),
        ValueError,
        r"'head_fusion' parameter\. Allowed values are 'mean', .* but got 'median'",
    ),
    _row(
        "keep-unknown",
        _fit(cv=3, keep="wrong"),
        ValueError,
        r"'keep' parameter\. Allowed values are 'all' and 'correct', but got 'wrong'",
    ),
    _row(
        "min_confidence-above-1",
        _fit(cv=3, min_confidence=2),
        ValueError,
        r"min_confidence must be in \[0, 1\], got 2",
    ),
    _row(
        "min_confidence-nan",
        _fit(cv=3, min_confidence=np.nan),
        ValueError,
        r"min_confidence must be a finite number, got nan",
    ),
    _row(
        "min_confidence-str",
        _fit(cv=3, min_confidence="0.5"),
        TypeError,
        r"min_confidence must be an instance of float or None, got <class 'str'>",
    ),
    _row(
        "bands-list",
        _fit(cv=3, bands=[(8, 12)]),
        TypeError,
        r"bands must be an instance of dict of name -> \(l_freq, h_freq\), got "
        r"<class 'list'>",
    ),
    _row(
        "bands-empty",
        _fit(cv=3, bands={}),
        ValueError,
        r"bands must hold at least one band, got \{\}",
    ),
    _row(
        "bands-scalar",
        _fit(cv=3, bands={"alpha": 10}),
        ValueError,
        r"bands\['alpha'\] must be a \(l_freq, h_freq\) pair, got 10",
    ),
    _row(
        "bands-triple",
        _fit(cv=3, bands={"alpha": (8, 10, 12)}),
        ValueError,
        r"bands\['alpha'\] must be a \(l_freq, h_freq\) pair, got \(8, 10, 12\)",
    ),
    _row(
        "bands-reversed",
        _fit(cv=3, bands={"alpha": (12, 8)}),
        ValueError,
        r"bands\['alpha'\] must satisfy 0 < l_freq < h_freq < Nyquist \(80.0 Hz\), "
        r"either may be None, got \(12, 8\)",
    ),
    _row(
        "bands-above-nyquist",
        _fit(cv=3, bands={"gamma": (30, 100)}),
        ValueError,
        r"bands\['gamma'\] must satisfy 0 < l_freq < h_freq < Nyquist \(80.0 Hz\).* "
        r"got \(30, 100\)",
    ),
    _row(
        "bands-negative",
        _fit(cv=3, bands={"low": (-1, 4)}),
        ValueError,
        r"bands\['low'\] must satisfy 0 < l_freq < h_freq < Nyquist .* got \(-1, 4\)",
    ),
    _row(
        "bands-both-None",
        _fit(cv=3, bands={"all": (None, None)}),
        ValueError,
        r"bands\['all'\] must satisfy 0 < l_freq < h_freq < Nyquist .* got "
        r"\(None, None\)",
    ),
    _row(
        "bands-str-edges",
        _fit(cv=3, bands={"alpha": ("8", "12")}),
        TypeError,
        r"bands\['alpha'\] must hold numbers or None, got \('8', '12'\)",
    ),
    _row(
        "bands-int-name",
        _fit(cv=3, bands={1: (8, 12)}),
        TypeError,
        r"each band name must be an instance of str, got <class 'int'>",
    ),
    _row(
        "random_state-str",
        _fit(cv=3, random_state="seed"),
        TypeError,
        r"random_state must be an instance of None, int or "
        r"numpy.random.RandomState, got <class 'str'>",
    ),
    _row(
        "random_state-float",
        _fit(cv=3, random_state=0.5),
        TypeError,
        r"random_state must be an instance of None, int or "
        r"numpy.random.RandomState, got <class 'float'>",
    ),
    _row(
        "model_params-unknown",
        _fit(cv=3, n_layer=2),
        TypeError,
        r"model_params must be EEGTransformer hyper-parameters, got \['n_layer'\]",
    ),
    _row(
        "model_params-wrong-type",
        _fit(cv=3, d_model="big"),
        TypeError,
        r"d_model must be an int, got <class 'str'>",
    ),
    _row(
        "model_params-n_heads-not-dividing",
        _fit(cv=3, n_heads=3),
        ValueError,
        r"n_heads must divide d_model \(16\), got 3",
    ),
    _row(
        "model_params-max_epochs-0",
        _fit(cv=3, max_epochs=0),
        ValueError,
        r"max_epochs must be at least 1, got 0",
    ),
    _row(
        "model_params-dropout-above-1",
        _fit(cv=3, dropout=1.5),
        ValueError,
        r"dropout must be in \[0, 1\), got 1.5",
    ),
]


@pytest.mark.parametrize("build, error, match", FIT_ROWS)
def test_fit_attention_refuses_before_training(ctx, no_training, build, error, match):
    """fit_attention refuses each bad argument before training anything."""
    _check_refused(fit_attention, build(ctx), error, match)


def test_good_fit_attention_input_reaches_training(ctx, no_training):
    """The rows above fail on their bad argument: a good call gets to training."""
    with pytest.raises(AssertionError, match="EEGTransformer.fit was called"):
        fit_attention(ctx.epochs, cv=3, **FIT_PARAMS)
    with pytest.raises(AssertionError, match="EEGTransformer.fit was called"):
        thirds = np.array_split(np.arange(len(ctx.epochs)), 3)
        fit_attention(ctx.epochs, cv=FixedFolds(*thirds), bands={"alpha": (8, 12)})


# ---------------------------------------------------- AttentionResult.average
AVERAGE_ROWS = [
    pytest.param(
        value,
        "by_event_type must be an instance of bool, got "
        + ("None" if kind is None else f"<class '{kind}'>"),
        id=f"by_event_type-{label}",
    )
    for label, value, kind in [
        ("str", "yes", "str"),
        ("str-True", "True", "str"),
        ("str-empty", "", "str"),
        ("bytes", b"yes", "bytes"),
        ("int-1", 1, "int"),
        ("int-0", 0, "int"),
        ("int-2", 2, "int"),
        ("float", 1.0, "float"),
        ("float-nan", np.nan, "float"),
        ("complex", 1j, "complex"),
        ("None", None, None),
        ("list", [True], "list"),
        ("tuple", (False,), "tuple"),
        ("dict", {"open": True}, "dict"),
        ("array", np.array([True, False]), "numpy.ndarray"),
        ("numpy-int", np.int64(1), "numpy.int64"),
        ("numpy-float", np.float64(0.0), "numpy.float64"),
        ("condition-name", "open", "str"),
    ]
]


@pytest.mark.parametrize("value, match", AVERAGE_ROWS)
def test_result_average_refuses(ctx, value, match):
    """AttentionResult.average refuses a by_event_type that is not a bool."""
    result = ctx.result
    inputs = dict(
        attention=result.attention,
        folds=result.folds,
        fold_scores=result.fold_scores,
        model=result.models[0],
        by_event_type=value,
    )
    before = _state(inputs)
    with pytest.raises(TypeError, match=match):
        result.average(by_event_type=value)
    assert_unchanged(before, _state(inputs))


def test_result_average_accepts_bools(ctx):
    """True and False are accepted."""
    assert len(ctx.result.average(by_event_type=True)) == 2
    assert ctx.result.average(by_event_type=False).nave == len(ctx.epochs)
