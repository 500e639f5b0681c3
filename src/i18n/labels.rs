//! The words a dashboard prints for coded values, in English and Arabic: every closed
//! vocabulary (its labels live beside its codes in `service::vocab`), the kinds of
//! record, the kinds of change and of write, the languages, and the open lists of posting roles and
//! statistic metrics (codes an editor may add to; an unknown one reads as its words).

use std::borrow::Cow;

use crate::i18n::Language;
use crate::records::NodeType;
use crate::service::vocab;

/// A closed vocabulary with a label per value (implemented by `vocab!`).
pub trait Vocabulary {
    /// The name of its GraphQL enum.
    const NAME: &'static str;
    /// Its stored codes, in declaration order.
    fn codes() -> Vec<&'static str>;
    /// The label of a stored code; `None` for a code not in it.
    fn label_of(code: &str, lang: Language) -> Option<&'static str>;
}

/// One value's label: which list it is in, its code as the API writes it (the GraphQL
/// enum value, e.g. `DETENTION_CENTER`), and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub vocabulary: &'static str,
    pub value: String,
    pub text: Cow<'static, str>,
}

/// Labels of one list: its name, its codes and how to read one.
struct List {
    name: &'static str,
    codes: fn() -> Vec<&'static str>,
    label: fn(&str, Language) -> Option<&'static str>,
}

macro_rules! lists {
    ($($vocabulary:ident),+ $(,)?) => {
        &[$(List {
            name: <vocab::$vocabulary as Vocabulary>::NAME,
            codes: <vocab::$vocabulary as Vocabulary>::codes,
            label: <vocab::$vocabulary as Vocabulary>::label_of,
        }),+]
    };
}

/// Every closed vocabulary of the record.
const VOCABULARIES: &[List] = lists!(
    Visibility,
    FacilityKind,
    FacilityStatus,
    LocationPrecision,
    AgencyKind,
    BranchKind,
    PersonRole,
    AliasKind,
    OrganizationKind,
    LegalBasis,
    TrialStatus,
    VerdictOutcome,
    AppealStatus,
    ChargeDisposition,
    SourceKind,
    Confidence,
    CitationStatus,
    Approximation,
    StatisticSubjectKind,
    EventKind,
    TranslationStatus,
    Certainty,
    ChainBreakKind,
    VersionOperation,
    CaptureProblem,
    CustodyAction,
);

/// Posting roles the built-in data and the generator use; the list is open.
const POSTING_ROLES: &[(&str, &str, &str)] = &[
    ("officer", "Officer", "ضابط"),
    ("director", "Director", "مدير"),
    ("head_of_branch", "Head of branch", "رئيس فرع"),
    ("head_of_department", "Head of department", "رئيس قسم"),
    ("investigator", "Investigator", "محقق"),
    ("guard", "Guard", "سجّان"),
    ("driver", "Driver", "سائق"),
    (
        "detainee_informant",
        "Detainee informant",
        "مخبر من بين المعتقلين",
    ),
];

/// Statistic metrics the built-in data uses; the list is open.
const METRICS: &[(&str, &str, &str)] = &[
    ("detained", "Detained", "معتقلون"),
    (
        "forcibly_disappeared",
        "Forcibly disappeared",
        "مختفون قسرياً",
    ),
    (
        "deaths_in_detention",
        "Deaths in detention",
        "وفيات في الاحتجاز",
    ),
    (
        "executions_or_deaths",
        "Executions or deaths",
        "إعدامات أو وفيات",
    ),
    (
        "killed_by_torture",
        "Killed by torture",
        "قتلى بسبب التعذيب",
    ),
    (
        "killed_under_torture",
        "Killed under torture",
        "قتلى تحت التعذيب",
    ),
    ("murders", "Murders", "جرائم قتل"),
    ("tortured", "Tortured", "تعرّضوا للتعذيب"),
    ("plaintiffs", "Plaintiffs", "مدّعون"),
];

