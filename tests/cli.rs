//! The command line speaks French throughout, clap's own words included (issue 14): the help
//! of every command, its errors, `completions` and `man`. A word of clap's English that
//! creeps back into any `--aide` fails here.

use assert_cmd::Command;
use std::collections::BTreeSet;

fn bin() -> Command {
    Command::cargo_bin("ent-rgpd").unwrap()
}

/// (exit code, stdout, stderr).
fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Every subcommand's name, from the same definition the program parses with.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = ent_rgpd::cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for expected in [
        "build",
        "check",
        "serve",
        "init",
        "export",
        "import",
        "completions",
        "man",
    ] {
        assert!(names.iter().any(|n| n == expected), "{expected} missing: {names:?}");
    }
    names
}

/// English words that clap writes by itself, or that a help written in haste would carry.
/// (Command and flag names are the interface, not prose: they are left out before the check.)
const ENGLISH: &[&str] = &[
    "usage",
    "print",
    "prints",
    "help",
    "default",
    "defaults",
    "possible",
    "value",
    "values",
    "commands",
    "command",
    "subcommand",
    "subcommands",
    "the",
    "of",
    "for",
    "and",
    "to",
    "with",
    "this",
    "show",
    "shows",
    "display",
    "file",
    "directory",
    "path",
    "write",
    "writes",
    "generate",
    "generates",
    "tip",
    "error",
    "see",
    "more",
    "information",
    "try",
    "when",
];

/// Placeholders (`<FICHIER>`) allowed in a help.
const PLACEHOLDERS: &[&str] = &[
    "FICHIER",
    "DOSSIER",
    "URL",
    "UAI",
    "FORMAT",
    "PORT",
    "COMMANDE",
    "ANNUAIRE.csv",
    "ACADEMIE",
    "DEPARTEMENT",
    "TYPE",
    "SHELL",
];

