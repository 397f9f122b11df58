"""Published benchmarks: the DfE's local-authority figures, ONS population and statistical neighbours.

Imported from the files as published on Explore Education Statistics (``scrutineer benchmarks
import``). A suppressed or unavailable figure is stored as missing with the DfE's marker
(``c`` suppressed, ``x`` not available, ``z`` not applicable, ``u`` low reliability), never as 0.
"""

from __future__ import annotations

from django.db import models


class Level(models.TextChoices):
    NATIONAL = "national", "England"
    REGIONAL = "regional", "Region"
    LOCAL_AUTHORITY = "la", "Local authority"


class LocalAuthority(models.Model):
    """A local authority as the DfE codes it: three-digit ``code`` (Leeds is 383) and GSS code."""

    code = models.CharField(max_length=3, unique=True)
    gss_code = models.CharField("GSS code", max_length=9, blank=True)
    name = models.CharField(max_length=120)
    region_code = models.CharField(max_length=9, blank=True)
    region_name = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class StatisticalNeighbour(models.Model):
    """One of a local authority's ten statistical neighbours in a DfE model (2021 or 2025)."""

    authority = models.ForeignKey(
        LocalAuthority, on_delete=models.CASCADE, related_name="neighbour_links"
    )
    neighbour = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="+")
    model = models.PositiveSmallIntegerField(help_text="The year of the DfE model, like 2025")
    rank = models.PositiveSmallIntegerField(help_text="1 is the closest")

    class Meta:
        ordering = ["authority", "model", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "model", "neighbour"], name="one_neighbour_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority.code} ~ {self.neighbour.code} ({self.model}, {self.rank})"


class BenchmarkValue(models.Model):
    """A published figure for one measure, reporting year and area.

    ``measure`` is a domain code (``referral_rate``) or a raw count the rates are built from
    (``referrals``); ``area_code`` is the three-digit LA code, the region's E12 code or
    ``E92000001`` for England.
    """

    measure = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField(
        help_text="Reporting year: 2025 is April 2024 to March 2025"
    )
    level = models.CharField(max_length=8, choices=Level.choices)
    area_code = models.CharField(max_length=9)
    area_name = models.CharField(max_length=120, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    marker = models.CharField(
        max_length=1,
        blank=True,
        help_text="c suppressed, x not available, z not applicable, u low reliability",
    )
    source_file = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["measure", "year", "level", "area_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "level", "area_code"], name="one_benchmark_value"
            )
        ]
        indexes = [models.Index(fields=["measure", "year"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.year} {self.area_code}: {self.value or self.marker}"


class Population(models.Model):
    """ONS mid-year population aged 0-17 for an area; ``mid_year`` 2023 is the base of the
    DfE's rates for reporting year 2024."""

    level = models.CharField(max_length=8, choices=Level.choices)
    area_code = models.CharField(max_length=9)
    mid_year = models.PositiveSmallIntegerField()
    population = models.PositiveIntegerField()

    class Meta:
        ordering = ["area_code", "mid_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "area_code", "mid_year"], name="one_population_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.mid_year}: {self.population}"
