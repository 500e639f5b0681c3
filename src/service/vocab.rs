//! The closed vocabularies of the record, as stored. Every door checks a stored code
//! against these lists; the GraphQL enums mirror them variant for variant (a mismatch
//! does not compile), so a value is spelt in one place only.

/// Declares a vocabulary: a plain enum, its stored text and its English and Arabic
/// labels per variant (what a dashboard prints), and its parser.
macro_rules! vocab {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal ($en:literal, $ar:literal),)+ }) => {
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

            /// What a reader sees for this value, in `lang`.
            pub fn label(self, lang: crate::i18n::Language) -> &'static str {
                match (self, lang) {
                    $(($name::$variant, crate::i18n::Language::En) => $en,
                      ($name::$variant, crate::i18n::Language::Ar) => $ar,)+
                }
            }
        }

        impl crate::i18n::labels::Vocabulary for $name {
            const NAME: &'static str = stringify!($name);

            fn codes() -> Vec<&'static str> {
                vec![$($text),+]
            }

            fn label_of(code: &str, lang: crate::i18n::Language) -> Option<&'static str> {
                $name::parse(code).map(|value| value.label(lang))
            }
        }
    };
}

vocab!(
    /// Who may read a record.
    Visibility {
        Public = "public" ("Public", "علني"),
        Restricted = "restricted" ("Restricted", "مقيّد"),
        Confidential = "confidential" ("Confidential", "سرّي"),
    }
);

vocab!(
    /// What kind of place a facility is.
    FacilityKind {
        Prison = "prison" ("Prison", "سجن"),
        DetentionCenter = "detention_center" ("Detention centre", "مركز احتجاز"),
        InterrogationCenter = "interrogation_center" ("Interrogation centre", "مركز تحقيق"),
        MilitaryPrison = "military_prison" ("Military prison", "سجن عسكري"),
        Other = "other" ("Other", "غير ذلك"),
    }
);

vocab!(
    /// Whether a facility still holds people.
    FacilityStatus {
        Active = "active" ("Active", "قيد العمل"),
        Defunct = "defunct" ("Defunct", "متوقف عن العمل"),
        Unknown = "unknown" ("Unknown", "غير معروف"),
    }
);

vocab!(
    /// How precisely coordinates locate a place.
    LocationPrecision {
        Exact = "exact" ("Exact", "دقيق"),
        Neighbourhood = "neighbourhood" ("Neighbourhood", "على مستوى الحي"),
        City = "city" ("City", "على مستوى المدينة"),
        Region = "region" ("Region", "على مستوى المنطقة"),
    }
);

vocab!(
    /// What kind of state body an agency is.
    AgencyKind {
        Intelligence = "intelligence" ("Intelligence", "استخبارات"),
        Military = "military" ("Military", "جيش"),
        Police = "police" ("Police", "شرطة"),
        Ministry = "ministry" ("Ministry", "وزارة"),
        Other = "other" ("Other", "غير ذلك"),
    }
);

vocab!(
    /// What level of an agency a branch is.
    BranchKind {
        Branch = "branch" ("Branch", "فرع"),
        Department = "department" ("Department", "قسم"),
        Section = "section" ("Section", "شعبة"),
        Unit = "unit" ("Unit", "وحدة"),
    }
);

vocab!(
    /// The part a person plays in the record.
    PersonRole {
        Defendant = "defendant" ("Defendant", "متهم"),
        Officer = "officer" ("Officer", "عنصر في جهاز أمني"),
        Survivor = "survivor" ("Survivor", "ناجٍ"),
        Victim = "victim" ("Victim", "ضحية"),
        Witness = "witness" ("Witness", "شاهد"),
        Other = "other" ("Other", "غير ذلك"),
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
        Native = "native" ("Native name", "الاسم بلغته"),
        Transliteration = "transliteration" ("Transliteration", "كتابة بحروف أخرى"),
        Translation = "translation" ("Translation", "ترجمة"),
        Abbreviation = "abbreviation" ("Abbreviation", "اختصار"),
        Nickname = "nickname" ("Nickname", "لقب"),
        Redacted = "redacted" ("Shortened name", "اسم مختصر"),
        Former = "former" ("Former name", "اسم سابق"),
    }
);

