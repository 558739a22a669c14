"""goldlabel's quality engine: a pure library (numpy/scipy/pandas) usable on its own.

Agreement (Cohen's and Fleiss' kappa, Krippendorff's alpha for any level of measurement or a
custom distance, from a matrix or a long table, with bootstrap intervals), truth inference
with crowd-kit's estimator contract (``fit`` / ``fit_predict`` / ``fit_predict_proba`` on a
long table with columns ``task``, ``worker``, ``label``), scoring against a reference with a
diff for every kind of answer, consensus for spatial/temporal/text answers, and label-error
detection. Submodules hold the details; the common names are re-exported here.
"""

from goldlabel.quality.aggregation import (
    GLAD,
    MACE,
    DawidSkene,
    MajorityVote,
    OneCoinDawidSkene,
)
from goldlabel.quality.agreement import (
    annotator_agreement,
    annotator_pair_agreement,
    bootstrap_ci,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_from_long,
    item_agreement,
    krippendorff_alpha,
    krippendorff_alpha_long,
    project_agreement,
)
from goldlabel.quality.label_errors import LabelIssues, find_label_issues, label_quality_scores

__all__ = [
    "GLAD",
    "MACE",
    "DawidSkene",
    "LabelIssues",
    "MajorityVote",
    "OneCoinDawidSkene",
    "annotator_agreement",
    "annotator_pair_agreement",
    "bootstrap_ci",
    "cohen_kappa",
    "find_label_issues",
    "fleiss_kappa",
    "fleiss_kappa_from_long",
    "item_agreement",
    "krippendorff_alpha",
    "krippendorff_alpha_long",
    "label_quality_scores",
    "project_agreement",
]
