//! Filter and ordering inputs of the top-level lists. Each filter turns into a SQL
//! condition through the shared builders in `service::filter`; all given fields must match.

use async_graphql::{ID, InputObject};
use entity::*;
use sea_orm::Condition;

use crate::graphql::scalars::Date;
use crate::graphql::types::enums::*;
use crate::ids::{NodeType, decode_id_of};
use crate::service::access::Viewer;
use crate::service::filter::{
    date_overlaps, equals, name_or_alias_contains, related, span_overlaps,
};
use crate::service::record::{Sort, SortKey};

/// How to order a list. Ties are broken by id, so paging never repeats or skips a record.
#[derive(InputObject, Debug, Clone, Copy, Default)]
pub struct OrderBy {
    /// What to order by.
    #[graphql(default)]
    pub field: OrderField,
    /// Which way.
    #[graphql(default)]
    pub direction: SortDirection,
}

impl From<Option<OrderBy>> for Sort {
    fn from(order: Option<OrderBy>) -> Sort {
        let order = order.unwrap_or_default();
        Sort {
            key: match order.field {
                OrderField::Name => SortKey::Name,
                OrderField::Date => SortKey::Date,
                OrderField::CreatedAt => SortKey::CreatedAt,
                OrderField::UpdatedAt => SortKey::UpdatedAt,
            },
            descending: order.direction == SortDirection::Desc,
        }
    }
}

/// A range of days; either end may be left open. A fuzzy date matches when the days it
/// can mean overlap the range.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct DateRange {
    /// First day of the range (inclusive).
    pub from: Option<Date>,
    /// Last day of the range (inclusive).
    pub to: Option<Date>,
}

/// Narrows the list of facilities.
#[derive(InputObject, Debug, Clone, Default)]
pub struct FacilityFilter {
    /// Case-insensitive match on the name or any alias, e.g. `khatib`.
    pub text: Option<String>,
    /// Only facilities of this kind.
    pub kind: Option<FacilityKind>,
    /// Only facilities with this status.
    pub status: Option<FacilityStatus>,
    /// Only facilities in this country (ISO 3166-1 alpha-2, e.g. `SY`).
    pub country: Option<String>,
    /// Only facilities in this city.
    pub city: Option<String>,
    /// Only facilities run by this branch.
    pub branch_id: Option<ID>,
    /// Only facilities open at some time in this range (by opening and closing bounds).
    pub open_during: Option<DateRange>,
}

/// Parses an id argument of a filter, naming the field when it is wrong.
fn id_arg(node: NodeType, id: &ID) -> async_graphql::Result<uuid::Uuid> {
    Ok(decode_id_of(node, id)?)
}

/// Adds `cond` to `all` when the filter field is set.
fn and_if<T>(all: Condition, value: Option<T>, cond: impl FnOnce(T) -> Condition) -> Condition {
    match value {
        Some(v) => all.add(cond(v)),
        None => all,
    }
}

impl FacilityFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use facility::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            name_or_alias_contains::<E>(&t, C::Name, viewer)
        });
        c = and_if(c, self.kind, |k| equals::<E, _>(C::Kind, k.as_db()));
        c = and_if(c, self.status, |s| equals::<E, _>(C::Status, s.as_db()));
        c = and_if(c, self.country, |v| {
            equals::<E, _>(C::Country, v.to_uppercase())
        });
        c = and_if(c, self.city, |v| equals::<E, _>(C::City, v));
        if let Some(id) = &self.branch_id {
            let branch = id_arg(NodeType::Branch, id)?;
            let link = equals::<facility_operation::Entity, _>(
                facility_operation::Column::BranchId,
                branch,
            );
            c = c.add(related::<E, facility_operation::Entity>(
                facility_operation::Column::FacilityId,
                link,
                viewer,
            ));
        }
        c = and_if(c, self.open_during, |r| {
            span_overlaps::<E>(
                C::OpenedEarliest,
                C::ClosedLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(c)
    }
}

/// Narrows the list of branches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct BranchFilter {
    /// Case-insensitive match on the name or any alias, e.g. `251` or `al-khatib`.
    pub text: Option<String>,
    /// Only branches of this kind.
    pub kind: Option<BranchKind>,
    /// Only branches of this agency.
    pub agency_id: Option<ID>,
    /// Only units directly under this branch.
    pub parent_id: Option<ID>,
    /// Only branches that ran this facility.
    pub facility_id: Option<ID>,
}

