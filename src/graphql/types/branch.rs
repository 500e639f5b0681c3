use async_graphql::{Context, Result};
use entity::{agency, branch};

use crate::graphql::connection::{one, one_opt};
use crate::graphql::types::{
    Agency, BranchKind, Event, Facility, FacilityOperation, Person, Posting, Sanction, Statistic,
    TimelineEntry, record_object,
};

record_object! {
    /// A unit of a security agency, e.g. Branch 251 of the General Intelligence
    /// Directorate. Branches nest: a department is part of a branch.
    named Branch(branch) {
        /// Stable human-readable key, e.g. `branch-251`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The branch's usual name, e.g. `Al-Khatib Branch`.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::branch::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// The branch number where it has one, e.g. `251`.
        async fn number(&self) -> Option<&str> {
            self.0.number.as_deref()
        }

        /// What level of the agency it is.
        async fn kind(&self) -> Result<Option<BranchKind>> {
            self.0.kind.as_deref().map(BranchKind::from_db).transpose()
        }

        /// The city it is based in.
        async fn city(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::branch::Entity>(ctx, &self.0, "city", self.0.city.as_deref(), lang)
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::branch::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }

        /// The agency this branch belongs to.
        async fn agency(&self, ctx: &Context<'_>) -> Result<Option<Agency>> {
            one::<agency::Entity, Agency>(ctx, self.1, self.0.agency_id).await
        }

        /// The branch this unit is part of, if any.
        async fn parent(&self, ctx: &Context<'_>) -> Result<Option<Branch>> {
            one_opt::<branch::Entity, Branch>(ctx, self.1, self.0.parent_id).await
        }
    }
    connections {
        /// Units directly under this branch.
        children: Branch = BranchChildren,
        /// Facilities this branch ran.
        facilities: Facility = BranchFacilities,
        /// The persons posted in this branch (each once, whatever the number of postings).
        officers: Person = BranchOfficers,
        /// Figures sources claim about this branch.
        statistics: Statistic = SubjectStatistics,
        /// Events that concern this branch.
        events: Event = SubjectEvents,
        /// Listings of this branch by sanctioning authorities.
        sanctions: Sanction = TargetSanctions,
    }
    dated {
        /// Who was in this branch at a date: its postings active at `at`, each with its
        /// `certainty`. Undated postings are never listed here.
        personnel(at: String): Posting = BranchPostings,
        /// Who headed this branch at a date: its postings in a command role (head of
        /// branch, of department, director…; see docs/api.md) active at `at`, each
        /// with its `certainty`. `Person.chainOfCommand` follows the branches above.
        commanders(at: String): Posting = BranchCommanders,
        /// Which facilities this branch ran when.
        operations(at: Option<String>): FacilityOperation = BranchOperations,
        /// The postings in this branch: who held which role, with which rank, when.
        postings(at: Option<String>): Posting = BranchPostings,
    }
    lists {
        /// This branch's timeline: the events about it, its postings, the verdicts on
        /// persons posted in it and the sanctions listing it, in date order (by the
        /// earliest day each date can mean, then the latest; undated last), each entry
        /// with its date and citations.
        timeline: TimelineEntry = crate::graphql::types::timeline::of_branch,
    }
}
