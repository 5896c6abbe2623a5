#!/usr/bin/env python3
"""Validate the gazetteer TSV files in this directory (stdlib only).

Usage: python3 check.py [-v] [DIR]

Checks, per file: the header names exactly the expected columns, every row has
as many fields as the header, no field has stray surrounding whitespace, ids
are well formed, unique and match the kind, Wikidata ids look like Q123,
aliases are non-empty, unique within the row and differ from the canonical
names, per-file extra columns are valid (ISO codes, org_type, place_type,
lat/lon, country references, roles syntax and entity references).
Across files: ids and Wikidata ids are unique, and every surface form (name_ar,
name_en, aliases) belongs to one entity only, unless it is listed in the
"Ambiguous surface forms" table of README.md. Nisba forms must be unique across
countries; capitals must be unique and may only coincide with a country name or
alias when listed as ambiguous. Prints counts; exits 1 if there are errors.
With -v also lists surface forms that collide only after Arabic normalisation
(hamza, ta marbuta, alef maqsura, diacritics, tatweel).
"""
import datetime
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict

COMMON = ["id", "kind", "name_ar", "name_en", "wikidata", "aliases"]
FILES = {
    "countries.tsv": ("country", COMMON + ["iso2", "nisba", "capitals"]),
    "organizations.tsv": ("organization", COMMON + ["org_type", "country"]),
    "persons.tsv": ("person", COMMON + ["nationality", "roles"]),
    "places.tsv": ("place", COMMON + ["country", "place_type", "lat", "lon"]),
}
PREFIX = {"country": "country", "organization": "org", "person": "person", "place": "place"}
ORG_TYPES = {"armed_group", "military_force", "military_command", "coalition",
             "government_body", "political_party", "multilateral", "agency",
             "ngo", "think_tank", "news_agency", "media"}
PLACE_TYPES = {"city", "town", "village", "district", "governorate", "region", "mountain",
               "base", "crossing", "camp", "prison", "site", "river", "dam"}
