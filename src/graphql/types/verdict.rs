use async_graphql::{Context, Result};
use entity::{person, trial};

use crate::graphql::connection::one;
use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{AppealStatus, Charge, Person, Trial, VerdictOutcome, record_object};

/// A sentence in machine-readable form.
#[derive(async_graphql::SimpleObject, Clone)]
pub struct Sentence {
    /// The sentence as the source words it, e.g. `life imprisonment`.
    pub text: Option<String>,
    /// Length in months, for fixed terms.
    pub months: Option<i32>,
    /// Whether it is a life sentence.
    pub life: bool,
}

record_object! {
    /// One defendant's judgment in a trial.
    Verdict(verdict) {
        /// The trial.
        async fn trial(&self, ctx: &Context<'_>) -> Result<Option<Trial>> {
            one::<trial::Entity, Trial>(ctx, self.1, self.0.trial_id).await
        }

        /// The defendant.
        async fn person(&self, ctx: &Context<'_>) -> Result<Option<Person>> {
            one::<person::Entity, Person>(ctx, self.1, self.0.person_id).await
        }

        /// When it was given, as precisely as the sources say.
        async fn date(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.date, self.0.date_earliest, self.0.date_latest)
        }

        /// Guilty, not guilty, or in part.
        async fn outcome(&self) -> Result<VerdictOutcome> {
            VerdictOutcome::from_db(&self.0.outcome)
        }

        /// The sentence; null when the sources give none.
        async fn sentence(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<Sentence> {
            let m = &self.0;
            let text = crate::graphql::types::text_in::<entity::verdict::Entity>(ctx, m, "sentence", m.sentence.as_deref(), lang);
            (text.is_some() || m.sentence_months.is_some() || m.life_sentence).then(|| Sentence {
                text,
                months: m.sentence_months,
                life: m.life_sentence,
            })
        }

        /// Whether the verdict can still change.
        async fn appeal_status(&self) -> Result<Option<AppealStatus>> {
            self.0.appeal_status.as_deref().map(AppealStatus::from_db).transpose()
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::verdict::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// What the defendant was charged with or convicted of. Charges in the indictment
        /// and convictions are kept apart, each with its own source.
        charges: Charge = VerdictCharges,
    }
}
