//! `labels(lang:)`: every label a dashboard prints, at once, for a client's i18n table.

use async_graphql::{Context, Object};

use crate::graphql::types::{Label, Language, language_of};
use crate::i18n::labels;

#[derive(Default)]
pub struct LabelQuery;

#[Object]
impl LabelQuery {
    /// The words for every coded value the API returns: each value of every enum a
    /// dashboard prints (facility kinds and statuses, outcomes, confidence, roles, event
    /// kinds, record types, languages …) and the known codes of the open lists
    /// (`PostingRole`, `StatisticMetric`), in one language. A bucket of the counts has
    /// the same words in its `label`.
    async fn labels(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language; without it, the request's (`Accept-Language`).")]
        lang: Option<Language>,
    ) -> Vec<Label> {
        let lang = language_of(ctx, lang);
        labels::all(lang)
            .into_iter()
            .map(|label| Label::from_label(label, lang))
            .collect()
    }
}
