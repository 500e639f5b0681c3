//! Search at 100,000 names: the indexed key lookup against a plain substring scan.
//!
//! `cargo bench --bench search` (SQLite; set DALEEL_BENCH_POSTGRES_URL to a server URL such
//! as postgres://postgres@127.0.0.1:5432/test to also run on PostgreSQL in a fresh database).
//! Prints the median and p99 latency of each query kind, alternating the two methods
//! (A B A B) so that machine noise hits both alike.
// A benchmark whose set-up fails has nothing to report: it stops with the reason.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use chrono::Utc;
use daleel::ids::NodeType;
use daleel::search::normalize::normalize;
use daleel::service::access::Viewer;
use daleel::service::page::{Page, PageArgs, Window};
use daleel::service::records::Sort;
use daleel::service::{filter, lookup, search};
use entity::{alias, person};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, IntoActiveModel};
use uuid::Uuid;

const PERSONS: usize = 100_000;
const ROUNDS: usize = 40;

const FIRST: [&str; 20] = [
    "Anwar", "Eyad", "Mohammed", "Ahmad", "Hussein", "Khaled", "Omar", "Yousef", "Bassam", "Samer",
    "Rami", "Fadi", "Nizar", "Walid", "Jamil", "Hassan", "Ali", "Mahmoud", "Tarek", "Ziad",
];
const FIRST_AR: [&str; 20] = [
    "أنور",
    "إياد",
    "محمد",
    "أحمد",
    "حسين",
    "خالد",
    "عمر",
    "يوسف",
    "بسام",
    "سامر",
    "رامي",
    "فادي",
    "نزار",
    "وليد",
    "جميل",
    "حسن",
    "علي",
    "محمود",
    "طارق",
    "زياد",
];
const FAMILY: [&str; 25] = [
    "al-Gharib",
    "Raslan",
    "al-Hassan",
    "Mamlouk",
    "al-Ali",
    "Haddad",
    "Khoury",
    "al-Masri",
    "Shalish",
    "Makhlouf",
    "al-Sheikh",
    "Tlass",
    "Jamil",
    "Daher",
    "Suleiman",
    "al-Assaad",
    "Nasser",
    "Barakat",
    "Qassem",
    "Halabi",
    "Shami",
    "Zein",
    "Younes",
    "Khalil",
    "Habib",
];
const FAMILY_AR: [&str; 25] = [
    "الغريب",
    "رسلان",
    "الحسن",
    "مملوك",
    "العلي",
    "حداد",
    "خوري",
    "المصري",
    "شاليش",
    "مخلوف",
    "الشيخ",
    "طلاس",
    "جميل",
    "ضاهر",
    "سليمان",
    "الأسعد",
    "ناصر",
    "بركات",
    "قاسم",
    "حلبي",
    "شامي",
    "زين",
    "يونس",
    "خليل",
    "حبيب",
];

/// A deterministic name for person `i`: 500 combinations times a serial, so every name
/// is distinct and most share their words with thousands of others.
fn names(i: usize) -> (String, String) {
    let (f, g) = (i % FIRST.len(), (i / FIRST.len()) % FAMILY.len());
    let serial = i / (FIRST.len() * FAMILY.len());
    (
        format!("{} {} {serial}", FIRST[f], FAMILY[g]),
        format!("{} {} {serial}", FIRST_AR[f], FAMILY_AR[g]),
    )
}

async fn fill(db: &DatabaseConnection) -> Vec<Uuid> {
    let now = Utc::now();
    let mut ids = Vec::with_capacity(PERSONS);
    let mut persons = Vec::with_capacity(500);
    let mut aliases = Vec::with_capacity(500);
    for i in 0..PERSONS {
        let id = Uuid::new_v4();
        let (latin, arabic) = names(i);
        ids.push(id);
        persons.push(
            person::Model {
                translations: None,
                id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                slug: format!("person-{i}"),
                name: latin,
                roles: "officer".into(),
                gender: None,
                birth_date: None,
                nationality: Some("SY".into()),
                description: None,
                notes: None,
            }
            .into_active_model(),
        );
        aliases.push(
            alias::Model {
                id: Uuid::new_v4(),
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                subject_type: "person".into(),
                subject_id: id,
                name: arabic,
                language: Some("ar".into()),
                script: Some("Arab".into()),
                kind: "native".into(),
            }
            .into_active_model(),
        );
        if persons.len() == 500 {
            person::Entity::insert_many(std::mem::take(&mut persons))
                .exec_without_returning(db)
                .await
                .expect("insert persons");
            alias::Entity::insert_many(std::mem::take(&mut aliases))
                .exec_without_returning(db)
                .await
                .expect("insert aliases");
        }
    }
    if !persons.is_empty() {
        person::Entity::insert_many(persons)
            .exec_without_returning(db)
            .await
            .expect("insert persons");
        alias::Entity::insert_many(aliases)
            .exec_without_returning(db)
            .await
            .expect("insert aliases");
    }
    ids
}

