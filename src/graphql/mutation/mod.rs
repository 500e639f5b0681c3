//! Writes. Each mutation is one transaction that also writes its audit entry; a failed
//! check changes nothing. Only editors and admins may write.

mod agency;
mod annotations;
mod branch;
mod event;
mod exchange;
mod facility;
mod operation;
mod organization;
mod person;
mod posting;
mod records;
mod sanction;
mod source;
mod statistic;
mod testimony;
mod trial;
mod verdict;

use async_graphql::{MaybeUndefined, MergedObject, Result};

use crate::service::validate;

/// Everything that can be written.
#[derive(MergedObject, Default)]
// Named `Mutation`, the default root name a federation gateway looks for.
#[graphql(name = "Mutation")]
pub struct MutationRoot(
    records::RecordMutation,
    facility::FacilityMutation,
    person::PersonMutation,
    annotations::AnnotationMutation,
    agency::AgencyMutation,
    branch::BranchMutation,
    organization::OrganizationMutation,
    source::SourceMutation,
    trial::TrialMutation,
    exchange::ExchangeMutation,
    posting::PostingMutation,
    operation::OperationMutation,
    verdict::VerdictMutation,
    statistic::StatisticMutation,
    event::EventMutation,
    sanction::SanctionMutation,
    testimony::TestimonyMutation,
);

/// Applies a patch of an optional text field: left as is when undefined, cleared by
/// `null`, else checked (trimmed, at most `max` characters) and set.
pub(crate) fn patch_text(
    field: &str,
    value: MaybeUndefined<String>,
    max: usize,
    current: &mut Option<String>,
) -> Result<()> {
    match value {
        MaybeUndefined::Undefined => {}
        MaybeUndefined::Null => *current = None,
        MaybeUndefined::Value(v) => *current = validate::optional_text(field, Some(v), max)?,
    }
    Ok(())
}

/// A patch of an EDTF field: `None` when undefined, else the new (possibly cleared) columns.
pub(crate) fn patch_date(
    field: &str,
    value: MaybeUndefined<String>,
) -> Result<Option<validate::FuzzyColumns>> {
    Ok(match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some((None, None, None)),
        MaybeUndefined::Value(text) => Some(validate::fuzzy_date(field, Some(text))?),
    })
}
