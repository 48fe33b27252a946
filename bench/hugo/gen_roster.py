#!/usr/bin/env python3
"""Generate a synthetic, deterministic roster of French school establishments.

Usage: gen_roster.py N OUTDIR [--seed SEED] [--csv ANNUAIRE.csv]

Writes OUTDIR/roster.json:
  {
    "seed": ..., "count": N,
    "establishments": [ {uai, name, kind, commune, code_postal, departement,
                         departement_code, academie, region, collectivite,
                         responsable, dpo: {name, email, phone}, website,
                         updated}, ... ],
    "treatments":     [ the 3 treatments of ent-rgpd's benchmark roster,
                         bench/national.py (id, title, responsibility, processor,
                         purposes, data categories, retention, recipients,
                         legal basis, ...) ]
  }

Everything is derived from random.Random(seed): same N + seed => same bytes.
The data is synthetic (names, UAIs, communes are made up); it only has to look
like the real thing for a rendering benchmark.

With --csv (e.g. shared/data/annuaire-education.csv, 46,462 real
establishments, sorted by UAI), the establishments are real instead: the first N
rows in UAI order (the order of the file, re-sorted here to be safe). For N larger
than the file, rows are repeated (pass 2, 3, ...) with an altered UAI: same
3-digit departement prefix, the highest 4-digit sequence number still unused in
that prefix, and the correct check letter, so every UAI stays valid and unique.
Fields the annuaire does not have (DPO name/phone, collectivite, responsable) are
derived deterministically from the seed, the academie and the type.
"""

import argparse
import json
import os
import random
import sys
import unicodedata

# (code, name, academie, region) -- a subset of French departments is enough.
DEPARTEMENTS = [
    ("01", "Ain", "Lyon", "Auvergne-Rhône-Alpes"),
    ("02", "Aisne", "Amiens", "Hauts-de-France"),
    ("06", "Alpes-Maritimes", "Nice", "Provence-Alpes-Côte d'Azur"),
    ("13", "Bouches-du-Rhône", "Aix-Marseille", "Provence-Alpes-Côte d'Azur"),
    ("14", "Calvados", "Normandie", "Normandie"),
    ("17", "Charente-Maritime", "Poitiers", "Nouvelle-Aquitaine"),
    ("21", "Côte-d'Or", "Dijon", "Bourgogne-Franche-Comté"),
    ("25", "Doubs", "Besançon", "Bourgogne-Franche-Comté"),
    ("29", "Finistère", "Rennes", "Bretagne"),
    ("2A", "Corse-du-Sud", "Corse", "Corse"),
    ("31", "Haute-Garonne", "Toulouse", "Occitanie"),
    ("33", "Gironde", "Bordeaux", "Nouvelle-Aquitaine"),
    ("34", "Hérault", "Montpellier", "Occitanie"),
    ("35", "Ille-et-Vilaine", "Rennes", "Bretagne"),
    ("37", "Indre-et-Loire", "Orléans-Tours", "Centre-Val de Loire"),
    ("38", "Isère", "Grenoble", "Auvergne-Rhône-Alpes"),
    ("44", "Loire-Atlantique", "Nantes", "Pays de la Loire"),
    ("45", "Loiret", "Orléans-Tours", "Centre-Val de Loire"),
    ("49", "Maine-et-Loire", "Nantes", "Pays de la Loire"),
    ("51", "Marne", "Reims", "Grand Est"),
    ("54", "Meurthe-et-Moselle", "Nancy-Metz", "Grand Est"),
    ("57", "Moselle", "Nancy-Metz", "Grand Est"),
    ("59", "Nord", "Lille", "Hauts-de-France"),
    ("62", "Pas-de-Calais", "Lille", "Hauts-de-France"),
    ("63", "Puy-de-Dôme", "Clermont-Ferrand", "Auvergne-Rhône-Alpes"),
    ("64", "Pyrénées-Atlantiques", "Bordeaux", "Nouvelle-Aquitaine"),
    ("67", "Bas-Rhin", "Strasbourg", "Grand Est"),
    ("69", "Rhône", "Lyon", "Auvergne-Rhône-Alpes"),
    ("75", "Paris", "Paris", "Île-de-France"),
    ("76", "Seine-Maritime", "Normandie", "Normandie"),
    ("77", "Seine-et-Marne", "Créteil", "Île-de-France"),
    ("78", "Yvelines", "Versailles", "Île-de-France"),
    ("80", "Somme", "Amiens", "Hauts-de-France"),
    ("83", "Var", "Nice", "Provence-Alpes-Côte d'Azur"),
    ("86", "Vienne", "Poitiers", "Nouvelle-Aquitaine"),
    ("87", "Haute-Vienne", "Limoges", "Nouvelle-Aquitaine"),
    ("91", "Essonne", "Versailles", "Île-de-France"),
    ("92", "Hauts-de-Seine", "Versailles", "Île-de-France"),
    ("93", "Seine-Saint-Denis", "Créteil", "Île-de-France"),
    ("94", "Val-de-Marne", "Créteil", "Île-de-France"),
    ("95", "Val-d'Oise", "Versailles", "Île-de-France"),
    ("971", "Guadeloupe", "Guadeloupe", "Guadeloupe"),
    ("974", "La Réunion", "La Réunion", "La Réunion"),
]

