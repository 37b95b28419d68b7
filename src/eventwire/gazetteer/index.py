"""The compact place index: column arrays of places and a dict from name keys to places.

Each place is a row number. A name key maps to a tuple of codes `row * KINDS + kind`, where the
kind says how the name names the place (its own name, an alternate, a demonym, ...). The whole
index pickles to one file that loads in well under a second.
"""

from __future__ import annotations

import pickle
from array import array
from dataclasses import dataclass, field
from pathlib import Path

# Feature classes, from the widest to the narrowest.
COUNTRY, ADMIN1, ADMIN2, CITY, REGION = 0, 1, 2, 3, 4
FEATURE_NAMES = {COUNTRY: "country", ADMIN1: "admin1", ADMIN2: "admin2", CITY: "city", REGION: "region"}

# How a name names a place.
NAME, ALTERNATE, DEMONYM, ABBREVIATION, SHORT_FORM = 0, 1, 2, 3, 4
KINDS = 8


@dataclass(slots=True)
class PlaceIndex:
    """Column arrays, one row per place, and the name lookup."""

    version: str = ""
    names: list[str] = field(default_factory=list)
    features: bytearray = field(default_factory=bytearray)
    countries: list[str] = field(default_factory=list)  # ISO alpha-2, "" for world regions
    admin1_rows: array = field(default_factory=lambda: array("i"))  # row of the admin1, -1 when none
    admin2_rows: array = field(default_factory=lambda: array("i"))
    latitudes: array = field(default_factory=lambda: array("d"))
    longitudes: array = field(default_factory=lambda: array("d"))
    populations: array = field(default_factory=lambda: array("q"))
    geonameids: array = field(default_factory=lambda: array("q"))
    keys: dict[str, tuple[int, ...]] = field(default_factory=dict)
    country_rows: dict[str, int] = field(default_factory=dict)  # ISO alpha-2 -> row
    capitals: set[int] = field(default_factory=set)  # rows of national capitals
    max_key_words: int = 1

    def add_place(
        self,
        *,
        name: str,
        feature: int,
        country: str,
        latitude: float,
        longitude: float,
        population: int = 0,
        geonameid: int = 0,
        admin1_row: int = -1,
        admin2_row: int = -1,
    ) -> int:
        """Append one place and return its row."""
        self.names.append(name)
        self.features.append(feature)
        self.countries.append(country)
        self.admin1_rows.append(admin1_row)
        self.admin2_rows.append(admin2_row)
        self.latitudes.append(latitude)
        self.longitudes.append(longitude)
        self.populations.append(max(0, int(population)))
        self.geonameids.append(int(geonameid))
        return len(self.names) - 1

    def __len__(self) -> int:
        return len(self.names)

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        with partial.open("wb") as handle:
            pickle.dump(self, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)  # atomic: a reader never sees half a file

    @staticmethod
    def load(path: Path) -> PlaceIndex:
        with path.open("rb") as handle:
            index = pickle.load(handle)
        if not isinstance(index, PlaceIndex):
            raise TypeError(f"{path} does not hold a place index")
        return index
