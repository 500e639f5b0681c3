//! Writes. A mutation only translates its input into the domain's types (ids decoded,
//! enums mapped, `null` and "omitted" told apart) and hands it to `service::write`, the
//! one door every write goes through; the rules themselves live in `service::records`.

mod agency;
mod alias;
mod branch;
mod capture;
mod charge;
mod citation;
mod event;
mod exchange;
mod facility;
mod facility_operation;
mod organization;
mod person;
mod posting;
mod records;
mod sanction;
mod source;
mod statistic;
mod testimony;
mod trial;
mod verdict;

use async_graphql::{ID, MaybeUndefined, MergedObject, Result};
use uuid::Uuid;

use crate::error::AppError;
use crate::graphql::types::Visibility;
use crate::ids::{NodeType, decode_id, decode_id_of};
use crate::service::records::Change;
use crate::service::vocab;

/// Declares `MutationRoot` from the table of record types: one mutation object per
/// record type (its module's `Mutation`), plus archiving and imports.
macro_rules! mutation_root {
    ([] $($(#[$doc:meta])* $variant:ident($table:ident) { $($flags:tt)* },)*) => {
        /// Everything that can be written.
        #[derive(MergedObject, Default)]
        // Named `Mutation`, the default root name a federation gateway looks for.
        #[graphql(name = "Mutation")]
        pub struct MutationRoot(
            records::RecordMutation,
            exchange::ExchangeMutation,
            $($table::Mutation,)*
        );
    };
}

crate::records::records_where!(node, mutation_root!);

pub(crate) use records::TranslationInput;

/// The domain's values of a mutation's optional `translations`.
pub(crate) fn translation_values(
    values: Option<Vec<TranslationInput>>,
) -> Vec<crate::service::write::TranslationValue> {
    values
        .unwrap_or_default()
        .into_iter()
        .map(Into::into)
        .collect()
}

/// Turns a mutation's input into the domain's input, decoding ids with the field named.
pub(crate) trait IntoDomain {
    type Domain;
    fn into_domain(self) -> Result<Self::Domain>;
}

/// The UUID of `id`, which must be an id of `node`; errors name `field`.
pub(crate) fn id_of(field: &str, node: NodeType, id: &ID) -> Result<Uuid> {
    decode_id_of(node, id)
        .map_err(|e| AppError::bad_input(format!("`{field}`: {}", e.message())).into())
}

/// The type and UUID of `id`, of any type (the domain checks which types it allows).
pub(crate) fn any_id(field: &str, id: &ID) -> Result<(NodeType, Uuid)> {
    decode_id(id).map_err(|e| AppError::bad_input(format!("`{field}`: {}", e.message())).into())
}

/// An optional id of `node`.
pub(crate) fn opt_id(field: &str, node: NodeType, id: Option<&ID>) -> Result<Option<Uuid>> {
    id.map(|id| id_of(field, node, id)).transpose()
}

/// A patch of a nullable field: omitted keeps it, `null` clears it.
pub(crate) fn change<T>(value: MaybeUndefined<T>) -> Change<T> {
    match value {
        MaybeUndefined::Undefined => Change::Keep,
        MaybeUndefined::Null => Change::Clear,
        MaybeUndefined::Value(v) => Change::Set(v),
    }
}

/// A patch of a nullable field holding a GraphQL enum, as the domain's vocabulary.
pub(crate) fn change_of<T: Into<U>, U>(value: MaybeUndefined<T>) -> Change<U> {
    change(value).map(Into::into)
}

/// A patch of a nullable reference to a record of `node`.
pub(crate) fn change_id(
    field: &str,
    node: NodeType,
    value: MaybeUndefined<ID>,
) -> Result<Change<Uuid>> {
    Ok(match value {
        MaybeUndefined::Undefined => Change::Keep,
        MaybeUndefined::Null => Change::Clear,
        MaybeUndefined::Value(id) => Change::Set(id_of(field, node, &id)?),
    })
}

/// The domain's visibility.
pub(crate) fn visibility(value: Option<Visibility>) -> Option<vocab::Visibility> {
    value.map(Into::into)
}

/// Declares a record type's `Mutation` object with its create and update mutations,
/// which turn their inputs into the domain's types and write through the door.
macro_rules! create_and_update {
    (
        object: $object:literal, entity: $table:ident, output: $output:ident,
        $(#[$create_doc:meta])* create: $create:ident($create_input:ident, $create_desc:literal),
        $(#[$update_doc:meta])* update: $update:ident($update_input:ident),
    ) => {
        #[derive(Default)]
        pub struct Mutation;

        #[async_graphql::Object(name = $object)]
        impl Mutation {
            $(#[$create_doc])*
            async fn $create(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = $create_desc)] input: $create_input,
                #[graphql(desc = "Its texts in other languages (or the status of its English), as `setTranslations` takes them: `[{ field: \"name\", lang: AR, text: \"…\", status: ORIGINAL }]`.")]
                translations: Option<Vec<crate::graphql::mutation::TranslationInput>>,
                #[graphql(desc = "Why you make this change, in brief; kept with the version in the record's `history`.")]
                reason: Option<String>,
            ) -> async_graphql::Result<$output> {
                let state = crate::graphql::context::RequestState::of(ctx)?;
                let author = crate::service::write::Author::new(state.viewer, reason)?;
                let new = crate::graphql::mutation::IntoDomain::into_domain(input)?;
                let stored = crate::service::write::create_translated::<entity::$table::Entity>(
                    &state.db,
                    author,
                    new,
                    crate::graphql::mutation::translation_values(translations),
                )
                .await?;
                Ok($output::from(stored))
            }

            $(#[$update_doc])*
            async fn $update(
                &self,
                ctx: &async_graphql::Context<'_>,
                #[graphql(desc = "The record's id.")] id: async_graphql::ID,
                #[graphql(desc = "The `version` you read; a stale one is a CONFLICT error.")]
                expected_version: i32,
                #[graphql(desc = "What to change.")] input: $update_input,
                #[graphql(desc = "Texts in other languages to set or remove (`text: null`) in the same change, as `setTranslations` takes them.")]
                translations: Option<Vec<crate::graphql::mutation::TranslationInput>>,
                #[graphql(desc = "Why you make this change, in brief; kept with the version in the record's `history`.")]
                reason: Option<String>,
            ) -> async_graphql::Result<$output> {
                let state = crate::graphql::context::RequestState::of(ctx)?;
                let author = crate::service::write::Author::new(state.viewer, reason)?;
                let uuid = crate::graphql::mutation::id_of(
                    "id",
                    <entity::$table::Entity as crate::service::records::Record>::NODE,
                    &id,
                )?;
                let patch = crate::graphql::mutation::IntoDomain::into_domain(input)?;
                let stored = crate::service::write::update_translated::<entity::$table::Entity>(
                    &state.db,
                    author,
                    uuid,
                    expected_version,
                    patch,
                    crate::graphql::mutation::translation_values(translations),
                )
                .await?;
                Ok($output::from(stored))
            }
        }
    };
}
pub(crate) use create_and_update;
