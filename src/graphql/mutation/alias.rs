//! Other names of records: adding, changing and removing aliases.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, Result};
use entity::alias;

use crate::graphql::context::RequestState;
use crate::graphql::mutation::{IntoDomain, any_id, change, id_of, visibility};
use crate::graphql::types::{Alias, AliasKind, Visibility};
use crate::ids::NodeType;
use crate::service::records::alias::{AliasPatch, NewAlias};
use crate::service::write;

/// Another name for a record.
#[derive(InputObject)]
pub struct AddAliasInput {
    /// The agency, branch, facility, person, organization, trial or source it names.
    pub record_id: ID,
    /// The name as written, e.g. `سجن الخطيب` or `Anwar R.`.
    pub name: String,
    /// Its language, BCP 47 (e.g. `ar`).
    pub language: Option<String>,
    /// Its script, ISO 15924 (e.g. `Arab`).
    pub script: Option<String>,
    /// How it relates to the main name.
    pub kind: AliasKind,
}

/// Changes to an alias: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateAliasInput {
    /// The name as written.
    pub name: Option<String>,
    /// Its language (BCP 47), or null.
    pub language: MaybeUndefined<String>,
    /// Its script (ISO 15924), or null.
    pub script: MaybeUndefined<String>,
    /// How it relates to the main name.
    pub kind: Option<AliasKind>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for AddAliasInput {
    type Domain = NewAlias;
    fn into_domain(self) -> Result<NewAlias> {
        Ok(NewAlias {
            subject: any_id("recordId", &self.record_id)?,
            name: self.name,
            language: self.language,
            script: self.script,
            kind: self.kind.into(),
            visibility: None,
        })
    }
}

impl IntoDomain for UpdateAliasInput {
    type Domain = AliasPatch;
    fn into_domain(self) -> Result<AliasPatch> {
        Ok(AliasPatch {
            name: self.name,
            language: change(self.language),
            script: change(self.script),
            kind: self.kind.map(Into::into),
            visibility: visibility(self.visibility),
        })
    }
}

#[derive(Default)]
pub struct Mutation;

#[Object(name = "AliasMutation")]
impl Mutation {
    /// Adds another name to a record; search finds the record by it at once. The alias is
    /// hidden whenever its record is. Editors and admins.
    async fn add_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias.")] input: AddAliasInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Alias> {
        let state = RequestState::of(ctx)?;
        let new = input.into_domain()?;
        Ok(Alias::from(
            write::create::<alias::Entity>(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                new,
            )
            .await?,
        ))
    }

    /// Changes an alias; search follows at once. A stale `expectedVersion` is a CONFLICT.
    /// Editors and admins.
    async fn update_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(desc = "What to change.")] input: UpdateAliasInput,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<Alias> {
        let state = RequestState::of(ctx)?;
        let uuid = id_of("id", NodeType::Alias, &id)?;
        let patch = input.into_domain()?;
        Ok(Alias::from(
            write::update::<alias::Entity>(
                &state.db,
                crate::service::write::Author::new(state.viewer, reason)?,
                uuid,
                expected_version,
                patch,
            )
            .await?,
        ))
    }

    /// Removes (archives) an alias; search stops finding the record by it. Editors and admins.
    async fn remove_alias(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The alias's id.")] id: ID,
        #[graphql(desc = "The `version` you read.")] expected_version: i32,
        #[graphql(
            desc = "Why you make this change, in brief; kept with the version in the record's `history`."
        )]
        reason: Option<String>,
    ) -> Result<bool> {
        let state = RequestState::of(ctx)?;
        let uuid = id_of("id", NodeType::Alias, &id)?;
        write::set_archived::<alias::Entity>(
            &state.db,
            crate::service::write::Author::new(state.viewer, reason)?,
            uuid,
            expected_version,
            true,
        )
        .await?;
        Ok(true)
    }
}
