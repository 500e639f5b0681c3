//! Writes. Each mutation is one transaction that also writes its audit entry; a failed
//! check changes nothing. Only editors and admins may write.

mod annotations;
mod facility;
mod person;
mod records;

use async_graphql::MergedObject;

/// Everything that can be written.
#[derive(MergedObject, Default)]
pub struct MutationRoot(
    records::RecordMutation,
    facility::FacilityMutation,
    person::PersonMutation,
    annotations::AnnotationMutation,
);
