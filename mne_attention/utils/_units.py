"""Units and colour-bar labels of attention values, defined once."""

ATTENTION_UNITS = "Attention (a.u.)"
# methods whose values are not attention weights
METHOD_UNITS = {"occlusion": "\N{GREEK CAPITAL LETTER DELTA} probability"}
T_UNITS = "t value"
UNIFORM_UNITS = "\N{MULTIPLICATION SIGN} uniform attention"


def units_of(method):
    """Return the label of values computed by ``method`` (attention weights by default).

    Parameters
    ----------
    method : str | None
        The attention method.

    Returns
    -------
    units : str
        The colour-bar label.
    """
    return METHOD_UNITS.get(method, ATTENTION_UNITS)


def difference_units(units):
    """Return the label of a difference of maps in ``units``.

    Parameters
    ----------
    units : str
        The label of the maps.

    Returns
    -------
    units : str
        The label of their difference.
    """
    if units == ATTENTION_UNITS:
        return "\N{GREEK CAPITAL LETTER DELTA} attention (a.u.)"
    return f"Difference ({units})"
