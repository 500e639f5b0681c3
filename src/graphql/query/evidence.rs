//! Checking the evidence store (`verifyCaptures`), for admins.

use async_graphql::{Context, Object, Result};

use crate::error::AppError;
use crate::graphql::context::RequestState;
use crate::graphql::types::CaptureVerification;
use crate::service::access::Role;

#[derive(Default)]
pub struct EvidenceQuery;

#[Object]
impl EvidenceQuery {
    /// Recomputes the SHA-256 of every capture's file (archived ones too) and reports
    /// each that is missing or altered, as `daleel verify` does. Admins only; reads every
    /// stored file, so it takes as long as the store is large.
    #[graphql(inaccessible)]
    async fn verify_captures(&self, ctx: &Context<'_>) -> Result<CaptureVerification> {
        let state = RequestState::of(ctx)?;
        if state.viewer.role != Role::Admin {
            return Err(
                AppError::Forbidden("verifying the evidence store is for admins".into()).into(),
            );
        }
        let store = ctx.data::<crate::evidence::Store>()?;
        Ok(crate::evidence::verify::verify(&state.db, store)
            .await?
            .into())
    }
}
