//! A capture's chain of custody: who added it and who changed what is said of it (from
//! the audit log, which every write already keeps), and who read its content or which
//! export included it (`capture_custody`, appended to, never changed). For admins.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use entity::{audit_log, capture_custody};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::error::AppResult;
use crate::ids::NodeType;
use crate::service::access::Viewer;
use crate::service::batch::padded;
use crate::service::vocab::CustodyAction;

/// One entry of a chain of custody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Custody {
    pub at: DateTime<Utc>,
    pub action: CustodyAction,
    /// The role of who did it.
    pub role: String,
    /// The name of their API key, when they had one.
    pub key_name: Option<String>,
    /// What it concerned: an export's file, the byte range read.
    pub detail: Option<String>,
}

/// Notes that `viewer` did `action` to each of `captures` (reading content, exporting).
pub async fn note<C: ConnectionTrait>(
    db: &C,
    viewer: Viewer,
    action: CustodyAction,
    captures: &[Uuid],
    detail: Option<&str>,
) -> AppResult<()> {
    if captures.is_empty() {
        return Ok(());
    }
    let key_name = crate::service::keys::name_of(db, viewer).await?;
    let at = Utc::now().trunc_subsecs(6);
    let rows: Vec<_> = captures
        .iter()
        .map(|capture| {
            capture_custody::Model {
                id: Uuid::new_v4(),
                capture_id: *capture,
                at,
                action: action.as_db().into(),
                role: viewer.role.as_str().into(),
                key_name: key_name.clone(),
                detail: detail.map(str::to_owned),
            }
            .into_active_model()
        })
        .collect();
    for chunk in rows.chunks(500) {
        capture_custody::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The chains of custody of `captures`, oldest first.
pub async fn of<C: ConnectionTrait>(
    db: &C,
    captures: &[Uuid],
) -> AppResult<HashMap<Uuid, Vec<Custody>>> {
    let mut out: HashMap<Uuid, Vec<Custody>> = HashMap::new();
    for chunk in captures.chunks(500) {
        let writes = audit_log::Entity::find()
            .filter(audit_log::Column::RecordType.eq(NodeType::Capture.name()))
            .filter(audit_log::Column::RecordId.is_in(padded(chunk)))
            .all(db)
            .await?;
        for write in writes {
            let action = match write.operation.as_str() {
                "create" | "seed" => CustodyAction::Added,
                "archive" => CustodyAction::Archived,
                "restore" => CustodyAction::Restored,
                "import" => CustodyAction::Imported,
                _ => CustodyAction::Changed,
            };
            out.entry(write.record_id).or_default().push(Custody {
                at: write.created_at,
                action,
                role: write.role,
                key_name: write.key_name,
                detail: write.reason,
            });
        }
        let noted = capture_custody::Entity::find()
            .filter(capture_custody::Column::CaptureId.is_in(padded(chunk)))
            .all(db)
            .await?;
        for entry in noted {
            let Some(action) = CustodyAction::parse(&entry.action) else {
                continue;
            };
            out.entry(entry.capture_id).or_default().push(Custody {
                at: entry.at,
                action,
                role: entry.role,
                key_name: entry.key_name,
                detail: entry.detail,
            });
        }
    }
    for entries in out.values_mut() {
        entries.sort_by_key(|e| e.at);
    }
    Ok(out)
}
