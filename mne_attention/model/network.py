"""The channel-token transformer (a :class:`torch.nn.Module`)."""

import math

import torch
from torch import nn
from torch.nn import functional as F

from .embedding import build_embedding


class Dropout(nn.Module):
    """Inverted dropout, its mask drawn with :func:`torch.rand`.

    The same regularisation as :class:`torch.nn.Dropout` at about half the
    cost on the CPU, where drawing dropout masks took a third of a training
    step.

    Parameters
    ----------
    p : float
        Probability of zeroing an element during training.
    """

    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        """Zero elements of ``x`` with probability ``p`` and rescale the others."""
        if not self.training or self.p == 0:
            return x
        return x * (torch.rand_like(x) >= self.p) / (1 - self.p)


class SelfAttention(nn.Module):
    """Multi-head self-attention that returns its weights only when asked."""

    def __init__(self, d_model, n_heads, dropout):
        super().__init__()
        self.n_heads = n_heads
        self.dropout = dropout
        self.qkv = nn.Linear(d_model, 3 * d_model)
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x, return_attention=False):
        """Attend among the token states ``x``, shape (n_epochs, n_tokens, d_model).

        With ``return_attention``, also return the attention weights, kept in
        the autograd graph so that gradients with respect to them can be taken.

        Returns
        -------
        out : torch.Tensor, shape (n_epochs, n_tokens, d_model)
            The attended states.
        attention : torch.Tensor, shape (n_epochs, n_heads, n_tokens, n_tokens) | None
            Row ``i`` holds how much query token ``i`` attends to each key token.
        """
        n_epochs, n_tokens, d_model = x.shape
        # The attention itself stays float32 under bfloat16 autocast: with
        # bfloat16 queries and keys, training on held-out subjects stayed at
        # chance, and the CPU's bfloat16 attention backward is slower.
        with torch.autocast(x.device.type, enabled=False):
            q, k, v = (
                self.qkv(x.float())
                .reshape(n_epochs, n_tokens, 3, self.n_heads, d_model // self.n_heads)
                .permute(2, 0, 3, 1, 4)
            )
            dropout = self.dropout if self.training else 0.0
            attention = None
            if return_attention:
                # the queries: fewer numbers to scale than the scores (more tokens
                # than dimensions per head)
                scores = (q / math.sqrt(q.shape[-1])) @ k.transpose(-2, -1)
                attention = scores.softmax(dim=-1)
                heads = F.dropout(attention, dropout, self.training) @ v
            else:
                heads = F.scaled_dot_product_attention(q, k, v, dropout_p=dropout)
        out = self.out(heads.transpose(1, 2).reshape(n_epochs, n_tokens, d_model))
        return out, attention


class EncoderLayer(nn.Module):
    """Pre-norm transformer encoder layer."""

    def __init__(self, d_model, n_heads, dropout):
        super().__init__()
        self.norm_attention = nn.LayerNorm(d_model)
        self.attention = SelfAttention(d_model, n_heads, dropout)
        self.norm_mlp = nn.LayerNorm(d_model)
        self.mlp = nn.Sequential(
            nn.Linear(d_model, 4 * d_model),
            nn.GELU(),
            Dropout(dropout),
            nn.Linear(4 * d_model, d_model),
        )
        self.dropout = Dropout(dropout)

    def forward(self, x, return_attention=False):
        """Apply the layer; see :meth:`SelfAttention.forward`."""
        attended, attention = self.attention(self.norm_attention(x), return_attention)
        x = x + self.dropout(attended)
        x = x + self.dropout(self.mlp(self.norm_mlp(x)))
        return x, attention


class ChannelTokenTransformer(nn.Module):
    """A transformer whose tokens are (channel, time window) pairs plus a class token.

    Parameters
    ----------
    layout : instance of TokenLayout
        How epochs are cut into tokens.
    n_classes : int
        Number of output classes.
    embedding : "spectral" | "spectral_level" | "linear"
        How a token's samples become its content (see
        :mod:`mne_attention.model.embedding`).
    d_model : int
        Token dimension.
    n_heads : int
        Attention heads per layer.
    n_layers : int
        Encoder layers.
    dropout : float
        Dropout inside the encoder.
    token_dropout : float
        During training, the probability of blanking a channel token's content
        (its learned embedding stays, so the model knows which token is blank).
    n_filters : int
        Filters in the spectral embedding's bank.
    filter_length : int | None
        Taps per filter of the spectral embedding; None: the token's window
        length.
    """

    def __init__(
        self,
        layout,
        n_classes,
        *,
        embedding="spectral",
        d_model,
        n_heads,
        n_layers,
        dropout,
        token_dropout,
        n_filters=32,
        filter_length=None,
    ):
        super().__init__()
        self.layout = layout
        self.token_dropout = token_dropout
        n_tokens = layout.n_tokens
        if filter_length is None:
            filter_length = layout.window_length
        self.embedding = build_embedding(
            embedding, layout.window_length, d_model, n_filters, filter_length
        )
        self.token_embedding = nn.Parameter(torch.zeros(1, n_tokens - 1, d_model))
        self.class_token = nn.Parameter(torch.zeros(1, 1, d_model))
        # The embedded window of a standardised signal is of order one per
        # feature; a token embedding of the same order keeps the token's channel
        # and window identifiable after layer normalisation.
        nn.init.trunc_normal_(self.token_embedding, std=1.0)
        nn.init.trunc_normal_(self.class_token, std=0.02)
        self.layers = nn.ModuleList(
            EncoderLayer(d_model, n_heads, dropout) for _ in range(n_layers)
        )
        self.norm = nn.LayerNorm(d_model)
        self.head = nn.Linear(d_model, n_classes)

    def forward(self, x, return_attention=False):
        """Classify epochs.

        Parameters
        ----------
        x : torch.Tensor, shape (n_epochs, n_channels, n_times)
            Standardised epochs.
        return_attention : bool
            Also return every layer's attention weights.

        Returns
        -------
        logits : torch.Tensor, shape (n_epochs, n_classes)
            Class scores.
        attentions : list of torch.Tensor
            Only when ``return_attention``: one tensor of shape
            ``(n_epochs, n_heads, n_tokens, n_tokens)`` per layer, first layer
            first.
        """
        tokens = self.embedding(self.layout.tokenize(x))
        if self.training and self.token_dropout > 0:
            keep = (
                torch.rand(tokens.shape[:2] + (1,), device=x.device)
                >= self.token_dropout
            )
            tokens = tokens * keep
        tokens = tokens + self.token_embedding
        states = torch.cat([self.class_token.expand(len(x), -1, -1), tokens], dim=1)
        attentions = []
        for layer in self.layers:
            states, attention = layer(states, return_attention)
            attentions.append(attention)
        logits = self.head(self.norm(states[:, 0]))
        if return_attention:
            return logits, attentions
        return logits


def build_network(params, layout, n_classes, filter_length):
    """Return the untrained network that an estimator's hyper-parameters describe.

    Parameters
    ----------
    params : dict
        The hyper-parameters of :class:`~mne_attention.EEGTransformer`, as its
        ``get_params()`` gives them (checked).
    layout : instance of TokenLayout
        How epochs are cut into tokens.
    n_classes : int
        Number of output classes.
    filter_length : int
        Taps per filter of the spectral embedding (``filter_length`` resolved).

    Returns
    -------
    network : instance of ChannelTokenTransformer
        A network with freshly initialised weights, on torch's default device.
    """
    return ChannelTokenTransformer(
        layout,
        n_classes,
        embedding=params["embedding"],
        n_filters=params["n_filters"],
        filter_length=filter_length,
        d_model=params["d_model"],
        n_heads=params["n_heads"],
        n_layers=params["n_layers"],
        dropout=params["dropout"],
        token_dropout=params["token_dropout"],
    )
