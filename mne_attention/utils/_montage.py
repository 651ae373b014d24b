"""The 10-05 template montage, under the name the installed MNE uses."""

import mne


def standard_1005_name():
    """Return the installed MNE's name of the 10-05 template montage.

    MNE 1.13 renamed ``standard_1005`` to ``colin27_1005`` and deprecated the
    old name; both hold the same positions.

    Returns
    -------
    name : str
        ``"colin27_1005"`` or, with older MNE, ``"standard_1005"``.
    """
    if "colin27_1005" in mne.channels.get_builtin_montages():
        return "colin27_1005"
    return "standard_1005"


def standard_1005_montage():
    """Return MNE's 10-05 template montage (``standard_1005``).

    Returns
    -------
    montage : instance of mne.channels.DigMontage
        The montage.
    """
    return mne.channels.make_standard_montage(standard_1005_name())
