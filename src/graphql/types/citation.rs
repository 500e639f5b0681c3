use async_graphql::{Context, Result};
use entity::source;

use crate::graphql::connection::one;
use crate::graphql::types::{AliasKind, CitationStatus, Confidence, Source, record_object};

record_object! {
    /// A link from a record (and optionally one of its fields) to the source that
    /// supports it, with where in the source and the passage itself.
    Citation(citation) {
        /// The source document.
        async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
            one::<source::Entity, Source>(ctx, self.0.source_id).await
        }

        /// The field of the record this citation supports; null when it supports the whole record.
        async fn field(&self) -> Option<&str> {
            self.0.field.as_deref()
        }

        /// Where in the source: a section, paragraph or page.
        async fn locator(&self) -> Option<&str> {
            self.0.locator.as_deref()
        }

        /// The passage, quoted as the source words it.
        async fn quote(&self) -> Option<&str> {
            self.0.quote.as_deref()
        }

        /// How sure it is that the source supports the record.
        async fn confidence(&self) -> Result<Confidence> {
            Confidence::from_db(&self.0.confidence)
        }

        /// Where it stands in review.
        async fn status(&self) -> Result<CitationStatus> {
            CitationStatus::from_db(&self.0.status)
        }
    }
}

record_object! {
    /// Another name of a record: in another script, a transliteration, an abbreviation.
    Alias(alias) {
        /// The name.
        async fn name(&self) -> &str {
            &self.0.name
        }

        /// Its language, BCP 47 (e.g. `ar`, `en`).
        async fn language(&self) -> Option<&str> {
            self.0.language.as_deref()
        }

        /// Its script, ISO 15924 (e.g. `Arab`, `Latn`).
        async fn script(&self) -> Option<&str> {
            self.0.script.as_deref()
        }

        /// How it relates to the main name.
        async fn kind(&self) -> Result<AliasKind> {
            AliasKind::from_db(&self.0.kind)
        }
    }
}
