"""The scikit-learn style estimator that trains the transformer on Epochs."""

import math
import numbers
import os
from functools import partial

import numpy as np
import pandas as pd
import torch
from mne import BaseEpochs
from mne.utils import _check_option, _validate_type, logger, use_log_level
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GroupShuffleSplit, StratifiedShuffleSplit
from sklearn.utils import check_random_state

from ..utils._checks import check_random_state_argument
from ..utils._docs import fill_doc
from ..utils._files import check_output_path
from ..utils._input import as_regular_array, read_input
from ._checkpoint import TrainingCheckpoint, fit_fingerprint
from ._training import predict_logits, resolve_schedule, train_network
from .embedding import EMBEDDINGS
from .network import ChannelTokenTransformer
from .tokens import TokenLayout

# The spectral filters span 0.4 s (about 2.5 Hz frequency resolution); arrays
# without a sampling frequency are taken as eegmmidb's 160 Hz.
_AUTO_FILTER_SECONDS = 0.4
_ASSUMED_SFREQ = 160.0
# No EEG sample is a million standard deviations out; such values are a unit or
# artefact problem, and the network's float32 powers would overflow on them.
_MAX_STANDARD_DEVIATIONS = 1e6
# Values listed in one message.
_N_SHOWN = 5


@fill_doc
class EEGTransformer(ClassifierMixin, BaseEstimator):
    """A channel-token transformer classifier trained directly on epochs.

    Each channel's signal is cut into ``n_time_tokens`` windows; every
    (channel, window) pair becomes one token. Its content comes from that
    window of that channel alone (by default its log band power through a
    learned filter bank), plus a learned embedding saying which channel and
    window it is. A class token, a pre-norm transformer encoder and a linear
    head classify the epoch.

    Parameters
    ----------
    n_time_tokens : int
        Time windows (tokens) per channel.
    embedding : "spectral" | "linear"
        How a token's samples become its content. ``"spectral"``: log band
        power through ``n_filters`` learned FIR filters (phase-invariant, so
        it generalises to unseen subjects when the classes differ in
        rhythms). ``"linear"``: the original study's linear projection of the
        raw samples (phase-sensitive; kept for replication).
    n_filters : int
        Filters of the spectral embedding.
    filter_length : int | "auto"
        Taps of each spectral filter (frequency resolution about
        ``sfreq / filter_length`` Hz), at most the samples per token.
        ``"auto"``: 0.4 s at the training data's sampling frequency (65 taps
        at 160 Hz; arrays are taken as 160 Hz).
    d_model : int
        Token dimension.
    n_heads : int
        Attention heads per layer; must divide ``d_model``.
    n_layers : int
        Encoder layers.
    dropout : float
        Dropout inside the encoder, in [0, 1).
    token_dropout : float
        Training-time probability of blanking a token's content, in [0, 1).
    noise_std : float
        Standard deviation of the Gaussian noise added to standardised
        training batches (0 disables it).
    lr : float | "auto"
        Peak learning rate of AdamW.
    weight_decay : float
        AdamW weight decay.
    batch_size : int | "auto"
        Epochs per batch, in training and prediction.
    max_epochs : int | "auto"
        Most passes over the training data.
    patience : int | "auto"
        Stop when the validation accuracy (ties: loss) has not improved for
        this many passes; the best weights are kept.
    warmup_epochs : int | "auto"
        Passes of linear learning-rate warm-up before the cosine decay.
    validation_size : float
        Fraction of the training data held out for early stopping, in
        [0, 1). With ``metadata["subject"]`` (or ``groups``) the split is by
        subject, otherwise stratified by class. 0 trains for ``max_epochs``.
    refit : bool
        After early stopping, train the network again from the same start
        and with the same schedule on all the epochs (the validation subjects
        included), for as many passes as were best on the validation
        subjects. This costs up to one more training but learns from more
        subjects, which is what generalises to new ones. False keeps the
        best network of the early-stopped run.
    class_weight : "balanced" | None
        ``"balanced"`` weighs each class inversely to its frequency.
    device : str | torch.device
        ``"auto"`` uses CUDA when available, else the CPU.
    %(random_state)s
    %(verbose)s

    Attributes
    ----------
    classes_ : array, shape (n_classes,)
        The class labels (``event_id`` names for Epochs).
    ch_names_ : list of str | None
        Channel names the model was trained on (None for arrays).
    sfreq_ : float | None
        Sampling frequency of the training data (None for arrays).
    n_times_ : int
        Samples per epoch.
    tmin_ : float
        Time of the first sample of the training epochs.
    layout_ : TokenLayout
        The token -> (channel, window) mapping.
    filter_length_ : int
        Taps of the spectral filters (``filter_length`` resolved).
    schedule_ : dict
        The training settings used, ``"auto"`` ones resolved:
        ``batch_size``, ``lr``, ``max_epochs``, ``warmup_epochs``,
        ``patience``.
    mean_, std_ : array, shape (n_channels,)
        Per-channel standardisation statistics of the training split.
    network_ : ChannelTokenTransformer
        The trained network.
    history_ : pandas.DataFrame
        Per-pass train/validation loss and accuracy and learning rate of the
        early-stopped run.
    best_epoch_ : int | None
        The pass of the early-stopped run with the best validation accuracy
        (ties: loss): its weights are kept (``refit=False``) or the refit
        trains this many passes. None without validation.
    device_ : torch.device
        The device used.

    Notes
    -----
    The ``"auto"`` training settings follow the number of epochs the network
    learns from, ``n_train`` (after the validation split), so that the same
    defaults work from a hundred epochs to a hundred thousand:

    - ``batch_size``: the power of two nearest ``n_train / 16``, between 16
      and 256;
    - ``lr``: ``5e-4 * sqrt(batch_size / 32)``;
    - ``max_epochs``: the passes that make about 1000 optimizer steps,
      between 10 and 60;
    - ``warmup_epochs``: 5 % of ``max_epochs``, at least 1;
    - ``patience``: 20 % of ``max_epochs``, at least 5.

    A number given for any of them is used as it is; ``schedule_`` records
    what was used. Early stopping on the validation subjects then decides how
    many of the ``max_epochs`` passes to keep (``best_epoch_``), and with
    ``refit=True`` the final network retraces that run on all the epochs.
    """

    def __init__(
        self,
        n_time_tokens=1,
        embedding="spectral",
        n_filters=32,
        filter_length="auto",
        d_model=128,
        n_heads=8,
        n_layers=5,
        dropout=0.1,
        token_dropout=0.1,
        noise_std=0.2,
        lr="auto",
        weight_decay=0.05,
        batch_size="auto",
        max_epochs="auto",
        patience="auto",
        warmup_epochs="auto",
        validation_size=0.15,
        refit=True,
        class_weight="balanced",
        device="auto",
        random_state=None,
        verbose=None,
    ):
        self.n_time_tokens = n_time_tokens
        self.embedding = embedding
        self.n_filters = n_filters
        self.filter_length = filter_length
        self.d_model = d_model
        self.n_heads = n_heads
        self.n_layers = n_layers
        self.dropout = dropout
        self.token_dropout = token_dropout
        self.noise_std = noise_std
        self.lr = lr
        self.weight_decay = weight_decay
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.patience = patience
        self.warmup_epochs = warmup_epochs
        self.validation_size = validation_size
        self.refit = refit
        self.class_weight = class_weight
        self.device = device
        self.random_state = random_state
        self.verbose = verbose

    # ------------------------------------------------------------------ checks
    def _check_params(self):
        for name in ("n_time_tokens", "n_filters", "d_model", "n_heads", "n_layers"):
            _check_int(getattr(self, name), name, minimum=1)
        for name, minimum in (
            ("filter_length", 1),
            ("batch_size", 1),
            ("max_epochs", 1),
            ("patience", 1),
            ("warmup_epochs", 0),
        ):
            _check_int(getattr(self, name), name, minimum=minimum, auto=True)
        _check_option("embedding", self.embedding, EMBEDDINGS)
        if self.d_model % self.n_heads:
            raise ValueError(
                f"n_heads must divide d_model ({self.d_model}), got {self.n_heads}"
            )
        for name in ("dropout", "token_dropout", "validation_size"):
            _check_float(getattr(self, name), name, 0.0, 1.0)
        for name in ("noise_std", "weight_decay"):
            _check_float(getattr(self, name), name, 0.0, np.inf)
        if self.lr != "auto":
            _check_float(self.lr, "lr", 0.0, np.inf, auto=True)
            if self.lr <= 0:
                raise ValueError(f"lr must be positive or 'auto', got {self.lr}")
        _check_option("class_weight", self.class_weight, ("balanced", None))
        _validate_type(self.refit, bool, "refit")
        check_random_state_argument(self.random_state)
        return resolve_device(self.device)

    def _check_is_fitted(self):
        if not hasattr(self, "network_"):
            raise NotFittedError(
                "This EEGTransformer is not fitted yet: call fit(epochs) first, or "
                "read a saved one with mne_attention.read_model()"
            )

    # ---------------------------------------------------------------- training
    @fill_doc
    def fit(self, X, y=None, groups=None, *, checkpoint=None, verbose=None):
        """Train the transformer.

        Parameters
        ----------
        %(X_epochs)s
        %(y_epochs)s
        groups : None | array-like, shape (n_epochs,)
            Subject of each epoch of an array ``X``, for the validation split
            (Epochs use ``metadata["subject"]`` when present).
        checkpoint : None | path-like
            A file that receives the state of training after every pass
            (written atomically). When it exists, ``fit`` resumes from it and
            ends with the same network as an uninterrupted fit; it must come
            from a fit of the same data and settings with the same int
            ``random_state``. It is deleted when the fit finishes.
        verbose : bool | str | int | None
            Logging level of this fit; None: the estimator's ``verbose``.

        Returns
        -------
        self : instance of EEGTransformer
            The fitted estimator.
        """
        with use_log_level(self.verbose if verbose is None else verbose):
            return self._fit(X, y, groups, checkpoint)

    def _fit(self, X, y, groups, checkpoint):
        device = self._check_params()
        if checkpoint is not None and not isinstance(
            self.random_state, numbers.Integral
        ):
            raise ValueError(
                "random_state must be an int when a checkpoint is given, so that a "
                f"resumed fit continues the same run, got {self.random_state!r}"
            )
        inputs = read_input(X, y, groups, need_labels=True, need_groups=True)
        classes, targets = np.unique(inputs.labels, return_inverse=True)
        counts = np.bincount(targets, minlength=len(classes))
        labels = "the events of X" if isinstance(X, BaseEpochs) else "y"
        if len(classes) < 2:
            raise ValueError(
                f"{labels} must hold at least 2 classes to learn from, got only "
                f"{classes.tolist()}"
            )
        if counts.min() < 2:
            rare = [str(c) for c, n in zip(classes, counts) if n < 2]
            raise ValueError(
                f"{labels} must give each class at least 2 epochs, got fewer for {rare}"
            )
        layout = TokenLayout(
            inputs.data.shape[1], inputs.data.shape[2], self.n_time_tokens
        )
        rng = check_random_state(self.random_state)
        train_idx, val_idx = _validation_split(
            targets, inputs.groups, self.validation_size, rng
        )
        targets = torch.from_numpy(targets)
        schedule = resolve_schedule(
            len(train_idx),
            batch_size=self.batch_size,
            lr=self.lr,
            max_epochs=self.max_epochs,
            warmup_epochs=self.warmup_epochs,
            patience=self.patience,
        )
        filter_length = self._filter_length(layout, inputs.sfreq)
        batch = min(schedule["batch_size"], len(targets))
        self._check_memory(layout, len(classes), filter_length, batch, device)
        logger.info(
            f"Training on {len(train_idx)} epochs, early stopping on {len(val_idx)} "
            f"({layout.n_tokens} tokens, {len(classes)} classes, device {device}, "
            f"{self.embedding} embedding); "
            + ", ".join(f"{key}={value:.4g}" for key, value in schedule.items())
        )
        seed = int(rng.randint(np.iinfo(np.int32).max))
        refit = self.refit and len(val_idx) > 0
        data = inputs.data  # read_input's own float32 copy, standardised in place
        saver = saved = None
        if checkpoint is not None:
            fingerprint = fit_fingerprint(
                self.get_params(), data, targets.numpy(), seed, (train_idx, val_idx)
            )
            saver = TrainingCheckpoint(checkpoint, fingerprint)
            saved = saver.load()
        stats = _channel_stats(data[train_idx])
        _check_not_flat(stats, inputs.ch_names)
        refit_stats = _channel_stats(data) if refit else None
        standardised = _standardise(data, *stats)
        _check_scale(standardised, "X", "its channel means")
        train_once = partial(
            self._train_network,
            standardised,
            targets,
            layout=layout,
            n_classes=len(classes),
            filter_length=filter_length,
            schedule=schedule,
            seed=seed,
            device=device,
        )
        resumes_refit = saved is not None and saved["stage"] == "refit"
        first_run = saved["first_run"] if resumes_refit else None
        if first_run is None:
            network, history, best_epoch = train_once(
                train_idx,
                val_idx,
                resume=None if saved is None else saved["loop"],
                save_state=_saving(saver, "early_stopping", None),
            )
            first_run = dict(
                history=history.to_dict(orient="list"), best_epoch=best_epoch
            )
            if refit and saver is not None:
                saver.save(stage="refit", first_run=first_run, loop=None)
        else:
            history = pd.DataFrame(first_run["history"])
            best_epoch = first_run["best_epoch"]
        if refit:
            # The validation subjects chose how long to train; a network with
            # the same start and schedule now learns from every training epoch
            # for that long.
            logger.info(
                f"Refitting on all {len(targets)} epochs for {best_epoch} passes"
            )
            _restandardise(data, stats, refit_stats)
            stats = refit_stats
            everything = np.arange(len(targets))
            network, _, _ = train_once(
                everything,
                everything[:0],
                best_epoch,
                resume=saved["loop"] if resumes_refit else None,
                save_state=_saving(saver, "refit", first_run),
            )
        if saver is not None:
            saver.remove()
        self.classes_ = classes
        self.ch_names_ = inputs.ch_names
        self.sfreq_ = inputs.sfreq
        self.tmin_ = inputs.tmin
        self.n_times_ = data.shape[2]
        self.layout_ = layout
        self.filter_length_ = filter_length
        self.schedule_ = schedule
        self.mean_, self.std_ = stats
        self.network_ = network
        self.history_ = history
        self.best_epoch_ = best_epoch
        self.device_ = device
        return self

    def _train_network(
        self,
        standardised,
        targets,
        train_idx,
        val_idx,
        stop_after=None,
        *,
        resume=None,
        save_state=None,
        layout,
        n_classes,
        filter_length,
        schedule,
        seed,
        device,
    ):
        """Build one network and train it on ``train_idx``.

        Training stops on ``val_idx`` (early stopping) or after ``stop_after``
        passes.
        """
        weights = _class_weights(
            targets[train_idx].numpy(), n_classes, self.class_weight
        )
        devices = [device] if device.type == "cuda" else []
        with torch.random.fork_rng(devices=devices):
            torch.manual_seed(seed)
            network = self._build_network(layout, n_classes, filter_length)
            network = network.to(device)
            history, best_epoch = train_network(
                network,
                (standardised[train_idx], targets[train_idx]),
                (standardised[val_idx], targets[val_idx]) if len(val_idx) else None,
                class_weights=torch.as_tensor(weights, dtype=torch.float32),
                weight_decay=self.weight_decay,
                **schedule,
                noise_std=self.noise_std,
                device=device,
                generator=torch.Generator().manual_seed(seed),
                stop_after=stop_after,
                resume=resume,
                save_state=save_state,
            )
        return network, history, best_epoch

    def _check_memory(self, layout, n_classes, filter_length, batch_size, device):
        """Refuse settings whose training could not fit in the device's memory."""
        with torch.device("meta"):  # counts parameters without allocating them
            network = self._build_network(layout, n_classes, filter_length)
        n_parameters = sum(p.numel() for p in network.parameters())
        n_tokens = layout.n_tokens
        # Per epoch and layer: attention weights (kept for backward, with their
        # softmax input and dropout mask) and about a dozen token-sized states.
        activations = self.n_layers * (
            3 * self.n_heads * n_tokens**2 + 12 * n_tokens * self.d_model
        )
        # float32 weights, gradients and AdamW's two moments, plus one batch
        needed = 4 * (4 * n_parameters + batch_size * activations)
        available = _device_memory(device)
        if available is not None and needed > available:
            raise ValueError(
                f"The model and batch need about {needed / 2**30:.3g} GiB to train "
                f"({n_parameters:.3g} parameters, {n_tokens} tokens, batches of "
                f"{batch_size} epochs) but {device} has {available / 2**30:.3g} "
                "GiB: lower d_model, n_layers, n_time_tokens or batch_size"
            )

    def _build_network(self, layout, n_classes, filter_length):
        return ChannelTokenTransformer(
            layout,
            n_classes,
            embedding=self.embedding,
            n_filters=self.n_filters,
            filter_length=filter_length,
            d_model=self.d_model,
            n_heads=self.n_heads,
            n_layers=self.n_layers,
            dropout=self.dropout,
            token_dropout=self.token_dropout,
        )

    def _filter_length(self, layout, sfreq):
        """Taps of the spectral filters: ``filter_length``, or 0.4 s when "auto"."""
        if self.filter_length != "auto":
            if (
                self.embedding == "spectral"
                and self.filter_length > layout.window_length
            ):
                raise ValueError(
                    f"filter_length must be at most the samples per token "
                    f"({layout.window_length} with n_time_tokens="
                    f"{self.n_time_tokens}), got {self.filter_length}"
                )
            return self.filter_length
        seconds = _AUTO_FILTER_SECONDS * (sfreq or _ASSUMED_SFREQ)
        return min(2 * int(seconds // 2) + 1, layout.window_length)

    # --------------------------------------------------------------- inference
    def _prepare(self, X, need_labels=False, name="X"):
        """Check new data against the training data and standardise it.

        ``name`` is the argument's name in the caller, for error messages.
        """
        self._check_is_fitted()
        picks = None
        if isinstance(X, BaseEpochs) and self.ch_names_ is not None:
            missing = [name for name in self.ch_names_ if name not in X.ch_names]
            if missing:
                raise ValueError(
                    f"{name} is missing channels the model was trained on: {missing}"
                )
            if not np.isclose(X.info["sfreq"], self.sfreq_):
                raise ValueError(
                    f"{name} must be sampled at {self.sfreq_} Hz like the training data, "
                    f"got {X.info['sfreq']} Hz"
                )
            bad = [name for name in self.ch_names_ if name in X.info["bads"]]
            if bad:
                raise ValueError(
                    f"{name} marks channels the model needs as bad: {bad}; interpolate "
                    "them (epochs.interpolate_bads()) or clear them from info['bads']"
                )
            if not np.isclose(X.tmin, self.tmin_, rtol=0, atol=0.5 / self.sfreq_):
                raise ValueError(
                    f"{name} must start at tmin={self.tmin_:g} s like the training epochs, "
                    f"got {X.tmin:g} s: its time windows would not match the model's "
                    "(crop or re-epoch it)"
                )
            picks = self.ch_names_
        inputs = read_input(
            X, None, None, need_labels=need_labels, picks=picks, name=name
        )
        n_channels = len(self.mean_)
        if inputs.data.shape[1] != n_channels:
            raise ValueError(
                f"{name} must have {n_channels} channels like the training data, got "
                f"{inputs.data.shape[1]}"
            )
        if inputs.data.shape[2] != self.n_times_:
            raise ValueError(
                f"{name} must have {self.n_times_} time samples like the training data, "
                f"got {inputs.data.shape[2]}"
            )
        data = _standardise(inputs.data, self.mean_, self.std_)
        _check_scale(data, name, "the training data's channel means")
        return data, inputs

    @fill_doc
    def decision_function(self, X):
        """Return the class scores (logits).

        Parameters
        ----------
        %(X_epochs)s

        Returns
        -------
        scores : array, shape (n_epochs, n_classes)
            Unnormalised class scores.
        """
        data, _ = self._prepare(X)
        return self._logits(data)

    def _logits(self, data):
        """Class scores of standardised epochs."""
        logits = predict_logits(
            self.network_, data, self.schedule_["batch_size"], self.device_
        )
        return logits.numpy()

    @fill_doc
    def predict_proba(self, X):
        """Return class probabilities.

        Parameters
        ----------
        %(X_epochs)s

        Returns
        -------
        proba : array, shape (n_epochs, n_classes)
            Probabilities in the order of ``classes_``.
        """
        scores = torch.from_numpy(self.decision_function(X))
        return scores.softmax(dim=1).numpy()

    @fill_doc
    def predict(self, X):
        """Return the predicted class of each epoch.

        Parameters
        ----------
        %(X_epochs)s

        Returns
        -------
        labels : array, shape (n_epochs,)
            Labels from ``classes_``.
        """
        best = self.decision_function(X).argmax(axis=1)
        return self.classes_[best]

    @fill_doc
    def score(self, X, y=None, sample_weight=None):
        """Return the accuracy on the given data.

        Parameters
        ----------
        %(X_epochs)s
        %(y_epochs)s
        sample_weight : None | array-like, shape (n_epochs,)
            Weight of each epoch.

        Returns
        -------
        accuracy : float
            The (weighted) fraction of correctly predicted epochs.
        """
        from sklearn.metrics import accuracy_score

        data, inputs = self._prepare(X, need_labels=y is None)
        labels = inputs.labels if y is None else as_regular_array(y, "y")
        if labels.ndim != 1 or len(labels) != len(data):
            raise ValueError(
                f"y must have one label per epoch of X ({len(data)}), got shape "
                f"{labels.shape}"
            )
        known = set(self.classes_.tolist())
        unknown = sorted(
            {label for label in labels.tolist() if label not in known}, key=str
        )
        if unknown:
            name = "the events of X" if y is None else "y"
            raise ValueError(
                f"{name} must hold labels from classes_ {self.classes_.tolist()}, got "
                f"others: {unknown[:_N_SHOWN]}"
            )
        if sample_weight is not None:
            sample_weight = _check_sample_weight(sample_weight, len(data))
        predicted = self.classes_[self._logits(data).argmax(axis=1)]
        return accuracy_score(labels, predicted, sample_weight=sample_weight)

    def save(self, fname, *, overwrite=False):
        """Write the fitted model to one file.

        Parameters
        ----------
        fname : path-like
            The file name, conventionally ending in ``.mnea``.
        overwrite : bool
            Replace an existing file.

        See Also
        --------
        mne_attention.read_model
        """
        from .io import write_model

        self._check_is_fitted()
        check_output_path(fname, overwrite)
        write_model(self, fname, overwrite=overwrite)

    def __sklearn_tags__(self):
        """Declare the 3D input of this estimator to scikit-learn."""
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.three_d_array = True
        return tags


def check_fitted_model(model, name="model"):
    """Refuse anything but a fitted :class:`EEGTransformer`, naming ``name``.

    Parameters
    ----------
    model : object
        What the user passed.
    name : str
        The argument's name, for error messages.
    """
    _validate_type(model, EEGTransformer, name, "EEGTransformer")
    try:
        model._check_is_fitted()
    except NotFittedError as err:
        raise NotFittedError(
            f"{name} must be a fitted EEGTransformer, got an unfitted one. {err}"
        ) from None


def resolve_device(device):
    """Turn ``"auto"``, a device name or a :class:`torch.device` into a device.

    Parameters
    ----------
    device : str | torch.device
        The requested device.

    Returns
    -------
    device : torch.device
        CUDA for ``"auto"`` when available, else the CPU.
    """
    _validate_type(device, (str, torch.device), "device", "str or torch.device")
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except RuntimeError:
        raise ValueError(
            f"device must be 'auto', 'cpu', 'cuda' or 'cuda:N', got {device!r}"
        ) from None
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(
            f"device must be 'auto' or 'cpu' here (CUDA is not available), got {device!r}"
        )
    return resolved


def _saving(saver, stage, first_run):
    """Return the ``save_state`` callback of a training run, or None without checkpoint."""
    if saver is None:
        return None
    return lambda loop: saver.save(stage=stage, first_run=first_run, loop=loop)


def _device_memory(device):
    """Total memory of ``device`` in bytes, or None when it cannot be told."""
    if device.type == "cuda":
        return torch.cuda.get_device_properties(device).total_memory
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not a POSIX system
        return None


def _check_int(value, name, minimum, auto=False):
    if auto and value == "auto":
        return
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        expected = "an int or 'auto'" if auto else "an int"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")


def _check_float(value, name, low, high, auto=False):
    if not isinstance(value, numbers.Real) or isinstance(value, bool):
        expected = "a number or 'auto'" if auto else "a number"
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    if not low <= value < high:
        raise ValueError(f"{name} must be in [{low}, {high}), got {value}")


def _check_sample_weight(sample_weight, n_epochs):
    """Return ``sample_weight`` as a checked float array of one weight per epoch."""
    weights = as_regular_array(sample_weight, "sample_weight")
    if weights.dtype.kind not in "iuf":
        raise TypeError(
            f"sample_weight must hold numbers, got an array of dtype {weights.dtype}"
        )
    if weights.shape != (n_epochs,):
        raise ValueError(
            f"sample_weight must have one weight per epoch of X ({n_epochs}), got "
            f"shape {weights.shape}"
        )
    bad = ~np.isfinite(weights) | (weights < 0)
    if bad.any():
        raise ValueError(
            "sample_weight must hold finite non-negative weights, got "
            f"{weights[bad][:_N_SHOWN].tolist()}"
        )
    if weights.sum() <= 0:
        raise ValueError(
            f"sample_weight must have a positive sum, got {weights.sum():g}"
        )
    return weights


def _channel_stats(data):
    """Mean and standard deviation of each channel, in float64."""
    return data.mean(axis=(0, 2), dtype=np.float64), data.std(
        axis=(0, 2), dtype=np.float64
    )


def _check_not_flat(stats, ch_names):
    """Refuse channels that are constant over every training epoch."""
    flat = np.flatnonzero(stats[1] == 0)
    if len(flat):
        names = [ch_names[i] for i in flat] if ch_names else flat.tolist()
        raise ValueError(
            "X must vary on every channel it trains on, got constant channels "
            f"{names}: mark them bad (info['bads']) or drop them"
        )


def _check_scale(standardised, name, reference):
    """Refuse samples so far from the training scale that the network would overflow."""
    largest = float(standardised.abs().max())
    if largest > _MAX_STANDARD_DEVIATIONS:
        raise ValueError(
            f"{name} must be on the scale of the training data, got values "
            f"{largest:.3g} standard deviations from {reference}: check its units and "
            "remove artefactual epochs"
        )


def _standardise(data, mean, std):
    """Standardise float32 ``data`` per channel in place and return it as a tensor."""
    data -= mean.astype(np.float32)[:, None]
    data /= std.astype(np.float32)[:, None]
    return torch.from_numpy(data)


def _restandardise(data, old, new):
    """Turn ``data`` standardised with ``old`` (mean, std) into ``new``, in place."""
    (old_mean, old_std), (new_mean, new_std) = old, new
    data *= (old_std / new_std).astype(np.float32)[:, None]
    data += ((old_mean - new_mean) / new_std).astype(np.float32)[:, None]


def _class_weights(targets, n_classes, class_weight):
    """Inverse-frequency class weights (or ones)."""
    if class_weight is None:
        return np.ones(n_classes)
    counts = np.bincount(targets, minlength=n_classes).clip(1)
    return len(targets) / (n_classes * counts)


def _validation_split(targets, groups, validation_size, rng):
    """Split epoch indices into training and early-stopping validation sets.

    By group (subject) when there are at least two groups, otherwise
    stratified by class. The training set keeps every class.
    """
    all_idx = np.arange(len(targets))
    if validation_size == 0:
        return all_idx, all_idx[:0]
    n_classes = targets.max() + 1
    n_groups = 0 if groups is None else len(np.unique(groups))
    if n_groups >= 2:
        n_val_groups = math.ceil(validation_size * n_groups)
        if n_val_groups >= n_groups:
            raise ValueError(
                "validation_size must leave at least one subject to train on, got "
                f"{validation_size}, which holds out {n_val_groups} of the "
                f"{n_groups} subjects: lower it, or set it to 0 to train without "
                "early stopping"
            )
        splitter = GroupShuffleSplit(
            n_splits=20, test_size=validation_size, random_state=rng.randint(2**31)
        )
        for train_idx, val_idx in splitter.split(all_idx, targets, groups):
            if len(np.unique(targets[train_idx])) == n_classes:
                return train_idx, val_idx
        raise ValueError(
            "groups (metadata['subject']) must allow a by-subject validation split "
            "that leaves every class in the training set; set validation_size=0 to "
            "train without early stopping"
        )
    n_val = max(n_classes, int(round(validation_size * len(targets))))
    n_val = min(n_val, len(targets) - n_classes)
    splitter = StratifiedShuffleSplit(
        n_splits=1, test_size=n_val, random_state=rng.randint(2**31)
    )
    return next(splitter.split(all_idx, targets))
