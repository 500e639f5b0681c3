//! Free text for full-text search: the words of a text as the index stores them, a query
//! as an analyst types it, and the snippet that shows where a text matched.
//!
//! Words are folded by the same normaliser as names ([`super::normalize`]): Arabic letter
//! forms, diacritics, tatweel and the article, doubled letters, Arabic-Indic digits. A
//! query word then matches a stored word in one of three ways, best first:
//! - exactly, or with the Latin article joined to either side ("alkhatib", "al-Khatib");
//! - by prefix, after a light English stemming ("transporting" → "transport…", which
//!   finds "transported" and "transportation"), for words of three letters or more;
//! - by consonant skeleton ("Sednaya" and "Saydnaya"), for words of three consonants or more.
//!
//! Quoted words are a phrase: the same words, consecutive, each matched exactly. A word
//! written `-word` excludes the records that contain it.

use super::normalize::{skeleton, tokens};

/// Stored words are clipped to this many characters (the index column's size).
pub const MAX_WORD: usize = 64;

/// A query holds at most this many words (each one is a join).
pub const MAX_QUERY_WORDS: usize = 12;

/// Words shorter than this match only whole (a two-letter prefix matches too much).
const MIN_PREFIX: usize = 3;

/// Latin articles that transliterations glue to the word ("Alkhatib").
const GLUED_ARTICLES: [&str; 2] = ["al", "el"];

/// English endings a query word loses before it is matched as a prefix, longest first.
const ENGLISH_ENDINGS: [&str; 6] = ["ings", "ing", "ies", "es", "ed", "s"];

/// One word of a text: its byte range in the original and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub token: String,
}

/// The words of `text` in order, as the index stores them: each piece of the text between
/// spaces gives the words it folds into (articles dropped), and keeps its place in the
/// original for snippets.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for (start, piece) in pieces(text) {
        // The span shown is the piece without its surrounding punctuation.
        let Some(first) = piece.find(char::is_alphanumeric) else {
            continue;
        };
        let last = piece
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(piece.len(), |(i, c)| i + c.len_utf8());
        for token in tokens(piece) {
            if super::normalize::is_article(&token) {
                continue;
            }
            out.push(Word {
                start: start + first,
                end: start + last,
                token: clip(&token),
            });
        }
    }
    out
}

/// The pieces of `text` between whitespace, with their byte offsets.
fn pieces(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace().map(move |piece| {
        // `split_whitespace` yields subslices of `text`: the offset is the distance.
        let start = piece.as_ptr() as usize - text.as_ptr() as usize;
        (start, piece)
    })
}

fn clip(token: &str) -> String {
    token.chars().take(MAX_WORD).collect()
}

/// How a stored word matched a query word; better matches score higher.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Quality {
    Skeleton = 1,
    Prefix = 2,
    Exact = 3,
}

/// One query word and the stored words it matches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Stored words it matches exactly.
    pub exact: Vec<String>,
    /// Stored words starting with this match too.
    pub prefix: Option<String>,
    /// Stored words with this skeleton match too.
    pub skeleton: Option<String>,
}

impl Term {
    /// A query word (normalised). `loose` words also match by prefix and skeleton;
    /// words of a quoted phrase match only exactly.
    fn new(token: &str, loose: bool) -> Term {
        let token = clip(token);
        let latin = token.chars().all(|c| c.is_ascii_alphabetic());
        let mut exact = vec![token.clone()];
        if latin {
            for article in GLUED_ARTICLES {
                exact.push(clip(&format!("{article}{token}")));
                if let Some(rest) = token.strip_prefix(article)
                    && rest.chars().count() > MIN_PREFIX
                {
                    exact.push(rest.to_owned());
                }
            }
        }
        let has_letters = token.chars().any(char::is_alphabetic);
        let prefix = (loose && has_letters)
            .then(|| if latin { stem(&token) } else { token.clone() })
            .filter(|p| p.chars().count() >= MIN_PREFIX);
        let skeleton = (loose && has_letters)
            .then(|| skeleton(&token))
            .filter(|s| s.chars().count() >= MIN_PREFIX);
        Term {
            exact,
            prefix,
            skeleton,
        }
    }

