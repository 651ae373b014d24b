"""Sphinx configuration of the mne-attention documentation.

The build needs no network: no intersphinx inventories are fetched and no
remote image is used. The gallery runs every script in ``../examples``.
"""

import os
from datetime import date
from importlib.metadata import version as _version

import matplotlib
import pyvista

matplotlib.use("Agg")
# 3D figures of the gallery: MNE draws with pyvista into a Qt window, so the
# build runs under a display (xvfb-run in .ci/docs). pyvista.OFF_SCREEN = True
# leaves that window unrendered and the scraped screenshots are noise or blank.
pyvista.OFF_SCREEN = False
pyvista.BUILDING_GALLERY = True
os.environ.setdefault("MNE_3D_BACKEND", "pyvista")
os.environ.setdefault("MNE_TQDM", "off")
os.environ.setdefault("_MNE_BUILDING_DOC", "true")

project = "mne-attention"
author = "mne-attention developers"
copyright = f"{date.today().year}, {author}"
release = _version("mne-attention")
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py"]
source_suffix = ".rst"
root_doc = "index"
default_role = "py:obj"
nitpicky = False

# -- autodoc / autosummary ----------------------------------------------------
autosummary_generate = True
autodoc_default_options = {"members": False, "inherited-members": False}
autodoc_typehints = "none"
add_module_names = False

# -- numpydoc -----------------------------------------------------------------
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
numpydoc_xref_param_type = False
numpydoc_validate = True
# every check, minus those MNE-Python does not live by either
numpydoc_validation_checks = {
    "all",
    "GL01",  # docstring may start on the line of the quotes
    "EX01",  # no Examples section required
    "EX02",  # examples are tested elsewhere
    "ES01",  # no extended summary required
    "SA01",  # no See Also section required
    "SA04",  # See Also entries need no description
    "YD01",  # no Yields section required
    "PR04",  # parameters such as "shape (n_channels," have no type
    "RT02",  # the first Returns line may name the value
}
numpydoc_validation_exclude = {
    # members inherited from MNE and scikit-learn are documented there
    r"\.__init__$",
    r"\.get_params$",
    r"\.set_params$",
    r"\.set_fit_request$",
    r"\.set_score_request$",
    r"\.get_metadata_routing$",
}

# -- sphinx-gallery -----------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/\d+_.*\.py$",  # run every numbered example
    "ignore_pattern": r"__init__\.py|/_",
    "image_scrapers": ("matplotlib", "pyvista"),
    "within_subsection_order": "FileNameSortKey",
    "backreferences_dir": None,
    "download_all_examples": False,
    "remove_config_comments": True,
    "plot_gallery": "True",
    "show_memory": False,
    "min_reported_time": 1,
}

# -- HTML ---------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"mne-attention {release}"
html_static_path = ["_static"]
html_show_sourcelink = False
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 1,
    "use_edit_page_button": False,
    "icon_links": [],
}
html_context = {"default_mode": "light"}

# Result objects that users never construct, and the containers whose
# constructor is MNE's, document attributes instead of constructor parameters.
numpydoc_validation_overrides = {
    "PR01": [r"not made\s+by hand", r"constructor takes the\s+parameters of"],
}

# MNE's shared ``verbose`` text links to MNE's logging tutorial by label; with
# no intersphinx inventory (the build is offline) it points at the page.
_EXTERNAL_LABELS = {
    "tut-logging": "https://mne.tools/stable/auto_tutorials/intro/50_configure_mne.html",
}


def _resolve_external_label(app, env, node, contnode):
    from docutils import nodes

    uri = _EXTERNAL_LABELS.get(node.get("reftarget"))
    if node.get("reftype") != "ref" or uri is None:
        return None
    reference = nodes.reference("", "", internal=False, refuri=uri)
    reference += contnode
    return reference


def setup(app):
    """Register the offline resolution of MNE's labels."""
    app.connect("missing-reference", _resolve_external_label)