/// Country names (ISO 3166-1 alpha-2) of the countries this record's facilities, courts,
/// sanctions and claimants are in, and their neighbours; another code reads as itself.
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("SY", "Syria", "سوريا"),
    ("LB", "Lebanon", "لبنان"),
    ("JO", "Jordan", "الأردن"),
    ("IQ", "Iraq", "العراق"),
    ("TR", "Türkiye", "تركيا"),
    ("PS", "Palestine", "فلسطين"),
    ("IL", "Israel", "إسرائيل"),
    ("EG", "Egypt", "مصر"),
    ("SA", "Saudi Arabia", "السعودية"),
    ("AE", "United Arab Emirates", "الإمارات العربية المتحدة"),
    ("QA", "Qatar", "قطر"),
    ("IR", "Iran", "إيران"),
    ("RU", "Russia", "روسيا"),
    ("DE", "Germany", "ألمانيا"),
    ("FR", "France", "فرنسا"),
    ("SE", "Sweden", "السويد"),
    ("NL", "Netherlands", "هولندا"),
    ("CH", "Switzerland", "سويسرا"),
    ("AT", "Austria", "النمسا"),
    ("NO", "Norway", "النرويج"),
    ("DK", "Denmark", "الدنمارك"),
    ("BE", "Belgium", "بلجيكا"),
    ("ES", "Spain", "إسبانيا"),
    ("IT", "Italy", "إيطاليا"),
    ("GB", "United Kingdom", "المملكة المتحدة"),
    ("US", "United States", "الولايات المتحدة"),
    ("CA", "Canada", "كندا"),
];

/// A country's name; a code not in the list reads as itself in every language.
pub fn country(code: &str, lang: Language) -> Cow<'static, str> {
    lookup(COUNTRIES, code, lang).map_or_else(|| Cow::Owned(code.to_owned()), Cow::Borrowed)
}

/// The words of `code` in `lang`, from a list of (code, English, Arabic).
fn lookup(
    list: &[(&'static str, &'static str, &'static str)],
    code: &str,
    lang: Language,
) -> Option<&'static str> {
    list.iter()
        .find(|(known, _, _)| *known == code)
        .map(|(_, en, ar)| match lang {
            Language::En => *en,
            Language::Ar => *ar,
        })
}

/// The GraphQL names of the open lists in `labels`.
pub const POSTING_ROLE: &str = "PostingRole";
pub const STATISTIC_METRIC: &str = "StatisticMetric";

/// The label of a code in an open list; an unknown code reads as its words
/// (`head_of_unit` → "Head of unit") in every language, since no one has translated it.
fn open_label(
    list: &[(&'static str, &'static str, &'static str)],
    code: &str,
    lang: Language,
) -> Cow<'static, str> {
    lookup(list, code, lang).map_or_else(|| Cow::Owned(humanize(code)), Cow::Borrowed)
}

/// A posting role's label.
pub fn posting_role(code: &str, lang: Language) -> Cow<'static, str> {
    open_label(POSTING_ROLES, code, lang)
}

/// A statistic metric's label.
pub fn metric(code: &str, lang: Language) -> Cow<'static, str> {
    open_label(METRICS, code, lang)
}

/// The label of a stored code of the closed vocabulary named `vocabulary`.
pub fn code(vocabulary: &str, code: &str, lang: Language) -> Cow<'static, str> {
    VOCABULARIES
        .iter()
        .find(|list| list.name == vocabulary)
        .and_then(|list| (list.label)(code, lang))
        .map(Cow::Borrowed)
        .unwrap_or_else(|| Cow::Owned(humanize(code)))
}

/// What a kind of record is called.
pub fn record_type(node: NodeType, lang: Language) -> &'static str {
    let (en, ar) = match node {
        NodeType::Organization => ("Organization", "منظمة"),
        NodeType::Source => ("Source", "مصدر"),
        NodeType::Capture => ("Capture", "نسخة محفوظة"),
        NodeType::Agency => ("Agency", "جهاز"),
        NodeType::Branch => ("Branch", "فرع"),
        NodeType::Facility => ("Facility", "مكان احتجاز"),
        NodeType::FacilityOperation => ("Facility operation", "إدارة مكان احتجاز"),
        NodeType::Person => ("Person", "شخص"),
        NodeType::Posting => ("Posting", "منصب"),
        NodeType::Trial => ("Trial", "محاكمة"),
        NodeType::Verdict => ("Verdict", "حكم"),
        NodeType::Charge => ("Charge", "تهمة"),
        NodeType::Statistic => ("Statistic", "إحصائية"),
        NodeType::Event => ("Event", "حدث"),
        NodeType::EventLink => ("Event link", "صلة بحدث"),
        NodeType::Sanction => ("Sanction", "عقوبة"),
        NodeType::Testimony => ("Testimony", "شهادة"),
        NodeType::Alias => ("Alias", "اسم آخر"),
        NodeType::Citation => ("Citation", "استشهاد"),
        NodeType::NameKey => ("Search key", "مفتاح بحث"),
        NodeType::AuditLog => ("Audit entry", "سجل تدقيق"),
    };
    match lang {
        Language::En => en,
        Language::Ar => ar,
    }
}

