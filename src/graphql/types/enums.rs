//! Closed vocabularies, stored as lowercase text and exposed as GraphQL enums.

use async_graphql::Enum;

/// Declares the GraphQL mirror of a vocabulary of `service::vocab`: the same variants
/// (a missing or extra one does not compile), with the descriptions the schema shows.
/// The stored text of each value is spelt once, in the vocabulary.
macro_rules! db_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident,)+ }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl From<$name> for crate::service::vocab::$name {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => crate::service::vocab::$name::$variant,)+
                }
            }
        }

        impl From<crate::service::vocab::$name> for $name {
            fn from(value: crate::service::vocab::$name) -> Self {
                match value {
                    $(crate::service::vocab::$name::$variant => $name::$variant,)+
                }
            }
        }

        impl $name {
            /// The value stored in the database.
            pub fn as_db(self) -> &'static str {
                crate::service::vocab::$name::from(self).as_db()
            }

            /// Reads a stored value; an unknown one is a data fault (the doors refuse
            /// them, `daleel check` finds them), reported as internal.
            pub fn from_db(text: &str) -> async_graphql::Result<Self> {
                match crate::service::vocab::$name::parse(text) {
                    Some(value) => Ok(value.into()),
                    None => {
                        tracing::error!(value = text, r#type = stringify!($name), "unknown stored enum value");
                        Err(crate::error::AppError::Internal(
                            format!("unknown {} value", stringify!($name)).into(),
                        )
                        .into())
                    }
                }
            }
        }
    };
}

