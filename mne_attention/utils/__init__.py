"""Shared helpers: validators on top of MNE's, docstring templates, file handling, input reading."""
