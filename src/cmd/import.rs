//! `ent-rgpd import`: ministry annuaire CSV → `etablissements:` YAML.
