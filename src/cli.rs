//! The subcommands other than `serve`.

use crate::config::{CaptureCommand, KeysCommand, Settings};
use crate::db::{self, StatementCounter};

type CliResult = Result<(), Box<dyn std::error::Error>>;

/// `daleel migrate`: apply pending migrations.
pub async fn migrate(settings: &Settings) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    println!("migrations applied");
    Ok(())
}

/// `daleel seed`: migrate, then load the built-in dataset (idempotent).
pub async fn seed(settings: &Settings) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    let store = crate::evidence::Store::new(settings.evidence_dir.clone());
    let report = crate::seed::load(&db, &store).await?;
    println!(
        "built-in dataset: {} records inserted, {} updated, {} already present",
        report.inserted, report.updated, report.already_present
    );
    if report.kept_edited > 0 {
        println!(
            "{} built-in records that this dataset corrects were changed by an editor and left as they are; compare them with src/seed/dataset.json",
            report.kept_edited
        );
    }
    Ok(())
}

/// `daleel generate`: migrate, then fill the database with a synthetic dataset.
pub async fn generate(
    settings: &Settings,
    scale: crate::generate::Scale,
    seed: u64,
    force: bool,
    copy: bool,
) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    let options = crate::generate::GenerateOptions {
        scale,
        seed,
        force,
        copy,
    };
    let report = crate::generate::generate(&db, options).await?;
    println!(
        "generated scale {} (seed {seed}): {} rows in {:.1} s",
        scale.name(),
        report.rows,
        report.elapsed.as_secs_f64()
    );
    Ok(())
}

/// `daleel keys …`: create, list and revoke API keys.
pub async fn keys(settings: &Settings, command: KeysCommand) -> CliResult {
    use crate::service::access::Role;
    use crate::service::keys;
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    match command {
        KeysCommand::Create { role, name } => {
            let role = Role::parse(&role).ok_or("unknown role")?;
            let key = keys::create(&db, &name, role)
                .await
                .map_err(|e| e.message())?;
            println!(
                "created key {} ({}, role {})",
                key.id,
                name.trim(),
                role.as_str()
            );
            println!("{}", key.secret);
            eprintln!("This is the only time the key is shown: store it now.");
        }
        KeysCommand::List => {
            println!(
                "{:<36}  {:<8}  {:<12}  {:<20}  {:<20}  name",
                "id", "role", "prefix", "created", "revoked"
            );
            for key in keys::list(&db).await.map_err(|e| e.message())? {
                let revoked = key.revoked_at.map_or("-".to_owned(), |t| {
                    t.format("%Y-%m-%d %H:%M:%S").to_string()
                });
                println!(
                    "{:<36}  {:<8}  {:<12}  {:<20}  {:<20}  {}",
                    key.id,
                    key.role,
                    key.prefix,
                    key.created_at.format("%Y-%m-%d %H:%M:%S"),
                    revoked,
                    key.name
                );
            }
        }
        KeysCommand::Revoke { id } => {
            if !keys::revoke(&db, id).await.map_err(|e| e.message())? {
                return Err(format!("no key with id {id}").into());
            }
            println!("revoked key {id}");
        }
    }
    Ok(())
}

/// `daleel export`: the whole record as a dataset file (or standard output); with a
/// role, only what that role may read.
pub async fn export(
    settings: &Settings,
    out: Option<std::path::PathBuf>,
    bundle: Option<std::path::PathBuf>,
    role: Option<String>,
    format: crate::config::ExportFormat,
) -> CliResult {
    use crate::service::access::{Role, Viewer};
    let viewer = match role.as_deref() {
        None => None,
        Some(name) => Some(Viewer::with_role(Role::parse(name).ok_or_else(|| {
            format!("unknown role `{name}`; use public, analyst, editor or admin")
        })?)),
    };
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    if let Some(dir) = bundle {
        let store = crate::evidence::Store::new(settings.evidence_dir.clone());
        let written = crate::evidence::bundle::export(
            &db,
            &store,
            viewer,
            Viewer::with_role(Role::Admin),
            &dir,
        )
        .await
        .map_err(|e| e.message())?;
        println!("{}", serde_json::to_string_pretty(&written)?);
        return Ok(());
    }
    if format == crate::config::ExportFormat::Ndjson {
        return export_ndjson(db, viewer, out).await;
    }
    let dataset = crate::service::exchange::export(&db, viewer)
        .await
        .map_err(|e| e.message())?;
    let mut text = serde_json::to_string_pretty(&dataset)?;
    text.push('\n');
    match out {
        Some(path) => std::fs::write(&path, text)?,
        None => print!("{text}"),
    }
    Ok(())
}

