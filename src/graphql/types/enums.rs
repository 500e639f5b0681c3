//! Closed vocabularies, stored as lowercase text and exposed as GraphQL enums.

use async_graphql::Enum;

/// Declares an enum whose variants are stored as the given text values.
macro_rules! db_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// The value stored in the database.
            pub fn as_db(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Reads a stored value; an unknown one is a data fault, reported as internal.
            pub fn from_db(text: &str) -> async_graphql::Result<Self> {
                match text {
                    $($text => Ok($name::$variant),)+
                    other => {
                        tracing::error!(value = other, r#type = stringify!($name), "unknown stored enum value");
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
        Prison = "prison",
        /// A place where detainees are held, usually without trial.
        DetentionCenter = "detention_center",
        /// A place mainly for interrogation.
        InterrogationCenter = "interrogation_center",
        /// A prison run by the military or military police.
        MilitaryPrison = "military_prison",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// Whether a facility still holds people.
    FacilityStatus {
        /// In use.
        Active = "active",
        /// No longer in use.
        Defunct = "defunct",
        /// The sources do not say.
        Unknown = "unknown",
    }
);

db_enum!(
    /// How precisely coordinates locate a place.
    LocationPrecision {
        /// The building itself.
        Exact = "exact",
        /// The neighbourhood the place is in.
        Neighbourhood = "neighbourhood",
        /// The town or city.
        City = "city",
        /// The region or governorate.
        Region = "region",
    }
);

db_enum!(
    /// What kind of state body an agency is.
    AgencyKind {
        /// An intelligence service.
        Intelligence = "intelligence",
        /// Armed forces.
        Military = "military",
        /// Police.
        Police = "police",
        /// A ministry.
        Ministry = "ministry",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// What level of an agency a branch is.
    BranchKind {
        /// A numbered branch (e.g. Branch 251).
        Branch = "branch",
        /// A department within a branch.
        Department = "department",
        /// A section within a department.
        Section = "section",
        /// Any other unit.
        Unit = "unit",
    }
);

db_enum!(
    /// The part a person plays in the record; a person may have several.
    PersonRole {
        /// Accused or convicted in a trial.
        Defendant = "defendant",
        /// Served in a security body.
        Officer = "officer",
        /// Survived detention.
        Survivor = "survivor",
        /// Was harmed or killed.
        Victim = "victim",
        /// Testified.
        Witness = "witness",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// How an alias relates to the record's main name.
    AliasKind {
        /// The name in its own language and script.
        Native = "native",
        /// A spelling of the name in another script.
        Transliteration = "transliteration",
        /// The name translated.
        Translation = "translation",
        /// A short form.
        Abbreviation = "abbreviation",
        /// A nickname or informal name.
        Nickname = "nickname",
        /// The shortened form some courts and media use (e.g. "Anwar R.").
        Redacted = "redacted",
        /// A name no longer used.
        Former = "former",
    }
);

db_enum!(
    /// What kind of body an organization is.
    OrganizationKind {
        /// A court.
        Court = "court",
        /// A prosecution service.
        Prosecutor = "prosecutor",
        /// A non-governmental organization.
        Ngo = "ngo",
        /// A United Nations body.
        UnBody = "un_body",
        /// A news organization.
        Media = "media",
        /// A government.
        Government = "government",
        /// An association (e.g. of survivors or families).
        Association = "association",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// The ground on which a court tried a case.
    LegalBasis {
        /// Universal jurisdiction: a foreign court trying crimes under international law.
        UniversalJurisdiction = "universal_jurisdiction",
        /// The state's own courts.
        Domestic = "domestic",
        /// An international court.
        International = "international",
    }
);

db_enum!(
    /// Where a trial stands.
    TrialStatus {
        /// Not yet opened.
        Pending = "pending",
        /// Under way.
        Ongoing = "ongoing",
        /// Judgment given.
        Concluded = "concluded",
        /// Judgment under appeal.
        Appealed = "appealed",
    }
);

db_enum!(
    /// The outcome of a verdict for one defendant.
    VerdictOutcome {
        /// Found guilty.
        Convicted = "convicted",
        /// Found not guilty.
        Acquitted = "acquitted",
        /// Found guilty of some charges only.
        PartiallyConvicted = "partially_convicted",
        /// The case was dismissed.
        Dismissed = "dismissed",
    }
);

db_enum!(
    /// Whether a verdict can still change.
    AppealStatus {
        /// No appeal was lodged.
        None = "none",
        /// An appeal may still be lodged.
        Pending = "pending",
        /// An appeal was lodged.
        Appealed = "appealed",
        /// The verdict is final.
        Final = "final",
    }
);

db_enum!(
    /// What became of a charge.
    ChargeDisposition {
        /// Charged (in the indictment); the verdict did not, or not yet, decide it so.
        Charged = "charged",
        /// Convicted of it.
        Convicted = "convicted",
        /// Acquitted of it.
        Acquitted = "acquitted",
        /// Dropped before judgment.
        Dropped = "dropped",
    }
);

db_enum!(
    /// What kind of document a source is.
    SourceKind {
        /// An encyclopedia article.
        Encyclopedia = "encyclopedia",
        /// A news report.
        News = "news",
        /// A statement by an organization.
        Statement = "statement",
        /// A report or study.
        Report = "report",
        /// A court document (judgment, indictment).
        CourtDocument = "court_document",
        /// A recorded testimony.
        Testimony = "testimony",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// How sure the citation is that the source supports the record.
    Confidence {
        /// The source says it only indirectly or vaguely.
        Low = "low",
        /// It follows from the source with some inference.
        Medium = "medium",
        /// The source states it directly.
        High = "high",
    }
);

db_enum!(
    /// Where a citation stands in review.
    CitationStatus {
        /// Reviewed and accepted.
        Accepted = "accepted",
        /// Contradicted by another source.
        Disputed = "disputed",
        /// Not yet reviewed.
        NeedsReview = "needs_review",
    }
);

db_enum!(
    /// How exact a figure is.
    Approximation {
        /// The source gives the figure as exact.
        Exact = "exact",
        /// "About", "nearly", "an estimated".
        Approximate = "approximate",
        /// "At least": the figure is a floor.
        AtLeast = "at_least",
        /// "At most": the figure is a ceiling.
        AtMost = "at_most",
    }
);

db_enum!(
    /// What a figure is about.
    StatisticSubjectKind {
        /// A facility.
        Facility = "facility",
        /// A branch.
        Branch = "branch",
        /// An agency.
        Agency = "agency",
        /// A whole country.
        Country = "country",
    }
);

db_enum!(
    /// What kind of thing happened.
    EventKind {
        /// Someone was arrested.
        Arrest = "arrest",
        /// An indictment was filed.
        Indictment = "indictment",
        /// A trial opened.
        TrialOpening = "trial_opening",
        /// A verdict was given.
        Verdict = "verdict",
        /// Detainees were released.
        Release = "release",
        /// A facility closed.
        Closure = "closure",
        /// A report was published.
        Report = "report",
        /// A sanction was imposed.
        Sanction = "sanction",
        /// A statement was made.
        Statement = "statement",
        /// Anything else.
        Other = "other",
    }
);

db_enum!(
    /// Who may read a record.
    Visibility {
        /// Everyone, including callers without a key.
        Public = "public",
        /// Analysts, editors and admins.
        Restricted = "restricted",
        /// Editors and admins only.
        Confidential = "confidential",
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