PERSONNALITES = [
    "Jules Ferry", "Jean Jaurès", "Victor Hugo", "Louise Michel", "Marie Curie",
    "Jean Moulin", "Jacques Prévert", "Paul Bert", "Simone Veil", "Albert Camus",
    "Antoine de Saint-Exupéry", "Jean de La Fontaine", "Louis Pasteur", "Condorcet",
    "Voltaire", "Molière", "George Sand", "Colette", "Olympe de Gouges",
    "Joséphine Baker", "Aimé Césaire", "Gisèle Halimi", "Lucie Aubrac",
    "Germaine Tillion", "Paul Éluard", "Arthur Rimbaud", "Émile Zola",
    "Camille Claudel", "Pierre de Ronsard", "Alexandre Dumas", "Jean Rostand",
    "Marcel Pagnol", "Frédéric Mistral", "Rosa Parks", "Nelson Mandela",
    "Anne Frank", "Jean Zay", "Henri Wallon", "Françoise Dolto", "Maria Montessori",
]
LIEUX = ["du Centre", "des Tilleuls", "du Parc", "des Écureuils", "de la Gare",
         "du Bourg", "des Sources", "du Moulin", "des Lilas", "du Château"]

COMMUNE_A = ["Saint-", "Sainte-", "", "", "", "Le ", "La ", "Les ", "Villeneuve-", "Mont-"]
COMMUNE_B = ["Aubin", "Martin", "Germain", "Laurent", "Roche", "Fontaine", "Bourg",
             "Champ", "Vallon", "Pré", "Bois", "Val", "Marais", "Clos", "Ormeau",
             "Chêne", "Pont", "Ruisseau", "Fougère", "Bel-Air"]
COMMUNE_C = ["", "", "", "-sur-Loire", "-sur-Mer", "-les-Bains", "-en-Bresse",
             "-sur-Seine", "-le-Vieux", "-la-Forêt", "-d'Azergues", "-des-Prés"]

PRENOMS = ["Camille", "Dominique", "Claude", "Marie", "Jean", "Nathalie", "Sophie",
           "Pierre", "Isabelle", "Philippe", "Catherine", "Nicolas", "Valérie",
           "Laurent", "Sandrine", "Stéphane", "Céline", "Olivier", "Hélène", "Julien"]
NOMS = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
        "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy",
        "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
        "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Faure"]

UAI_KEY = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters, as in real UAI check keys


def slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    out = []
    for ch in s.lower():
        out.append(ch if ch.isalnum() else "-")
    return "-".join(p for p in "".join(out).split("-") if p)


