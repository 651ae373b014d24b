"""Output file names checked before any work, and atomic writes."""

import pytest

from mne_attention.utils._files import atomic_path, check_output_path


def test_check_output_path(tmp_path):
    (tmp_path / "old-ave.fif").write_text("")
    (tmp_path / "notes.txt").write_text("")
    assert check_output_path(tmp_path / "a-ave.fif", False) == tmp_path / "a-ave.fif"
    ok = check_output_path(tmp_path / "old-ave.fif", True, endings=("-ave.fif",))
    assert ok == tmp_path / "old-ave.fif"
    for fname, kwargs, error, match in [
        ("old-ave.fif", {}, FileExistsError, "fname must not exist unless overwrite="),
        (".", {}, IsADirectoryError, "fname must be a file name, got the folder"),
        ("a.txt", dict(endings=("-ave.fif", "_ave.fif")), ValueError, "end in -ave"),
        ("no/a.fif", {}, FileNotFoundError, "path in an existing folder, got .*no"),
        ("notes.txt/a", {}, NotADirectoryError, "notes.txt is not a folder"),
        (
            "old-ave.fif",
            dict(name="--output", overwrite_hint="--overwrite is passed"),
            FileExistsError,
            "--output must not exist unless --overwrite is passed",
        ),
    ]:
        with pytest.raises(error, match=match):
            check_output_path(tmp_path / fname, False, **kwargs)
    with pytest.raises(TypeError, match="overwrite must be an instance of bool"):
        check_output_path(tmp_path / "a.fif", 1)


def test_atomic_path_replaces_only_on_success(tmp_path):
    fname = tmp_path / "out.txt"
    fname.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(fname) as tmp:
        tmp.write_text("half")
        raise RuntimeError
    assert fname.read_text() == "old" and list(tmp_path.iterdir()) == [fname]
    with atomic_path(fname) as tmp:
        tmp.write_text("new")
    assert fname.read_text() == "new" and list(tmp_path.iterdir()) == [fname]
    missing = tmp_path / "missing" / "out.txt"
    with pytest.raises(FileNotFoundError, match="fname must be a path in an existing"):
        with atomic_path(missing):
            pass
