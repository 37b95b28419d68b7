"""Countries named in text: names, demonyms and capitals, with ISO 3166 alpha-3 codes.

A small table of its own so the coder works without the gazetteer; ISO codes come from
pycountry. Names are the forms ACLED uses in actor labels ("Military Forces of Russia").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import pycountry

from eventwire.words import words_before

# ACLED country name -> other names, demonyms and adjectives, capital cities.
_TABLE: dict[str, str] = {
    "Afghanistan": "Afghan|Afghans|Kabul",
    "Albania": "Albanian|Albanians|Tirana",
    "Algeria": "Algerian|Algerians|Algiers",
    "Angola": "Angolan|Angolans|Luanda",
    "Argentina": "Argentine|Argentinian|Argentines|Buenos Aires",
    "Armenia": "Armenian|Armenians|Yerevan",
    "Australia": "Australian|Australians|Canberra",
    "Austria": "Austrian|Austrians|Vienna",
    "Azerbaijan": "Azerbaijani|Azeri|Azerbaijanis|Baku",
    "Bahrain": "Bahraini|Bahrainis|Manama",
    "Bangladesh": "Bangladeshi|Bangladeshis|Dhaka",
    "Belarus": "Belarusian|Belarusians|Minsk",
    "Belgium": "Belgian|Belgians|Brussels",
    "Benin": "Beninese|Cotonou",
    "Bolivia": "Bolivian|Bolivians|La Paz",
    "Bosnia and Herzegovina": "Bosnia|Bosnian|Bosnians|Sarajevo",
    "Brazil": "Brazilian|Brazilians|Brasilia|Rio de Janeiro|Sao Paulo",
    "Bulgaria": "Bulgarian|Bulgarians|Sofia",
    "Burkina Faso": "Burkinabe|Ouagadougou",
    "Burundi": "Burundian|Burundians|Bujumbura",
    "Cambodia": "Cambodian|Cambodians|Phnom Penh|Kampuchea|Kampuchean",
    "Cameroon": "Cameroonian|Cameroonians|Yaounde",
    "Canada": "Canadian|Canadians|Ottawa",
    "Central African Republic": "CAR|Bangui",
    "Chad": "Chadian|Chadians|N'Djamena",
    "Chile": "Chilean|Chileans|Santiago",
    "Croatia": "Croatian|Croatians|Croat|Croats|Zagreb",
    "Costa Rica": "Costa Rican|Costa Ricans",
    "China": "Chinese|Beijing|PRC|People's Republic of China",
    "Colombia": "Colombian|Colombians|Bogota|Bogotá",
    "Cuba": "Cuban|Cubans|Havana",
    "Cyprus": "Cypriot|Cypriots|Nicosia",
    "Czech Republic": "Czech|Czechia|Czechs|Prague",
    "Democratic Republic of Congo": "DR Congo|DRC|Congolese|Kinshasa|Democratic Republic of the Congo",
    "Denmark": "Danish|Danes|Copenhagen",
    "East Timor": "Timor-Leste|Timorese|Dili",
    "Ecuador": "Ecuadorian|Ecuadorians|Quito",
    "Egypt": "Egyptian|Egyptians|Cairo",
    "El Salvador": "Salvadoran|Salvadorans|San Salvador",
    "Eritrea": "Eritrean|Eritreans|Asmara",
    "Estonia": "Estonian|Estonians|Tallinn",
    "Ethiopia": "Ethiopian|Ethiopians|Addis Ababa",
    "Finland": "Finnish|Finns|Helsinki",
    "France": "French|Paris",
    "Georgia": "Georgian|Georgians|Tbilisi",
    "Germany": "German|Germans|Berlin",
    "Ghana": "Ghanaian|Ghanaians|Accra",
    "Gambia": "Gambian|Gambians|Banjul|The Gambia",
    "Greece": "Greek|Greeks|Athens",
    "Guatemala": "Guatemalan|Guatemalans",
    "Guinea": "Guinean|Guineans|Conakry",
    "Haiti": "Haitian|Haitians|Port-au-Prince",
    "Honduras": "Honduran|Hondurans|Tegucigalpa",
    "Hong Kong": "Hong Kongers",
    "Hungary": "Hungarian|Hungarians|Budapest",
    "India": "Indian|Indians|New Delhi|Delhi",
    "Indonesia": "Indonesian|Indonesians|Jakarta",
    "Iran": "Iranian|Iranians|Tehran",
    "Iraq": "Iraqi|Iraqis|Baghdad",
    "Ireland": "Irish|Dublin",
    "Israel": "Israeli|Israelis|Jerusalem|Tel Aviv",
    "Italy": "Italian|Italians|Rome",
    "Ivory Coast": "Ivorian|Ivorians|Cote d'Ivoire|Côte d'Ivoire|Abidjan",
    "Japan": "Japanese|Tokyo",
    "Jordan": "Jordanian|Jordanians|Amman",
    "Kazakhstan": "Kazakh|Kazakhs|Kazakhstani|Nur-Sultan|Astana|Almaty",
    "Kenya": "Kenyan|Kenyans|Nairobi",
    "Kosovo": "Kosovar|Pristina",
    "Kuwait": "Kuwaiti|Kuwaitis",
    "Kyrgyzstan": "Kyrgyz|Bishkek",
    "Laos": "Lao|Laotian|Vientiane",
    "Latvia": "Latvian|Latvians|Riga",
    "Lebanon": "Lebanese|Beirut",
    "Liberia": "Liberian|Liberians|Monrovia",
    "Libya": "Libyan|Libyans|Tripoli|Benghazi",
    "Lithuania": "Lithuanian|Lithuanians|Vilnius",
    "Madagascar": "Malagasy|Antananarivo",
    "Malawi": "Malawian|Malawians|Lilongwe",
    "Malaysia": "Malaysian|Malaysians|Kuala Lumpur",
    "Mali": "Malian|Malians|Bamako",
    "Mauritania": "Mauritanian|Nouakchott",
    "Mexico": "Mexican|Mexicans|Mexico City",
    "Moldova": "Moldovan|Moldovans|Chisinau",
    "Mongolia": "Mongolian|Mongolians|Ulaanbaatar",
    "Montenegro": "Montenegrin|Podgorica",
    "Morocco": "Moroccan|Moroccans|Rabat",
    "Mozambique": "Mozambican|Mozambicans|Maputo",
    "Myanmar": "Burma|Burmese|Myanmar's|Yangon|Naypyidaw|Mandalay",
    "Nepal": "Nepalese|Nepali|Kathmandu",
    "Netherlands": "Dutch|Holland|Amsterdam|The Hague",
    "New Zealand": "Wellington",
    "Nicaragua": "Nicaraguan|Nicaraguans|Managua",
    "Niger": "Nigerien|Nigeriens|Niamey",
    "Nigeria": "Nigerian|Nigerians|Abuja|Lagos",
    "North Korea": "North Korean|North Koreans|Pyongyang|DPRK|Democratic People's Republic of Korea",
    "North Macedonia": "Macedonia|Macedonian|Skopje",
    "Norway": "Norwegian|Norwegians|Oslo",
    "Oman": "Omani|Muscat",
    "Pakistan": "Pakistani|Pakistanis|Islamabad|Karachi|Lahore",
    "Palestine": "Palestinian|Palestinians|Gaza|Gaza Strip|West Bank|Ramallah|PLO",
    "Panama": "Panamanian",
    "Paraguay": "Paraguayan|Asuncion",
    "Peru": "Peruvian|Peruvians|Lima",
    "Republic of Congo": "Congo-Brazzaville|Brazzaville",
    "Philippines": "Philippine|Filipino|Filipinos|Manila",
    "Poland": "Polish|Poles|Warsaw",
    "Portugal": "Portuguese|Lisbon",
    "Qatar": "Qatari|Doha",
    "Romania": "Romanian|Romanians|Bucharest",
    "Russia": "Russian|Russians|Moscow|Kremlin|Russian Federation|Soviet Union|USSR|Soviet",
    "Rwanda": "Rwandan|Rwandans|Kigali",
    "Saudi Arabia": "Saudi|Saudis|Riyadh",
    "Senegal": "Senegalese|Dakar",
    "Serbia": "Serbian|Serbians|Serb|Serbs|Belgrade|Yugoslavia|Yugoslav",
    "Sierra Leone": "Sierra Leonean|Freetown",
    "Singapore": "Singaporean",
    "Slovakia": "Slovak|Slovaks|Bratislava",
    "Slovenia": "Slovenian|Slovenians|Slovene|Ljubljana",
    "Somalia": "Somali|Somalis|Mogadishu",
    "South Africa": "South African|South Africans|Pretoria|Johannesburg|Cape Town",
    "South Korea": "South Korean|South Koreans|Seoul|Korea",
    "South Sudan": "South Sudanese|Juba",
    "Spain": "Spanish|Spaniards|Madrid",
    "Sri Lanka": "Sri Lankan|Sri Lankans|Colombo",
    "Sudan": "Sudanese|Khartoum|Omdurman",
    "Sweden": "Swedish|Swedes|Stockholm",
    "Switzerland": "Swiss|Bern|Geneva",
    "Syria": "Syrian|Syrians|Damascus|Aleppo|Idlib",
    "Taiwan": "Taiwanese|Taipei",
    "Tajikistan": "Tajik|Tajiks|Dushanbe",
    "Tanzania": "Tanzanian|Tanzanians|Dodoma|Dar es Salaam",
    "Thailand": "Thai|Bangkok",
    "Togo": "Togolese|Lome",
    "Tunisia": "Tunisian|Tunisians|Tunis",
    "Trinidad and Tobago": "Trinidad|Trinidadian|Port of Spain",
    "Turkey": "Turkish|Turks|Ankara|Istanbul|Türkiye",
    "Turkmenistan": "Turkmen|Ashgabat",
    "Uganda": "Ugandan|Ugandans|Kampala",
    "Ukraine": "Ukrainian|Ukrainians|Kyiv|Kiev",
    "United Arab Emirates": "UAE|Emirati|Emiratis|Abu Dhabi|Dubai",
    "United Kingdom": "UK|Britain|British|Great Britain|London|England|Scotland",
    "United States": "US|U.S.|USA|America|American|Americans|United States of America|Washington",
    "Uruguay": "Uruguayan|Montevideo",
    "Uzbekistan": "Uzbek|Uzbeks|Tashkent",
    "Venezuela": "Venezuelan|Venezuelans|Caracas",
    "Vietnam": "Vietnamese|Hanoi|Viet Nam",
    "Yemen": "Yemeni|Yemenis|Sanaa|Sana'a|Aden",
    "Zambia": "Zambian|Zambians|Lusaka",
    "Zimbabwe": "Zimbabwean|Zimbabweans|Harare",
}
# Codes pycountry does not find (or finds wrongly) by the ACLED name.
_ISO3_OVERRIDES = {
    "Democratic Republic of Congo": "COD", "Ivory Coast": "CIV", "Kosovo": "KOS", "Laos": "LAO",
    "Russia": "RUS", "Iran": "IRN", "Syria": "SYR", "North Korea": "PRK", "South Korea": "KOR",
    "Palestine": "PSE", "Vietnam": "VNM", "Bolivia": "BOL", "Venezuela": "VEN", "Tanzania": "TZA",
    "Moldova": "MDA", "Turkey": "TUR", "Czech Republic": "CZE", "Taiwan": "TWN", "Hong Kong": "HKG",
    # Country names of the gazetteer (GeoNames) that pycountry does not know.
    "Democratic Republic of the Congo": "COD", "Palestinian Territory": "PSE", "Timor Leste": "TLS",
    "Serbia and Montenegro": "SRB", "Cocos Islands": "CCK", "U.S. Virgin Islands": "VIR",
    "Republic of Congo": "COG", "East Timor": "TLS",
    # ACLED's names of the place index (acled_names.py) that pycountry spells otherwise.
    "Cape Verde": "CPV", "Saint-Barthelemy": "BLM", "Saint-Martin": "MAF", "Macau": "MAC",
    "Curacao": "CUW", "Sint Maarten": "SXM", "Caribbean Netherlands": "BES",
}  # fmt: skip
# Germans write the names differently; the article set includes German text.
_GERMAN = {
    "Kasachstan": "Kazakhstan", "Russland": "Russia", "Deutschland": "Germany", "Frankreich": "France",
    "Türkei": "Turkey", "Syrien": "Syria", "Ägypten": "Egypt", "Weißrussland": "Belarus",
    "Vereinigte Staaten": "United States", "Spanien": "Spain", "Italien": "Italy", "Polen": "Poland",
}  # fmt: skip
# Names that double as common words or other things: only matched with a capital and not as
# part of a longer name ("Georgia Tech", "Jordan river" are still ambiguous; accepted risk).
_ALIASES: dict[str, str] = {}
for _country, _others in _TABLE.items():
    _ALIASES[_country] = _country
    for _other in _others.split("|"):
        _ALIASES[_other] = _country
_ALIASES.update(_GERMAN)
_ALIASES["the United States"] = "United States"

_NAMES = sorted(_ALIASES, key=len, reverse=True)
_COUNTRY_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(n) for n in _NAMES) + r")(?:'s|’s)?(?![\w-])"
)


class _CountryNames:
    """Country names in text, as one big alternation finds them, but tried only where a word
    starts with the first letters of some name: a set lookup per word instead of the regex
    engine trying hundreds of names at every character (about five times faster)."""

    _PREFIX = 3
    _WORD_START = re.compile(r"(?<![\w-])\w")

    def __init__(self, pattern: re.Pattern[str], names: list[str]) -> None:
        self.pattern = pattern
        # "the United States" is keyed by "the Uni", not by every "the" of the text.
        self.prefixes = frozenset(name[: self._PREFIX if name[0].isupper() else 7] for name in names)
        assert all(len(prefix) >= 2 for prefix in self.prefixes)  # the shortest names: "US", "UK"

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        end = len(text) if endpos is None else endpos
        after = pos
        for word in self._WORD_START.finditer(text, pos, end):
            start = word.start()
            if start < after:
                continue
            prefixes = self.prefixes
            if (
                text[start : start + 3] not in prefixes
                and text[start : start + 2] not in prefixes
                and text[start : start + 7] not in prefixes
            ):
                continue
            match = self.pattern.match(text, start, end)
            if match is not None:
                after = match.end()
                yield match

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos)


COUNTRY_RE = _CountryNames(_COUNTRY_PATTERN, _NAMES)


# Demonyms that do not share the first letters of their country's name (the others are found
# by that rule), and names that do share them but are no demonym.
_OTHER_DEMONYMS = frozenset(
    "Kampuchean Congolese Danish Danes Timorese Salvadoran Salvadorans Finnish Finns French Irish Lao "
    "Laotian Malagasy Burmese Dutch Macedonian Filipino Filipinos Polish Poles Soviet Yugoslav Spanish "
    "Spaniards Swiss Emirati Emiratis British American Americans".split()
)
_NOT_DEMONYMS = frozenset(
    {"Bosnia", "Czechia", "Democratic Republic of the Congo", "Mexico City", "Myanmar's", "Tunis", "Trinidad",
     "Russian Federation", "United States of America", "Viet Nam", "Russland", "Frankreich", "Syrien", "Italien"}
)  # fmt: skip


@functools.cache
def is_demonym(name: str) -> bool:
    """ "Hungarian", "Israelis": a word for a country's people, not a name of the country or a city."""
    country = country_of_name(name)
    if not country or name == country or name in _NOT_DEMONYMS:
        return False
    return name in _OTHER_DEMONYMS or name[:4].lower() == country[:4].lower()


