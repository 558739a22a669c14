"""Truth inference for categorical labels: crowd-kit-compatible aggregators.

Switching from crowd-kit is one import: ``from goldlabel.quality.aggregation import
DawidSkene`` instead of ``from crowdkit.aggregation import DawidSkene``.
"""

from goldlabel.quality.aggregation.base import CategoricalAggregator
from goldlabel.quality.aggregation.dawid_skene import DawidSkene
from goldlabel.quality.aggregation.glad import GLAD
from goldlabel.quality.aggregation.mace import MACE
from goldlabel.quality.aggregation.majority_vote import MajorityVote
from goldlabel.quality.aggregation.one_coin import OneCoinDawidSkene

__all__ = [
    "GLAD",
    "MACE",
    "CategoricalAggregator",
    "DawidSkene",
    "MajorityVote",
    "OneCoinDawidSkene",
]
