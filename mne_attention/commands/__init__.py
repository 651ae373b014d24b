"""The mne-attention command line and its demo report."""