def is_people(name: str) -> bool:
    """ "Palestinians", "Serbs": a plural demonym, which names people rather than qualifies a noun."""
    return is_demonym(name) and name.endswith("s") and not name.endswith("ss")


def country_of_name(name: str) -> str:
    """The ACLED country name for a country name, demonym or capital; "" when unknown."""
    return _ALIASES.get(name.strip().removesuffix("'s").removesuffix("’s"), "")


@functools.cache
def iso3(country: str) -> str:
    """ISO 3166 alpha-3 code of an ACLED country name ("" when unknown)."""
    if country in _ISO3_OVERRIDES:
        return _ISO3_OVERRIDES[country]
    try:
        found = pycountry.countries.lookup(country)
    except LookupError:
        try:
            found = pycountry.countries.search_fuzzy(country)[0]
        except LookupError:
            return ""
    return str(found.alpha_3)


def preload_codes(extra: Iterable[str] = ()) -> None:
    """Look up the code of every known country (and of `extra` names) once, while the pipeline
    is set up: pycountry loads its tables on first use, and a fuzzy search for a name it does
    not know ("Democratic Republic of the Congo") takes a tenth of a second."""
    for country in {*_ALIASES.values(), *extra}:
        iso3(country)


def find_countries(text: str, *, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Every country reference in text[start:end] as (start, end, country name)."""
    stop = len(text) if end is None else end
    found = []
    for match in COUNTRY_RE.finditer(text, start, stop):
        name = match.group(1)
        # "US" as a pronoun is lower-case; "CAR" as a word is rare in news but guard all-caps words.
        if name in ("US", "CAR") and text[max(0, match.start() - 1) : match.start()] == "-":
            continue
        found.append((match.start(), match.end(), _ALIASES[name]))
    return found


_IN_COUNTRY = re.compile(r"\b(?:in|across|of|im|in der|in den)\s+$")


def focus_country(text: str, *, title: str = "", places: list[str] | None = None) -> str:
    """The country an article is mostly about: names weighed by where they stand.

    "in Kazakhstan" counts more than "Russian"; the title and the first lines count more
    than the rest, and resolved toponyms (when the places stage ran) count most.
    """
    return _focus_country_cached(text, title, tuple(places or ()))


@functools.lru_cache(maxsize=256)
def _focus_country_cached(text: str, title: str, places: tuple[str, ...]) -> str:
    # Cached: the coder and the places stage both ask, with the same inputs.
    score: dict[str, float] = {}
    for country in places:
        if country:
            score[country] = score.get(country, 0.0) + 2.0
    for weight, chunk in ((3.0, title), (1.0, text)):
        if not chunk:
            continue
        for start, _end, country in find_countries(chunk):
            value = weight
            if _IN_COUNTRY.search(words_before(chunk, start, 2)):
                value *= 2
            if weight == 1.0 and start < 300:
                value *= 1.5
            score[country] = score.get(country, 0.0) + value
    if not score:
        return ""
    return max(score, key=lambda country: score[country])
