//! Who is asking, and what they may see. A record the viewer may not see is filtered
//! out in SQL, so it is absent from lists, counts, relations and lookups alike.

use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait, IntoColumnRef};

/// The caller's role: without a key, the public reader; with one, the key's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Role {
    #[default]
    Public,
    Analyst,
    Editor,
    Admin,
}

impl Role {
    /// The role's name as stored and as typed on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Public => "public",
            Role::Analyst => "analyst",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    /// Reads a role name; `reader` is the public role.
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "reader" | "public" => Some(Role::Public),
            "analyst" => Some(Role::Analyst),
            "editor" => Some(Role::Editor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// Whether this role may read sensitive personal fields (birth date, notes).
    pub fn reads_sensitive_fields(self) -> bool {
        self != Role::Public
    }

    /// The `visibility` values this role may read.
    pub fn visible_levels(self) -> &'static [&'static str] {
        match self {
            Role::Public => &["public"],
            Role::Analyst => &["public", "restricted"],
            Role::Editor | Role::Admin => &["public", "restricted", "confidential"],
        }
    }
}

/// The caller of one request: a role, and the API key that carries it (none for the
/// public reader), which the audit log records with every write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Viewer {
    pub role: Role,
    pub key: Option<uuid::Uuid>,
    /// The instant this viewer reads the records as of (`asOf`), from their versions
    /// (`service::versions`); `None` reads them as they are now.
    pub as_of: Option<chrono::DateTime<chrono::Utc>>,
}

impl Viewer {
    pub const PUBLIC: Viewer = Viewer {
        role: Role::Public,
        key: None,
        as_of: None,
    };

    /// A caller with `role` and no key (tools and tests that act as a role directly).
    pub fn with_role(role: Role) -> Viewer {
        Viewer {
            role,
            key: None,
            as_of: None,
        }
    }

    /// This viewer reading the records as they were at `at` (as they are now if `None`).
    pub fn as_of(self, at: Option<chrono::DateTime<chrono::Utc>>) -> Viewer {
        Viewer { as_of: at, ..self }
    }

    /// Rows this viewer may see, by their effective visibility (which is `hidden` for
    /// archived records and everything about them; see `service::visibility`).
    pub fn can_see<C: IntoColumnRef>(&self, effective_visibility: C) -> Condition {
        Condition::all()
            .add(Expr::col(effective_visibility).is_in(self.role.visible_levels().iter().copied()))
    }

    /// Whether this viewer may see a record whose effective visibility is `level`.
    pub fn may_see(&self, level: crate::service::visibility::Level) -> bool {
        self.role.visible_levels().contains(&level.as_db())
    }
}
