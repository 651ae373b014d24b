"""How far to trust an attention map: faithfulness, sanity checks and statistics.

- :func:`deletion_curve`, :func:`insertion_curve`: accuracy and true-class
  probability as channels are replaced by their training mean in the order a
  map gives, against random orders.
- :func:`occlusion_agreement`: rank agreement of a map with occlusion.
- :func:`randomisation_check`: maps after cascading re-initialisation of the
  model's layers (Adebayo et al., 2018).
- :func:`ground_truth_score`: ROC-AUC and attention mass on known channels.
- :func:`contrast_test`: condition differences across subjects with MNE's
  permutation cluster test over the channel adjacency.
- :func:`compare_methods`: all of the above for every attention method.
"""

import lazy_loader as lazy

__getattr__, __dir__, __all__ = lazy.attach(
    __name__,
    submod_attrs={
        "curves": ["CurveResult", "deletion_curve", "insertion_curve"],
        "faithfulness": ["occlusion_agreement", "ground_truth_score"],
        "sanity": ["randomisation_check"],
        "statistics": ["ContrastResult", "contrast_test"],
        "methods": ["compare_methods"],
    },
)
