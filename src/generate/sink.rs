//! Buffered bulk writing: rows are kept per table and written in batches, as multi-row
//! INSERTs sized under the backend's bind-parameter limit, or with COPY on PostgreSQL.
//! Everything is written in one transaction.

use std::fmt::Write as _;

use sea_orm::sea_query::{Alias, Query};
use sea_orm::sqlx;
use sea_orm::sqlx::postgres::PgConnection;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, EntityName,
    EntityTrait, IdenStatic, Iterable, ModelTrait, TransactionTrait, Value,
};

/// Rows held before everything buffered is written (bounds memory at any scale).
const FLUSH_EVERY: usize = 50_000;

/// Largest multi-row INSERT, in rows (beyond this, statements only get slower to parse).
const MAX_ROWS_PER_INSERT: usize = 1_000;

struct Table {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

enum Target {
    /// Multi-row INSERTs in a transaction, and (SQLite, an empty database) the secondary
    /// indexes to build once the rows are in.
    Sql(DatabaseTransaction, Vec<String>),
    /// COPY in a transaction, and the secondary indexes to build once the rows are in.
    Copy(sqlx::Transaction<'static, sqlx::Postgres>, Vec<String>),
}

/// Where generated rows go.
pub struct Sink {
    target: Target,
    backend: DbBackend,
    /// Buffers in the order tables were first seen, which is foreign-key order because
    /// the generator makes parents before children.
    tables: Vec<Table>,
    buffered: usize,
    pub written: u64,
}

impl Sink {
    /// Opens the transaction the whole dataset goes in; on PostgreSQL with `copy`, one
    /// pooled connection runs COPY inside its own transaction. With `rebuild_indexes`
    /// (an empty database), PostgreSQL's and SQLite's secondary indexes are dropped for
    /// the load and built again from their own definitions before commit: one sorted
    /// build is several times cheaper than a million random B-tree inserts.
    pub async fn open(
        db: &DatabaseConnection,
        copy: bool,
        rebuild_indexes: bool,
    ) -> Result<Sink, DbErr> {
        let backend = db.get_database_backend();
        let target = if copy && backend == DbBackend::Postgres {
            // COPY needs sqlx's own connection; its transaction rolls back if dropped.
            let mut tx = db
                .get_postgres_connection_pool()
                .begin()
                .await
                .map_err(sql_err)?;
            let mut rebuild = Vec::new();
            if rebuild_indexes {
                let indexes: Vec<(String, String)> = sqlx::query_as(
                    "SELECT indexname::text, indexdef FROM pg_indexes \
                     WHERE schemaname = current_schema() \
                     AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                )
                .fetch_all(&mut *tx)
                .await
                .map_err(sql_err)?;
                for (name, definition) in indexes {
                    sqlx::query(sqlx::AssertSqlSafe(format!("DROP INDEX {}", quote(&name))))
                        .execute(&mut *tx)
                        .await
                        .map_err(sql_err)?;
                    rebuild.push(definition);
                }
            }
            Target::Copy(tx, rebuild)
        } else {
            let txn = db.begin().await?;
            let mut rebuild = Vec::new();
            if backend == DbBackend::Sqlite {
                // A large page cache keeps SQLite from spilling the open transaction to
                // the WAL again and again (about 256 MiB, for this connection only).
                txn.execute_unprepared("PRAGMA cache_size = -262144")
                    .await?;
                if rebuild_indexes {
                    // As on PostgreSQL: millions of full-text rows go in several times
                    // faster without their indexes, built once at the end. (Indexes
                    // SQLite makes itself, for keys, have no `sql` and stay.)
                    let indexes = txn
                        .query_all_raw(sea_orm::Statement::from_string(
                            backend,
                            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
                        ))
                        .await?;
                    for row in indexes {
                        let name: String = row.try_get("", "name")?;
                        let definition: String = row.try_get("", "sql")?;
                        txn.execute_unprepared(&format!("DROP INDEX {}", quote(&name)))
                            .await?;
                        rebuild.push(definition);
                    }
                }
            }
            Target::Sql(txn, rebuild)
        };
        Ok(Sink {
            target,
            backend,
            tables: Vec::new(),
            buffered: 0,
            written: 0,
        })
    }

    /// Buffers one record; writes everything buffered when the buffers are full.
    pub async fn push<M: ModelTrait>(&mut self, model: M) -> Result<(), DbErr> {
        let entity = M::Entity::default();
        let name = entity.table_name();
        let index = match self.tables.iter().position(|t| t.name == name) {
            Some(i) => i,
            None => {
                self.tables.push(Table {
                    name: name.to_owned(),
                    columns: <M::Entity as EntityTrait>::Column::iter()
                        .map(|c| c.as_str().to_owned())
                        .collect(),
                    rows: Vec::new(),
                });
                self.tables.len() - 1
            }
        };
        let row = <M::Entity as EntityTrait>::Column::iter()
            .map(|c| model.get(c))
            .collect();
        self.tables[index].rows.push(row);
        self.buffered += 1;
        if self.buffered >= FLUSH_EVERY {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes everything buffered, parents first.
    pub async fn flush(&mut self) -> Result<(), DbErr> {
        for i in 0..self.tables.len() {
            let rows = std::mem::take(&mut self.tables[i].rows);
            if rows.is_empty() {
                continue;
            }
            self.written += rows.len() as u64;
            let table = &self.tables[i];
            match &mut self.target {
                Target::Sql(txn, _) => insert(txn, self.backend, table, rows).await?,
                Target::Copy(tx, _) => copy(tx, table, &rows).await?,
            }
        }
        self.buffered = 0;
        Ok(())
    }

    /// Writes what is left, runs `finishing` (derived columns the rows were written
    /// without), rebuilds the indexes and commits.
    pub async fn commit(mut self, finishing: &[String]) -> Result<u64, DbErr> {
        self.flush().await?;
        match self.target {
            Target::Sql(txn, rebuild) => {
                for statement in finishing.iter().chain(&rebuild) {
                    txn.execute_unprepared(statement).await?;
                }
                txn.commit().await?
            }
            Target::Copy(mut tx, rebuild) => {
                for statement in finishing.iter().chain(&rebuild) {
                    sqlx::query(sqlx::AssertSqlSafe(statement.clone()))
                        .execute(&mut *tx)
                        .await
                        .map_err(sql_err)?;
                }
                tx.commit().await.map_err(sql_err)?;
            }
        }
        Ok(self.written)
    }
}

/// The most bound values one statement may carry.
fn bind_limit(backend: DbBackend) -> usize {
    match backend {
        DbBackend::Sqlite => 32_766,
        _ => 65_535,
    }
}

async fn insert(
    txn: &DatabaseTransaction,
    backend: DbBackend,
    table: &Table,
    rows: Vec<Vec<Value>>,
) -> Result<(), DbErr> {
    let per_statement =
        (bind_limit(backend) / table.columns.len().max(1)).clamp(1, MAX_ROWS_PER_INSERT);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let mut stmt = Query::insert();
        stmt.into_table(Alias::new(&table.name))
            .columns(table.columns.iter().map(Alias::new));
        for row in rows.by_ref().take(per_statement) {
            stmt.values(row.into_iter().map(Into::into))
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        txn.execute(&stmt).await?;
    }
    Ok(())
}

async fn copy(conn: &mut PgConnection, table: &Table, rows: &[Vec<Value>]) -> Result<(), DbErr> {
    let statement = format!(
        "COPY {} ({}) FROM STDIN",
        quote(&table.name),
        table
            .columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut copy_in = conn.copy_in_raw(&statement).await.map_err(sql_err)?;
    let mut buf = String::with_capacity(1 << 20);
    for row in rows {
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                buf.push('\t');
            }
            copy_text(&mut buf, value)?;
        }
        buf.push('\n');
        if buf.len() > (1 << 20) {
            copy_in.send(buf.as_bytes()).await.map_err(sql_err)?;
            buf.clear();
        }
    }
    if !buf.is_empty() {
        copy_in.send(buf.as_bytes()).await.map_err(sql_err)?;
    }
    copy_in.finish().await.map_err(sql_err)?;
    Ok(())
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// One value in COPY's text format (`\N` for NULL, backslash escapes).
fn copy_text(buf: &mut String, value: &Value) -> Result<(), DbErr> {
    let null = |buf: &mut String| buf.push_str("\\N");
    match value {
        Value::Bool(v) => match v {
            Some(b) => buf.push(if *b { 't' } else { 'f' }),
            None => null(buf),
        },
        Value::Int(v) => match v {
            Some(n) => write!(buf, "{n}").map_err(fmt_err)?,
            None => null(buf),
        },
        Value::BigInt(v) => match v {
            Some(n) => write!(buf, "{n}").map_err(fmt_err)?,
            None => null(buf),
        },
        Value::Double(v) => match v {
            Some(n) => write!(buf, "{n}").map_err(fmt_err)?,
            None => null(buf),
        },
        Value::String(v) => match v {
            Some(s) => escape(buf, s),
            None => null(buf),
        },
        Value::Uuid(v) => match v {
            Some(u) => write!(buf, "{}", u.hyphenated()).map_err(fmt_err)?,
            None => null(buf),
        },
        Value::ChronoDate(v) => match v {
            Some(d) => write!(buf, "{}", d.format("%Y-%m-%d")).map_err(fmt_err)?,
            None => null(buf),
        },
        Value::ChronoDateTimeUtc(v) => match v {
            Some(t) => write!(buf, "{}", t.format("%Y-%m-%d %H:%M:%S%.6f+00")).map_err(fmt_err)?,
            None => null(buf),
        },
        other => {
            return Err(DbErr::Custom(format!(
                "the generator cannot COPY a value of this type: {other:?}"
            )));
        }
    }
    Ok(())
}

fn escape(buf: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => buf.push_str("\\\\"),
            '\t' => buf.push_str("\\t"),
            '\n' => buf.push_str("\\n"),
            '\r' => buf.push_str("\\r"),
            c => buf.push(c),
        }
    }
}

fn sql_err(e: sqlx::Error) -> DbErr {
    DbErr::Custom(format!("bulk load: {e}"))
}

fn fmt_err(e: std::fmt::Error) -> DbErr {
    DbErr::Custom(e.to_string())
}
