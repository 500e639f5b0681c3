//! Arabic and English: the languages daleel writes in, how a date reads in each, and the
//! words a dashboard prints for every closed vocabulary. Pure functions; the HTTP layer
//! picks a request's language (`http::negotiate`), GraphQL hands it down.

pub mod dates;
pub mod labels;

/// A language daleel holds text in. Arabic and English first; the codes are BCP 47 so
/// that more (Kurdish, French) fit the same shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Language {
    /// English, the language when a request names none.
    #[default]
    En,
    /// Arabic.
    Ar,
}

impl Language {
    /// Every language, in the order a fallback tries them after the one asked for.
    pub const ALL: &'static [Language] = &[Language::En, Language::Ar];

    /// The BCP 47 primary subtag (`en`, `ar`), as stored and as in `Content-Language`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Ar => "ar",
        }
    }

    /// Reads a language tag by its primary subtag: `ar`, `ar-SY`, `AR` are Arabic.
    pub fn from_tag(tag: &str) -> Option<Language> {
        let primary = tag.split(['-', '_']).next().unwrap_or_default();
        Language::ALL
            .iter()
            .copied()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_read_by_their_primary_subtag() {
        assert_eq!(Language::from_tag("ar-SY"), Some(Language::Ar));
        assert_eq!(Language::from_tag("AR"), Some(Language::Ar));
        assert_eq!(Language::from_tag("en_GB"), Some(Language::En));
        assert_eq!(Language::from_tag("fr"), None);
        assert_eq!(Language::from_tag("arab"), None);
        assert_eq!(Language::default(), Language::En);
    }
}
