//! Bundles: a dataset with its captures' content and chain of custody, in BagIt layout.
//! Exported from one instance and imported into another, ids, hashes and custody are
//! kept and exporting again gives the same bytes; a bundle changed by one byte, or with a
//! file its manifest does not list, is refused before anything is written; a bundle for
//! the public holds no content of a restricted source.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use daleel::ids::{NodeType, encode_id};
use daleel::seed::seed_id;
use daleel::service::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn bundle_dir(what: &str) -> PathBuf {
    std::env::temp_dir().join(format!("daleel-bundle-{what}-{}", uuid::Uuid::new_v4()))
}

fn copy_dir(from: &Path, to: &Path) {
    for (path, bytes) in files(from) {
        let target = to.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, bytes).unwrap();
    }
}

const CAPTURES: &str =
    r#"query($id: ID!) { node(id: $id) { ... on Source { captures { nodes { id sha256 } } } } }"#;
const CUSTODY: &str =
    r#"query($id: ID!) { node(id: $id) { ... on Capture { custody { action role detail } } } }"#;

fn snhr() -> String {
    encode_id(
        NodeType::Source,
        seed_id("source", "snhr-statement-2022-01-13"),
    )
}

async fn captures(app: &TestApp) -> Vec<Value> {
    app.query_ok(CAPTURES, json!({ "id": snhr() })).await["node"]["captures"]["nodes"]
        .as_array()
        .unwrap()
        .clone()
}

