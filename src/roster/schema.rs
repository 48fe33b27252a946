//! The JSON Schema of `parties.yaml` (`ent-rgpd schema`), for editors (VS Code's YAML
//! extension completes and checks keys with it).
//!
//! It is derived from the very types the loader deserializes ([`super::model`], with
//! `#[derive(JsonSchema)]`), so it cannot drift from them: the same keys, the same required
//! keys (neither `Option` nor `#[serde(default)]`), unknown keys refused
//! (`deny_unknown_fields` → `additionalProperties: false`). The closed vocabularies come from
//! the same constants `check` uses ([`crate::vocab`]). Descriptions are in French, for the DPO
//! who writes the file.
//!
//! Draft-07, the draft VS Code's YAML extension implements; every subschema inline.
//!
//! The roster types hold `Spanned` values (serde-saphyr's, a foreign type: no `JsonSchema`
//! impl can be written for it here), so each field names the schema of its value with
//! `#[schemars(with = "...")]`, one of the types below.

use super::model::OneOrMany;
use super::model::indexmap_like::Categories;
use schemars::generate::SchemaSettings;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// The schema of a roster file (the main one or an included one), as a JSON value.
pub fn schema() -> Schema {
    let mut schema = SchemaSettings::draft07()
        // Inline: an optional block is then `"type": ["object", "null"]` with its keys, not
        // `anyOf: [{$ref}, null]`, under which validators report one vague error for the
        // whole block instead of the key at fault.
        .with(|s| s.inline_subschemas = true)
        .into_generator()
        .into_root_schema_for::<super::model::RosterFile>();
    schema.insert("title".into(), "Fichier des parties d'ent-rgpd (parties.yaml)".into());
    schema
}

/// [`schema`], pretty-printed, with a final line break: what `ent-rgpd schema` prints and
/// `ent-rgpd init` writes to `parties.schema.json`.
pub fn to_json() -> String {
    let mut out = serde_json::to_string_pretty(&schema()).expect("a schema serializes");
    out.push('\n');
    out
}

/// The YAML types the loader reads as text: serde-saphyr turns a number or a boolean written
/// where text is expected into its text (`code: 12` is « 12 »), so the schema accepts them.
const TEXT: [&str; 3] = ["string", "number", "boolean"];

/// Declares value schemas, always inlined where they are used (each field adds its
/// description next to them).
macro_rules! value_schemas {
    ($($(#[$doc:meta])* $name:ident => $schema:expr;)*) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl JsonSchema for $name {
                fn inline_schema() -> bool {
                    true
                }
                fn schema_name() -> Cow<'static, str> {
                    stringify!($name).into()
                }
                fn json_schema(_: &mut SchemaGenerator) -> Schema {
                    $schema
                }
            }
        )*
    };
}

value_schemas! {
    /// Free text (a name, a sentence, a code).
    Scalar => json_schema!({ "type": TEXT });
    /// An id (`[a-z0-9-]+`, as `check` requires: ids become paths), or a role (roles are
    /// ids too).
    Slug => json_schema!({
        "type": TEXT,
        "pattern": "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
    });
    /// A UAI: 7 digits and the check letter, upper case.
    Uai => json_schema!({ "type": TEXT, "pattern": "^[0-9]{7}[A-Z]$" });
    /// An ISO date (YAML 1.2 reads `2025-09-01` as a string).
    Date => json_schema!({ "type": TEXT, "pattern": "^\\s*[0-9]{4}-[0-9]{2}-[0-9]{2}\\s*$" });
    /// An address on the web: `https://` (or `http://`).
    Url => json_schema!({ "type": TEXT, "pattern": "^\\s*[Hh][Tt][Tt][Pp][Ss]?://" });
    /// A bare e-mail address (no query that could add recipients to a `mailto:`).
    Email => json_schema!({
        "type": TEXT,
        "pattern": "^\\s*[^@\\s?&%#/]+@[^@\\s?&%#/]+\\.[^@\\s?&%#/]+\\s*$"
    });
    /// `base_legale`: a letter of GDPR Art. 6.1, free text after it.
    BaseLegale => json_schema!({ "type": TEXT, "pattern": "^\\s*6\\.1\\.[a-f]" });
    /// `ent.scenario`: the kit model.
    Scenario => json_schema!({ "type": "integer", "minimum": 1, "maximum": 3 });
    /// `type` of a party.
    PartyType => json_schema!({ "type": "string", "enum": crate::vocab::PARTY_TYPES });
    /// `type` of an establishment (also `competences`, `types`).
    EtabType => json_schema!({ "type": "string", "enum": crate::vocab::ETAB_TYPES });
    /// `statut` of an establishment.
    Statut => json_schema!({ "type": "string", "enum": crate::vocab::STATUTS });
    /// `responsabilite` of a treatment.
    Responsabilite => json_schema!({ "type": "string", "enum": crate::vocab::RESPONSABILITES });
    /// `demandeurs` of a rights rule.
    Demandeur => json_schema!({
        "type": "string",
        "enum": crate::vocab::keys(crate::vocab::DEMANDEURS).collect::<Vec<_>>()
    });
    /// `ent.verification_identite`.
    VerificationIdentite => json_schema!({ "type": "string", "enum": crate::vocab::VERIFICATIONS_IDENTITE });
    /// `ent.nature`.
    Nature => json_schema!({ "type": "string", "enum": crate::vocab::NATURES });
    /// `perimetre` of a breach rule.
    Perimetre => json_schema!({
        "type": "string",
        "enum": crate::vocab::keys(crate::vocab::PERIMETRES).collect::<Vec<_>>()
    });
    /// `grammaire.article`.
    Article => json_schema!({ "type": "string", "enum": crate::resolve::grammaire::ARTICLES });
    /// `grammaire.genre`.
    Genre => json_schema!({ "type": "string", "enum": crate::resolve::grammaire::GENRES });
}

/// `destinataire: academie` or `destinataire: [academie, dep-35]`.
impl JsonSchema for OneOrMany {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "OneOrMany".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let one = generator.subschema_for::<Slug>();
        json_schema!({
            "anyOf": [
                { "type": "string", "pattern": one.get("pattern") },
                { "type": "array", "items": one }
            ]
        })
    }
}

/// `donnees:`: category of persons → list of data, in the order written.
impl JsonSchema for Categories {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Categories".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": {
                "type": "array",
                "items": generator.subschema_for::<Scalar>()
            }
        })
    }
}
