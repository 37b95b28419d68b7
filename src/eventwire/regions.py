"""ACLED's world regions, from the UN M49 regions that `countryinfo` carries for every country.

ACLED's regions are M49's sub-regions (Africa and the Americas: its intermediate regions), named
ACLED's way, with a few countries moved: Iran joins the Middle East, the South Caucasus joins
Central Asia, Cyprus joins Europe (and Kosovo, which M49 does not list, is in Europe, as are
Guernsey and Jersey, which countryinfo lacks), and Southern Africa takes Angola, Zambia, Zimbabwe,
Malawi, Mozambique and Madagascar.
"""

from __future__ import annotations

import functools
import importlib.util
import json

from eventwire.gazetteer.build import package_dir

_BY_M49 = {
    "Northern Africa": "Northern Africa",
    "Western Africa": "Western Africa",
    "Middle Africa": "Middle Africa",
    "Eastern Africa": "Eastern Africa",
    "Southern Africa": "Southern Africa",
    "Caribbean": "Caribbean",
    "Central America": "Central America",
    "South America": "South America",
    "Northern America": "North America",
    "Central Asia": "Caucasus and Central Asia",
    "Eastern Asia": "East Asia",
    "South-eastern Asia": "Southeast Asia",
    "Southern Asia": "South Asia",
    "Western Asia": "Middle East",
    "Eastern Europe": "Europe",
    "Northern Europe": "Europe",
    "Southern Europe": "Europe",
    "Western Europe": "Europe",
    "Australia and New Zealand": "Oceania",
    "Melanesia": "Oceania",
    "Micronesia": "Oceania",
    "Polynesia": "Oceania",
}
_MOVED = {"IR": "Middle East", "AM": "Caucasus and Central Asia", "AZ": "Caucasus and Central Asia",
          "GE": "Caucasus and Central Asia", "CY": "Europe", "XK": "Europe", "AQ": "Antarctica",
          # ACLED's Southern Africa reaches north to Angola, Zambia, Malawi, Mozambique, Madagascar.
          "AO": "Southern Africa", "ZM": "Southern Africa", "ZW": "Southern Africa", "MW": "Southern Africa",
          "MZ": "Southern Africa", "MG": "Southern Africa",
          # Countries that countryinfo lacks: the Channel Islands, and Heard and McDonald Islands.
          "GG": "Europe", "JE": "Europe", "HM": "Antarctica"}  # fmt: skip


def acled_region(iso: str) -> str:
    """ACLED's region of a country given by its ISO alpha-2 code; "" when unknown."""
    return _regions().get(iso.upper(), "")


@functools.cache
def _regions() -> dict[str, str]:
    if importlib.util.find_spec("countryinfo") is None:
        return dict(_MOVED)  # without the package only the exceptions are known
    regions: dict[str, str] = {}
    for path in sorted((package_dir("countryinfo") / "data").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso = (record.get("ISO") or {}).get("alpha2")
        m49 = record.get("intermediateregion") or record.get("subregion") or ""
        if iso and m49 in _BY_M49:
            regions.setdefault(iso, _BY_M49[m49])
    regions.update(_MOVED)
    return regions
