#!/usr/bin/env python3
"""Re-creates the real-data extracts of tests/data from the ministry files they come from.

Usage: python3 tests/data/select.py DATA_DIR
DATA_DIR holds annuaire-education.csv and raw/ (the team's copy of the ministry open data,
see tests/data/README.md). Rows are copied byte for byte, in their original order; only the
selection below decides which rows are kept. Running it again gives the same files.
"""

import csv
import io
import sys
from collections import Counter
from pathlib import Path

src = Path(sys.argv[1])
out = Path(__file__).resolve().parent


def split_lines(raw: bytes, eol: bytes):
    """Header line and data lines, each with its end of line, bytes unchanged."""
    lines = raw.split(eol)
    assert lines[-1] == b"", "the file ends with an end of line"
    lines = [l + eol for l in lines[:-1]]
    return lines[0], lines[1:]


def parse(line: bytes, header: bytes, delimiter: str):
    text = header.decode("utf-8-sig") + line.decode("utf-8")
    return next(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def first(rows, pred, n):
    return [i for i, r in enumerate(rows) if pred(r)][:n]


def write(name: str, header: bytes, lines, keep):
    keep = sorted(set(keep))
    (out / name).write_bytes(header + b"".join(lines[i] for i in keep))
    print(f"{name}: {len(keep)} rows")


# --- raw/fr-en-annuaire-education_occitanie_2024-11-26.csv (72 columns, BOM, LF) ---------
header, lines = split_lines((src / "raw/fr-en-annuaire-education_occitanie_2024-11-26.csv").read_bytes(), b"\n")
rows = [parse(l, header, ";") for l in lines]
uai = lambda r: r["Identifiant_de_l_etablissement"]
ty = lambda r: r["Type_etablissement"]
dep = lambda r: r["Code_departement"]
agri = lambda r: ty(r) == "Lycée" and (r["Lycee_Agricole"] == "1" or r["ministere_tutelle"] == "AGRICULTURE")
twice = {u for u, n in Counter(map(uai, rows)).items() if n > 1}
keep = [i for i, r in enumerate(rows) if uai(r) in twice]  # every duplicated UAI
keep += [i for i, r in enumerate(rows) if uai(r) in {"0121445F", "0811008F", "0090073F"}]
keep += [i for i, r in enumerate(rows) if "Bugatet" in r["Adresse_1"] and r["Adresse_2"] == "BP 161"]
keep += first(rows, lambda r: ty(r) == "", 5)  # empty types
keep += first(rows, lambda r: ty(r) == "EREA", 5)  # all five
keep += first(rows, agri, 6)
keep += first(rows, lambda r: ty(r) == "Lycée" and not agri(r), 4)
for d in sorted(set(map(dep, rows))):
    keep += first(rows, lambda r: dep(r) == d, 2)
    for t in ("Collège", "Ecole"):
        keep += first(rows, lambda r: dep(r) == d and ty(r) == t, 3 if d in ("031", "034") else 1)
for t in ("Médico-social", "Service Administratif", "Information et orientation", "Autre"):
    keep += first(rows, lambda r: ty(r) == t, 1)
write("occitanie.csv", header, lines, keep)

# --- raw/fr-en-annuaire-education_val-de-marne-ecoles_2026-05-27.csv (71 columns, BOM, CRLF)
header, lines = split_lines((src / "raw/fr-en-annuaire-education_val-de-marne-ecoles_2026-05-27.csv").read_bytes(), b"\r\n")
rows = [parse(l, header, ";") for l in lines]
keep = list(range(24)) + [i for i, r in enumerate(rows) if r["Identifiant_de_l_etablissement"] == "0940209S"]
write("val-de-marne-ecoles.csv", header, lines, keep)

# --- annuaire-education.csv (merged national file, 21 columns, no BOM, LF, sorted by UAI) --
header, lines = split_lines((src / "annuaire-education.csv").read_bytes(), b"\n")
rows = [parse(l, header, ",") for l in lines]
ty = lambda r: r["type"]
dep = lambda r: r["code_departement"]
keep = first(rows, lambda r: dep(r) == "57" and ty(r) == "Collège", 6)
keep += [i for i, r in enumerate(rows) if r["uai"] in {"0570055A", "0721154N"}]
keep += first(rows, lambda r: dep(r) == "57" and ty(r) != "Collège", 3)
for d in ("54", "55", "88"):  # the rest of académie 12 (Nancy-Metz)
    keep += first(rows, lambda r: dep(r) == d and ty(r) == "Collège", 2)
keep += first(rows, lambda r: r["code_academie"] == "01", 4)  # Paris
keep += first(rows, lambda r: r["nom"] == "", 2)  # « A OUVRIR », no name yet
keep += first(rows, lambda r: '"' in r["nom"], 6)
keep += first(rows, lambda r: ty(r) == "", 6)
keep += first(rows, lambda r: r["web"] == "www.lgtbellevue.com", 1)
for d in ("2A", "2B", "971", "976", "988"):
    keep += first(rows, lambda r: dep(r) == d, 2)
keep += first(rows, lambda r: dep(r) == "72" and ty(r) == "Ecole", 2)
keep += first(rows, lambda r: dep(r) == "01" and ty(r) == "Collège", 12)  # private and public
keep += first(rows, lambda r: dep(r) == "01" and ty(r) == "Collège" and r["statut"].startswith("Priv"), 4)
keep += first(rows, lambda r: r["commune"] in ("SAINT MARTIN DE BAVEL", "LES NEYROLLES"), 2)
write("annuaire-education.csv", header, lines, keep)

# --- UAIs only: a sample of every prefix of the merged file, for the check-letter rule -----
codes = [l[:8].decode() for l in lines]
sample = set(codes[::50])
by_prefix = {}
for c in codes:
    by_prefix.setdefault(c[:3], []).append(c)
for group in by_prefix.values():
    sample.update((group[0], group[-1]))
(out / "uai.txt").write_text("".join(c + "\n" for c in sorted(sample)))
print(f"uai.txt: {len(sample)} UAIs, {len(by_prefix)} prefixes")
