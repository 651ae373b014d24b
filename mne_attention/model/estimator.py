"""The scikit-learn style estimator that trains the transformer on Epochs."""

import torch
from mne.utils import _validate_type, use_log_level
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import NotFittedError

from ..utils._checks import as_regular_array
from ..utils._docs import fill_doc
from ..utils._files import check_output_path
from ._classes import check_known_labels, check_sample_weight
from ._distributed import is_main_process
from ._fit import fit_state
from ._fitted import check_is_fitted, get_fitted, set_fitted
from ._format import write_model_file
from ._source import open_standardised
from ._training import predict_logits


@fill_doc
class EEGTransformer(ClassifierMixin, BaseEstimator):
    """A channel-token transformer classifier trained directly on epochs.

    Each channel's signal is cut into ``n_time_tokens`` windows; every (channel, window)
    pair becomes one token. Its content comes from that window of that channel alone (by
    default its log band power through a learned filter bank), plus a learned embedding
    saying which channel and window it is. A class token, a pre-norm transformer encoder
    and a linear head classify the epoch.

    Parameters
    ----------
    n_time_tokens : int
        Time windows (tokens) per channel.
    embedding : "spectral" | "spectral_level" | "linear"
        A token's content. ``"spectral"``: log band power through ``n_filters`` learned
        FIR filters, phase-invariant and blind to the channel's gain. ``"spectral_level"``:
        also the token's overall log power (for band-pass filtered data). ``"linear"``:
        the original study's linear projection of the raw samples (phase-sensitive).
    n_filters : int
        Filters of the spectral embedding.
    filter_length : int | "auto"
        Taps of each spectral filter (frequency resolution about ``sfreq / filter_length``
        Hz), at most the samples per token. ``"auto"``: 0.4 s at the training data's
        sampling frequency (65 taps at 160 Hz; arrays are taken as 160 Hz).
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
        Standard deviation of the Gaussian noise added to standardised training batches (0: none).
    lr : float | "auto"
        Peak learning rate of AdamW.
    weight_decay : float
        AdamW weight decay.
    batch_size : int | "auto"
        Epochs per batch, in training and prediction.
    max_epochs : int | "auto"
        Most passes over the training data.
    patience : int | "auto"
        Stop when the validation accuracy (ties: loss) has not improved for this many
        passes; the best weights are kept.
    warmup_epochs : int | "auto"
        Passes of linear learning-rate warm-up before the cosine decay.
    validation_size : float
        Fraction of the training data held out for early stopping, in [0, 1). With
        ``metadata["subject"]`` (or ``groups``) the split is by subject, otherwise
        stratified by class. 0 trains for ``max_epochs``.
    refit : bool
        After early stopping, train the network again from the same start and with the
        same schedule on all the epochs (the validation subjects included), for as many
        passes as were best on the validation subjects. This costs up to one more training
        but learns from more subjects, which is what generalises to new ones. False keeps
        the best network of the early-stopped run.
    class_weight : "balanced" | None
        ``"balanced"`` weighs each class inversely to its frequency.
    device : str | torch.device
        ``"auto"`` uses CUDA when available, else the CPU.
    precision : "float32" | "bfloat16" | "auto"
        Precision of the training forward pass. ``"bfloat16"`` runs it under
        :class:`torch.autocast`, the spectral embedding, the attention and the
        loss in float32: faster on CUDA from Ampere on and on CPUs with
        AVX512-BF16 or AMX (elsewhere it runs, slowly). ``"auto"``: bfloat16
        on those devices, float32 elsewhere. Prediction and attention are
        always float32.
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
        The training settings used, ``"auto"`` ones resolved: ``batch_size``, ``lr``,
        ``max_epochs``, ``warmup_epochs``, ``patience``.
    mean_, std_ : array, shape (n_channels,)
        Per-channel standardisation statistics of the training split.
    network_ : ChannelTokenTransformer
        The trained network.
    history_ : pandas.DataFrame
        Per-pass train/validation loss and accuracy and learning rate of the early-stopped run.
    best_epoch_ : int | None
        The pass of the early-stopped run with the best validation accuracy (ties: loss), kept
        (``refit=False``) or the number of passes of the refit. None without validation.
    device_ : torch.device
        The device used.

    Notes
    -----
    The ``"auto"`` training settings follow the number of epochs the network
    learns from, ``n_train`` (after the validation split), so that the same
    defaults work from a hundred epochs to a hundred thousand:

    - ``batch_size``: the power of two nearest ``n_train / 16``, between 16 and 256;
    - ``lr``: ``5e-4 * sqrt(batch_size / 32)``;
    - ``max_epochs``: the passes that make about 1000 optimizer steps, between 10 and 60;
    - ``warmup_epochs``: 5 % of ``max_epochs``, at least 1;
    - ``patience``: 20 % of ``max_epochs``, at least 5.

    A number given for any of them is used as it is; ``schedule_`` records what was used.

    Under ``torchrun`` (or in a :mod:`torch.distributed` process group) ``fit`` trains in every
    process (on ``cuda:LOCAL_RANK`` with CUDA) on its share of the batches, and all of them end
    with the same network; only the process of rank 0 writes the checkpoint and :meth:`save`'s file.
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
        precision="float32",
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
        self.precision = precision
        self.random_state = random_state
        self.verbose = verbose

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
            fitted = fit_state(self.get_params(), X, y, groups, checkpoint)
        set_fitted(self, fitted)
        return self

    @fill_doc
    def prepare_input(self, X, *, need_labels=False, name="X"):
        """Check data against the training data and standardise it for the network.

        Epochs are matched to the training channels by name and must have the
        training sampling frequency, start time and length, with none of those
        channels marked bad; arrays must have the training number of channels
        and samples. The data are then standardised with ``mean_`` and
        ``std_``, as every method that runs the network does (those read the
        data a batch at a time; here all of it is in memory).

        Parameters
        ----------
        %(X_epochs)s
        need_labels : bool
            Also read the ``event_id`` name of each epoch of Epochs.
        name : str
            The argument's name in the caller, for error messages.

        Returns
        -------
        data : torch.Tensor, shape (n_epochs, n_channels, n_times)
            The standardised epochs, float32 on the CPU, the channels in the
            training order; a copy, ``X`` is left as it was.
        inputs : EpochsData
            What was read from ``X``: ``labels`` (with ``need_labels``, for
            Epochs), ``ch_names``, ``sfreq`` and ``tmin``; its ``data`` holds
            the same standardised values as a NumPy array.
        """
        data, inputs = open_standardised(self, X, need_labels=need_labels, name=name)
        data = data[:]
        inputs.data = data.numpy()
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
        data, _ = open_standardised(self, X)
        return self._logits(data)

    def _logits(self, data):
        """Class scores of standardised epochs."""
        batch_size = self.schedule_["batch_size"]
        return predict_logits(self.network_, data, batch_size, self.device_).numpy()

    @fill_doc
    def predict_proba(self, X):
        """Return class probabilities.

        They are the softmax of the scores of :meth:`decision_function`.

        Parameters
        ----------
        %(X_epochs)s

        Returns
        -------
        proba : ndarray of float in [0, 1], shape (n_epochs, n_classes)
            Probabilities in the order of ``classes_``.
        """
        scores = torch.from_numpy(self.decision_function(X))
        return scores.softmax(dim=1).numpy()

    @fill_doc
    def predict(self, X):
        """Return the predicted class of each epoch.

        Each epoch gets its highest-scoring class (:meth:`decision_function`).

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

        data, inputs = open_standardised(self, X, need_labels=y is None)
        labels = inputs.labels if y is None else as_regular_array(y, "y")
        check_known_labels(
            labels, self.classes_, len(data), "the events of X" if y is None else "y"
        )
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, len(data))
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
        check_is_fitted(self)
        if not is_main_process():  # one file from a fit in several processes
            return
        check_output_path(fname, overwrite)
        write_model_file(
            fname, self.get_params(), get_fitted(self), overwrite=overwrite
        )

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
        check_is_fitted(model)
    except NotFittedError as err:
        raise NotFittedError(
            f"{name} must be a fitted EEGTransformer, got an unfitted one. {err}"
        ) from None
