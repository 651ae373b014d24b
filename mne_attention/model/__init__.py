"""The model: channel tokens, embeddings, the network, the estimator and its files."""
