"""The token <-> (channel, window) mapping, defined once in tokens.py."""

import numpy as np
import pytest
import torch

from mne_attention.model.tokens import TokenLayout


@pytest.mark.parametrize("n_windows", [1, 4])
def test_tokenize_is_channel_major(n_windows):
    """Token 1 + c * n_windows + w holds window w of channel c."""
    n_channels, n_times = 3, 20
    layout = TokenLayout(n_channels, n_times, n_windows)
    # Each sample encodes its channel and window so the tokens can be read back.
    x = torch.zeros(2, n_channels, n_times)
    for channel in range(n_channels):
        for window in range(n_windows):
            start = window * layout.window_length
            x[:, channel, start : start + layout.window_length] = 100 * channel + window
    windows = layout.tokenize(x)
    assert windows.shape == (2, n_channels * n_windows, layout.window_length)
    for channel in range(n_channels):
        for window in range(n_windows):
            token = layout.token_index(channel, window)
            assert torch.all(windows[:, token - 1] == 100 * channel + window)


@pytest.mark.parametrize("n_windows", [1, 4])
def test_to_channel_window_inverts_token_index(n_windows):
    """Per-token values land on the (channel, window) their token came from."""
    layout = TokenLayout(5, 40, n_windows)
    values = np.zeros((2, layout.n_tokens))
    values[:, 0] = -1  # class token, dropped
    for channel in range(5):
        for window in range(n_windows):
            values[:, layout.token_index(channel, window)] = 10 * channel + window
    split = layout.to_channel_window(values)
    assert split.shape == (2, 5, n_windows)
    expected = 10 * np.arange(5)[:, None] + np.arange(n_windows)[None]
    np.testing.assert_array_equal(split[0], expected)
    np.testing.assert_array_equal(layout.to_channel_window(values[:, 1:]), split)


def test_window_geometry():
    """Trailing samples are dropped; centres are in seconds."""
    layout = TokenLayout(2, 321, 4)
    assert layout.window_length == 80
    assert layout.n_tokens == 9
    np.testing.assert_allclose(
        layout.window_centers(160.0), (np.arange(4) * 80 + 39.5) / 160.0
    )
    np.testing.assert_allclose(
        layout.window_centers(160.0, tmin=-1.0)[0], -1 + 39.5 / 160
    )


def test_layout_errors():
    """Bad sizes name the argument."""
    with pytest.raises(ValueError, match="n_channels must be a positive integer"):
        TokenLayout(0, 10, 1)
    with pytest.raises(ValueError, match="n_time_tokens must be at most n_times"):
        TokenLayout(2, 3, 4)
    with pytest.raises(ValueError, match="token_values must have 9 or 8"):
        TokenLayout(2, 40, 4).to_channel_window(np.zeros(5))