def uai_prefix(dep_code):
    if dep_code == "2A":
        return "620"
    if dep_code == "2B":
        return "720"
    return dep_code.rjust(3, "0")


def uai_for(dep_code, number):
    prefix = uai_prefix(dep_code)
    num = int(prefix + "%04d" % number)
    return prefix + "%04d" % number + UAI_KEY[num % 23]


def phone(rng):
    return "0%d %02d %02d %02d %02d" % (rng.randint(1, 5), rng.randint(0, 99),
                                       rng.randint(0, 99), rng.randint(0, 99),
                                       rng.randint(0, 99))


def person(rng):
    return "%s %s" % (rng.choice(PRENOMS), rng.choice(NOMS))


def treatments():
    """The three treatments of ent-rgpd's benchmark roster (bench/national.py), same ids,
    same responsibilities and the same short values, so that both sites render the same
    register sheets (<uai>/registre/<id>/) and national register exports of comparable size."""
    base = ("Exécution d'une mission d'intérêt public (article 6.1.e du RGPD). "
            "Textes de référence : RGPD et code de l'éducation.")
    return [
        {
            "id": "ent",
            "title": "Gestion de l'espace numérique de travail",
            "responsibility": "conjointe",
            "processor": "Éditeur de la solution ENT",
            "created": "2020-09-01",
            "updated": "2025-09-01",
            "legal_basis": base,
            "article": "6.1.e",
            "purposes": ["Accès aux services numériques éducatifs",
                         "Gestion des comptes et des habilitations"],
            "persons": ["Élèves", "Responsables légaux", "Personnels de l'établissement"],
            "data_categories": ["Élèves : identité, classe",
                                "Responsables légaux : identité, coordonnées",
                                "Personnels de l'établissement : identité, fonction"],
            "recipients": ["utilisateurs habilités de l'établissement"],
            "retention": ["durée de la scolarité", "journaux de connexion 12 mois"],
            "transfers": "aucun",
            "security": "chiffrement des échanges ; hébergement en France",
        },
        {
            "id": "messagerie",
            "title": "Messagerie de l'ENT",
            "responsibility": "propre",
            "processor": "",
            "created": "2020-09-01",
            "updated": "2024-09-01",
            "legal_basis": base,
            "article": "6.1.e",
            "purposes": ["Échanges entre les membres de la communauté éducative"],
            "persons": ["Élèves", "Responsables légaux", "Personnels de l'établissement"],
            "data_categories": ["Élèves : identité, messages",
                                "Personnels de l'établissement : identité, messages"],
            "recipients": ["destinataires des messages"],
            "retention": ["un an après la fin de l'année scolaire"],
            "transfers": "aucun",
            "security": "contrôle des accès",
        },
        {
            "id": "ressources",
            "title": "Ressources pédagogiques",
            "responsibility": "sous-traitance",
            "processor": "Éditeur de la solution ENT",
            "created": "2021-09-01",
            "updated": "2025-01-15",
            "legal_basis": base,
            "article": "6.1.e",
            "purposes": ["Accès aux ressources pédagogiques numériques"],
            "persons": ["Élèves", "Personnels de l'établissement"],
            "data_categories": ["Élèves : identifiant, classe"],
            "recipients": ["éditeurs de ressources"],
            "retention": ["année scolaire"],
            "transfers": "aucun",
            "security": "pseudonymisation",
        },
    ]


