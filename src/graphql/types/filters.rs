//! Filter and ordering inputs of the top-level lists. Each filter turns into a SQL
//! condition through the shared builders in `service::filter`; all given fields must match.

use async_graphql::{ID, InputObject};
use entity::*;
use sea_orm::Condition;

use crate::graphql::scalars::Date;
use crate::graphql::types::enums::*;
use crate::ids::{NodeType, decode_id, decode_id_of};
use crate::service::access::Viewer;
use crate::service::filter::{
    date_overlaps, equals, name_or_alias_contains, related, span_overlaps,
};
use crate::service::records::{Record, Sort, SortKey};

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

/// Collects the conditions of one filter; every `Option` left `None` adds nothing.
struct Conditions<E: Record> {
    all: Condition,
    viewer: Viewer,
    entity: std::marker::PhantomData<E>,
}

impl<E: Record> Conditions<E> {
    fn new(viewer: Viewer) -> Self {
        Conditions {
            all: Condition::all(),
            viewer,
            entity: std::marker::PhantomData,
        }
    }

    fn add(mut self, cond: Option<Condition>) -> Self {
        if let Some(cond) = cond {
            self.all = self.all.add(cond);
        }
        self
    }

    /// Case-insensitive substring of the name column or of any alias.
    fn text(self, text: Option<String>, name: E::Column) -> async_graphql::Result<Self> {
        let text = checked_text(text)?;
        let viewer = self.viewer;
        Ok(self.add(text.map(|t| name_or_alias_contains::<E>(&t, name, viewer))))
    }

    /// Like `text`, or an exact match on a short code (a branch number, an abbreviation).
    fn text_or_code(
        self,
        text: Option<String>,
        name: E::Column,
        code: E::Column,
    ) -> async_graphql::Result<Self> {
        let text = checked_text(text)?;
        let viewer = self.viewer;
        Ok(self.add(text.map(|t| {
            Condition::any()
                .add(name_or_alias_contains::<E>(&t, name, viewer))
                .add(equals::<E, _>(code, t.trim().to_owned()))
        })))
    }

    fn equals<V: Into<sea_orm::Value>>(self, column: E::Column, value: Option<V>) -> Self {
        self.add(value.map(|v| equals::<E, _>(column, v)))
    }

    /// Country codes are stored upper-case; accept `sy` as well as `SY`.
    fn country(self, column: E::Column, value: Option<String>) -> Self {
        self.equals(column, value.map(|v| v.trim().to_uppercase()))
    }

    /// A foreign key given as a global id of `node`'s type.
    fn id(self, column: E::Column, node: NodeType, id: Option<&ID>) -> async_graphql::Result<Self> {
        let uuid = id.map(|id| decode_id_of(node, id)).transpose()?;
        Ok(self.equals(column, uuid))
    }

    /// Rows whose fuzzy date (`earliest`..`latest` bounds) overlaps the range.
    fn during(self, earliest: E::Column, latest: E::Column, range: Option<DateRange>) -> Self {
        self.add(
            range.map(|r| {
                date_overlaps::<E>(earliest, latest, r.from.map(|d| d.0), r.to.map(|d| d.0))
            }),
        )
    }

    /// Rows linked through `L` (e.g. facilities through operations) to `id`.
    fn linked<L: Record>(
        self,
        own: L::Column,
        other: L::Column,
        node: NodeType,
        id: Option<&ID>,
    ) -> async_graphql::Result<Self> {
        let Some(id) = id else { return Ok(self) };
        let link = equals::<L, _>(other, decode_id_of(node, id)?);
        let viewer = self.viewer;
        Ok(self.add(Some(related::<E, L>(own, link, viewer))))
    }

    fn done(self) -> Condition {
        self.all
    }
}

/// Names and aliases are at most this long, so a longer `text` can match nothing; it is
/// refused rather than sent as a LIKE pattern (SQLite refuses patterns past 50,000 bytes).
const MAX_FILTER_TEXT: usize = 255;