/// `daleel import FILE`: one transaction, as an admin working on the server itself.
pub async fn import(
    settings: &Settings,
    file: Option<std::path::PathBuf>,
    bundle: Option<std::path::PathBuf>,
) -> CliResult {
    use crate::service::access::{Role, Viewer};
    let author = crate::service::write::Author {
        viewer: Viewer::with_role(Role::Admin),
        // Not the file's path: it can name a person or a machine.
        reason: Some("daleel import, on the server's command line".to_owned()),
    };
    let report = match (file, bundle) {
        (_, Some(dir)) => {
            let db = db::connect(settings, &StatementCounter::default()).await?;
            db::migrate(&db).await?;
            let store = crate::evidence::Store::new(settings.evidence_dir.clone());
            crate::evidence::bundle::import(&db, &store, author, &dir)
                .await
                .map_err(|e| e.message())?
        }
        (Some(file), None) => {
            let text = std::fs::read_to_string(&file)?;
            let dataset = serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a daleel dataset: {e}", file.display()))?;
            let db = db::connect(settings, &StatementCounter::default()).await?;
            db::migrate(&db).await?;
            let store = crate::evidence::Store::new(settings.evidence_dir.clone());
            crate::service::exchange::import(&db, &store, author, dataset)
                .await
                .map_err(|e| e.message())?
        }
        (None, None) => return Err("give a dataset FILE or --bundle DIR".into()),
    };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

/// `daleel export --format ndjson`: each page of records written as it is read.
async fn export_ndjson(
    db: sea_orm::DatabaseConnection,
    viewer: Option<crate::service::access::Viewer>,
    out: Option<std::path::PathBuf>,
) -> CliResult {
    use std::io::Write;
    let mut writer: Box<dyn Write> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    let (lines, mut received) = crate::service::export_stream::channel();
    let producer = tokio::spawn(crate::service::export_stream::produce(db, viewer, lines));
    while let Some(chunk) = received.recv().await {
        writer.write_all(chunk.map_err(|e| e.message())?.as_bytes())?;
    }
    writer.flush()?;
    producer.await?;
    Ok(())
}

/// `daleel check`: every rule of the domain over the whole database. Prints one line per
/// finding and fails when there is one. With `repair`, recomputes what is derived from
/// the records first.
pub async fn check(settings: &Settings, repair: bool) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    if repair {
        crate::service::check::repair(&db)
            .await
            .map_err(|e| e.message())?;
        println!("recomputed effective visibility, search keys, the posting tally and name copies");
    }
    // Texts of captures whose content reached the store since: pinpoints into them are
    // checked against them below.
    let store = crate::evidence::Store::new(settings.evidence_dir.clone());
    crate::service::capture_texts::complete(&db, &store).await?;
    let findings = crate::service::check::run(&db)
        .await
        .map_err(|e| e.message())?;
    for finding in &findings.lines {
        println!("{finding}");
    }
    println!(
        "checked {} records: {} finding(s)",
        findings.records,
        findings.lines.len()
    );
    if findings.lines.is_empty() {
        Ok(())
    } else {
        Err(format!("{} finding(s); see above", findings.lines.len()).into())
    }
}

/// `daleel capture add`: store a file and record it as a capture of a source.
pub async fn capture(settings: &Settings, command: CaptureCommand) -> CliResult {
    use crate::service::access::{Role, Viewer};
    let CaptureCommand::Add {
        source_id,
        file,
        url,
        captured_at,
        media_type,
        captured_by,
        reason,
    } = command;
    let source = crate::ids::decode_id_of(crate::ids::NodeType::Source, &source_id)
        .map_err(|e| format!("SOURCE_ID: {}", e.message()))?;
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    let store = crate::evidence::Store::new(settings.evidence_dir.clone());
    let author = crate::service::write::Author {
        viewer: Viewer::with_role(Role::Admin),
        reason: Some(
            reason.unwrap_or_else(|| "daleel capture add, on the server's command line".to_owned()),
        ),
    };
    let described = crate::service::captures::Described {
        source_id: source,
        media_type,
        captured_at,
        url,
        captured_by,
        visibility: None,
    };
    let stored = crate::service::captures::add_file(&db, &store, author, &file, described)
        .await
        .map_err(|e| e.message())?;
    println!(
        "{}",
        serde_json::to_string_pretty(&serde_json::json!({
            "id": crate::ids::encode_id(crate::ids::NodeType::Capture, stored.id),
            "sha256": stored.sha256,
            "size": stored.size,
            "mediaType": stored.media_type,
        }))?
    );
    Ok(())
}

/// `daleel verify`: every capture's file against its record; fails when one is missing
/// or altered.
pub async fn verify(settings: &Settings) -> CliResult {
    let db = db::connect(settings, &StatementCounter::default()).await?;
    db::migrate(&db).await?;
    let store = crate::evidence::Store::new(settings.evidence_dir.clone());
    let report = crate::evidence::verify::verify(&db, &store)
        .await
        .map_err(|e| e.message())?;
    for finding in &report.findings {
        println!(
            "{} capture {} ({})",
            finding.problem.as_db(),
            crate::ids::encode_id(crate::ids::NodeType::Capture, finding.capture),
            finding.sha256
        );
    }
    println!(
        "checked {} captures: {} missing or altered",
        report.checked,
        report.findings.len()
    );
    if report.findings.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} capture(s) missing or altered; see above",
            report.findings.len()
        )
        .into())
    }
}