def build(n, seed):
    rng = random.Random(seed)
    counters = {d[0]: rng.randint(100, 3000) for d in DEPARTEMENTS}
    dpo_by_academie = {}
    for _, _, acad, _ in DEPARTEMENTS:
        if acad not in dpo_by_academie:
            dpo_by_academie[acad] = {
                "name": person(rng),
                "email": "dpd@ac-%s.fr" % slug(acad),
                "phone": phone(rng),
            }
    communes_by_dep = {}
    establishments = []
    for i in range(n):
        dep_code, dep_name, acad, region = rng.choice(DEPARTEMENTS)
        if counters[dep_code] >= 9999:  # keep 4-digit sequence numbers
            dep_code, dep_name, acad, region = min(
                DEPARTEMENTS, key=lambda d: counters[d[0]])
        counters[dep_code] += 1
        uai = uai_for(dep_code, counters[dep_code])

        communes = communes_by_dep.setdefault(dep_code, [])
        if len(communes) < 40 or rng.random() < 0.3:
            commune = (rng.choice(COMMUNE_A) + rng.choice(COMMUNE_B)
                       + rng.choice(COMMUNE_C))
            communes.append(commune)
        else:
            commune = rng.choice(communes)

        r = rng.random()
        who = rng.choice(PERSONNALITES)
        if r < 0.80:
            kind = "ecole"
            name = "%s %s" % (rng.choice(["École maternelle", "École élémentaire",
                                          "École primaire"]),
                              who if rng.random() < 0.7 else rng.choice(LIEUX))
            collectivite = "Commune de %s" % commune
            responsable = ("Le directeur académique des services de l'Éducation "
                           "nationale (DASEN) du département : %s" % dep_name)
        elif r < 0.92:
            kind = "college"
            name = "Collège %s" % who
            collectivite = "Conseil départemental : %s" % dep_name
            responsable = "Le principal du %s" % name.replace("Collège", "collège")
        else:
            kind = "lycee"
            name = "%s %s" % (rng.choice(["Lycée", "Lycée polyvalent",
                                          "Lycée professionnel"]), who)
            collectivite = "Région %s" % region
            responsable = "Le proviseur du %s" % name.replace("Lycée", "lycée")

        cp_dep = {"2A": "20", "971": "97", "974": "97"}.get(dep_code, dep_code)
        code_postal = cp_dep + "%03d" % rng.randint(0, 990)
        if len(dep_code) == 3:
            code_postal = dep_code + "%02d" % rng.randint(0, 90)
        establishments.append({
            "uai": uai,
            "name": name,
            "kind": kind,
            "commune": commune,
            "code_postal": code_postal,
            "departement": dep_name,
            "departement_code": dep_code,
            "academie": acad,
            "region": region,
            "collectivite": collectivite,
            "responsable": responsable,
            "dpo": dict(dpo_by_academie[acad]),
            "website": "https://%s.etab.ac-%s.fr/" % (uai.lower(), slug(acad)),
            # date the establishment's register was last reviewed (ISO 8601)
            "updated": "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28)),
        })
    return {"seed": seed, "count": n, "establishments": establishments,
            "treatments": treatments()}


# --- real roster from the annuaire CSV ------------------------------------

TYPE_KIND = {
    "Ecole": "ecole", "Collège": "college", "Lycée": "lycee", "EREA": "erea",
    "Médico-social": "medico-social", "Service Administratif": "service",
    "Information et orientation": "cio", "Autre": "autre", "": "autre",
}


def uai_letter(digits):
    return UAI_KEY[int(digits) % 23]


def iso_date(date_source):
    """annuaire date_source -> ISO date ('2024-11-26', 'snapshot 2024-11', 'rentree 2022-2023')."""
    d = date_source.strip()
    if len(d) == 10 and d[4] == "-" and d[7] == "-":
        return d
    if d.startswith("snapshot "):
        return d[len("snapshot "):] + "-01"
    if d.startswith("rentree "):
        return d[len("rentree "):len("rentree ") + 4] + "-09-01"
    return "2024-09-01"


