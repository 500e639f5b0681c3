//! Creating and changing charges: what a verdict decided.

use async_graphql::{ID, InputObject, MaybeUndefined, Result};

use crate::graphql::mutation::{IntoDomain, change, create_and_update, id_of, opt_id, visibility};
use crate::graphql::types::{Charge, ChargeDisposition, Visibility};
use crate::ids::NodeType;
use crate::service::records::charge::{ChargePatch, NewCharge};

/// A new charge.
#[derive(InputObject)]
pub struct CreateChargeInput {
    /// The verdict that decides it.
    pub verdict_id: ID,
    /// The crime, e.g. `crimes against humanity (torture)`.
    pub crime: String,
    /// The legal provision, e.g. `§ 7 (1) no. 5 VStGB`.
    pub legal_provision: Option<String>,
    /// Number of counts (at least 1), where the sources give one.
    pub count: Option<i32>,
    /// Charged, convicted, acquitted or dropped.
    pub disposition: ChargeDisposition,
    /// Who may read it; public when omitted.
    pub visibility: Option<Visibility>,
}

/// Changes to a charge: omitted fields stay; `null` clears a nullable one.
#[derive(InputObject)]
pub struct UpdateChargeInput {
    /// Another verdict.
    pub verdict_id: Option<ID>,
    /// A new crime.
    pub crime: Option<String>,
    /// A new legal provision, or null.
    pub legal_provision: MaybeUndefined<String>,
    /// A new number of counts (at least 1), or null.
    pub count: MaybeUndefined<i32>,
    /// A new disposition.
    pub disposition: Option<ChargeDisposition>,
    /// Who may read it.
    pub visibility: Option<Visibility>,
}

impl IntoDomain for CreateChargeInput {
    type Domain = NewCharge;
    fn into_domain(self) -> Result<NewCharge> {
        Ok(NewCharge {
            verdict_id: id_of("verdictId", NodeType::Verdict, &self.verdict_id)?,
            crime: self.crime,
            legal_provision: self.legal_provision,
            count: self.count,
            disposition: self.disposition.into(),
            visibility: visibility(self.visibility),
        })
    }
}

impl IntoDomain for UpdateChargeInput {
    type Domain = ChargePatch;
    fn into_domain(self) -> Result<ChargePatch> {
        Ok(ChargePatch {
            verdict_id: opt_id("verdictId", NodeType::Verdict, self.verdict_id.as_ref())?,
            crime: self.crime,
            legal_provision: change(self.legal_provision),
            count: change(self.count),
            disposition: self.disposition.map(Into::into),
            visibility: visibility(self.visibility),
        })
    }
}

create_and_update! {
    object: "ChargeMutation", entity: charge, output: Charge,
    /// Adds a charge to a verdict: a crime the defendant was charged with or convicted of.
    /// Editors and admins.
    create: create_charge(CreateChargeInput, "The charge."),
    /// Changes a charge; a stale `expectedVersion` is a CONFLICT. Editors and admins.
    update: update_charge(UpdateChargeInput),
}
