#!/usr/bin/env python3
"""Build a national roster of N establishments from the real annuaire, for benchmarks.

Usage: bench/national.py N OUTDIR [--csv ../shared/data/annuaire-education.csv]

Writes OUTDIR/parties.yaml (every académie, région, département and commune that the
establishments need, three traitements, rights and breach routes) and
OUTDIR/etablissements/NNN.yaml (5,000 establishments each, listed by `inclure:`).
Rows past the 46,462 real ones repeat the data with new, valid UAIs.
"""
import csv, os, sys

LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
TYPES = {"Ecole": "ecole", "Collège": "college", "Lycée": "lycee", "EREA": "erea"}


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def clean(s):
    # C1 controls are windows-1252 characters read as latin-1 (e.g. \x9c is œ).
    return "".join(bytes([ord(c)]).decode("cp1252", "replace") if 0x80 <= ord(c) <= 0x9F else c for c in s).strip()


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "..", "shared", "data", "annuaire-education.csv")
    if "--csv" in sys.argv:
        path = sys.argv[sys.argv.index("--csv") + 1]
    rows = []
    with open(path, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            kind = TYPES.get(r["type"], "autre")
            if not r["code_departement"] or not r["code_academie"] or not r["code_region"]:
                continue
            if kind == "ecole" and not r["code_commune"]:
                continue
            rows.append((r, kind))
    used = {r["uai"] for r, _ in rows}
    etabs = []
    k = 0
    while len(etabs) < n:
        for r, kind in rows:
            if len(etabs) >= n:
                break
            uai = r["uai"]
            if k:
                d = (int(uai[:7]) * 7 + k * 104729) % 10_000_000
                while f"{d:07d}" + LETTERS[d % 23] in used:
                    d = (d + 1) % 10_000_000
                uai = f"{d:07d}" + LETTERS[d % 23]
                used.add(uai)
            etabs.append((uai, r, kind))
        k += 1

    acad, regions, deps, communes = {}, {}, {}, {}
    for _, r, kind in etabs:
        dep = r["code_departement"]
        acad.setdefault(r["code_academie"], (r["academie"], set()))[1].add(dep)
        regions.setdefault(r["code_region"], (r["region"], set()))[1].add(dep)
        deps[dep] = r["departement"] or dep
        if kind == "ecole":
            communes[r["code_commune"]] = clean(r["commune"]) or r["code_commune"]

    os.makedirs(os.path.join(out, "etablissements"), exist_ok=True)
    lines = [
        "inclure: [etablissements/*.yaml]",
        "ent:",
        "  nom: ENT national de démonstration",
        "  base_url: https://rgpd.ent.example.fr",
        "  scenario: 3",
        "  point_de_contact: etablissement",
        "  hebergeur: { nom: Hébergeur de démonstration, adresse: \"1 rue de l'Exemple, 75001 Paris\" }",
        "parties:",
    ]
    for code, (name, ds) in sorted(acad.items()):
        lines += [f"  - id: ac-{code.lower()}", "    type: academie", f"    nom: {q('Académie de ' + name)}",
                  f"    code: {q(code)}", f"    departements: [{', '.join(q(d) for d in sorted(ds))}]",
                  f"    dpd: {{ courriel: dpd@ac-{code.lower()}.fr }}"]
    for code, (name, ds) in sorted(regions.items()):
        lines += [f"  - id: region-{code.lower()}", "    type: region", f"    nom: {q('Région ' + (name or code))}",
                  f"    departements: [{', '.join(q(d) for d in sorted(ds))}]",
                  f"    dpd: {{ courriel: dpo@region-{code.lower()}.fr }}"]
    for code, name in sorted(deps.items()):
        lines += [f"  - id: dep-{code.lower()}", "    type: departement", f"    nom: {q('Département ' + name)}",
                  f"    departements: [{q(code)}]", f"    dpd: {{ courriel: dpd@dep-{code.lower()}.fr }}"]
    for code, name in sorted(communes.items()):
        lines += [f"  - id: commune-{code.lower()}", "    type: commune", f"    nom: {q('Commune de ' + name)}",
                  f"    code_commune: {q(code)}", f"    dpd: {{ courriel: dpd@commune-{code.lower()}.fr }}"]
    lines += ["  - id: editeur-ent", "    type: editeur", "    nom: Éditeur de la solution ENT"]
    lines += [TRAITEMENTS]
    with open(os.path.join(out, "parties.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")

    for i in range(0, len(etabs), 5000):
        chunk = ["etablissements:"]
        for uai, r, kind in etabs[i:i + 5000]:
            chunk += [f"  - uai: {uai}", f"    nom: {q(clean(r['nom']) or uai)}", f"    type: {kind}",
                      f"    commune: {q(clean(r['commune']))}", f"    departement: {q(r['code_departement'])}"]
            if r["code_commune"]:
                chunk.append(f"    code_commune: {q(r['code_commune'])}")
            if kind == "autre":
                chunk.append(f"    collectivite: region-{r['code_region'].lower()}")
            if r["web"].startswith("http"):
                chunk.append(f"    site_web: {q(r['web'])}")
        with open(os.path.join(out, "etablissements", f"{i // 5000:03d}.yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(chunk) + "\n")
    print(f"{len(etabs)} établissements, {len(acad)} académies, {len(communes)} communes -> {out}")


TRAITEMENTS = """traitements:
  - id: ent
    nom: Gestion de l'espace numérique de travail
    responsabilite: conjointe
    responsables: [academie, collectivite, etablissement]
    sous_traitants: [editeur-ent]
    obligatoire: true
    finalites: [Accès aux services numériques éducatifs, Gestion des comptes et des habilitations]
    base_legale: "6.1.e"
    references: [RGPD, code de l'éducation]
    personnes: [eleves, responsables_legaux, personnels]
    donnees: { eleves: [identité, classe], responsables_legaux: [identité, coordonnées], personnels: [identité, fonction] }
    destinataires: [utilisateurs habilités de l'établissement]
    conservation: [durée de la scolarité, journaux de connexion 12 mois]
    transferts_hors_ue: non
    mesures_securite: [chiffrement des échanges, hébergement en France]
    cree_le: 2020-09-01
    mis_a_jour_le: 2025-09-01
  - id: messagerie
    nom: Messagerie de l'ENT
    responsabilite: propre
    responsables: [etablissement]
    finalites: [Échanges entre les membres de la communauté éducative]
    base_legale: "6.1.e"
    personnes: [eleves, responsables_legaux, personnels]
    donnees: { eleves: [identité, messages], personnels: [identité, messages] }
    destinataires: [destinataires des messages]
    conservation: [un an après la fin de l'année scolaire]
    transferts_hors_ue: non
    mesures_securite: [contrôle des accès]
    cree_le: 2020-09-01
    mis_a_jour_le: 2024-09-01
  - id: ressources
    nom: Ressources pédagogiques
    responsabilite: sous_traitance
    responsables: [etablissement]
    sous_traitants: [editeur-ent]
    finalites: [Accès aux ressources pédagogiques numériques]
    base_legale: "6.1.e"
    personnes: [eleves, personnels]
    donnees: { eleves: [identifiant, classe] }
    destinataires: [éditeurs de ressources]
    conservation: [année scolaire]
    transferts_hors_ue: non
    mesures_securite: [pseudonymisation]
    cree_le: 2021-09-01
    mis_a_jour_le: 2025-01-15
droits:
  - demandeurs: [eleves, responsables_legaux, personnels]
    destinataire: etablissement
  - demandeurs: [personnels_collectivite]
    destinataire: collectivite
violations:
  - perimetre: ent
    notifie: region
    informe: [academie]
    delai: 48 heures
  - perimetre: etablissement
    notifie: etablissement"""

if __name__ == "__main__":
    main()
