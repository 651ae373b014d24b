"""Attention from a fitted model: rollout, relevance per batch, compute_* and fit_attention."""