vocab!(
    /// What kind of body an organization is.
    OrganizationKind {
        Court = "court" ("Court", "محكمة"),
        Prosecutor = "prosecutor" ("Prosecutor", "نيابة عامة"),
        Ngo = "ngo" ("NGO", "منظمة غير حكومية"),
        UnBody = "un_body" ("UN body", "هيئة أممية"),
        Media = "media" ("Media", "وسيلة إعلام"),
        Government = "government" ("Government", "حكومة"),
        Association = "association" ("Association", "رابطة"),
        Other = "other" ("Other", "غير ذلك"),
    }
);

vocab!(
    /// The ground on which a court tried a case.
    LegalBasis {
        UniversalJurisdiction = "universal_jurisdiction" ("Universal jurisdiction", "الولاية القضائية العالمية"),
        Domestic = "domestic" ("Domestic", "قضاء وطني"),
        International = "international" ("International", "قضاء دولي"),
    }
);

vocab!(
    /// Where a trial stands.
    TrialStatus {
        Pending = "pending" ("Pending", "لم تبدأ"),
        Ongoing = "ongoing" ("Ongoing", "جارية"),
        Concluded = "concluded" ("Concluded", "انتهت"),
        Appealed = "appealed" ("Appealed", "قيد الاستئناف"),
    }
);

vocab!(
    /// The outcome of a verdict for one defendant.
    VerdictOutcome {
        Convicted = "convicted" ("Convicted", "إدانة"),
        Acquitted = "acquitted" ("Acquitted", "براءة"),
        PartiallyConvicted = "partially_convicted" ("Partially convicted", "إدانة جزئية"),
        Dismissed = "dismissed" ("Dismissed", "ردّ الدعوى"),
    }
);

vocab!(
    /// Whether a verdict can still change.
    AppealStatus {
        None = "none" ("No appeal", "لا استئناف"),
        Pending = "pending" ("Appeal possible", "الاستئناف ممكن"),
        Appealed = "appealed" ("Appealed", "مستأنف"),
        Final = "final" ("Final", "مبرم"),
    }
);

vocab!(
    /// What became of a charge.
    ChargeDisposition {
        Charged = "charged" ("Charged", "تهمة موجّهة"),
        Convicted = "convicted" ("Convicted", "إدانة"),
        Acquitted = "acquitted" ("Acquitted", "براءة"),
        Dropped = "dropped" ("Dropped", "تهمة مُسقطة"),
    }
);

vocab!(
    /// What kind of document a source is.
    SourceKind {
        Encyclopedia = "encyclopedia" ("Encyclopedia", "موسوعة"),
        News = "news" ("News", "خبر صحفي"),
        Statement = "statement" ("Statement", "بيان"),
        Report = "report" ("Report", "تقرير"),
        CourtDocument = "court_document" ("Court document", "وثيقة قضائية"),
        Testimony = "testimony" ("Testimony", "شهادة"),
        Editorial = "editorial" ("Editorial addition", "إضافة تحريرية"),
        Other = "other" ("Other", "غير ذلك"),
    }
);

vocab!(
    /// How sure a citation is that the source supports the record.
    Confidence {
        Low = "low" ("Low", "منخفضة"),
        Medium = "medium" ("Medium", "متوسطة"),
        High = "high" ("High", "عالية"),
    }
);

vocab!(
    /// Where a citation stands in review.
    CitationStatus {
        Accepted = "accepted" ("Accepted", "مقبول"),
        Disputed = "disputed" ("Disputed", "متنازع عليه"),
        NeedsReview = "needs_review" ("Needs review", "بحاجة إلى مراجعة"),
    }
);

