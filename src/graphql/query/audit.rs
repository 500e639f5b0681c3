//! The audit log, for admins: every write, who made it, and the record before and after.

use async_graphql::{Context, Enum, ID, InputObject, Json, Object, Result};
use entity::audit_log;
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait};

use crate::error::AppError;
use crate::graphql::connection::{Connection, Paging, list};
use crate::graphql::context::RequestState;
use crate::ids::{NodeType, decode_id, encode_id};
use crate::service::access::Role;
use crate::service::records::{Sort, SortKey};

/// One write.
#[derive(Clone)]
pub struct AuditEntry(pub audit_log::Model);

impl From<audit_log::Model> for AuditEntry {
    fn from(model: audit_log::Model) -> Self {
        AuditEntry(model)
    }
}

/// The audit log is read as it is: it is the record of every instant already.
impl crate::graphql::connection::ReadAt for AuditEntry {
    fn read_at(self, _: crate::graphql::connection::AsOf) -> Self {
        self
    }
}

/// What a write did.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
pub enum AuditOperation {
    /// A record was created.
    Create,
    /// A record was changed.
    Update,
    /// A record was archived.
    Archive,
    /// A record was restored.
    Restore,
    /// A record came in through an import.
    Import,
}

impl AuditOperation {
    fn as_db(self) -> &'static str {
        match self {
            AuditOperation::Create => "create",
            AuditOperation::Update => "update",
            AuditOperation::Archive => "archive",
            AuditOperation::Restore => "restore",
            AuditOperation::Import => "import",
        }
    }
}

/// One write, as the audit log keeps it.
#[Object]
impl AuditEntry {
    /// The entry's own id.
    async fn id(&self) -> ID {
        ID(encode_id(NodeType::AuditLog, self.0.id))
    }

    /// When the write was made.
    async fn at(&self) -> crate::graphql::scalars::DateTime {
        crate::graphql::scalars::DateTime(self.0.created_at)
    }

    /// The id of the API key that made it.
    async fn key_id(&self) -> Option<String> {
        self.0.key_id.map(|k| k.to_string())
    }

    /// The name of the API key that made it.
    async fn key_name(&self) -> Option<&str> {
        self.0.key_name.as_deref()
    }

    /// The role the write was made with.
    async fn role(&self) -> &str {
        &self.0.role
    }

    /// What was done: create, update, archive, restore, import.
    async fn operation(&self) -> &str {
        &self.0.operation
    }

    /// The type of the record written, e.g. `Facility`.
    async fn record_type(&self) -> &str {
        &self.0.record_type
    }

    /// The global id of the record written (it stays valid after archiving).
    async fn record_id(&self) -> ID {
        let node = crate::ids::NodeType::from_name(&self.0.record_type);
        ID(node.map_or_else(
            || self.0.record_id.to_string(),
            |t| encode_id(t, self.0.record_id),
        ))
    }

    /// The record before the write, as stored (null for a create).
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.0
            .before
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .map(Json)
    }

    /// The record after the write, as stored.
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.0
            .after
            .as_deref()
            .and_then(|a| serde_json::from_str(a).ok())
            .map(Json)
    }
}

/// Narrows the audit log.
#[derive(InputObject, Default)]
pub struct AuditFilter {
    /// Only writes to this record (archived or not).
    pub record_id: Option<ID>,
    /// Only writes of this kind.
    pub operation: Option<AuditOperation>,
    /// Only writes made with this API key (its id, as `daleel keys list` prints it).
    pub key_id: Option<String>,
}

#[derive(Default)]
pub struct AuditQuery;

#[Object]
impl AuditQuery {
    /// Every write, newest first. Admins only.
    #[allow(clippy::too_many_arguments)]
    // Not in a partner's supergraph: admins read it from daleel itself.
    #[graphql(
        complexity = "crate::graphql::limits::page_weight(first, last, child_complexity)",
        inaccessible
    )]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Keep only the writes matching every field given.")] filter: Option<
            AuditFilter,
        >,
        #[graphql(
            desc = "The first this many entries (after `after`); at most the page-size cap."
        )]
        first: Option<i32>,
        #[graphql(desc = "Start after the entry with this cursor.")] after: Option<String>,
        #[graphql(
            desc = "The last this many entries (before `before`); at most the page-size cap."
        )]
        last: Option<i32>,
        #[graphql(desc = "End before the entry with this cursor.")] before: Option<String>,
    ) -> Result<Connection<AuditEntry>> {
        let state = RequestState::of(ctx)?;
        if state.viewer.role != Role::Admin {
            return Err(AppError::Forbidden("the audit log is for admins".into()).into());
        }
        let filter = filter.unwrap_or_default();
        let col = |c: audit_log::Column| Expr::col((audit_log::Entity, c));
        let mut condition = Condition::all();
        if let Some(id) = &filter.record_id {
            condition = condition.add(col(audit_log::Column::RecordId).eq(decode_id(id)?.1));
        }
        if let Some(operation) = filter.operation {
            condition = condition.add(col(audit_log::Column::Operation).eq(operation.as_db()));
        }
        if let Some(key) = &filter.key_id {
            let key = uuid::Uuid::parse_str(key).map_err(|_| {
                AppError::bad_input("`keyId`: not a key id; use one `daleel keys list` prints")
            })?;
            condition = condition.add(col(audit_log::Column::KeyId).eq(key));
        }
        let sort = Sort {
            key: SortKey::CreatedAt,
            descending: true,
        };
        list::<audit_log::Entity, AuditEntry>(
            ctx,
            None,
            condition,
            sort,
            Paging::new(first, after, last, before),
        )
        .await
    }
}
