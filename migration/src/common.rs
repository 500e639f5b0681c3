//! Shared table-creation helpers.
//!
//! Every daleel table starts with the same six columns (see `docs/data-model.md`), EDTF
//! fields always expand to the same three columns, and foreign keys, indexes and slugs
//! follow one naming scheme. [`TableBuilder`] encodes those conventions once so the
//! per-table migrations only list what is specific to their table.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

/// The columns every table shares, in the order they are created.
#[derive(DeriveIden)]
pub enum Common {
    Id,
    CreatedAt,
    UpdatedAt,
    Visibility,
    Version,
    ArchivedAt,
}

/// Builds a `CREATE TABLE` statement plus the `CREATE INDEX` statements that go with it.
pub struct TableBuilder {
    table: String,
    backend: DbBackend,
    stmt: TableCreateStatement,
    indexes: Vec<IndexCreateStatement>,
}

impl TableBuilder {
    /// Starts a table with the common columns (`id` .. `archived_at`).
    pub fn new(manager: &SchemaManager, table: impl IntoIden) -> Self {
        let table = table.into_iden();
        let backend = manager.get_database_backend();
        let mut stmt = Table::create();
        stmt.table(table.clone())
            .col(uuid(Common::Id).primary_key())
            .col(timestamp_tz(backend, Common::CreatedAt, false))
            .col(timestamp_tz(backend, Common::UpdatedAt, false))
            .col(string_len(Common::Visibility, 16).default("public"))
            .col(integer(Common::Version).default(1))
            .col(timestamp_tz(backend, Common::ArchivedAt, true));
        Self {
            table: table.to_string(),
            backend,
            stmt,
            indexes: Vec::new(),
        }
    }

    /// Starts a table of internal rows with only an `id` key (not a record: no
    /// visibility, no versions).
    pub fn plain(manager: &SchemaManager, table: impl IntoIden) -> Self {
        let table = table.into_iden();
        let backend = manager.get_database_backend();
        let mut stmt = Table::create();
        stmt.table(table.clone())
            .col(uuid(Common::Id).primary_key());
        Self {
            table: table.to_string(),
            backend,
            stmt,
            indexes: Vec::new(),
        }
    }

    /// Adds a timestamp column that is never null.
    pub fn timestamp(mut self, column: impl IntoIden) -> Self {
        self.stmt.col(timestamp_tz(self.backend, column, false));
        self
    }

    /// Adds a nullable timestamp column (DATETIME(6) on MariaDB, as the common ones).
    pub fn timestamp_null(mut self, column: impl IntoIden) -> Self {
        self.stmt.col(timestamp_tz(self.backend, column, true));
        self
    }

    /// Adds a table-specific column.
    pub fn col(mut self, column: impl IntoColumnDef) -> Self {
        self.stmt.col(column);
        self
    }

    /// Adds `slug` string(128) not null with the unique index `uq_<table>_slug`.
    pub fn slug(mut self) -> Self {
        self.stmt.col(string_len("slug", 128));
        let name = format!("uq_{}_slug", self.table);
        self.indexes
            .push(self.index_stmt(name, "slug").unique().to_owned());
        self
    }

    /// Adds the three columns of an EDTF field `X`: `X` string(64) null (the EDTF
    /// text) and its computed bounds `X_earliest` / `X_latest` date null.
    pub fn edtf(mut self, field: impl IntoIden) -> Self {
        let field = field.into_iden().to_string();
        self.stmt
            .col(string_len_null(field.clone(), 64))
            .col(date_null(format!("{field}_earliest")))
            .col(date_null(format!("{field}_latest")));
        self
    }

    /// Adds an index `idx_<table>_<column>` on an already added column.
    pub fn index(mut self, column: impl IntoIden) -> Self {
        let column = column.into_iden();
        let name = format!("idx_{}_{}", self.table, column);
        self.indexes.push(self.index_stmt(name, column));
        self
    }

    /// Adds a foreign key `fk_<table>_<column>` from an already added column to
    /// `<references>.id` (ON DELETE RESTRICT, ON UPDATE CASCADE), and indexes the column.
    pub fn foreign_key(mut self, column: impl IntoIden, references: impl IntoIden) -> Self {
        let column = column.into_iden();
        self.stmt.foreign_key(
            ForeignKey::create()
                .name(format!("fk_{}_{}", self.table, column))
                .from(self.table.clone(), column.clone())
                .to(references, Common::Id)
                .on_delete(ForeignKeyAction::Restrict)
                .on_update(ForeignKeyAction::Cascade),
        );
        self.index(column)
    }

    /// Creates the table, then its indexes.
    pub async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        manager.create_table(self.stmt).await?;
        for index in self.indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    fn index_stmt(&self, name: String, column: impl IntoIden) -> IndexCreateStatement {
        Index::create()
            .name(name)
            .table(self.table.clone())
            .col(column)
            .to_owned()
    }
}

/// Drops a table (its indexes and foreign keys go with it).
pub async fn drop_table(manager: &SchemaManager<'_>, table: impl IntoIden) -> Result<(), DbErr> {
    manager
        .drop_table(Table::drop().table(table).to_owned())
        .await
}

/// A UTC timestamp column.
///
/// `timestamp with time zone` on PostgreSQL and SQLite. On MySQL/MariaDB SeaORM maps
/// that type to `TIMESTAMP`, which ends in 2038, converts through the session time zone
/// and (on MariaDB) may get an implicit `ON UPDATE CURRENT_TIMESTAMP`; `DATETIME(6)`
/// has none of these problems and keeps the same microsecond precision as PostgreSQL.
/// The app always writes UTC, so no zone information is lost.
fn timestamp_tz(backend: DbBackend, column: impl IntoIden, nullable: bool) -> ColumnDef {
    match (backend, nullable) {
        (DbBackend::MySql, false) => custom(column, "datetime(6)"),
        (DbBackend::MySql, true) => custom_null(column, "datetime(6)"),
        (_, false) => timestamp_with_time_zone(column),
        (_, true) => timestamp_with_time_zone_null(column),
    }
}