    /// How `word` (a stored, normalised word) matches, if it does.
    pub fn matches(&self, word: &str) -> Option<Quality> {
        if self.exact.iter().any(|e| e == word) {
            Some(Quality::Exact)
        } else if self.prefix.as_deref().is_some_and(|p| word.starts_with(p)) {
            Some(Quality::Prefix)
        } else if self
            .skeleton
            .as_deref()
            .is_some_and(|s| skeleton(word) == s)
        {
            Some(Quality::Skeleton)
        } else {
            None
        }
    }
}

/// "transporting" → "transport": the word without one common English ending, when at
/// least three letters are left.
fn stem(token: &str) -> String {
    for ending in ENGLISH_ENDINGS {
        if let Some(stem) = token.strip_suffix(ending)
            && stem.chars().count() >= MIN_PREFIX
        {
            return stem.to_owned();
        }
    }
    token.to_owned()
}

/// Words that must appear one after another (a quoted phrase, or a hyphenated word);
/// a single word is a group of one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub terms: Vec<Term>,
}

/// A parsed query: every group must match in one text, no excluded word may appear in
/// the record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextQuery {
    pub groups: Vec<Group>,
    pub excluded: Vec<Term>,
}

/// Why a query cannot be run, said so the analyst can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl TextQuery {
    /// Reads `salt rooms`, `"transporting demonstrators"`, `Sednaya -Saydnaya`, `٢٧`.
    pub fn parse(text: &str) -> Result<TextQuery, QueryError> {
        let mut groups = Vec::new();
        let mut excluded = Vec::new();
        let mut articles = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let (phrase, next) = after.split_once('"').unwrap_or((after, ""));
                let words = words_of(phrase);
                if !words.is_empty() {
                    groups.push(Group {
                        terms: words.iter().map(|w| Term::new(w, false)).collect(),
                    });
                }
                rest = next;
                continue;
            }
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            let (piece, next) = rest.split_at(end);
            rest = next.strip_prefix(char::is_whitespace).unwrap_or(next);
            if let Some(word) = piece.strip_prefix('-').filter(|w| !w.is_empty()) {
                excluded.extend(words_of(word).iter().map(|w| Term::new(w, false)));
                continue;
            }
            let words = words_of(piece);
            let loose = words.len() == 1;
            // "al Khatib": the article on its own is dropped as it is from a text.
            if words.iter().all(|w| super::normalize::is_article(w)) {
                articles.extend(words.iter().map(|w| Term::new(w, false)));
                continue;
            }
            if !words.is_empty() {
                groups.push(Group {
                    terms: words.iter().map(|w| Term::new(w, loose)).collect(),
                });
            }
        }
        if groups.is_empty() && !articles.is_empty() {
            // Only an article: search for it, as the name search does.
            groups.push(Group { terms: articles });
        }
        if groups.is_empty() {
            return Err(QueryError(
                "`query` has no word to search for (only punctuation, or only `-excluded` words); give at least one word, e.g. `salt rooms`".into(),
            ));
        }
        let count = groups.iter().map(|g| g.terms.len()).sum::<usize>() + excluded.len();
        if count > MAX_QUERY_WORDS {
            return Err(QueryError(format!(
                "`query` has {count} words; at most {MAX_QUERY_WORDS} are searched together: keep the most telling ones"
            )));
        }
        Ok(TextQuery { groups, excluded })
    }

    /// Every word that must match, in query order.
    pub fn terms(&self) -> impl Iterator<Item = &Term> {
        self.groups.iter().flat_map(|g| g.terms.iter())
    }

    /// Whether `word` matches any word the query asks for (not the excluded ones).
    pub fn highlights(&self, word: &str) -> bool {
        self.terms().any(|t| t.matches(word).is_some())
    }
}

/// The normalised words of a query piece, articles dropped unless nothing else is left.
fn words_of(text: &str) -> Vec<String> {
    tokens(text).iter().map(|t| clip(t)).collect()
}

/// How a snippet marks the matched words and how long it is.
#[derive(Debug, Clone)]
pub struct SnippetStyle<'a> {
    pub pre: &'a str,
    pub post: &'a str,
    pub words: usize,
}

