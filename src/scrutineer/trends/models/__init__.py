"""Models of the trends app, by concern: the catalogue, agencies' returns, suggested enquiries
and published benchmarks."""

from .benchmarks import BenchmarkValue, Level, LocalAuthority, Population, StatisticalNeighbour
from .catalogue import (
    ChangePoint,
    FrequencyChoice,
    Indicator,
    IndicatorNote,
    Polarity,
    Source,
    Unit,
)
from .enquiries import Suggestion, SuggestionKind, SuggestionStatus
from .returns import ApiToken, Channel, DataReturn, Observation, SeriesValue, Submission

__all__ = [
    "ApiToken",
    "BenchmarkValue",
    "ChangePoint",
    "Channel",
    "DataReturn",
    "FrequencyChoice",
    "Indicator",
    "IndicatorNote",
    "Level",
    "LocalAuthority",
    "Observation",
    "Polarity",
    "Population",
    "SeriesValue",
    "Source",
    "StatisticalNeighbour",
    "Submission",
    "Suggestion",
    "SuggestionKind",
    "SuggestionStatus",
    "Unit",
]
