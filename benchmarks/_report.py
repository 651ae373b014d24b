"""How every benchmark hands over its figures: JSON on stdout, and in ``--out``."""

import json


def report(figures, out=None, indent=1):
    """Print ``figures`` as JSON and also write them to the file ``out`` when given."""
    text = json.dumps(figures, indent=indent)
    print(text)
    if out:
        with open(out, "w") as fid:
            fid.write(text + "\n")