impl BranchFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use branch::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            Condition::any()
                .add(name_or_alias_contains::<E>(&t, C::Name, viewer))
                .add(equals::<E, _>(C::Number, t.trim().to_owned()))
        });
        c = and_if(c, self.kind, |k| equals::<E, _>(C::Kind, k.as_db()));
        if let Some(id) = &self.agency_id {
            c = c.add(equals::<E, _>(C::AgencyId, id_arg(NodeType::Agency, id)?));
        }
        if let Some(id) = &self.parent_id {
            c = c.add(equals::<E, _>(C::ParentId, id_arg(NodeType::Branch, id)?));
        }
        if let Some(id) = &self.facility_id {
            let facility = id_arg(NodeType::Facility, id)?;
            let link = equals::<facility_operation::Entity, _>(
                facility_operation::Column::FacilityId,
                facility,
            );
            c = c.add(related::<E, facility_operation::Entity>(
                facility_operation::Column::BranchId,
                link,
                viewer,
            ));
        }
        Ok(c)
    }
}

/// Narrows the list of agencies.
#[derive(InputObject, Debug, Clone, Default)]
pub struct AgencyFilter {
    /// Case-insensitive match on the name or any alias.
    pub text: Option<String>,
    /// Only agencies of this kind.
    pub kind: Option<AgencyKind>,
    /// Only agencies of this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
}

impl AgencyFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use agency::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            name_or_alias_contains::<E>(&t, C::Name, viewer)
        });
        c = and_if(c, self.kind, |k| equals::<E, _>(C::Kind, k.as_db()));
        c = and_if(c, self.country, |v| {
            equals::<E, _>(C::Country, v.to_uppercase())
        });
        Ok(c)
    }
}

/// Narrows the list of persons.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PersonFilter {
    /// Case-insensitive match on the name or any alias, e.g. `raslan` or `Anwar R.`.
    pub text: Option<String>,
    /// Only persons with this role.
    pub role: Option<PersonRole>,
    /// Only persons of this nationality (ISO 3166-1 alpha-2).
    pub nationality: Option<String>,
    /// Only persons posted in this branch.
    pub branch_id: Option<ID>,
}

impl PersonFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use person::{Column as C, Entity as E};
        use sea_orm::ColumnTrait;
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            name_or_alias_contains::<E>(&t, C::Name, viewer)
        });
        // Roles are stored as a comma-separated set; no role name contains another.
        c = and_if(c, self.role, |r| {
            Condition::all().add(C::Roles.contains(r.as_db()))
        });
        c = and_if(c, self.nationality, |v| {
            equals::<E, _>(C::Nationality, v.to_uppercase())
        });
        if let Some(id) = &self.branch_id {
            let link = equals::<posting::Entity, _>(
                posting::Column::BranchId,
                id_arg(NodeType::Branch, id)?,
            );
            c = c.add(related::<E, posting::Entity>(
                posting::Column::PersonId,
                link,
                viewer,
            ));
        }
        Ok(c)
    }
}

/// Narrows the list of postings.
#[derive(InputObject, Debug, Clone, Default)]
pub struct PostingFilter {
    /// Only postings of this person.
    pub person_id: Option<ID>,
    /// Only postings in this branch.
    pub branch_id: Option<ID>,
    /// Only postings with this normalised role, e.g. `head_of_department`.
    pub role: Option<String>,
    /// Only postings with this rank, e.g. `colonel`.
    pub rank: Option<String>,
    /// Only postings whose period overlaps this range.
    pub during: Option<DateRange>,
}

impl PostingFilter {
    pub fn condition(self, _viewer: Viewer) -> async_graphql::Result<Condition> {
        use posting::{Column as C, Entity as E};
        let mut c = Condition::all();
        if let Some(id) = &self.person_id {
            c = c.add(equals::<E, _>(C::PersonId, id_arg(NodeType::Person, id)?));
        }
        if let Some(id) = &self.branch_id {
            c = c.add(equals::<E, _>(C::BranchId, id_arg(NodeType::Branch, id)?));
        }
        c = and_if(c, self.role, |v| equals::<E, _>(C::Role, v));
        c = and_if(c, self.rank, |v| equals::<E, _>(C::Rank, v));
        c = and_if(c, self.during, |r| {
            date_overlaps::<E>(
                C::PeriodEarliest,
                C::PeriodLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(c)
    }
}

/// Narrows the list of organizations.
#[derive(InputObject, Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Case-insensitive match on the name or any alias, e.g. `SNHR`.
    pub text: Option<String>,
    /// Only organizations of this kind.
    pub kind: Option<OrganizationKind>,
    /// Only organizations of this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
}

impl OrganizationFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use organization::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            Condition::any()
                .add(name_or_alias_contains::<E>(&t, C::Name, viewer))
                .add(equals::<E, _>(C::Abbreviation, t.trim().to_owned()))
        });
        c = and_if(c, self.kind, |k| equals::<E, _>(C::Kind, k.as_db()));
        c = and_if(c, self.country, |v| {
            equals::<E, _>(C::Country, v.to_uppercase())
        });
        Ok(c)
    }
}

