"""The one place that maps transformer tokens to (channel, time window).

Token 0 is the class token. The remaining ``n_channels * n_windows`` tokens are
channel-major: every window of channel 0, then every window of channel 1, and so
on. The model builds its tokens with :meth:`TokenLayout.tokenize` and every
analysis reads attention back with :meth:`TokenLayout.to_channel_window`, so the
two cannot disagree (the original study's analysis read channel-major tokens as
time-major and scrambled its topomaps).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class TokenLayout:
    """How a multichannel epoch is cut into tokens.

    Parameters
    ----------
    n_channels : int
        Number of channels.
    n_times : int
        Number of samples per epoch.
    n_windows : int
        Number of non-overlapping time windows per channel. Trailing samples
        that do not fill a whole window are not used.
    """

    n_channels: int
    n_times: int
    n_windows: int

    def __post_init__(self):
        """Check the sizes."""
        for name in ("n_channels", "n_times", "n_windows"):
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or value < 1:
                raise ValueError(f"{name} must be a positive integer, got {value!r}")
        if self.n_times < self.n_windows:
            raise ValueError(
                f"n_time_tokens must be at most n_times ({self.n_times}) so that each "
                f"window holds a sample, got {self.n_windows}"
            )

    @property
    def window_length(self):
        """Samples per window."""
        return self.n_times // self.n_windows

    @property
    def n_tokens(self):
        """Tokens per epoch, the class token included."""
        return 1 + self.n_channels * self.n_windows

    def token_index(self, channel, window):
        """Return the token index of a (channel, window) pair.

        Parameters
        ----------
        channel : int | array of int
            Channel index.
        window : int | array of int
            Window index.

        Returns
        -------
        index : int | array of int
            Token index (the class token is 0).
        """
        return 1 + np.asarray(channel) * self.n_windows + np.asarray(window)

    def window_centers(self, sfreq, tmin=0.0):
        """Return the time of each window's centre.

        Parameters
        ----------
        sfreq : float
            Sampling frequency in Hz.
        tmin : float
            Time of the first sample in seconds.

        Returns
        -------
        times : array, shape (n_windows,)
            Centre times in seconds.
        """
        starts = np.arange(self.n_windows) * self.window_length
        return tmin + (starts + (self.window_length - 1) / 2.0) / sfreq

    def tokenize(self, x):
        """Cut epochs into channel-major token windows.

        Parameters
        ----------
        x : torch.Tensor, shape (n_epochs, n_channels, n_times)
            The epochs.

        Returns
        -------
        windows : torch.Tensor, shape (n_epochs, n_channels * n_windows, window_length)
            One row per non-class token, in token order.
        """
        used = self.n_windows * self.window_length
        n_epochs = x.shape[0]
        return x[..., :used].reshape(
            n_epochs, self.n_channels * self.n_windows, self.window_length
        )

    def to_channel_window(self, token_values):
        """Split per-token values into (channel, window).

        Parameters
        ----------
        token_values : array, shape (..., n_tokens) or (..., n_tokens - 1)
            Values per token; when the class token is included it is dropped.

        Returns
        -------
        values : array, shape (..., n_channels, n_windows)
            The values of the channel tokens.
        """
        token_values = np.asarray(token_values)
        n_last = token_values.shape[-1]
        if n_last == self.n_tokens:
            token_values = token_values[..., 1:]
        elif n_last != self.n_tokens - 1:
            raise ValueError(
                f"token_values must have {self.n_tokens} or {self.n_tokens - 1} values "
                f"on its last axis, got {n_last}"
            )
        return token_values.reshape(
            token_values.shape[:-1] + (self.n_channels, self.n_windows)
        )
