//! What each request carries into the resolvers.

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::i18n::Language;
use crate::service::access::Viewer;

/// Per-request state: the database, who is asking, the page-size cap and the language.
pub struct RequestState {
    pub db: DatabaseConnection,
    pub viewer: Viewer,
    pub max_page_size: u32,
    /// The language fields are written in when they take no `lang` (`Accept-Language`).
    pub language: Language,
}

impl RequestState {
    /// The state the HTTP layer attached to this request.
    pub fn of<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestState> {
        ctx.data::<RequestState>()
    }
}
