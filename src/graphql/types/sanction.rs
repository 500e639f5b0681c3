use async_graphql::{Context, Result};
use entity::organization;

use crate::graphql::connection::one_opt;
use crate::graphql::node::load_node;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Organization, SourcedRecord, record_object};
use crate::ids::NodeType;

record_object! {
    /// A listing of a branch or a person by an authority (a sanctions list).
    Sanction(sanction) {
        /// The branch or person listed.
        async fn target(&self, ctx: &Context<'_>) -> Result<Option<SourcedRecord>> {
            let Some(node_type) = NodeType::from_table(&self.0.target_type) else { return Ok(None) };
            Ok(load_node(ctx, self.1, node_type, self.0.target_id).await?.and_then(SourcedRecord::from_node))
        }

        /// The authority that listed it, when it is an organization in the record.
        async fn authority(&self, ctx: &Context<'_>) -> Result<Option<Organization>> {
            one_opt::<organization::Entity, Organization>(ctx, self.1, self.0.authority_id).await
        }

        /// The authority's name as the source gives it.
        async fn authority_name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::sanction::Entity>(ctx, &self.0, "authority_name", self.0.authority_name.as_deref(), lang)
        }

        /// The sanctions programme, where known.
        async fn program(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::sanction::Entity>(ctx, &self.0, "program", self.0.program.as_deref(), lang)
        }

        /// When the listing was made.
        async fn listed(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.listed, self.0.listed_earliest, self.0.listed_latest)
        }

        /// What the sources say about it, and how much they support it.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::sanction::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
}
