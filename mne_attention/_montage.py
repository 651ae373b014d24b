"""The 10-05 template montage, under the name the installed MNE uses."""

import mne


def standard_1005_montage():
    """Return MNE's 10-05 template montage (``standard_1005``).

    MNE 1.13 renamed ``standard_1005`` to ``colin27_1005`` and deprecated the
    old name; both hold the same positions.

    Returns
    -------
    montage : instance of mne.channels.DigMontage
        The montage.
    """
    name = "colin27_1005"
    if name not in mne.channels.get_builtin_montages():
        name = "standard_1005"
    return mne.channels.make_standard_montage(name)
