//! `ent-rgpd init --ci gitlab` (issue 14): a `.gitlab-ci.yml` whose `pages` job checks the
//! roster, builds `public/` and hands it to GitLab Pages, on the default branch only.

use assert_cmd::Command;
use serde_json::Value;

fn init(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::cargo_bin("ent-rgpd")
        .unwrap()
        .current_dir(dir)
        .arg("init")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn init_ci_gitlab_writes_a_pages_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let out = init(dir.path(), &["ent", "--ci", "gitlab"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(".gitlab-ci.yml") && said.contains("ENT_RGPD_GIT"),
        "{said}"
    );
    assert!(dir.path().join("ent/parties.yaml").is_file());

    let text = std::fs::read_to_string(dir.path().join("ent/.gitlab-ci.yml")).unwrap();
    let ci: Value = serde_saphyr::from_str(&text).expect("valid YAML");
    let pages = &ci["pages"];
    assert!(pages.is_object(), "a job named pages: {ci:#}");
    let script: Vec<&str> = pages["script"]
        .as_array()
        .expect("a script")
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    let at = |cmd: &str| {
        script
            .iter()
            .position(|l| l.trim() == cmd)
            .unwrap_or_else(|| panic!("{cmd} in {script:#?}"))
    };
    let install = script
        .iter()
        .position(|l| l.starts_with("cargo install --locked") && l.contains("$ENT_RGPD_GIT"))
        .expect("ent-rgpd installed from its Git repository, with its Cargo.lock");
    assert!(install < at("ent-rgpd check"));
    assert!(at("ent-rgpd check") < at("ent-rgpd build --output public"));
    assert_eq!(pages["artifacts"]["paths"], serde_json::json!(["public"]));
    let rule = pages["rules"][0]["if"].as_str().unwrap();
    assert_eq!(rule, "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH");
    assert!(
        ci["variables"].get("ENT_RGPD_GIT").is_some(),
        "the variable is declared"
    );
    assert!(pages["image"].as_str().unwrap().starts_with("rust:"));

    // Never overwritten: a second init changes nothing.
    std::fs::write(dir.path().join("ent/.gitlab-ci.yml"), "# le mien\n").unwrap();
    std::fs::remove_file(dir.path().join("ent/parties.yaml")).unwrap();
    let _ = std::fs::remove_file(dir.path().join("ent/parties.schema.json"));
    let again = init(dir.path(), &["ent", "--ci", "gitlab"]);
    assert_eq!(again.status.code(), Some(3));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ent/.gitlab-ci.yml")).unwrap(),
        "# le mien\n"
    );
    assert!(!dir.path().join("ent/parties.yaml").exists(), "nothing written");
}

#[test]
fn init_without_ci_writes_no_pipeline() {
    let dir = tempfile::tempdir().unwrap();
    let out = init(dir.path(), &[]);
    assert!(out.status.success());
    assert!(dir.path().join("parties.yaml").is_file());
    assert!(!dir.path().join(".gitlab-ci.yml").exists());
}