AMBIGUOUS_HEADING = "Ambiguous surface forms"
ID_RE = re.compile(r"^(country|org|person|place):[A-Za-z0-9_]+$")
QID_RE = re.compile(r"^Q[1-9][0-9]*$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ARABIC_RE = re.compile(r"[\u0600-\u06FF]")

errors = []
warnings = []


def err(msg):
    errors.append(msg)


def read_tsv(path, expected):
    rows = []
    header = None
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.endswith("\r"):
                err(f"{path}:{n}: CRLF line ending")
                line = line.rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = fields
                if header != expected:
                    err(f"{path}:{n}: header {header} != expected {expected}")
                continue
            if len(fields) != len(header):
                err(f"{path}:{n}: {len(fields)} fields, header has {len(header)}")
                continue
            for h, v in zip(header, fields):
                if v != v.strip():
                    err(f"{path}:{n}: column {h} has surrounding whitespace")
            rows.append((n, dict(zip(header, fields))))
    if header is None:
        err(f"{path}: no header line")
    return rows


def split_list(v):
    return [] if v == "" else v.split("|")


def parse_date(s, end=False):
    """'2014', '2014-08' or '2014-08-08' -> date (first or last day)."""
    parts = [int(p) for p in s.split("-")]
    y = parts[0]
    m = parts[1] if len(parts) > 1 else (12 if end else 1)
    if len(parts) > 2:
        d = parts[2]
    elif end:
        nxt = datetime.date(y + (m == 12), m % 12 + 1, 1)
        d = (nxt - datetime.timedelta(days=1)).day
    else:
        d = 1
    return datetime.date(y, m, d)


def normalise(s):
    s = unicodedata.normalize("NFC", s)
    s = "".join(c for c in s if not ("\u064B" <= c <= "\u065F" or c in "\u0670\u0640"))
    s = re.sub("[أإآٱ]", "ا", s)
    s = s.replace("ة", "ه").replace("ى", "ي")
    return s.casefold()


def ambiguous_list(readme):
    """Surface forms in the first cell ('| `form` |') of the table rows under
    the README.md heading '## Ambiguous surface forms' (up to the next heading)."""
    allowed = set()
    if not os.path.exists(readme):
        warnings.append("README.md not found: no ambiguous forms allowed")
        return allowed
    in_section = False
    with open(readme, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                in_section = line.strip() == "## " + AMBIGUOUS_HEADING
                continue
            m = re.match(r"^\|\s*`([^`]+)`", line)
            if in_section and m:
                allowed.add(m.group(1))
    if not allowed:
        warnings.append(f"README.md has no rows under '## {AMBIGUOUS_HEADING}'")
    return allowed


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv[1:]
    d = args[0] if args else os.path.dirname(os.path.abspath(__file__))
    allowed = ambiguous_list(os.path.join(d, "README.md"))

    data = {}
    for fname, (kind, cols) in FILES.items():
        path = os.path.join(d, fname)
        if not os.path.exists(path):
            err(f"{fname}: missing")
            continue
        data[fname] = read_tsv(path, cols)

    ids = {}
    qids = defaultdict(list)
    surface = defaultdict(set)        # form -> ids
    for fname, rows in data.items():
        kind = FILES[fname][0]
        for n, r in rows:
            where = f"{fname}:{n}"
            i = r["id"]
            if not ID_RE.match(i):
                err(f"{where}: bad id {i!r}")
            elif i.split(":")[0] != PREFIX[kind]:
                err(f"{where}: id {i} should start with {PREFIX[kind]}:")
            if i in ids:
                err(f"{where}: duplicate id {i} (first at {ids[i]})")
            ids[i] = where
            if r["kind"] != kind:
                err(f"{where}: kind {r['kind']!r}, expected {kind!r}")
            if not r["name_ar"] or not ARABIC_RE.search(r["name_ar"]):
                err(f"{where}: name_ar empty or not Arabic")
            if not r["name_en"]:
                err(f"{where}: name_en empty")
            if r["wikidata"]:
                if not QID_RE.match(r["wikidata"]):
                    err(f"{where}: bad wikidata id {r['wikidata']!r}")
                qids[r["wikidata"]].append(i)
            al = split_list(r["aliases"])
            if "" in al:
                err(f"{where}: empty alias (stray '|')")
            for a, c in Counter(al).items():
                if c > 1:
                    err(f"{where}: alias {a!r} repeated")
                if a in (r["name_ar"], r["name_en"]):
                    err(f"{where}: alias {a!r} repeats a canonical name")
                if a != a.strip():
                    err(f"{where}: alias {a!r} has surrounding whitespace")
            for form in {r["name_ar"], r["name_en"], *al} - {""}:
                surface[form].add(i)

    for q, who in qids.items():
        if len(who) > 1:
            err(f"wikidata {q} used by several entities: {', '.join(who)}")

    def ref_ok(ref, prefix=None):
        return ref in ids and (prefix is None or ref.startswith(prefix + ":"))

    # countries
    nisba_owner = {}
    capital_owner = defaultdict(set)
    for n, r in data.get("countries.tsv", []):
        where = f"countries.tsv:{n}"
        if not re.match(r"^[A-Z]{2}$", r["iso2"]):
            err(f"{where}: bad iso2 {r['iso2']!r}")
        elif r["id"] != "country:" + r["iso2"]:
            err(f"{where}: id {r['id']} does not match iso2 {r['iso2']}")
        ns = split_list(r["nisba"])
        for x in ns:
            if not x:
                err(f"{where}: empty nisba form")
            elif x in nisba_owner and nisba_owner[x] != r["id"]:
                err(f"{where}: nisba {x!r} also in {nisba_owner[x]}")
            elif x in nisba_owner:
                err(f"{where}: nisba {x!r} repeated")
            nisba_owner[x] = r["id"]
            if x in surface and x not in allowed:
                err(f"{where}: nisba {x!r} is also a name/alias of {sorted(surface[x])}")
        caps = split_list(r["capitals"])
        for c, k in Counter(caps).items():
            if not c:
                err(f"{where}: empty capital")
            if k > 1:
                err(f"{where}: capital {c!r} repeated")
            capital_owner[c].add(r["id"])
    for c, owners in capital_owner.items():
        if len(owners) > 1 and c not in allowed:
            err(f"capital {c!r} shared by {sorted(owners)} and not listed as ambiguous")
        clash = {o for o in surface.get(c, ()) if o.startswith(("country:", "org:", "person:"))} - owners
        if clash and c not in allowed:
            err(f"capital {c!r} of {sorted(owners)} is also a name/alias of {sorted(clash)}; list it as ambiguous")

    # organizations
    for n, r in data.get("organizations.tsv", []):
        where = f"organizations.tsv:{n}"
        if r["org_type"] not in ORG_TYPES:
            err(f"{where}: org_type {r['org_type']!r} not in {sorted(ORG_TYPES)}")
        if r["country"] and not ref_ok(r["country"], "country"):
            err(f"{where}: unknown country {r['country']!r}")

    # places
    for n, r in data.get("places.tsv", []):
        where = f"places.tsv:{n}"
        if not ref_ok(r["country"], "country"):
            err(f"{where}: country {r['country']!r} is not a known country id")
        if r["place_type"] not in PLACE_TYPES:
            err(f"{where}: place_type {r['place_type']!r} not in {sorted(PLACE_TYPES)}")
        if bool(r["lat"]) != bool(r["lon"]):
            err(f"{where}: lat and lon must both be given or both empty")
        elif r["lat"]:
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except ValueError:
                err(f"{where}: bad lat/lon {r['lat']!r},{r['lon']!r}")

    # persons
    role_count = 0
    for n, r in data.get("persons.tsv", []):
        where = f"persons.tsv:{n}"
        for c in split_list(r["nationality"]):
            if not ref_ok(c, "country"):
                err(f"{where}: nationality {c!r} is not a known country id")
        for role in split_list(r["roles"]):
            role_count += 1
            parts = role.split("@")
            if len(parts) != 3:
                err(f"{where}: role {role!r} is not office@entity@from..to")
                continue
            office, ent, span = parts
            if not office or not ARABIC_RE.search(office):
                err(f"{where}: role {role!r}: office must be Arabic text")
            if ent and not ref_ok(ent):
                err(f"{where}: role {role!r}: unknown entity {ent!r}")
            if span.count("..") != 1:
                err(f"{where}: role {role!r}: span must be FROM..TO (either may be empty)")
                continue
            a, b = span.split("..")
            try:
                da = parse_date(a) if a else None
                db = parse_date(b, end=True) if b else None
                for s in (a, b):
                    if s and not DATE_RE.match(s):
                        raise ValueError(s)
            except ValueError:
                err(f"{where}: role {role!r}: dates must be YYYY, YYYY-MM or YYYY-MM-DD")
                continue
            if da and db and da > db:
                err(f"{where}: role {role!r}: from after to")

    # cross-file surface forms
    amb_used = set()
    for form, owners in sorted(surface.items()):
        if len(owners) > 1:
            if form in allowed:
                amb_used.add(form)
            else:
                err(f"surface form {form!r} shared by {sorted(owners)}; make it unique or list it in README.md")
    for form in sorted(allowed):
        in_caps = len(capital_owner.get(form, ())) > 1 or (
            form in capital_owner and set(surface.get(form, ())) - capital_owner[form])
        if form not in amb_used and not in_caps and len(surface.get(form, ())) < 2 \
                and form not in nisba_owner:
            warnings.append(f"README lists {form!r} as ambiguous but it is not shared")

    norm = defaultdict(set)
    for form, owners in surface.items():
        norm[normalise(form)].update(owners)
    soft = {k: v for k, v in norm.items() if len(v) > 1}
    soft_new = {k: v for k, v in soft.items()
                if not any(normalise(f) == k and f in allowed for f in surface)}

    # report
    print("gazetteer check:", d)
    total = 0
    for fname, rows in data.items():
        total += len(rows)
        extra = ""
        if fname == "organizations.tsv":
            c = Counter(r["org_type"] for _, r in rows)
            extra = "  (" + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ")"
        if fname == "places.tsv":
            c = Counter(r["place_type"] for _, r in rows)
            extra = "  (" + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ")"
            extra += f"  with lat/lon: {sum(1 for _, r in rows if r['lat'])}"
        if fname == "persons.tsv":
            extra = f"  roles: {role_count}"
        if fname == "countries.tsv":
            extra = (f"  nisba forms: {len(nisba_owner)}  capitals: {len(capital_owner)}")
        nal = sum(len(split_list(r["aliases"])) for _, r in rows)
        nq = sum(1 for _, r in rows if r["wikidata"])
        print(f"  {fname:18} {len(rows):4} entities  {nal:5} aliases  {nq:4} wikidata ids{extra}")
    print(f"  total {total} entities, {len(surface)} distinct surface forms, "
          f"{len(allowed)} forms listed as ambiguous in README.md")
    print(f"  {len(soft_new)} forms collide only after Arabic normalisation" +
          ("" if verbose else " (-v lists them)"))
    if verbose:
        for k, v in sorted(soft_new.items()):
            print(f"    ~ {k}: {sorted(v)}")
    for w in warnings:
        print("  warning:", w)
    for e in errors:
        print("  ERROR:", e)
    print("OK" if not errors else f"FAILED: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
