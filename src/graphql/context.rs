//! What each request carries into the resolvers.

use async_graphql::Context;
use sea_orm::DatabaseConnection;

use crate::service::access::Viewer;

/// Per-request state: the database, who is asking, and the page-size cap.
pub struct RequestState {
    pub db: DatabaseConnection,
    pub viewer: Viewer,
    pub max_page_size: u32,
}

impl RequestState {
    /// The state the HTTP layer attached to this request.
    pub fn of<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a RequestState> {
        ctx.data::<RequestState>()
    }
}