fn checked_text(text: Option<String>) -> Result<Option<String>, crate::error::AppError> {
    match text {
        Some(t) if t.chars().count() > MAX_FILTER_TEXT => {
            Err(crate::error::AppError::bad_input(format!(
                "`filter.text` is longer than {MAX_FILTER_TEXT} characters, longer than any name; give part of a name"
            )))
        }
        text => Ok(text),
    }
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

impl FacilityFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use facility::Column as C;
        use facility_operation::Column as Op;
        let open_during = self.open_during.map(|r| {
            span_overlaps::<facility::Entity>(
                C::OpenedEarliest,
                C::ClosedLatest,
                r.from.map(|d| d.0),
                r.to.map(|d| d.0),
            )
        });
        Ok(Conditions::<facility::Entity>::new(viewer)
            .text(self.text, C::Name)?
            .equals(C::Kind, self.kind.map(FacilityKind::as_db))
            .equals(C::Status, self.status.map(FacilityStatus::as_db))
            .country(C::Country, self.country)
            .equals(C::City, self.city)
            .linked::<facility_operation::Entity>(
                Op::FacilityId,
                Op::BranchId,
                NodeType::Branch,
                self.branch_id.as_ref(),
            )?
            .add(open_during)
            .done())
    }
}

/// Narrows the list of branches.
#[derive(InputObject, Debug, Clone, Default)]
pub struct BranchFilter {
    /// Case-insensitive match on the name or any alias (e.g. `al-khatib`), or the exact number (`251`).
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
        use branch::Column as C;
        use facility_operation::Column as Op;
        Ok(Conditions::<branch::Entity>::new(viewer)
            .text_or_code(self.text, C::Name, C::Number)?
            .equals(C::Kind, self.kind.map(BranchKind::as_db))
            .id(C::AgencyId, NodeType::Agency, self.agency_id.as_ref())?
            .id(C::ParentId, NodeType::Branch, self.parent_id.as_ref())?
            .linked::<facility_operation::Entity>(
                Op::BranchId,
                Op::FacilityId,
                NodeType::Facility,
                self.facility_id.as_ref(),
            )?
            .done())
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
        use agency::Column as C;
        Ok(Conditions::<agency::Entity>::new(viewer)
            .text_or_code(self.text, C::Name, C::Abbreviation)?
            .equals(C::Kind, self.kind.map(AgencyKind::as_db))
            .country(C::Country, self.country)
            .done())
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
        use person::Column as C;
        use posting::Column as P;
        use sea_orm::ColumnTrait;
        // Roles are stored as a comma-separated set; no role name contains another.
        let role = self
            .role
            .map(|r| Condition::all().add(C::Roles.contains(r.as_db())));
        Ok(Conditions::<person::Entity>::new(viewer)
            .text(self.text, C::Name)?
            .add(role)
            .country(C::Nationality, self.nationality)
            .linked::<posting::Entity>(
                P::PersonId,
                P::BranchId,
                NodeType::Branch,
                self.branch_id.as_ref(),
            )?
            .done())
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
    /// Whether the filter keeps every posting.
    pub fn is_empty(&self) -> bool {
        self.person_id.is_none()
            && self.branch_id.is_none()
            && self.role.is_none()
            && self.rank.is_none()
            && self.during.is_none()
    }

    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use posting::Column as C;
        Ok(Conditions::<posting::Entity>::new(viewer)
            .id(C::PersonId, NodeType::Person, self.person_id.as_ref())?
            .id(C::BranchId, NodeType::Branch, self.branch_id.as_ref())?
            .equals(C::Role, self.role)
            .equals(C::Rank, self.rank)
            .during(C::PeriodEarliest, C::PeriodLatest, self.during)
            .done())
    }
}

/// Narrows the list of organizations.
#[derive(InputObject, Debug, Clone, Default)]
pub struct OrganizationFilter {
    /// Case-insensitive match on the name or any alias, or the exact abbreviation (`SNHR`).
    pub text: Option<String>,
    /// Only organizations of this kind.
    pub kind: Option<OrganizationKind>,
    /// Only organizations of this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
}

