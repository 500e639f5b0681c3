//! GraphQL object types. Each wraps one SeaORM model; relations resolve through the
//! request's DataLoader (see `connection.rs`), never by querying per parent.

mod agency;
mod branch;
mod charge;
mod citation;
mod enums;
mod facility;
mod facility_operation;
mod filters;
mod organization;
mod person;
mod posting;
mod source;
mod trial;
mod verdict;

pub use agency::Agency;
pub use branch::Branch;
pub use charge::Charge;
pub use citation::{Alias, Citation};
pub use enums::*;
pub use facility::Facility;
pub use facility_operation::FacilityOperation;
pub use filters::*;
pub use organization::Organization;
pub use person::Person;
pub use posting::Posting;
pub use source::Source;
pub use trial::Trial;
pub use verdict::Verdict;

/// How many aliases or citations one record returns (they are lists, not connections).
pub const MAX_LIST_ITEMS: u32 = 500;

/// Declares a GraphQL object over an entity model, with the fields every record has
/// (`id`, `createdAt`, `updatedAt`, `citations`; `aliases` for `named` records)
/// followed by the type's own fields.
macro_rules! record_object {
    ($(#[$doc:meta])* named $name:ident($module:ident) { $($body:tt)* }) => {
        crate::graphql::types::record_object! {
            $(#[$doc])* $name($module) {
                /// Other names of this record: Arabic script, transliterations,
                /// abbreviations, redacted forms as court reporting uses them.
                async fn aliases(
                    &self,
                    ctx: &async_graphql::Context<'_>,
                ) -> async_graphql::Result<Vec<crate::graphql::types::Alias>> {
                    crate::graphql::connection::all_children(
                        ctx,
                        crate::service::relations::SubjectAliases,
                        self.0.id,
                        crate::graphql::types::MAX_LIST_ITEMS,
                    )
                    .await
                }
                $($body)*
            }
        }
    };
    ($(#[$doc:meta])* $name:ident($module:ident) { $($body:tt)* }) => {
        $(#[$doc])*
        #[derive(Clone)]
        pub struct $name(pub entity::$module::Model);

        impl From<entity::$module::Model> for $name {
            fn from(model: entity::$module::Model) -> Self {
                $name(model)
            }
        }

        $(#[$doc])*
        #[async_graphql::Object]
        impl $name {
            /// Opaque global id, stable across restarts, exports and imports.
            pub async fn id(&self) -> async_graphql::ID {
                async_graphql::ID(crate::ids::encode_id(
                    <entity::$module::Entity as crate::service::record::Record>::NODE,
                    self.0.id,
                ))
            }

            /// When this record was first stored.
            async fn created_at(&self) -> crate::graphql::scalars::DateTime {
                crate::graphql::scalars::DateTime(self.0.created_at)
            }

            /// When this record was last changed.
            async fn updated_at(&self) -> crate::graphql::scalars::DateTime {
                crate::graphql::scalars::DateTime(self.0.updated_at)
            }

            /// The sources behind this record, each with the quoted passage and how sure
            /// it is. `field` keeps only the citations that support that field (e.g. `status`).
            async fn citations(
                &self,
                ctx: &async_graphql::Context<'_>,
                field: Option<String>,
            ) -> async_graphql::Result<Vec<crate::graphql::types::Citation>> {
                let all: Vec<crate::graphql::types::Citation> =
                    crate::graphql::connection::all_children(
                        ctx,
                        crate::service::relations::SubjectCitations,
                        self.0.id,
                        crate::graphql::types::MAX_LIST_ITEMS,
                    )
                    .await?;
                Ok(match field {
                    None => all,
                    Some(field) => all
                        .into_iter()
                        .filter(|c| c.0.field.as_deref() == Some(field.as_str()))
                        .collect(),
                })
            }

            $($body)*
        }
    };
}
pub(crate) use record_object;