vocab!(
    /// How exact a figure is.
    Approximation {
        Exact = "exact" ("Exact", "دقيق"),
        Approximate = "approximate" ("Approximate", "تقريبي"),
        AtLeast = "at_least" ("At least", "على الأقل"),
        AtMost = "at_most" ("At most", "على الأكثر"),
    }
);

vocab!(
    /// What a figure is about.
    StatisticSubjectKind {
        Facility = "facility" ("Facility", "مكان احتجاز"),
        Branch = "branch" ("Branch", "فرع"),
        Agency = "agency" ("Agency", "جهاز"),
        Country = "country" ("Country", "بلد"),
    }
);

vocab!(
    /// What kind of thing happened.
    EventKind {
        Arrest = "arrest" ("Arrest", "اعتقال"),
        Indictment = "indictment" ("Indictment", "توجيه اتهام"),
        TrialOpening = "trial_opening" ("Trial opening", "افتتاح محاكمة"),
        Verdict = "verdict" ("Verdict", "حكم"),
        Release = "release" ("Release", "إفراج"),
        Closure = "closure" ("Closure", "إغلاق"),
        Report = "report" ("Report", "تقرير"),
        Sanction = "sanction" ("Sanction", "عقوبة"),
        Statement = "statement" ("Statement", "بيان"),
        Other = "other" ("Other", "غير ذلك"),
    }
);

vocab!(
    /// Where a text in one language stands.
    TranslationStatus {
        Original = "original" ("Original", "النص الأصلي"),
        Reviewed = "reviewed" ("Reviewed translation", "ترجمة مراجَعة"),
        Unreviewed = "unreviewed" ("Unreviewed translation", "ترجمة غير مراجَعة"),
    }
);

vocab!(
    /// How certainly a period (a posting, a facility's operation) was active at a date
    /// (`src/period.rs`).
    Certainty {
        Certain = "certain" ("Certainly active", "مؤكَّد"),
        Possible = "possible" ("Possibly active", "محتمَل"),
    }
);

vocab!(
    /// What breaks or leaves open a chain of command (`Person.chainOfCommand`).
    ChainBreakKind {
        NoCommanderAtDate = "no_commander_at_date" ("No head known at the date", "لا رئيس معروفاً في التاريخ"),
        Cycle = "cycle" ("Branches in a loop", "فروع في حلقة مغلقة"),
        TooDeep = "too_deep" ("Chain deeper than followed", "سلسلة أعمق مما يُتتبَّع"),
        AgencyHeadNotRecorded = "agency_head_not_recorded" ("Agency head not recorded", "رئيس الجهاز غير مسجَّل"),
    }
);

vocab!(
    /// What the write behind a version of a record did, as the audit log names it.
    VersionOperation {
        Create = "create" ("Created", "إنشاء"),
        Update = "update" ("Changed", "تعديل"),
        Archive = "archive" ("Archived", "أرشفة"),
        Restore = "restore" ("Restored", "استعادة"),
        Import = "import" ("Imported", "استيراد"),
        Seed = "seed" ("Built-in data", "البيانات المضمَّنة"),
    }
);

vocab!(
    /// What is wrong with a capture's file (`daleel verify`, `verifyCaptures`).
    CaptureProblem {
        Missing = "missing" ("File missing", "الملف مفقود"),
        Altered = "altered" ("File altered", "الملف معدَّل"),
    }
);

vocab!(
    /// What happened to a capture, in its chain of custody.
    CustodyAction {
        Added = "added" ("Added", "أُضيف"),
        Changed = "changed" ("Description changed", "تغيّر وصفه"),
        Archived = "archived" ("Archived", "أُرشف"),
        Restored = "restored" ("Restored", "استُعيد"),
        Imported = "imported" ("Imported", "استُورد"),
        Accessed = "accessed" ("Content read", "قُرئ محتواه"),
        Exported = "exported" ("Exported", "صُدِّر"),
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