impl OrganizationFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use organization::Column as C;
        Ok(Conditions::<organization::Entity>::new(viewer)
            .text_or_code(self.text, C::Name, C::Abbreviation)?
            .equals(C::Kind, self.kind.map(OrganizationKind::as_db))
            .country(C::Country, self.country)
            .done())
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
        use trial::Column as C;
        Ok(Conditions::<trial::Entity>::new(viewer)
            .text(self.text, C::Name)?
            .id(C::CourtId, NodeType::Organization, self.court_id.as_ref())?
            .country(C::Country, self.country)
            .equals(C::Status, self.status.map(TrialStatus::as_db))
            .equals(C::LegalBasis, self.legal_basis.map(LegalBasis::as_db))
            .during(C::PeriodEarliest, C::PeriodLatest, self.during)
            .done())
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
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use verdict::Column as C;
        Ok(Conditions::<verdict::Entity>::new(viewer)
            .id(C::TrialId, NodeType::Trial, self.trial_id.as_ref())?
            .id(C::PersonId, NodeType::Person, self.person_id.as_ref())?
            .equals(C::Outcome, self.outcome.map(VerdictOutcome::as_db))
            .equals(C::LifeSentence, self.life_sentence)
            .during(C::DateEarliest, C::DateLatest, self.date)
            .done())
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
        use source::Column as C;
        Ok(Conditions::<source::Entity>::new(viewer)
            .text(self.text, C::Title)?
            .equals(C::Kind, self.kind.map(SourceKind::as_db))
            .equals(C::Language, self.language)
            .id(
                C::PublisherId,
                NodeType::Organization,
                self.publisher_id.as_ref(),
            )?
            .during(C::PublishedEarliest, C::PublishedLatest, self.published)
            .done())
    }
}

/// Narrows the list of statistics.
#[derive(InputObject, Debug, Clone, Default)]
pub struct StatisticFilter {
    /// Only figures of this metric, e.g. `forcibly_disappeared`.
    pub metric: Option<String>,
    /// Only figures about this facility, branch or agency.
    pub subject_id: Option<ID>,
    /// Only figures about this kind of subject.
    pub subject_kind: Option<StatisticSubjectKind>,
    /// Only figures this organization claims.
    pub claimant_id: Option<ID>,
    /// Only figures about (or located in) this country (ISO 3166-1 alpha-2).
    pub country: Option<String>,
    /// Only figures whose period overlaps this range.
    pub period: Option<DateRange>,
}

impl StatisticFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use statistic::Column as C;
        let subject = self
            .subject_id
            .as_ref()
            .map(|id| decode_id(id).map(|(_, uuid)| uuid))
            .transpose()?;
        Ok(Conditions::<statistic::Entity>::new(viewer)
            .equals(C::Metric, self.metric)
            .equals(C::SubjectId, subject)
            .equals(
                C::SubjectType,
                self.subject_kind.map(StatisticSubjectKind::as_db),
            )
            .id(
                C::ClaimantId,
                NodeType::Organization,
                self.claimant_id.as_ref(),
            )?
            .country(C::Country, self.country)
            .during(C::PeriodEarliest, C::PeriodLatest, self.period)
            .done())
    }
}

/// Narrows the list of sanctions.
#[derive(InputObject, Debug, Clone, Default)]
pub struct SanctionFilter {
    /// Only listings of this branch or person.
    pub target_id: Option<ID>,
    /// Only listings by this organization.
    pub authority_id: Option<ID>,
    /// Only listings made during this range.
    pub listed: Option<DateRange>,
}

impl SanctionFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use sanction::Column as C;
        let target = self
            .target_id
            .as_ref()
            .map(|id| decode_id(id).map(|(_, uuid)| uuid))
            .transpose()?;
        Ok(Conditions::<sanction::Entity>::new(viewer)
            .equals(C::TargetId, target)
            .id(
                C::AuthorityId,
                NodeType::Organization,
                self.authority_id.as_ref(),
            )?
            .during(C::ListedEarliest, C::ListedLatest, self.listed)
            .done())
    }
}

/// Narrows the list of testimonies.
#[derive(InputObject, Debug, Clone, Default)]
pub struct TestimonyFilter {
    /// Only testimonies of this witness.
    pub witness_id: Option<ID>,
    /// Only testimonies given in this trial.
    pub trial_id: Option<ID>,
    /// Only testimonies about this facility.
    pub facility_id: Option<ID>,
}

impl TestimonyFilter {
    pub fn condition(self, viewer: Viewer) -> async_graphql::Result<Condition> {
        use testimony::Column as C;
        Ok(Conditions::<testimony::Entity>::new(viewer)
            .id(C::WitnessId, NodeType::Person, self.witness_id.as_ref())?
            .id(C::TrialId, NodeType::Trial, self.trial_id.as_ref())?
            .id(C::FacilityId, NodeType::Facility, self.facility_id.as_ref())?
            .done())
    }
}
