//! Hostile and arbitrary input never panics nor hangs: it gets a diagnostic (exit 1).

use ent_rgpd::error::Error;
use ent_rgpd::project;
use proptest::prelude::*;
use std::time::{Duration, Instant};

fn check_bytes(bytes: &[u8]) -> Result<(), Error> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("parties.yaml");
    std::fs::write(&path, bytes).unwrap();
    project::check(&path).map(|_| ())
}

/// Invalid input must come back as `Error::Invalid` with at least one located diagnostic.
fn assert_invalid(bytes: &[u8]) {
    match check_bytes(bytes) {
        Err(Error::Invalid(r)) => assert!(r.has_errors(), "Invalid without error"),
        Ok(()) => {} // arbitrary input may, rarely, be a valid empty-ish roster
        Err(e) => panic!("unexpected error kind: {e:?}"),
    }
}

const KEYS: &[&str] = &[
    "ent",
    "nom",
    "base_url",
    "parties",
    "etablissements",
    "traitements",
    "droits",
    "violations",
    "uai",
    "type",
    "id",
    "dpd",
    "courriel",
    "inclure",
    "departements",
    "scenario",
    "responsables",
    "donnees",
];

fn yaml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-zA-Z0-9 éà<>\"'&:/.-]{0,12}".prop_map(|s| format!("{s:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        Just("~".to_string()),
        Just("true".to_string()),
        Just("0570055A".to_string()),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..5).prop_map(|kv| {
                let body: Vec<String> = kv.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", body.join(", "))
            }),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        assert_invalid(&bytes);
    }

    #[test]
    fn arbitrary_yaml_documents_never_panic(
        entries in prop::collection::vec((prop::sample::select(KEYS), yaml_value()), 0..6)
    ) {
        let doc: String = entries.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
        assert_invalid(doc.as_bytes());
    }
}

#[test]
fn alias_bomb_is_stopped_quickly() {
    let mut doc = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        doc.push_str(&format!(
            "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    doc.push_str("ent: *a11\n");
    let start = Instant::now();
    assert!(matches!(check_bytes(doc.as_bytes()), Err(Error::Invalid(_))));
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "alias bomb took {:?}",
        start.elapsed()
    );
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    let doc = format!("ent: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let start = Instant::now();
    match check_bytes(doc.as_bytes()) {
        Err(Error::Invalid(r)) => assert!(r.has_errors()),
        other => panic!("{other:?}"),
    }
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn hostile_text_is_accepted_only_as_text() {
    // A hostile but well-formed value is not a validation error by itself (it is escaped
    // at render time); a javascript: URL is.
    let starter = include_str!("../src/cmd/init_parties.yaml");
    let hostile = starter.replacen("nom: Collège Barbot", "nom: \"<script>alert(1)</script>\"", 1);
    assert!(check_bytes(hostile.as_bytes()).is_ok());
    let js = starter.replacen("https://barbot.monbureaunumerique.fr", "\"javascript:alert(1)\"", 1);
    assert!(matches!(check_bytes(js.as_bytes()), Err(Error::Invalid(_))));
}
