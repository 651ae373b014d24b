"""Report sections shared by the demo and the study: the 3D camera, the 3D fallback."""

import mne
import numpy as np
import pytest

from mne_attention.commands.sections import add_3d_figures, view_from_data
from mne_attention.utils._montage import standard_1005_montage

TITLES_3D = (
    "Channel-to-channel attention (3D)",
    "Class-token attention on the head (3D)",
)
NAMES = ["Fp1", "Fpz", "Fp2", "C3", "Cz", "C4", "T7", "T8", "O1", "Oz", "O2"]


def assert_3d_views_rendered(html):
    """Assert that a report holds both 3D views as rendered screenshots."""
    assert "3D views skipped" not in html
    for title in TITLES_3D:
        figure = html[html.index(f'alt="{title}"') :][:400]
        assert 'src="data:image/' in figure
    assert "the camera looks from where the attention is largest" in html


def _evoked(high):
    info = mne.create_info(NAMES, 1.0, "eeg")
    info.set_montage(standard_1005_montage())
    values = np.where(np.isin(NAMES, high), 3.0, 1.0)[:, None]
    return mne.EvokedArray(values, info, verbose=False)


@pytest.mark.parametrize(
    "high, azimuth",
    [(["O1", "Oz", "O2"], 270), (["Fp1", "Fpz", "Fp2"], 90), (["T8"], 0)],
)
def test_view_looks_from_the_largest_attention(high, azimuth):
    """An effect at the back is seen from behind, in front from the front, on
    the right from the right, all from the side rather than from above.
    """
    view = view_from_data(_evoked(high))
    difference = (view["azimuth"] - azimuth + 180) % 360 - 180
    assert abs(difference) < 20
    assert 60 < view["elevation"] < 130  # a side view, not the top view (0)
    assert view["focalpoint"].shape == (3,)


def test_view_of_the_vertex_or_a_flat_map_is_from_above():
    """Attention at the vertex, or everywhere alike, is seen from above."""
    for high in (["Cz"], []):
        view = view_from_data(_evoked(high))
        assert (view["azimuth"], view["elevation"]) == (90, 0)  # nose up


class _Unrenderable:
    """Channel attention whose 3D view fails as it does without a 3D backend."""

    def plot_3d(self, **kwargs):
        raise RuntimeError("off-screen rendering needs libegl1 or libosmesa6")


def test_report_says_why_the_3d_views_were_skipped(capsys, tmp_path):
    """Without a 3D backend the report keeps a note naming what to install."""
    report = mne.Report(verbose=False)
    evoked = _evoked(["O1"])
    evoked.comment = "eyes-closed"
    add_3d_figures(report, _Unrenderable(), evoked)
    logged = capsys.readouterr()
    report.save(tmp_path / "report.html", open_browser=False, verbose=False)
    html = (tmp_path / "report.html").read_text()
    assert "3D views skipped" in html
    assert "needs libegl1 or libosmesa6" in html
    assert not any(title in html for title in TITLES_3D)
    warning = "3D views skipped: off-screen rendering needs libegl1"
    assert warning in logged.out + logged.err
