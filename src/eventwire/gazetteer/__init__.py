"""Offline gazetteer and geocoder built from GeoNames data shipped in PyPI packages.

>>> gazetteer = load_gazetteer()
>>> [t.place.name for t in gazetteer.find_toponyms("Protesters gathered in Alma-Ata.")]
['Almaty']
"""

from eventwire.gazetteer.gazetteer import GAZETTEER_VERSION, Gazetteer, index_path, load_gazetteer
from eventwire.records import Place


def country_of(name_or_demonym: str) -> Place | None:
    """The country a name or demonym names ("Kazakh" -> Kazakhstan), from the cached gazetteer."""
    return load_gazetteer().country_of(name_or_demonym)


__all__ = ["GAZETTEER_VERSION", "Gazetteer", "country_of", "index_path", "load_gazetteer"]
