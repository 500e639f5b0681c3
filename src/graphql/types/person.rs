use async_graphql::{Context, Result};

use crate::graphql::context::RequestState;

use crate::graphql::types::{
    Event, PersonRole, Posting, Sanction, Testimony, TimelineEntry, Verdict, record_object,
};

record_object! {
    /// Anyone the record speaks of: officers, defendants, witnesses, survivors, victims.
    /// Witnesses, survivors and victims are restricted unless explicitly made public.
    named Person(person) {
        /// Stable human-readable key, e.g. `anwar-raslan`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The name most sources use, in Latin script; other spellings are in `aliases`.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::person::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// The parts this person plays in the record.
        async fn roles(&self) -> Result<Vec<PersonRole>> {
            self.0
                .roles
                .split(',')
                .filter(|r| !r.is_empty())
                .map(PersonRole::from_db)
                .collect()
        }

        /// Gender, where the sources state it.
        async fn gender(&self) -> Option<&str> {
            self.0.gender.as_deref()
        }

        /// Nationality, ISO 3166-1 alpha-2.
        async fn nationality(&self) -> Option<&str> {
            self.0.nationality.as_deref()
        }

        /// Date of birth (EDTF), where known. Sensitive: null for the public reader.
        async fn birth_date(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
            Ok(sensitive(ctx)?.then_some(()).and(self.0.birth_date.as_deref()))
        }

        /// Researchers' notes (contact, circumstances). Sensitive: null for the public reader.
        async fn notes(&self, ctx: &Context<'_>) -> Result<Option<&str>> {
            Ok(sensitive(ctx)?.then_some(()).and(self.0.notes.as_deref()))
        }

        /// The chain of command above each of this person's postings active at `at`
        /// (at most 20, earliest first): the posting's branch and each branch above it
        /// to the agency, with who headed each at the date and the sources tying each
        /// level to the next. What the record does not say (no head known at the date,
        /// a cycle) is in each chain's `breaks`.
        async fn chain_of_command(
            &self,
            ctx: &Context<'_>,
            #[graphql(desc = "The date, EDTF: `2011-06`, `2012`, `2011-06/2011-08`.")]
            at: String,
            #[graphql(desc = "`CERTAIN` keeps only postings (theirs and their heads') certainly active throughout the date; `POSSIBLE` (the default) keeps those possibly active too.")]
            certainty: Option<crate::graphql::types::Certainty>,
        ) -> Result<Vec<crate::graphql::types::CommandChain>> {
            crate::graphql::types::command::chains_of(ctx, self.1, self.0.id, &at, certainty).await
        }

        /// What the sources say about this person, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::person::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// Judgments on this person.
        verdicts: Verdict = PersonVerdicts,
        /// Events that concern this person.
        events: Event = SubjectEvents,
        /// Listings of this person by sanctioning authorities.
        sanctions: Sanction = TargetSanctions,
        /// Testimonies this person gave.
        testimonies: Testimony = WitnessTestimonies,
    }
    dated {
        /// Positions this person held in branches.
        postings(at: Option<String>): Posting = PersonPostings,
    }
    lists {
        /// This person's timeline: the events about them, their postings, the verdicts
        /// on them and the sanctions listing them, in date order (by the earliest day
        /// each date can mean, then the latest; undated last), each entry with its date
        /// and citations.
        timeline: TimelineEntry = crate::graphql::types::timeline::of_person,
    }
}

/// Whether the caller may read a person's sensitive fields.
fn sensitive(ctx: &Context<'_>) -> Result<bool> {
    Ok(RequestState::of(ctx)?.viewer.role.reads_sensitive_fields())
}
