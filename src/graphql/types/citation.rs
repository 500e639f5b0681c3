use std::sync::Arc;

use async_graphql::{Context, Result};
use entity::source;
use uuid::Uuid;

use crate::graphql::connection::one;
use crate::graphql::inline::Inline;
use crate::graphql::load_error;
use crate::graphql::loaders::{CitationsOf, RequestLoader};
use crate::graphql::types::{
    AliasKind, CitationStatus, Confidence, MAX_LIST_ITEMS, Source, record_object,
};

/// A citation's source as its record's `citations` field loaded it: `None` when it
/// was not loaded with the citation (the `source` field then asks the loader), and
/// `Some(None)` when the viewer may not see it.
pub type PrefetchedSource = Option<Option<Arc<source::Model>>>;

// Serial: a citation's fields are its own columns and a source that usually comes
// with it, so there is nothing to run side by side, and a dashboard has thousands
// (which `citations` hands out `Inline`, as `source` hands out its source).
record_object! {
    /// A link from a record (and optionally one of its fields) to the source that
    /// supports it, with where in the source and the passage itself.
    Citation(citation, PrefetchedSource) [serial] {
        /// The source document.
        async fn source(&self, ctx: &Context<'_>) -> Result<Option<Inline<Source>>> {
            let source = match &self.2 {
                Some(prefetched) => prefetched
                    .clone()
                    .map(|s| crate::graphql::connection::ReadAt::read_at(Source::from(s), self.1)),
                None => one::<source::Entity, Source>(ctx, self.1, self.0.source_id).await?,
            };
            Ok(source.map(Inline))
        }

        /// The field of the record this citation supports; null when it supports the whole record.
        async fn field(&self) -> Option<&str> {
            self.0.field.as_deref()
        }

        /// Where in the source, in words: a section, a paragraph, an infobox field.
        async fn locator(&self) -> Option<&str> {
            self.0.locator.as_deref()
        }

        /// Where in the source, typed so that it can be checked: a page or line range, a
        /// paragraph, a character range in a capture of the source, a time range, a
        /// frame, a spreadsheet cell; the words of `locator` when there is only those.
        async fn pinpoint(&self) -> Option<crate::graphql::types::Pinpoint> {
            crate::graphql::types::Pinpoint::of(&self.0, self.1)
        }

        /// The passage, quoted as the source words it, in the source's language: always
        /// verbatim, whatever language the request asks for.
        async fn quote(&self) -> Option<&str> {
            self.0.quote.as_deref()
        }

        /// The language of `quote`: its source's (BCP 47, e.g. `en`, `ar`, `de`); null when
        /// the source does not say, or the source is hidden from you.
        async fn quote_language(&self, ctx: &Context<'_>) -> Result<Option<String>> {
            if self.0.quote.is_none() {
                return Ok(None);
            }
            let source = match &self.2 {
                Some(prefetched) => prefetched.clone(),
                None => one::<source::Entity, Source>(ctx, self.1, self.0.source_id)
                    .await?
                    .map(|s| s.0),
            };
            Ok(source.and_then(|s| s.language.clone()))
        }

        /// A translation of the quote into `lang`, kept apart from it and never in its
        /// place: a reader of the translation is reading a translation. Null when there
        /// is none (no fallback: the quote itself is `quote`).
        async fn quote_translation(
            &self,
            #[graphql(desc = "The language of the translation.")] lang: crate::graphql::types::Language,
        ) -> Option<crate::graphql::types::Translation> {
            let lang = crate::i18n::Language::from(lang);
            let translations = crate::service::translations::of::<entity::citation::Entity>(&self.0);
            let value = translations.get("quote", lang)?;
            Some(crate::graphql::types::Translation {
                field: "quote".into(),
                lang: lang.into(),
                text: value.text.clone(),
                status: crate::service::vocab::TranslationStatus::parse(&value.status)
                    .unwrap_or(crate::service::vocab::TranslationStatus::Unreviewed)
                    .into(),
                translated_by: value.translated_by.clone(),
            })
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
    Alias(alias) [serial] {
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

/// The `citations` of record `subject`, only those supporting `field` when given. Their
/// sources come in the same load when the query asks for them.
pub async fn citations_of(
    ctx: &Context<'_>,
    at: crate::graphql::connection::AsOf,
    subject: Uuid,
    field: Option<String>,
) -> Result<Vec<Inline<Citation>>> {
    let key = CitationsOf {
        subject,
        limit: MAX_LIST_ITEMS,
        with_sources: ctx.look_ahead().field("source").exists(),
        at,
    };
    let loader = ctx.data::<RequestLoader>()?;
    let Some(cited) = loader.load_one(key).await.map_err(load_error)? else {
        return Ok(Vec::new());
    };
    Ok(cited
        .citations
        .iter()
        .filter(|c| {
            field
                .as_deref()
                .is_none_or(|f| c.field.as_deref() == Some(f))
        })
        .map(|c| {
            let source = cited.sources.as_ref().map(|s| s.get(&c.source_id).cloned());
            Inline(Citation(c.clone(), at, source))
        })
        .collect())
}
