"""The hand-curated API reference names every public function and class."""

import importlib
import inspect
import re
from pathlib import Path

API_PAGE = Path(__file__).parents[1] / "doc" / "api.rst"
PUBLIC_MODULES = (
    "mne_attention",
    "mne_attention.viz",
    "mne_attention.datasets",
    "mne_attention.datasets.eegmmidb",
    "mne_attention.evaluate",
)


def _documented_names(text):
    """Return the fully qualified names listed in the page's autosummary tables."""
    names, module, in_table = set(), None, False
    for line in text.splitlines():
        if match := re.match(r"\.\. currentmodule:: (\S+)", line):
            module = match.group(1)
        elif line.startswith(".. autosummary::"):
            in_table = True
        elif in_table and re.match(r"   [A-Za-z_]\w*$", line):
            names.add(f"{module}.{line.strip()}")
        elif in_table and line and not line.startswith("   "):
            in_table = False
    return names


def _public_api():
    """Return the qualified names of the public functions and classes."""
    names = set()
    for module_name in PUBLIC_MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                names.add(f"{module_name}.{name}")
    return names


def test_documented_names_parser():
    """The parser reads entries, not options or the text after a table."""
    text = (
        ".. currentmodule:: pkg\n\n.. autosummary::\n   :toctree: generated/\n\n"
        "   first\n   Second\n\nProse\n   indented_prose_is_not_an_entry x\n"
    )
    assert _documented_names(text) == {"pkg.first", "pkg.Second"}


def test_api_page_names_every_public_function_and_class():
    documented = _documented_names(API_PAGE.read_text())
    public = _public_api()
    assert public - documented == set(), "public but not in doc/api.rst"
    assert documented - public == set(), "in doc/api.rst but not public"