/// The English words and placeholders of `text`, flags (`--roster`), command names (at the
/// start of a line of the list of commands, or after `ent-rgpd`) left out.
fn english_words(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let mut tokens: Vec<&str> = line.split_whitespace().collect();
        // "  build   Génère le site…": the first word of an indented line may be a command.
        if line.starts_with("  ") && !tokens.is_empty() && !tokens[0].starts_with('-') {
            let first = tokens[0].trim_end_matches(':');
            if first.chars().all(|c| c.is_ascii_lowercase()) && ENGLISH.contains(&first) {
                // An English word at the head of a line is still English.
            } else if first.chars().all(|c| c.is_ascii_lowercase()) {
                tokens.remove(0);
            }
        }
        let mut after_program = false;
        for token in tokens {
            if token.starts_with("ent-rgpd") {
                after_program = true;
                continue;
            }
            if std::mem::take(&mut after_program) && token.chars().all(|c| c.is_ascii_lowercase()) {
                continue; // ent-rgpd build
            }
            if token.trim_start_matches(['[', '(']).starts_with('-') || token.contains('/') {
                continue; // a flag, or a path (themes/default/)
            }
            for inner in token.split('<').skip(1) {
                let name = inner.split('>').next().unwrap_or_default();
                if !PLACEHOLDERS.contains(&name) {
                    found.insert(format!("<{name}>"));
                }
            }
            for word in token.split(|c: char| !c.is_alphabetic()) {
                if ENGLISH.contains(&word.to_lowercase().as_str()) && !word.chars().all(|c| c.is_uppercase()) {
                    found.insert(word.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn the_word_list_catches_clap_english() {
    let clap_help = "Usage: ent-rgpd build [OPTIONS]\n\nOptions:\n      --roster <ROSTER>  Fichier [default: parties.yaml]\n  -h, --help  Print help\n";
    let found = english_words(clap_help);
    for w in ["Usage", "default", "Print", "help", "<ROSTER>"] {
        assert!(found.contains(w), "{w} not caught: {found:?}");
    }
    assert!(english_words("[possible values: human, json]").contains("possible"));
    assert!(english_words("Commands:\n  build  Génère").contains("Commands"));
    assert!(english_words("  help  Print this message").contains("help"));
    assert!(english_words("Commandes :\n  build  Génère le site\n      --output <DOSSIER>  Dossier").is_empty());
}

#[test]
fn help_of_every_command_is_french() {
    let mut pages = vec![vec![]];
    pages.extend(subcommands().into_iter().map(|s| vec![s]));
    for page in pages {
        for flag in ["--aide", "-h", "--help"] {
            let mut args: Vec<&str> = page.iter().map(String::as_str).collect();
            args.push(flag);
            let (code, stdout, stderr) = run(&args);
            assert_eq!(code, 0, "{args:?}: {stderr}");
            assert!(stdout.contains("Utilisation : ent-rgpd"), "{args:?}:\n{stdout}");
            assert!(stdout.contains("Options :"), "{args:?}:\n{stdout}");
            assert!(stdout.contains("-h, --aide"), "{args:?}:\n{stdout}");
            let english = english_words(&stdout);
            assert!(english.is_empty(), "{args:?}: English words {english:?} in:\n{stdout}");
            for clap in [
                "Usage",
                "[default",
                "possible values",
                "Print help",
                "Print version",
                "Commands:",
            ] {
                assert!(!stdout.contains(clap), "{args:?}: « {clap} » in:\n{stdout}");
            }
        }
    }
}

#[test]
fn every_flag_has_a_help() {
    fn walk(cmd: &clap::Command, path: &str) {
        for arg in cmd.get_arguments() {
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            assert!(help.len() > 10, "{path} {}: no help", arg.get_id());
        }
        for sub in cmd.get_subcommands() {
            assert!(sub.get_about().is_some(), "{path} {}: no description", sub.get_name());
            walk(sub, &format!("{path} {}", sub.get_name()));
        }
    }
    walk(&ent_rgpd::cli::command(), "ent-rgpd");
    // Defaults and possible values are said in French in the help itself.
    let (_, stdout, _) = run(&["check", "--aide"]);
    assert!(stdout.contains("par défaut : parties.yaml"), "{stdout}");
    assert!(stdout.contains("valeurs : humain"), "{stdout}");
    let (_, stdout, _) = run(&["import", "--aide"]);
    for flag in ["--academie", "--departement", "--type", "ANNUAIRE.csv"] {
        assert!(stdout.contains(flag), "{flag}: {stdout}");
    }
}

#[test]
fn version() {
    let (code, stdout, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.trim(), format!("ent-rgpd {}", env!("CARGO_PKG_VERSION")));
    let (_, stdout, _) = run(&["--aide"]);
    assert!(stdout.contains("Affiche la version"), "{stdout}");
}

#[test]
fn usage_errors_are_french_and_exit_2() {
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["build", "--rooster", "x"],
            &["option inconnue « --rooster »", "vouliez-vous dire « --roster »"],
        ),
        (
            &["bulid"],
            &["commande inconnue « bulid »", "vouliez-vous dire « build »"],
        ),
        (
            &["check", "--format", "xml"],
            &["valeur « xml » invalide pour « --format »", "humain, json"],
        ),
        (
            &["serve", "--port", "abc"],
            &["valeur « abc » invalide pour « --port »", "nombre entre 0 et 65535"],
        ),
        (&["import"], &["argument obligatoire manquant", "ANNUAIRE.csv"]),
        (&["completions", "tcsh"], &["valeur « tcsh » invalide", "bash"]),
        (&["export", "--format"], &["« --format » demande une valeur"]),
    ];
    for (args, expected) in cases {
        let (code, stdout, stderr) = run(args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
        for e in *expected {
            assert!(stderr.contains(e), "{args:?}: « {e} » not in:\n{stderr}");
        }
        assert!(stderr.starts_with("erreur : "), "{args:?}: {stderr}");
        assert!(stderr.contains("--aide"), "{args:?}: {stderr}");
        for clap in ["error:", "Usage", "tip:", "For more information", "--help"] {
            assert!(!stderr.contains(clap), "{args:?}: « {clap} » in:\n{stderr}");
        }
    }
    // Without a command: the help, on stderr, and exit 2.
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("Utilisation : ent-rgpd") && stderr.contains("Commandes :"),
        "{stderr}"
    );
}

#[test]
fn format_human_is_still_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["humain", "human"] {
        let out = bin()
            .current_dir(dir.path())
            .args(["check", "--format", f, "--roster", "absent.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{f}: a missing file, not a usage error");
    }
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, stdout, stderr) = run(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(stdout.contains("ent-rgpd"), "{shell}");
        assert!(stdout.contains("roster") && stdout.contains("aide"), "{shell}");
    }
    // Descriptions are the French ones.
    let (_, fish, _) = run(&["completions", "fish"]);
    assert!(fish.contains("Vérifie le fichier des parties"), "{fish}");
    assert!(!fish.contains("Print help"), "{fish}");
}

#[test]
fn man_pages_are_french() {
    let mut pages = vec![vec!["man".to_string()]];
    pages.extend(subcommands().into_iter().map(|s| vec!["man".to_string(), s]));
    for args in pages {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            stdout.starts_with(".ie") || stdout.contains(".TH "),
            "{args:?}: not roff"
        );
        assert!(stdout.contains(".SH NOM"), "{args:?}:\n{stdout}");
        for english in [
            ".SH NAME",
            ".SH SUBCOMMANDS",
            "Print help",
            "[default",
            "Possible values",
            "possible values",
        ] {
            assert!(!stdout.contains(english), "{args:?}: « {english} » in:\n{stdout}");
        }
    }
    let (code, _, stderr) = run(&["man", "bulid"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("commande inconnue « bulid »"), "{stderr}");
}

#[test]
fn aide_and_help_as_commands() {
    let (_, expected, _) = run(&["build", "--aide"]);
    for word in ["aide", "help"] {
        let (code, stdout, stderr) = run(&[word, "build"]);
        assert_eq!(code, 0, "{word}: {stderr}");
        assert_eq!(stdout, expected, "{word}");
    }
    let (code, stdout, _) = run(&["aide"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Commandes :"), "{stdout}");
}

#[test]
fn export_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let ok = bin().current_dir(dir.path()).arg("init").output().unwrap();
    assert!(ok.status.success());
    let export = |args: &[&str]| bin().current_dir(dir.path()).arg("export").args(args).output().unwrap();
    for (file, magic) in [
        ("r.xlsx", &b"PK"[..]),
        ("r.ods", b"PK"),
        ("r.JSON", b"["),
        ("r.csv", b""),
    ] {
        let out = export(&["--output", file]);
        assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        assert!(bytes.starts_with(magic), "{file}");
    }
    // --format wins over the extension.
    let out = export(&["--format", "csv", "--output", "x.json"]);
    assert!(out.status.success());
    assert!(!std::fs::read(dir.path().join("x.json")).unwrap().starts_with(b"["));
    // Neither: a usage error in French.
    for args in [&[][..], &["--output", "registre.txt"]] {
        let out = export(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("erreur : indiquez le format"), "{stderr}");
    }
}