db_enum!(
    /// What kind of place a facility is.
    FacilityKind {
        /// A prison for sentenced or long-held detainees.
        Prison,
        /// A place where detainees are held, usually without trial.
        DetentionCenter,
        /// A place mainly for interrogation.
        InterrogationCenter,
        /// A prison run by the military or military police.
        MilitaryPrison,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// Whether a facility still holds people.
    FacilityStatus {
        /// In use.
        Active,
        /// No longer in use.
        Defunct,
        /// The sources do not say.
        Unknown,
    }
);

db_enum!(
    /// How precisely coordinates locate a place.
    LocationPrecision {
        /// The building itself.
        Exact,
        /// The neighbourhood the place is in.
        Neighbourhood,
        /// The town or city.
        City,
        /// The region or governorate.
        Region,
    }
);

db_enum!(
    /// What kind of state body an agency is.
    AgencyKind {
        /// An intelligence service.
        Intelligence,
        /// Armed forces.
        Military,
        /// Police.
        Police,
        /// A ministry.
        Ministry,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// What level of an agency a branch is.
    BranchKind {
        /// A numbered branch (e.g. Branch 251).
        Branch,
        /// A department within a branch.
        Department,
        /// A section within a department.
        Section,
        /// Any other unit.
        Unit,
    }
);

db_enum!(
    /// The part a person plays in the record; a person may have several.
    PersonRole {
        /// Accused or convicted in a trial.
        Defendant,
        /// Served in a security body.
        Officer,
        /// Survived detention.
        Survivor,
        /// Was harmed or killed.
        Victim,
        /// Testified.
        Witness,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// How an alias relates to the record's main name.
    AliasKind {
        /// The name in its own language and script.
        Native,
        /// A spelling of the name in another script.
        Transliteration,
        /// The name translated.
        Translation,
        /// A short form.
        Abbreviation,
        /// A nickname or informal name.
        Nickname,
        /// The shortened form some courts and media use (e.g. "Anwar R.").
        Redacted,
        /// A name no longer used.
        Former,
    }
);

db_enum!(
    /// What kind of body an organization is.
    OrganizationKind {
        /// A court.
        Court,
        /// A prosecution service.
        Prosecutor,
        /// A non-governmental organization.
        Ngo,
        /// A United Nations body.
        UnBody,
        /// A news organization.
        Media,
        /// A government.
        Government,
        /// An association (e.g. of survivors or families).
        Association,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// The ground on which a court tried a case.
    LegalBasis {
        /// Universal jurisdiction: a foreign court trying crimes under international law.
        UniversalJurisdiction,
        /// The state's own courts.
        Domestic,
        /// An international court.
        International,
    }
);

db_enum!(
    /// Where a trial stands.
    TrialStatus {
        /// Not yet opened.
        Pending,
        /// Under way.
        Ongoing,
        /// Judgment given.
        Concluded,
        /// Judgment under appeal.
        Appealed,
    }
);

db_enum!(
    /// The outcome of a verdict for one defendant.
    VerdictOutcome {
        /// Found guilty.
        Convicted,
        /// Found not guilty.
        Acquitted,
        /// Found guilty of some charges only.
        PartiallyConvicted,
        /// The case was dismissed.
        Dismissed,
    }
);

db_enum!(
    /// Whether a verdict can still change.
    AppealStatus {
        /// No appeal was lodged.
        None,
        /// An appeal may still be lodged.
        Pending,
        /// An appeal was lodged.
        Appealed,
        /// The verdict is final.
        Final,
    }
);

db_enum!(
    /// What became of a charge.
    ChargeDisposition {
        /// Charged (in the indictment); the verdict did not, or not yet, decide it so.
        Charged,
        /// Convicted of it.
        Convicted,
        /// Acquitted of it.
        Acquitted,
        /// Dropped before judgment.
        Dropped,
    }
);

db_enum!(
    /// What kind of document a source is.
    SourceKind {
        /// An encyclopedia article.
        Encyclopedia,
        /// A news report.
        News,
        /// A statement by an organization.
        Statement,
        /// A report or study.
        Report,
        /// A court document (judgment, indictment).
        CourtDocument,
        /// A recorded testimony.
        Testimony,
        /// An addition by daleel's editors that no source document states (coordinates
        /// looked up on public maps, transliterations); cited so that it is never mistaken
        /// for a source's words.
        Editorial,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// How sure the citation is that the source supports the record.
    Confidence {
        /// The source says it only indirectly or vaguely.
        Low,
        /// It follows from the source with some inference.
        Medium,
        /// The source states it directly.
        High,
    }
);

db_enum!(
    /// Where a citation stands in review.
    CitationStatus {
        /// Reviewed and accepted.
        Accepted,
        /// Contradicted by another source.
        Disputed,
        /// Not yet reviewed.
        NeedsReview,
    }
);

db_enum!(
    /// How exact a figure is.
    Approximation {
        /// The source gives the figure as exact.
        Exact,
        /// "About", "nearly", "an estimated".
        Approximate,
        /// "At least": the figure is a floor.
        AtLeast,
        /// "At most": the figure is a ceiling.
        AtMost,
    }
);

db_enum!(
    /// What a figure is about.
    StatisticSubjectKind {
        /// A facility.
        Facility,
        /// A branch.
        Branch,
        /// An agency.
        Agency,
        /// A whole country.
        Country,
    }
);

db_enum!(
    /// What kind of thing happened.
    EventKind {
        /// Someone was arrested.
        Arrest,
        /// An indictment was filed.
        Indictment,
        /// A trial opened.
        TrialOpening,
        /// A verdict was given.
        Verdict,
        /// Detainees were released.
        Release,
        /// A facility closed.
        Closure,
        /// A report was published.
        Report,
        /// A sanction was imposed.
        Sanction,
        /// A statement was made.
        Statement,
        /// Anything else.
        Other,
    }
);

db_enum!(
    /// Who may read a record.
    Visibility {
        /// Everyone, including callers without a key.
        Public,
        /// Analysts, editors and admins.
        Restricted,
        /// Editors and admins only.
        Confidential,
    }
);

db_enum!(
    /// Where a text in one language stands.
    TranslationStatus {
        /// The text as first written in this language (a source's or an editor's words).
        Original,
        /// A translation a person who reads both languages has checked.
        Reviewed,
        /// A translation no one has checked yet: read it with care.
        Unreviewed,
    }
);

db_enum!(
    /// How certainly a period (a posting, a facility's operation) was active at a date,
    /// when both are fuzzy (see `activeAt`).
    Certainty {
        /// Active throughout the date whichever days the fuzzy bounds mean: it had
        /// certainly begun by the date's first day and not ended before its last.
        Certain,
        /// Active on some of the days the bounds allow, not certainly all of them.
        Possible,
    }
);

db_enum!(
    /// What breaks or leaves open a chain of command.
    ChainBreakKind {
        /// No posting in a command role at this level is active at the date.
        NoCommanderAtDate,
        /// The branches' parents lead back to a branch already in the chain.
        Cycle,
        /// The chain is deeper than daleel follows (16 levels).
        TooDeep,
        /// daleel records who headed branches, not agencies: who headed the agency at
        /// the date is not in the record.
        AgencyHeadNotRecorded,
    }
);

db_enum!(
    /// What is wrong with a capture's file.
    CaptureProblem {
        /// The evidence store has no file of the capture's hash.
        Missing,
        /// The file is there, but its content no longer has the capture's hash or size.
        Altered,
    }
);

db_enum!(
    /// What happened to a capture, in its chain of custody.
    CustodyAction {
        /// It was added (its content stored and its record created).
        Added,
        /// What is said of it (media type, when, where from, by whom, visibility) changed.
        Changed,
        /// It was archived.
        Archived,
        /// It was restored.
        Restored,
        /// It came in through an import.
        Imported,
        /// Its content was read through the API.
        Accessed,
        /// An export included it.
        Exported,
    }
);

db_enum!(
    /// What the write behind a version of a record did.
    VersionOperation {
        /// The record was created.
        Create,
        /// The record was changed.
        Update,
        /// The record was archived.
        Archive,
        /// The record was restored.
        Restore,
        /// The record came in (or changed) through an import.
        Import,
        /// The record came in (or changed) with the built-in data.
        Seed,
    }
);

/// Order of a list.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    /// Smallest first (A to Z, oldest first).
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// What to order a list by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OrderField {
    /// The name or title (postings: the role; verdicts: the date).
    #[default]
    Name,
    /// The record's main date by its earliest bound (facilities: opened; postings, trials
    /// and operations: the period; verdicts: the date; sources: published). Undated last.
    Date,
    /// When the record was first stored.
    CreatedAt,
    /// When the record was last changed.
    UpdatedAt,
}
