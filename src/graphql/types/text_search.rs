//! A hit of `textSearch`: the record, the text that matched and a snippet of it.

use std::sync::Arc;

use async_graphql::{Context, Object, Result};

use crate::graphql::connection::one;
use crate::graphql::node::Node;
use crate::graphql::types::Source;
use crate::search::text::{SnippetStyle, TextQuery};
use crate::service::text_search::{MAX_SCORE, TextHit};

/// Longest snippet, in words.
const MAX_SNIPPET_WORDS: usize = 200;
/// Longest mark around a matched word.
const MAX_MARK: usize = 32;

/// A record found by `textSearch`, with the text that matched best.
#[derive(Clone)]
pub struct TextSearchHit {
    pub hit: TextHit,
    pub record: Node,
    pub query: Arc<TextQuery>,
    /// The matched text, as the reader may read it.
    pub text: Option<String>,
}

/// A record found by `textSearch`, with the text that matched best.
#[Object]
impl TextSearchHit {
    /// The record: any type (`... on Facility`, `... on Citation`).
    async fn record(&self) -> &Node {
        &self.record
    }

    /// The field that matched, as the record's type names it (`description`, `quote`,
    /// `legalProvision`; `name` or `alias` for names), in the language `lang`.
    async fn field(&self) -> String {
        self.hit.field_name()
    }

    /// The language of the text that matched (`en`, `ar`; a quote is in its source's).
    async fn lang(&self) -> &str {
        &self.hit.lang
    }

    /// The matched text around its first match, about `words` words long, each matched
    /// word between `pre` and `post` (plain text: escape it before showing it as HTML),
    /// `…` where the text was cut.
    async fn snippet(
        &self,
        #[graphql(
            default = "«",
            desc = "Put before each matched word (at most 32 characters)."
        )]
        pre: String,
        #[graphql(
            default = "»",
            desc = "Put after each matched word (at most 32 characters)."
        )]
        post: String,
        #[graphql(default = 30, desc = "About how many words to show (1 to 200).")] words: i32,
    ) -> Result<String> {
        if pre.chars().count() > MAX_MARK || post.chars().count() > MAX_MARK {
            return Err(crate::error::AppError::bad_input(
                "`pre` and `post` are at most 32 characters each",
            )
            .into());
        }
        let words = usize::try_from(words)
            .ok()
            .filter(|w| (1..=MAX_SNIPPET_WORDS).contains(w))
            .ok_or_else(|| {
                crate::error::AppError::bad_input("`words` must be between 1 and 200")
            })?;
        let style = SnippetStyle {
            pre: &pre,
            post: &post,
            words,
        };
        Ok(self
            .text
            .as_deref()
            .map(|text| crate::search::text::snippet(text, &self.query, &style))
            .unwrap_or_default())
    }

    /// How well it matched, from 0 to 1: a name scores above a title, a title above a
    /// description or quote; an exact word above a prefix, a prefix above a spelling
    /// variant. Scores depend on the matched text alone.
    async fn score(&self) -> f64 {
        self.hit.score as f64 / MAX_SCORE as f64
    }

    /// For a citation, the source it cites.
    async fn source(&self, ctx: &Context<'_>) -> Result<Option<Source>> {
        match &self.record {
            Node::Citation(c) => {
                one::<entity::source::Entity, Source>(ctx, None, c.0.source_id).await
            }
            _ => Ok(None),
        }
    }

    /// For a citation, where in the source (page, paragraph, timestamp).
    async fn locator(&self) -> Option<&str> {
        match &self.record {
            Node::Citation(c) => c.0.locator.as_deref(),
            _ => None,
        }
    }
}