def csv_establishment(row, uai, dpo_by_academie):
    kind = TYPE_KIND.get(row["type"], "autre")
    name = row["nom"].strip() or ("Établissement %s" % uai)
    commune, dep_name, region = row["commune"], row["departement"], row["region"]
    acad = row["academie"]
    prive = row["statut"] == "Privé"
    if kind == "ecole":
        collectivite = "Commune de %s" % commune
        responsable = ("Le directeur académique des services de l'Éducation "
                       "nationale (DASEN) du département : %s" % dep_name)
    elif kind == "college":
        collectivite = "Conseil départemental : %s" % dep_name
        responsable = "Le chef d'établissement du %s" % name
    elif kind in ("lycee", "erea"):
        collectivite = "Région %s" % region
        responsable = "Le chef d'établissement du %s" % name
    else:
        collectivite = "Rectorat de l'académie de %s" % acad
        responsable = "Le recteur de l'académie de %s" % acad
    if prive:
        collectivite = "Organisme de gestion de l'établissement (%s)" % collectivite
    web = row["web"].strip()
    if not web.startswith("http"):
        web = "https://%s.etab.ac-%s.fr/" % (uai.lower(), slug(acad))
    return {
        "uai": uai,
        "name": name,
        "kind": kind,
        "commune": commune,
        "code_postal": row["code_postal"],
        "departement": dep_name,
        "departement_code": row["code_departement"],
        "academie": acad,
        "region": region,
        "collectivite": collectivite,
        "responsable": responsable,
        "dpo": dict(dpo_by_academie[acad]),
        "website": web,
        "updated": iso_date(row["date_source"]),
    }


def build_from_csv(n, seed, csv_path):
    import csv
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: r["uai"])
    if not rows:
        sys.exit("%s: no rows" % csv_path)
    rng = random.Random(seed)
    dpo_by_academie = {}
    for acad in sorted({r["academie"] for r in rows}):
        dpo_by_academie[acad] = {
            "name": person(rng),
            "email": "dpd@ac-%s.fr" % slug(acad),
            "phone": phone(rng),
        }
    used = {}  # 3-digit prefix -> set of used 4-digit sequence numbers
    for r in rows:
        used.setdefault(r["uai"][:3], set()).add(int(r["uai"][3:7]))
    next_free = {}  # prefix -> next candidate (counts down from 9999)

    def altered_uai(uai):
        prefix = uai[:3]
        seqs = used.setdefault(prefix, set())
        k = next_free.get(prefix, 9999)
        while k >= 0 and k in seqs:
            k -= 1
        if k < 0:
            sys.exit("no free UAI left in prefix %s" % prefix)
        seqs.add(k)
        next_free[prefix] = k - 1
        digits = prefix + "%04d" % k
        return digits + uai_letter(digits)

    establishments = []
    for i in range(n):
        row = rows[i % len(rows)]
        uai = row["uai"] if i < len(rows) else altered_uai(row["uai"])
        establishments.append(csv_establishment(row, uai, dpo_by_academie))
    return {"seed": seed, "count": n, "source": os.path.basename(csv_path),
            "establishments": establishments, "treatments": treatments()}


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of establishments")
    ap.add_argument("outdir", help="directory to write roster.json into")
    ap.add_argument("--seed", type=int, default=20240901)
    ap.add_argument("--csv", metavar="ANNUAIRE_CSV",
                    help="build the roster from real annuaire rows (first N by UAI; "
                         "repeated with altered UAIs beyond the file's size)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be >= 1")
    os.makedirs(args.outdir, exist_ok=True)
    if args.csv:
        data = build_from_csv(args.n, args.seed, args.csv)
    else:
        data = build(args.n, args.seed)
    uais = {e["uai"] for e in data["establishments"]}
    if len(uais) != args.n:
        sys.exit("internal error: duplicate UAI generated")
    path = os.path.join(args.outdir, "roster.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")
    kinds = {}
    for e in data["establishments"]:
        kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
    print("wrote %s: %d establishments (%s), %d treatments, %d bytes"
          % (path, args.n, ", ".join("%s=%d" % kv for kv in sorted(kinds.items())),
             len(data["treatments"]), os.path.getsize(path)))


if __name__ == "__main__":
    main(sys.argv[1:])
