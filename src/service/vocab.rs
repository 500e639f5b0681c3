//! The closed vocabularies of the record, as stored. Every door checks a stored code
//! against these lists; the GraphQL enums mirror them variant for variant (a mismatch
//! does not compile), so a value is spelt in one place only.

/// Declares a vocabulary: a plain enum, its stored text per variant, and its parser.
macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The value stored in the database and written in datasets.
            pub fn as_db(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// Reads a stored value.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The accepted values, for an error message that says what to write.
            pub fn accepted() -> String {
                [$($text),+].join(", ")
            }
        }
    };
}

vocab!(
    /// Who may read a record.
    Visibility {
        Public = "public",
        Restricted = "restricted",
        Confidential = "confidential",
    }
);

vocab!(
    /// What kind of place a facility is.
    FacilityKind {
        Prison = "prison",
        DetentionCenter = "detention_center",
        InterrogationCenter = "interrogation_center",
        MilitaryPrison = "military_prison",
        Other = "other",
    }
);

vocab!(
    /// Whether a facility still holds people.
    FacilityStatus {
        Active = "active",
        Defunct = "defunct",
        Unknown = "unknown",
    }
);

vocab!(
    /// How precisely coordinates locate a place.
    LocationPrecision {
        Exact = "exact",
        Neighbourhood = "neighbourhood",
        City = "city",
        Region = "region",
    }
);

vocab!(
    /// What kind of state body an agency is.
    AgencyKind {
        Intelligence = "intelligence",
        Military = "military",
        Police = "police",
        Ministry = "ministry",
        Other = "other",
    }
);

vocab!(
    /// What level of an agency a branch is.
    BranchKind {
        Branch = "branch",
        Department = "department",
        Section = "section",
        Unit = "unit",
    }
);

vocab!(
    /// The part a person plays in the record.
    PersonRole {
        Defendant = "defendant",
        Officer = "officer",
        Survivor = "survivor",
        Victim = "victim",
        Witness = "witness",
        Other = "other",
    }
);

impl PersonRole {
    /// Roles whose holders can be harmed by exposure: restricted unless stated otherwise.
    pub fn is_vulnerable(self) -> bool {
        matches!(
            self,
            PersonRole::Witness | PersonRole::Survivor | PersonRole::Victim
        )
    }
}

vocab!(
    /// How an alias relates to the record's main name.
    AliasKind {
        Native = "native",
        Transliteration = "transliteration",
        Translation = "translation",
        Abbreviation = "abbreviation",
        Nickname = "nickname",
        Redacted = "redacted",
        Former = "former",
    }
);

vocab!(
    /// What kind of body an organization is.
    OrganizationKind {
        Court = "court",
        Prosecutor = "prosecutor",
        Ngo = "ngo",
        UnBody = "un_body",
        Media = "media",
        Government = "government",
        Association = "association",
        Other = "other",
    }
);

vocab!(
    /// The ground on which a court tried a case.
    LegalBasis {
        UniversalJurisdiction = "universal_jurisdiction",
        Domestic = "domestic",
        International = "international",
    }
);

vocab!(
    /// Where a trial stands.
    TrialStatus {
        Pending = "pending",
        Ongoing = "ongoing",
        Concluded = "concluded",
        Appealed = "appealed",
    }
);

vocab!(
    /// The outcome of a verdict for one defendant.
    VerdictOutcome {
        Convicted = "convicted",
        Acquitted = "acquitted",
        PartiallyConvicted = "partially_convicted",
        Dismissed = "dismissed",
    }
);

vocab!(
    /// Whether a verdict can still change.
    AppealStatus {
        None = "none",
        Pending = "pending",
        Appealed = "appealed",
        Final = "final",
    }
);

vocab!(
    /// What became of a charge.
    ChargeDisposition {
        Charged = "charged",
        Convicted = "convicted",
        Acquitted = "acquitted",
        Dropped = "dropped",
    }
);

vocab!(
    /// What kind of document a source is.
    SourceKind {
        Encyclopedia = "encyclopedia",
        News = "news",
        Statement = "statement",
        Report = "report",
        CourtDocument = "court_document",
        Testimony = "testimony",
        Editorial = "editorial",
        Other = "other",
    }
);

vocab!(
    /// How sure a citation is that the source supports the record.
    Confidence {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
);

vocab!(
    /// Where a citation stands in review.
    CitationStatus {
        Accepted = "accepted",
        Disputed = "disputed",
        NeedsReview = "needs_review",
    }
);

vocab!(
    /// How exact a figure is.
    Approximation {
        Exact = "exact",
        Approximate = "approximate",
        AtLeast = "at_least",
        AtMost = "at_most",
    }
);

vocab!(
    /// What a figure is about.
    StatisticSubjectKind {
        Facility = "facility",
        Branch = "branch",
        Agency = "agency",
        Country = "country",
    }
);

vocab!(
    /// What kind of thing happened.
    EventKind {
        Arrest = "arrest",
        Indictment = "indictment",
        TrialOpening = "trial_opening",
        Verdict = "verdict",
        Release = "release",
        Closure = "closure",
        Report = "report",
        Sanction = "sanction",
        Statement = "statement",
        Other = "other",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_reads_back() {
        for kind in FacilityKind::ALL {
            assert_eq!(FacilityKind::parse(kind.as_db()), Some(*kind));
        }
        assert_eq!(FacilityKind::parse("bogus"), None);
        assert!(FacilityKind::accepted().contains("military_prison"));
        assert!(PersonRole::Witness.is_vulnerable());
        assert!(!PersonRole::Officer.is_vulnerable());
    }
}