fn run(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = app.command(args);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

async fn a_bundle_round_trips_and_a_tampered_one_is_refused(app: TestApp) {
    // A capture added, and read once (a custody entry to carry over).
    let file = std::env::temp_dir().join(format!("daleel-bundle-{}.pdf", uuid::Uuid::new_v4()));
    std::fs::write(&file, b"%PDF-1.4 the judgment, as collected").unwrap();
    let out = app.command(&["capture", "add", &snhr(), file.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::remove_file(&file).ok();
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sha = added["sha256"].as_str().unwrap().to_owned();
    let read = app.get(&format!("/evidence/{sha}")).await;
    assert_eq!(read.status(), 200);

    let first = bundle_dir("first");
    let (ok, text) = run(&app, &["export", "--bundle", first.to_str().unwrap()]);
    assert!(ok, "{text}");
    let written = files(&first);
    let manifest = String::from_utf8(written["manifest-sha256.txt"].clone()).unwrap();
    assert!(written.contains_key("bagit.txt") && written.contains_key("tagmanifest-sha256.txt"));
    for (path, bytes) in written.iter().filter(|(p, _)| p.starts_with("data/")) {
        let line = format!("{}  {path}", daleel::evidence::sha256_of(bytes));
        assert!(
            manifest.lines().any(|l| l == line),
            "{line} not in\n{manifest}"
        );
    }
    let content_path = format!("data/evidence/{}/{sha}", &sha[..2]);
    assert_eq!(
        written[&content_path],
        b"%PDF-1.4 the judgment, as collected"
    );
    // Writing into a directory that holds something is refused.
    let (ok, text) = run(&app, &["export", "--bundle", first.to_str().unwrap()]);
    assert!(!ok && text.contains("not empty"), "{text}");

    // Another instance imports it: the capture, its content and its custody come too.
    let other = spawn_app(app.backend).await.unwrap();
    let (ok, text) = run(&other, &["import", "--bundle", first.to_str().unwrap()]);
    assert!(ok, "{text}");
    // Exported again from there, before anything else happens there: the same bytes.
    let second = bundle_dir("second");
    let (ok, text) = run(&other, &["export", "--bundle", second.to_str().unwrap()]);
    assert!(ok, "{text}");
    let again = files(&second);
    let changed: Vec<String> = written
        .keys()
        .chain(again.keys())
        .filter(|p| written.get(*p) != again.get(*p))
        .map(|p| {
            let (a, b) = (
                String::from_utf8_lossy(written.get(p).map_or(&[][..], |v| v)).into_owned(),
                String::from_utf8_lossy(again.get(p).map_or(&[][..], |v| v)).into_owned(),
            );
            let line = a.lines().zip(b.lines()).find(|(x, y)| x != y);
            format!("{p}: {line:?}")
        })
        .collect();
    assert!(
        changed.is_empty(),
        "the round trip changed the bundle: {changed:#?}"
    );

    let imported = captures(&other).await;
    assert!(
        imported
            .iter()
            .any(|c| c["id"] == added["id"] && c["sha256"] == sha),
        "{imported:?}"
    );
    let served = other.get(&format!("/evidence/{sha}")).await;
    assert_eq!(
        served.bytes().await.unwrap().as_ref(),
        b"%PDF-1.4 the judgment, as collected"
    );
    let admin = other.key(Role::Admin).await;
    let custody = other
        .query_as(&admin, CUSTODY, json!({ "id": added["id"] }))
        .await;
    let actions: Vec<&str> = custody["node"]["custody"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"ACCESSED") && actions.contains(&"IMPORTED"),
        "{custody:#}"
    );
    // The first instance noted the export.
    let admin_first = app.key(Role::Admin).await;
    let noted = app
        .query_as(&admin_first, CUSTODY, json!({ "id": added["id"] }))
        .await;
    assert!(noted.to_string().contains("EXPORTED"), "{noted:#}");

    // One byte changed, an extra file, a missing file: refused, nothing written.
    let fresh = spawn_app(app.backend).await.unwrap();
    let before = captures(&fresh).await;
    let tamper = |name: &str, change: &dyn Fn(&Path)| {
        let dir = bundle_dir(name);
        copy_dir(&first, &dir);
        change(&dir);
        dir
    };
    let flipped = tamper("flipped", &|dir| {
        let path = dir.join(&content_path);
        let mut bytes = std::fs::read(&path).unwrap();
        bytes[3] ^= 1;
        std::fs::write(path, bytes).unwrap();
    });
    let extra = tamper("extra", &|dir| {
        std::fs::write(dir.join("data/note.txt"), b"x").unwrap()
    });
    let missing = tamper("missing", &|dir| {
        std::fs::remove_file(dir.join(&content_path)).unwrap()
    });
    let forged = tamper("forged", &|dir| {
        // The content and its manifest line both changed: the tag manifest no longer holds.
        let path = dir.join(&content_path);
        std::fs::write(&path, b"forged").unwrap();
        let manifest = std::fs::read_to_string(dir.join("manifest-sha256.txt")).unwrap();
        let forged_sha = daleel::evidence::sha256_of(b"forged");
        std::fs::write(
            dir.join("manifest-sha256.txt"),
            manifest.replace(
                &format!("{sha}  {content_path}"),
                &format!("{forged_sha}  {content_path}"),
            ),
        )
        .unwrap();
    });
    for (dir, expected) in [
        (&flipped, content_path.as_str()),
        (&extra, "data/note.txt"),
        (&missing, content_path.as_str()),
        (&forged, "manifest-sha256.txt"),
    ] {
        let (ok, text) = run(&fresh, &["import", "--bundle", dir.to_str().unwrap()]);
        assert!(!ok, "{} was imported", dir.display());
        assert!(
            text.contains("does not verify") && text.contains(expected),
            "{text}"
        );
    }
    assert_eq!(captures(&fresh).await, before, "nothing was written");
    assert!(
        !fresh.evidence().path_of(&sha).exists(),
        "no content was stored"
    );

    // A bundle for the public holds no content of a restricted source.
    app.set_visibility("Source", &snhr(), "RESTRICTED").await;
    let public = bundle_dir("public");
    let (ok, text) = run(
        &app,
        &[
            "export",
            "--bundle",
            public.to_str().unwrap(),
            "--role",
            "public",
        ],
    );
    assert!(ok, "{text}");
    let published = files(&public);
    assert!(
        !published.keys().any(|p| p.ends_with(&sha)),
        "{:?}",
        published.keys()
    );
    let snhr_text = daleel::evidence::sha256_of(include_bytes!(
        "../../src/seed/texts/002_c2e90f8b8d505742.txt"
    ));
    assert!(!published.keys().any(|p| p.ends_with(&snhr_text)));
    assert!(
        published
            .keys()
            .filter(|p| p.starts_with("data/evidence/"))
            .count()
            == 2
    );
    assert_eq!(
        published["data/custody.json"], b"[]\n",
        "custody is for admins"
    );

    for dir in [first, second, flipped, extra, missing, forged, public] {
        std::fs::remove_dir_all(dir).ok();
    }
}

crate::backend_tests!(a_bundle_round_trips_and_a_tampered_one_is_refused);
