use async_graphql::Result;

use crate::graphql::types::{
    Event, OrganizationKind, Sanction, Source, Statistic, Trial, record_object,
};

record_object! {
    /// A court, prosecutor, NGO, UN body, news organization, government or association.
    named Organization(organization) {
        /// Stable human-readable key, e.g. `snhr`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The organization's name in English.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::organization::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// A short form, e.g. `SNHR`.
        async fn abbreviation(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::organization::Entity>(ctx, &self.0, "abbreviation", self.0.abbreviation.as_deref(), lang)
        }

        /// What kind of body it is.
        async fn kind(&self) -> Result<OrganizationKind> {
            OrganizationKind::from_db(&self.0.kind)
        }

        /// Where it is based, ISO 3166-1 alpha-2.
        async fn country(&self) -> Option<&str> {
            self.0.country.as_deref()
        }

        /// Its website.
        async fn url(&self) -> Option<&str> {
            self.0.url.as_deref()
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::organization::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// Trials held before this organization, when it is a court.
        trials: Trial = CourtTrials,
        /// Sources this organization published.
        sources: Source = PublisherSources,
        /// Figures this organization claims.
        claimed_statistics: Statistic = ClaimantStatistics,
        /// Events that concern this organization.
        events: Event = SubjectEvents,
        /// Listings this organization made as a sanctioning authority.
        sanctions_imposed: Sanction = AuthoritySanctions,
    }
}
