//! `importDataset`: the `daleel import` of the API, for admins.

use async_graphql::{Context, Json, Object, Result};

use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::service::exchange::{Dataset, import};

#[derive(Default)]
pub struct ExchangeMutation;

#[Object]
impl ExchangeMutation {
    /// Imports a dataset in the format `daleel export` writes (`docs/exchange-format.md`),
    /// keeping its ids: all of it in one transaction or, if any record is invalid, nothing
    /// (the error names the table, record and field). Importing the same dataset twice
    /// changes nothing. Returns `{ created, updated, unchanged }`. Admins only.
    #[graphql(inaccessible)]
    async fn import_dataset(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The dataset, as JSON.")] dataset: Json<serde_json::Value>,
        #[graphql(
            desc = "Why: kept in the audit log with each record's version (e.g. `the partner's March export`); \"an import in the exchange format\" when omitted."
        )]
        reason: Option<String>,
    ) -> Result<Json<serde_json::Value>> {
        let state = RequestState::of(ctx)?;
        let author = crate::service::write::Author::new(state.viewer, reason)?;
        let dataset: Dataset = serde_json::from_value(dataset.0)
            .map_err(|e| AppError::bad_input(format!("`dataset` is not a daleel dataset: {e}")))?;
        let store = ctx.data::<crate::evidence::Store>()?;
        let report = import(&state.db, store, author, dataset).await?;
        Ok(Json(
            serde_json::to_value(report).map_err(AppError::internal)?,
        ))
    }
}