/// What a language is called.
pub fn language(of: Language, lang: Language) -> &'static str {
    match (of, lang) {
        (Language::En, Language::En) => "English",
        (Language::En, Language::Ar) => "الإنكليزية",
        (Language::Ar, Language::En) => "Arabic",
        (Language::Ar, Language::Ar) => "العربية",
    }
}

/// What happened to a record, as `recordChanged` reports it.
const CHANGE_ACTIONS: &[(&str, &str, &str)] = &[
    ("CREATED", "Created", "أُنشئ"),
    ("UPDATED", "Updated", "عُدّل"),
    ("ARCHIVED", "Archived", "أُرشف"),
    ("RESTORED", "Restored", "استُعيد"),
];

/// What a write did, as a record's history (`AuditEntry.operation`) reports it.
const AUDIT_OPERATIONS: &[(&str, &str, &str)] = &[
    ("CREATE", "Created", "إنشاء"),
    ("UPDATE", "Updated", "تعديل"),
    ("ARCHIVE", "Archived", "أرشفة"),
    ("RESTORE", "Restored", "استعادة"),
    ("IMPORT", "Imported", "استيراد"),
];

/// Every label, in `lang`, for a client's translation table: the closed vocabularies,
/// the kinds of record (`RecordType`), of change (`RecordChangeAction`, `AuditOperation`),
/// the languages, and
/// the known codes of the open lists.
pub fn all(lang: Language) -> Vec<Label> {
    let mut labels = Vec::new();
    let mut push = |vocabulary: &'static str, value: String, text: Cow<'static, str>| {
        labels.push(Label {
            vocabulary,
            value,
            text,
        })
    };
    for list in VOCABULARIES {
        for code in (list.codes)() {
            let text = (list.label)(code, lang).unwrap_or(code);
            push(list.name, code.to_uppercase(), Cow::Borrowed(text));
        }
    }
    for &node in NodeType::RECORDS.iter().filter(|t| t.is_node()) {
        let text = record_type(node, lang);
        push(
            "RecordType",
            node.table().to_uppercase(),
            Cow::Borrowed(text),
        );
    }
    for (name, list) in [
        ("RecordChangeAction", CHANGE_ACTIONS),
        ("AuditOperation", AUDIT_OPERATIONS),
    ] {
        for &(value, en, ar) in list {
            let text = if lang == Language::Ar { ar } else { en };
            push(name, value.to_owned(), Cow::Borrowed(text));
        }
    }
    for &of in Language::ALL {
        let text = language(of, lang);
        push("Language", of.code().to_uppercase(), Cow::Borrowed(text));
    }
    for &(code, _, _) in COUNTRIES {
        push("Country", code.to_owned(), country(code, lang));
    }
    for (name, list) in [(POSTING_ROLE, POSTING_ROLES), (STATISTIC_METRIC, METRICS)] {
        for (code, _, _) in list {
            push(name, code.to_uppercase(), open_label(list, code, lang));
        }
    }
    labels
}

/// `detention_center` → `Detention center`.
pub fn humanize(code: &str) -> String {
    let words = code.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_label_in_both_languages() {
        for lang in Language::ALL {
            let labels = all(*lang);
            assert!(labels.len() > 100);
            for label in &labels {
                assert!(!label.text.is_empty(), "{label:?}");
                let arabic = label
                    .text
                    .chars()
                    .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
                assert_eq!(arabic, *lang == Language::Ar, "{label:?}");
            }
        }
    }

    #[test]
    fn open_lists_read_unknown_codes_as_words() {
        assert_eq!(posting_role("head_of_department", Language::Ar), "رئيس قسم");
        assert_eq!(posting_role("head_of_unit", Language::Ar), "Head of unit");
        assert_eq!(
            code("FacilityKind", "detention_center", Language::Ar),
            "مركز احتجاز"
        );
        assert_eq!(
            code("FacilityKind", "bogus_kind", Language::En),
            "Bogus kind"
        );
    }
}
