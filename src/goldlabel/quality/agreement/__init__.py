"""Inter-annotator agreement: Cohen's and Fleiss' kappa, Krippendorff's alpha, breakdowns, CIs."""

from goldlabel.quality.agreement.alpha import (
    AlphaStatistic,
    alpha_statistic,
    alpha_statistic_long,
    krippendorff_alpha,
    krippendorff_alpha_long,
)
from goldlabel.quality.agreement.bootstrap import BootstrapResult, WeightedStatistic, bootstrap_ci
from goldlabel.quality.agreement.breakdown import (
    annotator_agreement,
    annotator_pair_agreement,
    item_agreement,
    project_agreement,
)
from goldlabel.quality.agreement.kappa import (
    CohenKappaStatistic,
    FleissKappaStatistic,
    cohen_kappa,
    cohen_kappa_statistic,
    fleiss_counts_from_long,
    fleiss_kappa,
    fleiss_kappa_from_long,
    fleiss_kappa_statistic,
)

__all__ = [
    "AlphaStatistic",
    "BootstrapResult",
    "CohenKappaStatistic",
    "FleissKappaStatistic",
    "WeightedStatistic",
    "alpha_statistic",
    "alpha_statistic_long",
    "annotator_agreement",
    "annotator_pair_agreement",
    "bootstrap_ci",
    "cohen_kappa",
    "cohen_kappa_statistic",
    "fleiss_counts_from_long",
    "fleiss_kappa",
    "fleiss_kappa_from_long",
    "fleiss_kappa_statistic",
    "item_agreement",
    "krippendorff_alpha",
    "krippendorff_alpha_long",
    "project_agreement",
]
