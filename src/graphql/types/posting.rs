use async_graphql::{Context, Result};
use entity::{branch, person};

use crate::graphql::connection::one;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{Branch, Person, record_object};

record_object! {
    /// A person's position in a branch over a period. Start and end are as the sources
    /// give them, which may not be the real start and end.
    Posting(posting, Option<crate::graphql::types::Certainty>) {
        /// The person posted.
        async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one::<person::Entity, Person>(ctx, self.1, self.0.person_id).await
        }

        /// The branch.
        async fn branch(&self, ctx: &Context<'_>) -> Result<Option<Branch>> {
            one::<branch::Entity, Branch>(ctx, self.1, self.0.branch_id).await
        }

        /// The role, normalised for comparison, e.g. `head_of_department`.
        async fn role(&self) -> &str {
            &self.0.role
        }

        /// The role in words, in `lang` (the same words as `labels` and the counts give).
        async fn role_label(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`).")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::i18n::labels::posting_role(&self.0.role, crate::graphql::types::language_of(ctx, lang)).into_owned()
        }

        /// The title as the source words it.
        async fn title(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::posting::Entity>(ctx, &self.0, "title", self.0.title.as_deref(), lang)
        }

        /// Military or police rank, e.g. `colonel`.
        async fn rank(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::posting::Entity>(ctx, &self.0, "rank", self.0.rank.as_deref(), lang)
        }

        /// When, as precisely as known.
        async fn period(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.period, self.0.period_earliest, self.0.period_latest)
        }

        /// Whether this posting was active at `at`, and how certainly (`CERTAIN`: it had
        /// certainly begun by the date's first day and not ended before its last;
        /// `POSSIBLE`: its period overlaps the date); null when not, or undated.
        async fn active_at(
            &self,
            #[graphql(desc = "The date asked about, EDTF: `2012`, `2012-03`, `2012-03-15`, `2011-06/2011-08`.")]
            at: String,
        ) -> Result<Option<crate::graphql::types::Certainty>> {
            crate::graphql::scalars::active_at(&*self.0, &at)
        }

        /// How certainly this posting was active at the date its list was asked for
        /// (`at:` on `Branch.personnel`, `Branch.postings`, `Person.postings`; `Branch.commanders`); null in any other list.
        async fn certainty(&self) -> Option<crate::graphql::types::Certainty> {
            self.2
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::posting::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
}

impl crate::graphql::active::ListedActive for Posting {
    type Table = entity::posting::Entity;
    fn listed(
        model: std::sync::Arc<entity::posting::Model>,
        certainty: Option<crate::graphql::types::Certainty>,
    ) -> Self {
        Posting(model, None, certainty)
    }
}