fn window() -> Window {
    Window::new(
        PageArgs {
            first: Some(20),
            ..PageArgs::default()
        },
        100,
    )
    .expect("valid window")
}

async fn indexed(db: &DatabaseConnection, query: &str) -> u64 {
    let page = search::search(db, Viewer::PUBLIC, query, &[NodeType::Person], window())
        .await
        .expect("search");
    page.total.unwrap_or(0)
}

async fn scan(db: &DatabaseConnection, query: &str) -> u64 {
    // What the list filter does: a case-insensitive substring over names and aliases.
    let cond = filter::name_or_alias_contains::<person::Entity>(
        query,
        person::Column::Name,
        Viewer::PUBLIC,
    );
    let page: Page<person::Model> = lookup::list::<person::Entity, _>(
        db,
        Viewer::PUBLIC,
        cond,
        Sort::default(),
        window(),
        true,
    )
    .await
    .expect("scan");
    page.total.unwrap_or(0)
}

fn summary(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let p99 = samples[((samples.len() * 99) / 100).min(samples.len() - 1)];
    (ms(samples[samples.len() / 2]), ms(p99))
}

async fn run(label: &str, db: &DatabaseConnection) {
    Migrator::up(db, None).await.expect("migrate");
    let started = Instant::now();
    let ids = fill(db).await;
    let filled = started.elapsed();
    let started = Instant::now();
    search::reindex(db, &ids).await.expect("reindex");
    let indexed_in = started.elapsed();
    if db.get_database_backend() == sea_orm::DbBackend::Postgres {
        db.execute_unprepared("ANALYZE").await.expect("analyze");
    }
    println!(
        "\n{label}: {PERSONS} persons + {PERSONS} Arabic aliases stored in {:.1} s, search keys built in {:.1} s",
        filled.as_secs_f64(),
        indexed_in.as_secs_f64()
    );
    println!(
        "{:<34} {:>8} {:>12} {:>12} {:>12} {:>12} {:>8}",
        "query", "hits", "index p50", "index p99", "scan p50", "scan p99", "ratio"
    );
    for query in [
        "Raslan",
        "al-Gharib 17",
        "الغريب",
        "Mamlouk 3",
        "Rislan",
        "nobody-by-this-name",
    ] {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let mut hits = 0;
        for _ in 0..ROUNDS {
            let t = Instant::now();
            hits = indexed(db, query).await;
            a.push(t.elapsed());
            let t = Instant::now();
            scan(db, query).await;
            b.push(t.elapsed());
        }
        let ((a50, a99), (b50, b99)) = (summary(a), summary(b));
        println!(
            "{:<34} {hits:>8} {a50:>10.2}ms {a99:>10.2}ms {b50:>10.2}ms {b99:>10.2}ms {:>7.1}x",
            format!("{query} ({})", normalize(query)),
            b50 / a50
        );
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let path =
            std::env::temp_dir().join(format!("daleel-bench-{}.db", Uuid::new_v4().simple()));
        let db = Database::connect(format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("sqlite");
        run("SQLite", &db).await;
        drop(db);
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
        if let Ok(url) = std::env::var("DALEEL_BENCH_POSTGRES_URL") {
            let admin = Database::connect(&url).await.expect("postgres");
            let name = format!("daleel_bench_{}", Uuid::new_v4().simple());
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create");
            let base = url.rsplit_once('/').map_or(url.as_str(), |(b, _)| b);
            let db = Database::connect(format!("{base}/{name}"))
                .await
                .expect("bench db");
            run("PostgreSQL", &db).await;
            db.close().await.ok();
            admin
                .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .await
                .ok();
        }
    });
}