/// The part of `text` around its first matched word, about `style.words` words long,
/// with each matched word between `pre` and `post`, and `…` where text was cut.
pub fn snippet(text: &str, query: &TextQuery, style: &SnippetStyle<'_>) -> String {
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    for word in words(text) {
        let hit = query.highlights(&word.token);
        match spans.last_mut() {
            // Several words from one piece ("Abd-ul-Aziz") share its span.
            Some(last) if last.0 == word.start => last.2 |= hit,
            _ => spans.push((word.start, word.end, hit)),
        }
    }
    if spans.is_empty() {
        return String::new();
    }
    let size = style.words.max(1);
    let first_hit = spans.iter().position(|s| s.2).unwrap_or(0);
    // A little context before the first match, the rest after it.
    let start = first_hit
        .saturating_sub(size / 4)
        .min(spans.len().saturating_sub(size));
    let end = (start + size).min(spans.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = spans[start].0;
    for &(from, to, hit) in &spans[start..end] {
        out.push_str(&text[cursor..from]);
        if hit {
            out.push_str(style.pre);
            out.push_str(&text[from..to]);
            out.push_str(style.post);
        } else {
            out.push_str(&text[from..to]);
        }
        cursor = to;
    }
    if end < spans.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn query(text: &str) -> TextQuery {
        TextQuery::parse(text).unwrap()
    }

    fn finds(q: &str, text: &str) -> bool {
        let query = query(q);
        let words = words(text);
        query
            .terms()
            .all(|t| words.iter().any(|w| t.matches(&w.token).is_some()))
    }

    #[test]
    fn words_keep_their_place_in_the_original() {
        let text = "The «salt rooms», at Sednaya.";
        let w = words(text);
        let shown: Vec<&str> = w.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(shown, ["The", "salt", "rooms", "at", "Sednaya"]);
        assert_eq!(w[2].token, "roms");
    }

    #[test]
    fn language_aware_matching() {
        assert!(finds("transport", "transporting demonstrators"));
        assert!(finds("transporting", "they were transported"));
        assert!(finds("الخطيب", "فرع خطيب"));
        assert!(finds("خطيب", "فرع الخطيب"));
        assert!(finds("٢٧", "27 detainees"));
        assert!(finds("27", "٢٧ معتقلاً"));
        assert!(finds("Alkhatib", "the al-Khatib branch"));
        assert!(finds("al khatib", "Alkhatib"));
        assert!(finds("Saydnaya", "Sednaya prison"));
        assert!(finds("Hassan", "Hasan"));
        assert!(!finds("27", "270 detainees"));
        assert!(!finds("salt", "a room"));
    }

    #[test]
    fn phrases_exclusions_and_groups_are_parsed() {
        let q = query(r#""salt rooms" Sednaya -Tadmor"#);
        assert_eq!(q.groups.len(), 2);
        assert_eq!(q.groups[0].terms.len(), 2);
        assert!(
            q.groups[0].terms[0].prefix.is_none(),
            "phrase words are exact"
        );
        assert_eq!(q.excluded.len(), 1);
        // A hyphenated word is a group of consecutive words.
        assert_eq!(query("Abd-ul-Aziz").groups[0].terms.len(), 2);
        // An unclosed quote runs to the end.
        assert_eq!(query(r#"x "a b"#).groups.len(), 2);
        assert!(TextQuery::parse("-only").is_err());
        assert!(TextQuery::parse(" «» ").is_err());
        assert!(TextQuery::parse(&"w ".repeat(20)).is_err());
    }

    #[test]
    fn snippets_mark_matches_and_cut_long_texts() {
        let style = SnippetStyle {
            pre: "[",
            post: "]",
            words: 6,
        };
        let text = "one two three four five six seven eight nine ten salt rooms twelve thirteen fourteen fifteen";
        assert_eq!(
            snippet(text, &query("salt rooms"), &style),
            "…ten [salt] [rooms] twelve thirteen fourteen…"
        );
        assert_eq!(
            snippet("سجن الخطيب في دمشق", &query("خطيب"), &style),
            "سجن [الخطيب] في دمشق"
        );
        assert_eq!(snippet("«salt»", &query("salt"), &style), "[salt]");
    }
}