/// Narrows the list of trials.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TrialFilter {
    /// Case-insensitive match on the name.
    pub text: Option<String>,
    /// Only trials before this court.
    pub court_id: Option<ID>,
    /// Only trials held in this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only trials with this status.
    pub status: Option<TrialStatus>,
    /// Only trials on this legal basis.
    pub legal_basis: Option<LegalBasis>,
    /// Only trials whose period overlaps this range.
    pub during: Option<DateRange>,
}

impl TrialFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use trial::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            name_or_alias_contains::<E>(&t, C::Name, viewer)
        });
        if let Some(id) = &self.court_id {
            c = c.add(equals::<E, _>(
                C::CourtId,
                id_arg(NodeType::Organization, id)?,
            ));
        }
        c = and_if(c, self.country, |v| {
            equals::<E, _>(C::Country, v.to_uppercase())
        });
        c = and_if(c, self.status, |s| equals::<E, _>(C::Status, s.as_db()));
        c = and_if(c, self.legal_basis, |s| {
            equals::<E, _>(C::LegalBasis, s.as_db())
        });
        c = and_if(c, self.during, |r| {
            date_overlaps::<E>(
                C::PeriodEarliest,
                C::PeriodLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(c)
    }
}

/// Narrows the list of verdicts.
#[derive(InputObject, Debug, Clone, Default)]
pub struct VerdictFilter {
    /// Only verdicts in this trial.
    pub trial_id: Option<ID>,
    /// Only verdicts on this person.
    pub person_id: Option<ID>,
    /// Only verdicts with this outcome.
    pub outcome: Option<VerdictOutcome>,
    /// Only life sentences (true) or only others (false).
    pub life_sentence: Option<bool>,
    /// Only verdicts whose date overlaps this range.
    pub date: Option<DateRange>,
}

impl VerdictFilter {
    pub fn condition(self, _viewer: Viewer) -> async_graphql::Result<Condition> {
        use verdict::{Column as C, Entity as E};
        let mut c = Condition::all();
        if let Some(id) = &self.trial_id {
            c = c.add(equals::<E, _>(C::TrialId, id_arg(NodeType::Trial, id)?));
        }
        if let Some(id) = &self.person_id {
            c = c.add(equals::<E, _>(C::PersonId, id_arg(NodeType::Person, id)?));
        }
        c = and_if(c, self.outcome, |o| equals::<E, _>(C::Outcome, o.as_db()));
        c = and_if(c, self.life_sentence, |l| {
            equals::<E, _>(C::LifeSentence, l)
        });
        c = and_if(c, self.date, |r| {
            date_overlaps::<E>(
                C::DateEarliest,
                C::DateLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(c)
    }
}

/// Narrows the list of sources.
#[derive(InputObject, Debug, Clone, Default)]
pub struct SourceFilter {
    /// Case-insensitive match on the title.
    pub text: Option<String>,
    /// Only sources of this kind.
    pub kind: Option<SourceKind>,
    /// Only sources in this language (BCP 47, e.g. `en`, `ar`).
    pub language: Option<String>,
    /// Only sources published by this organization.
    pub publisher_id: Option<ID>,
    /// Only sources whose publication date overlaps this range.
    pub published: Option<DateRange>,
}

impl SourceFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use source::{Column as C, Entity as E};
        let mut c = Condition::all();
        c = and_if(c, self.text, |t| {
            name_or_alias_contains::<E>(&t, C::Title, viewer)
        });
        c = and_if(c, self.kind, |k| equals::<E, _>(C::Kind, k.as_db()));
        c = and_if(c, self.language, |v| equals::<E, _>(C::Language, v));
        if let Some(id) = &self.publisher_id {
            c = c.add(equals::<E, _>(
                C::PublisherId,
                id_arg(NodeType::Organization, id)?,
            ));
        }
        c = and_if(c, self.published, |r| {
            date_overlaps::<E>(
                C::PublishedEarliest,
                C::PublishedLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(c)
    }
}
