//! `daleel check`: every rule of the domain layer, over a whole database. A database
//! written only through the door passes; one edited by hand, restored from an old
//! backup or written by an older daleel may not, and this says where.
//!
//! For each record: its type's field rules and canonical form (trimmed text, known
//! codes, EDTF bounds that match the text), a known visibility and a sane version, the
//! records it points at (they exist, of an allowed type), the type's rules over other
//! rows (no branch loop), its derived visibility (as the rule computes it from what it
//! is about), and the names of hidden people in the text its readers see. (Unique slugs
//! the database's own indexes keep.)

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::{NodeType, encode_id};
use crate::records::on_record_type;
use crate::service::exposure::{self, NameIndex};
use crate::service::records::{Kind, references_of};
use crate::service::visibility::{Level, expected_levels};
use crate::service::vocab::Visibility;
use crate::service::{data_version, search, sort_copy, tally, visibility, write};

/// Rows read per statement.
const CHUNK: u64 = 1000;
/// Postings with a stale name copy listed at most (after a hand edit there can be a
/// million; the repair is the same for one or all).
const STALE_COPIES_SHOWN: u64 = 100;

/// What a check found.
#[derive(Debug, Default)]
pub struct Findings {
    /// Records checked.
    pub records: u64,
    /// One line per finding: the record, the field, what is wrong.
    pub lines: Vec<String>,
}

impl Findings {
    fn add(&mut self, node: NodeType, id: Uuid, column: &str, message: impl std::fmt::Display) {
        self.lines.push(format!(
            "{} {}: field `{column}`: {message}",
            node.name(),
            encode_id(node, id)
        ));
    }
}

/// Checks every record of `db`.
pub async fn run<C: ConnectionTrait>(db: &C) -> AppResult<Findings> {
    let names = NameIndex::load(db).await?;
    let mut findings = Findings::default();
    for &node in NodeType::RECORDS {
        on_record_type!(node, E => check_table::<E, C>(db, &names, &mut findings).await?, otherwise => ());
    }
    // What the domain layer keeps beside the records: the posting tally and the
    // postings' copies of their persons' names.
    findings.lines.extend(tally::differences(db).await?);
    findings
        .lines
        .extend(sort_copy::differences(db, STALE_COPIES_SHOWN).await?);
    Ok(findings)
}

/// Recomputes everything the domain layer derives from the records, in one write
/// transaction, and advances the data version (readers' caches follow). The records
/// themselves are not touched (`daleel check --repair`).
pub async fn repair(db: &DatabaseConnection) -> AppResult<()> {
    let txn = write::begin_write(db).await?;
    rederive(&txn).await?;
    data_version::advance(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Derives again, inside the caller's write transaction, what follows from the
/// records: effective visibility, the search keys, the postings' name copies and the
/// posting tally. Returns how many rows' visibility changed.
pub async fn rederive<C: ConnectionTrait>(txn: &C) -> AppResult<u64> {
    let changed = visibility::refresh_all(txn).await?;
    search::reindex_all(txn).await?;
    txn.execute(&sort_copy::update_all()).await?;
    for statement in tally::recount_all(txn.get_database_backend())? {
        txn.execute_raw(statement).await?;
    }
    Ok(changed)
}

async fn check_table<K: Kind, C: ConnectionTrait>(
    db: &C,
    names: &NameIndex,
    findings: &mut Findings,
) -> AppResult<()> {
    let mut after: Option<Uuid> = None;
    loop {
        let mut select = K::find().order_by_asc(K::id_col()).limit(CHUNK);
        if let Some(last) = after {
            select = select.filter(Expr::col((K::default(), K::id_col())).gt(last));
        }
        let models = select.all(db).await?;
        let Some(last) = models.last() else {
            return Ok(());
        };
        after = Some(K::id_of(last));
        let expected = expected_levels::<K, C>(db, &models).await?;
        for model in &models {
            findings.records += 1;
            let id = K::id_of(model);
            check_fields::<K>(model, findings);
            check_references::<K, C>(db, model, findings).await?;
            // The type's rules over other rows (a branch's parent chain without a loop).
            if let Err(err) = K::check_in(db, model).await {
                match err {
                    crate::error::AppError::Invalid(error) => {
                        findings.add(K::NODE, id, error.column, error.message)
                    }
                    other => return Err(other),
                }
            }
            let level = expected.get(&id).copied().unwrap_or(Level::Hidden);
            if K::effective_of(model) != level.as_db() {
                findings.add(
                    K::NODE,
                    id,
                    "effective_visibility",
                    format!(
                        "is `{}` but what the record is about makes it `{}`; run `daleel migrate` after clearing the column, or re-save the record",
                        K::effective_of(model),
                        level.as_db()
                    ),
                );
            }
            let except = exposure::self_person::<K>(model);
            let translations = crate::service::translations::of::<K>(model);
            let texts = crate::service::records::visible_texts::<K>(model, &translations);
            if let Some((column, person)) = names.first_exposure(&texts, level, except) {
                findings
                    .lines
                    .push(exposure::describe(K::NODE, id, column, person));
            }
        }
    }
}

/// The type's field rules, and whether the stored row is in their canonical form.
fn check_fields<K: Kind>(model: &K::Model, findings: &mut Findings) {
    let id = K::id_of(model);
    let mut canonical = model.clone();
    match crate::service::records::check_row::<K>(&mut canonical) {
        Err(error) => findings.add(K::NODE, id, error.column, error.message),
        Ok(()) if canonical != *model => findings.add(
            K::NODE,
            id,
            "*",
            "is not stored in its canonical form (untrimmed text, a lower-case code, or EDTF bounds that do not match the text); save the record again",
        ),
        Ok(()) => {}
    }
    if Visibility::parse(K::visibility_of(model)).is_none() {
        findings.add(
            K::NODE,
            id,
            "visibility",
            format!("must be one of {}", Visibility::accepted()),
        );
    }
    if K::version_of(model) < 1 {
        findings.add(K::NODE, id, "version", "must be at least 1");
    }
}

/// The records a row points at exist and are of an allowed type.
async fn check_references<K: Kind, C: ConnectionTrait>(
    db: &C,
    model: &K::Model,
    findings: &mut Findings,
) -> AppResult<()> {
    let id = K::id_of(model);
    for (reference, node, target) in references_of::<K>(model) {
        let Some(node) = node.filter(|n| reference.allowed.contains(*n)) else {
            findings.add(
                K::NODE,
                id,
                reference.column,
                format!("must be the id of {}", reference.allowed.describe()),
            );
            continue;
        };
        let mut select = Query::select();
        select
            .column(Alias::new("id"))
            .from(Alias::new(node.table()))
            .and_where(Expr::col(Alias::new("id")).eq(target));
        if db.query_one(&select).await?.is_none() {
            findings.add(
                K::NODE,
                id,
                reference.column,
                format!("points at a {} that does not exist", node.name()),
            );
        }
    }
    Ok(())
}
