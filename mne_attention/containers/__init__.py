"""Containers of attention: AttentionEpochs, AttentionEvoked, ChannelAttention and their files."""
