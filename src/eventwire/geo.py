"""Distances on the earth: the one great-circle formula every module uses.

Merging (cluster.py), place resolution (gazetteer/resolver.py) and the geo evaluation all ask
"how far apart are these two points"; they must get the same answer, so they all ask here.
"""

from __future__ import annotations

import math

# The IUGG mean radius: the sphere that best fits the ellipsoid, so errors stay under 0.5 %.
EARTH_RADIUS_KM = 6371.0088
# One degree of latitude, in km, on that sphere: the bound for a cheap first test.
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (the haversine formula, exact for short distances)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2.0
    half_dlambda = math.radians(lon2 - lon1) / 2.0
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def within_km(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> bool:
    """Whether two points lie less than `km` apart. Most pairs a resolver compares are far apart
    in latitude alone, so that is tested first, without trigonometry."""
    if abs(lat2 - lat1) * KM_PER_DEGREE >= km:
        return False
    return distance_km(lat1, lon1, lat2, lon2) < km
