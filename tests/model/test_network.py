"""The transformer module: both attention paths agree and weights are proper."""

import torch

from mne_attention.model.network import ChannelTokenTransformer
from mne_attention.model.tokens import TokenLayout


def _network(n_windows=2):
    torch.manual_seed(0)
    layout = TokenLayout(4, 32, n_windows)
    return ChannelTokenTransformer(
        layout, 3, d_model=16, n_heads=4, n_layers=2, dropout=0.1, token_dropout=0.1
    ).eval()


def test_fused_and_explicit_attention_agree():
    """The scaled_dot_product_attention path gives the logits of the explicit path."""
    network = _network()
    x = torch.randn(5, 4, 32)
    with torch.no_grad():
        plain = network(x)
        logits, attentions = network(x, return_attention=True)
    torch.testing.assert_close(plain, logits, rtol=1e-5, atol=1e-5)
    assert len(attentions) == 2
    for attention in attentions:
        assert attention.shape == (5, 4, 9, 9)
        torch.testing.assert_close(attention.sum(-1), torch.ones(5, 4, 9))
        assert torch.all(attention >= 0)


def test_attention_stays_in_graph():
    """Gradients with respect to the attention weights can be taken."""
    network = _network()
    logits, attentions = network(torch.randn(2, 4, 32), return_attention=True)
    grads = torch.autograd.grad(logits[:, 0].sum(), attentions)
    assert all(
        g.shape == a.shape and torch.any(g != 0) for g, a in zip(grads, attentions)
    )


def test_eval_is_deterministic_and_training_is_not():
    """Dropout and token dropout act only in training mode."""
    network = _network()
    x = torch.randn(3, 4, 32)
    with torch.no_grad():
        torch.testing.assert_close(network(x), network(x))
        network.train()
        assert not torch.allclose(network(x), network(x))
