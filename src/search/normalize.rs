//! Name normalisation for search.
//!
//! Names of people, places and branches reach daleel in Arabic and in several Latin
//! transliterations ("Al Khatib", "al-Khatib", "Khatib", "الخطيب"). Records and queries go
//! through the same folding, so an analyst finds a record whichever spelling either side used.
//! Two levels exist: [`normalize`] is exact up to case, diacritics, punctuation, articles
//! and doubled letters; [`skeleton`] additionally forgets vowels, for transliteration
//! variants ("Raslan"/"Rislan", "Sednaya"/"Saydnaya"). Both are idempotent.
//!
//! Deliberate limits:
//! - Latin names with a glued article ("Alkhatib", "Abdulaziz") are not split: "al" could
//!   as well begin the name itself, and we can't know.
//! - Arabic proclitics with the article ("وال", "بال", "لل") are not stripped: too many names
//!   begin that way ("والي" Wali, "بلال"...), and names in records rarely carry them.
//! - Apostrophes (including ʿ and ʾ for ayn and hamza) split tokens, so "Sa'id" is
//!   "sa id", not "said".

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Arabic article, written on its own or as a prefix.
const ARABIC_ARTICLE: &str = "ال";

/// Stand-alone articles, dropped so that "Al Khatib" finds "Khatib".
const ARTICLES: [&str; 4] = ["al", "el", "ul", ARABIC_ARTICLE];

/// Arabic names whose leading "ال" is part of the name, not the article
/// (إلياس Elias, إلهام Ilham, once the hamza is folded away).
const NOT_ARTICLE: [&str; 2] = ["الياس", "الهام"];

/// Consonant digraph folds for the skeleton, applied in order before vowels are dropped.
/// - "ch" → "sh": French transliteration (Chaaban/Shaaban, Hachem/Hashem).
/// - "dj" → "j": French again (Djamil/Jamil).
/// - "dh" → "d": ذ/ض written either way (Ramadhan/Ramadan); costs merging Adham with Adam.
/// - "q" → "k": ق is written q or k (Qassem/Kassem).
///
/// Not folded: "th" (ثامر Thamer and تامر Tamer are different names), "kh", "gh", "sh"
/// (distinct letters). Vowel digraphs ("ou", "ee", "oo") need no rule: all vowels go.
const DIGRAPHS: [(&str, &str); 4] = [("ch", "sh"), ("dj", "j"), ("dh", "d"), ("q", "k")];

/// The normalised tokens of a name or a query, in order (empty tokens dropped).
///
/// Articles are dropped unless nothing else is left, so that a search for "Al" alone still
/// means something.
pub fn tokens(text: &str) -> Vec<String> {
    // NFKD twice: lower-casing can (rarely) yield a decomposable character.
    let folded: String = text
        .nfkd()
        .flat_map(char::to_lowercase)
        .nfkd()
        .filter_map(fold_char)
        .collect();
    let words: Vec<String> = folded
        .split_whitespace()
        .map(fold_token)
        .filter(|t| !t.is_empty())
        .collect();
    if words.iter().all(|w| is_article(w)) {
        return words;
    }
    words.into_iter().filter(|w| !is_article(w)).collect()
}

/// The normalised form: tokens joined by single spaces.
pub fn normalize(text: &str) -> String {
    tokens(text).join(" ")
}

/// The consonant skeleton of a normalised string, tokens joined by spaces.
///
/// Meant for the output of [`normalize`]; it keeps one token per input token, so that
/// skeleton keys line up with [`suffixes`]. Per token, repeated until nothing changes
/// (which makes it idempotent):
/// - fold the consonant digraphs ch → sh, dj → j, dh → d, q → k (see `DIGRAPHS`);
/// - drop Latin a, e, i, o, u anywhere, and y, w after the first letter ("Eyad" and
///   "Iyad" both become "d", while "Yusuf" keeps its "y"); drop the Arabic long vowels
///   ا و ي after the first letter;
/// - if nothing is left, keep the first letter ("Ali" → "l", but "a" → "a");
/// - collapse doubled letters again ("Hamam" → "hm").
pub fn skeleton(normalized: &str) -> String {
    normalized
        .split_whitespace()
        .map(skeleton_token)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every suffix of the token list that starts at a token boundary, normalised:
/// "Al-Khatib Branch" -> ["khatib branch", "branch"]. These are stored as search keys
/// so that a prefix match on any of them finds the name by any of its words.
///
/// Output size is quadratic in the token count: meant for names, not free text.
pub fn suffixes(text: &str) -> Vec<String> {
    let words = tokens(text);
    (0..words.len()).map(|i| words[i..].join(" ")).collect()
}

/// Format characters that take no space: zero-width (non-)joiners and spaces, direction
/// marks, embeddings, overrides and isolates, the word joiner and invisible operators,
/// the byte-order mark, the Mongolian vowel separator and the soft hyphen. They come with
/// copy-pasted Arabic: search folds them away (a word stays one word), and a text made
/// only of them has nothing to show (`service::fields`).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{00AD}'
    )
}

/// Folds one character after NFKD and lower-casing: `None` removes it, `' '` splits tokens.
fn fold_char(c: char) -> Option<char> {
    match c {
        c if is_invisible(c) => None,
        // Harakat, superscript alef, tatweel and lone hamza are optional in writing.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | 'ء' => None,
        // Latin diacritics (and hamza above/below, which NFKD splits off alef, waw, yeh).
        c if is_combining_mark(c) => None,
        'أ' | 'إ' | 'آ' | 'ٱ' => Some('ا'),
        'ؤ' => Some('و'),
        // Farsi yeh and keheh arrive from Persian keyboards.
        'ئ' | 'ى' | 'ی' => Some('ي'),
        'ک' => Some('ك'),
        'ة' => Some('ه'),
        '٠'..='٩' => char::from_digit(u32::from(c) - 0x0660, 10),
        '۰'..='۹' => char::from_digit(u32::from(c) - 0x06F0, 10),
        // Spacing modifier letters (ʿ ʾ ʼ ʻ ˈ) are apostrophes for our purpose.
        '\u{02B0}'..='\u{02FF}' => Some(' '),
        c if c.is_alphanumeric() => Some(c),
        _ => Some(' '),
    }
}

/// Strips an Arabic article prefix and collapses doubled letters, until stable: one pass
/// can expose another prefix or double, and a second `normalize` must change nothing.
fn fold_token(token: &str) -> String {
    let mut current = token.to_owned();
    loop {
        let next = collapse_doubles(strip_arabic_article(&current));
        if next == current {
            return current;
        }
        current = next;
    }
}

/// "الخطيب" → "خطيب". Only for tokens longer than 3 letters, so that short words that
/// merely begin with "ال" keep at least two letters.
fn strip_arabic_article(token: &str) -> &str {
    match token.strip_prefix(ARABIC_ARTICLE) {
        Some(rest) if rest.chars().count() > 1 && !NOT_ARTICLE.contains(&token) => rest,
        _ => token,
    }
}

/// "hassan" → "hasan", "عباس"/"عبّاس" alike: transliterations double letters (shadda)
/// inconsistently. Digits are left alone: "Branch 1100" is not "Branch 10".
fn collapse_doubles(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    let mut prev = None;
    for c in token.chars() {
        if !(c.is_alphabetic() && prev == Some(c)) {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

pub fn is_article(token: &str) -> bool {
    ARTICLES.contains(&token)
}

/// Applies [`skeleton_pass`] until stable. Terminates: every pass that changes the token
/// either shortens it or replaces a "c" or "q".
fn skeleton_token(token: &str) -> String {
    let mut current = token.to_owned();
    loop {
        let next = skeleton_pass(&current);
        if next == current {
            return current;
        }
        current = next;
    }
}

fn skeleton_pass(token: &str) -> String {
    let mapped = DIGRAPHS
        .iter()
        .fold(token.to_owned(), |s, (from, to)| s.replace(from, to));
    let kept: String = mapped
        .chars()
        .enumerate()
        .filter(|&(i, c)| !is_skeleton_vowel(i, c))
        .map(|(_, c)| c)
        .collect();
    if kept.is_empty() {
        return mapped.chars().take(1).collect();
    }
    collapse_doubles(&kept)
}

/// Whether the character at position `i` of a token is a vowel the skeleton forgets.
fn is_skeleton_vowel(i: usize, c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u') || (i > 0 && matches!(c, 'y' | 'w' | 'ا' | 'و' | 'ي'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Skeleton of the normalised form, as the search index computes it.
    fn skel(text: &str) -> String {
        skeleton(&normalize(text))
    }

    fn all_equal(forms: &[&str], f: fn(&str) -> String) {
        let first = f(forms[0]);
        for form in forms {
            assert_eq!(f(form), first, "{form:?} vs {:?}", forms[0]);
        }
    }

    #[test]
    fn latin_article_case_and_hyphen_variants_agree() {
        all_equal(
            &["Al Khatib", "al-Khatib", "AL-KHATIB", "Khatib", "khatib"],
            normalize,
        );
        assert_eq!(normalize("Al Khatib"), "khatib");
        assert_eq!(normalize("El Hassan"), "hasan");
        assert_eq!(normalize("Abd-ul-Aziz"), "abd aziz");
    }

    #[test]
    fn lone_article_is_kept() {
        assert_eq!(normalize("Al"), "al");
        assert_eq!(normalize("  AL. "), "al");
        assert_eq!(normalize("ال"), "ال");
        assert_eq!(tokens("Al El"), ["al", "el"]);
        assert_eq!(normalize("Al Branch"), "branch");
    }

    #[test]
    fn glued_latin_article_is_not_split() {
        assert_eq!(normalize("Alkhatib"), "alkhatib");
        assert_eq!(normalize("Abdulaziz"), "abdulaziz");
    }

    #[test]
    fn arabic_article_prefix_is_stripped() {
        assert_eq!(normalize("الخطيب"), "خطيب");
        all_equal(&["الخطيب", "خطيب", "ال خطيب", "ال-خطيب"], normalize);
        // Sun letter: the article's lam is not confused with a doubled lam.
        assert_eq!(normalize("اللطيف"), "لطيف");
    }

    #[test]
    fn short_arabic_words_keep_their_al() {
        // Three letters: the rest would be a single letter.
        assert_eq!(normalize("الم"), "الم");
        assert_eq!(normalize("الله"), "له");
    }

    #[test]
    fn names_beginning_with_al_are_not_articles() {
        assert_eq!(normalize("إلياس"), "الياس");
        assert_eq!(normalize("إلهام"), "الهام");
    }

    #[test]
    fn arabic_proclitics_are_not_stripped() {
        assert_eq!(normalize("والخطيب"), "والخطيب");
        assert_eq!(normalize("بالخطيب"), "بالخطيب");
        // Only the doubled-lam rule applies here; the proclitic itself stays.
        assert_eq!(normalize("للخطيب"), "لخطيب");
        assert_eq!(normalize("والي"), "والي");
    }

    #[test]
    fn arabic_harakat_tatweel_and_shadda_are_removed() {
        assert_eq!(normalize("مُحَمَّد"), "محمد");
        assert_eq!(normalize("رَسْلانٌ"), "رسلان");
        assert_eq!(normalize("خـــطـيـب"), "خطيب");
        assert_eq!(normalize("هٰذا"), "هذا");
        assert_eq!(normalize("عبّاس"), normalize("عباس"));
    }

    #[test]
    fn arabic_letter_forms_fold() {
        assert_eq!(normalize("إياد"), normalize("اياد"));
        all_equal(&["أحمد", "إحمد", "آحمد", "ٱحمد", "احمد"], normalize);
        assert_eq!(normalize("مؤمن"), "مومن");
        assert_eq!(normalize("رئيس"), "ريس");
        assert_eq!(normalize("مسؤول"), "مسول");
        assert_eq!(normalize("علاء"), "علا");
        assert_eq!(normalize("مدرسةٌ"), normalize("مدرسه"));
        assert_eq!(normalize("مصطفى"), normalize("مصطفي"));
        assert_eq!(normalize("علی"), "علي");
        assert_eq!(normalize("کمال"), "كمال");
    }

    #[test]
    fn arabic_indic_digits_fold() {
        assert_eq!(normalize("فرع ٢٥١"), "فرع 251");
        assert_eq!(normalize("۲۱۵"), "215");
        assert_eq!(normalize("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalize("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
    }

    #[test]
    fn latin_diacritics_are_removed() {
        assert_eq!(normalize("Ṣaydnāyā"), "saydnaya");
        assert_eq!(normalize("Ḫālid"), "halid");
        assert_eq!(normalize("Raslán"), "raslan");
        assert_eq!(normalize("Hélène"), "helene");
    }

    #[test]
    fn separators_split_tokens() {
        assert_eq!(tokens("Anwar R."), ["anwar", "r"]);
        assert_eq!(tokens("a-b‐c‑d–e—f"), ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(
            tokens("a'b’c‘dʿeʾf`g´h"),
            ["a", "b", "c", "d", "e", "f", "g", "h"]
        );
        assert_eq!(
            tokens("Raslan, Anwar (Col.) / Branch 251"),
            ["raslan", "anwar", "col", "branch", "251"]
        );
        assert_eq!(tokens("Khatib\t\n Branch"), ["khatib", "branch"]);
        assert_eq!(tokens("فرع، الخطيب؛ دمشق؟"), ["فرع", "خطيب", "دمشق"]);
    }

    #[test]
    fn article_is_removed_after_hyphen_split() {
        assert_eq!(tokens("al-Khatib"), ["khatib"]);
        assert_eq!(tokens("Ul-Haq"), ["haq"]);
    }

    #[test]
    fn invisible_controls_vanish_without_splitting() {
        for mark in [
            '\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}',
            '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
            '\u{FEFF}', '\u{061C}', '\u{2060}', '\u{00AD}',
        ] {
            assert_eq!(normalize(&format!("Khat{mark}ib")), "khatib", "{mark:?}");
            assert_eq!(normalize(&format!("رس{mark}لان")), "رسلان", "{mark:?}");
        }
        assert_eq!(normalize("\u{202B}الخطيب\u{202C}"), "خطيب");
    }

    #[test]
    fn doubled_letters_collapse() {
        assert_eq!(normalize("Hassan"), "hasan");
        assert_eq!(normalize("Abbas"), "abas");
        assert_eq!(normalize("Rasslan"), "raslan");
        assert_eq!(normalize("Iyyad"), normalize("Iyad"));
        assert_eq!(normalize("حسسن"), "حسن");
        // An article that appears only once a double collapses is still an article.
        assert_eq!(normalize("All Khatib"), "khatib");
    }

    #[test]
    fn digits_do_not_collapse() {
        assert_eq!(normalize("Branch 1100"), "branch 1100");
        assert_eq!(skel("Branch 1100"), "brnsh 1100");
    }

    #[test]
    fn empty_and_invisible_inputs_give_nothing() {
        for input in [
            "",
            "   \t\n",
            "-.,;:!?()/'\"",
            "\u{200F}\u{202B}\u{2067}\u{FEFF}",
        ] {
            assert_eq!(normalize(input), "", "{input:?}");
            assert!(tokens(input).is_empty(), "{input:?}");
            assert!(suffixes(input).is_empty(), "{input:?}");
            assert_eq!(skeleton(&normalize(input)), "", "{input:?}");
        }
    }

    #[test]
    fn odd_unicode_never_panics() {
        let invalid = String::from_utf8_lossy(&[0x52, 0xFF, 0xC0, 0x61]).into_owned();
        assert_eq!(normalize(&invalid), "r a");
        assert_eq!(normalize("\u{0301}\u{0651}\u{064B}"), "");
        assert_eq!(
            normalize("Raslan 😀 👨\u{200D}👩\u{200D}👧 Khatib"),
            "raslan khatib"
        );
        assert_eq!(normalize("🇸🇾"), "");
        // Ligatures expand to words rather than panicking.
        assert!(!normalize("ﷺ").is_empty());
        assert_eq!(normalize("ﷲ"), "له");
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("ﬁras"), "firas");
        for s in [
            "\u{0000}",
            "\u{10FFFF}",
            "\u{E000}",
            "İstanbul",
            "ǅ",
            "ẞ",
            "ﬀ",
        ] {
            let n = normalize(s);
            assert_eq!(normalize(&n), n);
            let _ = skeleton(&n);
            let _ = suffixes(s);
        }
    }

    #[test]
    fn long_input_works() {
        let long = "Raslan الخطيب ".repeat(800);
        assert!(long.chars().count() >= 10_000);
        assert_eq!(tokens(&long).len(), 1600);
        let one_word = "a".repeat(10_000);
        assert_eq!(normalize(&one_word), "a");
        assert_eq!(skeleton(&normalize(&one_word)), "a");
        assert_eq!(suffixes(&"x ".repeat(5_000)).len(), 5_000);
    }

    #[test]
    fn suffixes_start_at_every_token() {
        assert_eq!(suffixes("Al-Khatib Branch"), ["khatib branch", "branch"]);
        assert_eq!(suffixes("Branch 251"), ["branch 251", "251"]);
        assert_eq!(
            suffixes("Anwar  Raslan (Col.)"),
            ["anwar raslan col", "raslan col", "col"]
        );
        assert_eq!(suffixes("فرع الخطيب"), ["فرع خطيب", "خطيب"]);
        assert_eq!(suffixes("Al"), ["al"]);
    }

    #[test]
    fn skeleton_required_examples() {
        all_equal(&["Raslan", "Rislan", "Rasslan"], skel);
        all_equal(&["Khatib", "Khateeb", "al-Khatib"], skel);
        all_equal(&["Eyad", "Iyad", "Iyyad", "Ayad"], skel);
        all_equal(&["Gharib", "Ghareeb"], skel);
        all_equal(&["Sednaya", "Saydnaya", "Sidnaya", "Ṣaydnāyā"], skel);
        assert_eq!(skel("Raslan"), "rsln");
        assert_eq!(skel("Khatib"), "khtb");
        assert_eq!(skel("Eyad"), "d");
        assert_eq!(skel("Sednaya"), "sdn");
    }

    #[test]
    fn skeleton_vowel_digraphs_vanish_with_the_vowels() {
        all_equal(&["Mahmoud", "Mahmud", "Mahmood"], skel);
        all_equal(&["Youssef", "Yusuf", "Yousef"], skel);
        all_equal(&["Muhammad", "Mohammed", "Mohamad"], skel);
        assert_eq!(skel("Yusuf"), "ysf");
    }

    #[test]
    fn skeleton_y_and_w_kept_only_initially() {
        assert_eq!(skel("Yasin"), "ysn");
        assert_eq!(skel("Wael"), "wl");
        assert_eq!(skel("Ayman"), "mn");
        assert_eq!(skel("Marwan"), skel("Marouan"));
        assert_eq!(skel("Shawki"), skel("Chaouki"));
    }

    #[test]
    fn skeleton_consonant_digraphs() {
        assert_eq!(skel("Chaaban"), skel("Shaaban"));
        assert_eq!(skel("Hachem"), skel("Hashem"));
        assert_eq!(skel("Djamil"), skel("Jamil"));
        assert_eq!(skel("Ramadhan"), skel("Ramadan"));
        assert_eq!(skel("Qassem"), skel("Kassem"));
        assert_eq!(skel("Qasim"), "ksm");
        // Kept apart on purpose.
        assert_ne!(skel("Thamer"), skel("Tamer"));
        assert_ne!(skel("Khatib"), skel("Katib"));
        assert_ne!(skel("Gharib"), skel("Garib"));
        assert_eq!(skel("Sheikh"), "shkh");
    }

    #[test]
    fn skeleton_keeps_first_letter_of_all_vowel_token() {
        assert_eq!(skel("Ali"), "l");
        assert_eq!(skel("Anwar R."), "nr r");
        assert_eq!(skel("a"), "a");
        assert_eq!(skel("Eau"), "e");
        assert_eq!(skel("Ya"), "y");
    }

    #[test]
    fn skeleton_collapses_doubles_after_dropping_vowels() {
        assert_eq!(skel("Hamam"), "hm");
        assert_eq!(skel("Mamoun"), "mn");
    }

    #[test]
    fn skeleton_arabic_drops_long_vowels_after_first_letter() {
        assert_eq!(skel("رسلان"), "رسلن");
        assert_eq!(skel("الخطيب"), "خطب");
        assert_eq!(skel("خطيب"), skel("خطب"));
        assert_eq!(skel("إياد"), "اد");
        assert_eq!(skel("وائل"), "ول");
        assert_eq!(skel("يوسف"), "يسف");
        assert_eq!(skel("صيدنايا"), "صدن");
        assert_eq!(skel("محمود"), skel("محمد"));
    }

    const MIXED: [&str; 30] = [
        "Al Khatib",
        "al-Khatib Branch",
        "AL-KHATIB",
        "الخطيب",
        "فرع الخطيب",
        "مُحَمَّد رَسْلانٌ",
        "\u{202B}الخطيب\u{202C}",
        "\u{200F}Anwar\u{200E} Raslan",
        "Anwar R.",
        "Ṣaydnāyā",
        "صَيْدْنَايَا",
        "Branch ٢٥١",
        "Sa'id al-Hassan",
        "Ḫālid ibn al-Walīd",
        "عبد اللطيف",
        "إلياس",
        "مدرسةٌ مصطفى",
        "ﷺ",
        "ﷲ",
        "😀 Iyyad 😀",
        "Al",
        "Al All",
        "الالبيت",
        "Abu All Khatib",
        "Cahill Dhahab",
        "Qaddour Chaouki",
        "Hélène Müller-Lüdenscheidt",
        "İstanbul ǅemal ﬀ",
        "\u{0301}\u{0651}",
        "Mamdouh ARRAS 1100",
    ];

    #[test]
    fn normalize_is_idempotent() {
        for x in MIXED {
            let once = normalize(x);
            assert_eq!(normalize(&once), once, "{x:?}");
            assert_eq!(tokens(&once), tokens(x), "{x:?}");
        }
    }

    #[test]
    fn skeleton_is_idempotent_and_keeps_token_count() {
        for x in MIXED {
            let n = normalize(x);
            let s = skeleton(&n);
            assert_eq!(skeleton(&s), s, "{x:?}");
            assert_eq!(s.split_whitespace().count(), tokens(x).len(), "{x:?}");
        }
    }

    #[test]
    fn suffixes_are_normalised_and_consistent() {
        for x in MIXED {
            let all = suffixes(x);
            assert_eq!(all.len(), tokens(x).len(), "{x:?}");
            if let Some(first) = all.first() {
                assert_eq!(*first, normalize(x), "{x:?}");
            }
            for s in &all {
                assert!(normalize(x).ends_with(s.as_str()), "{x:?}: {s:?}");
                assert_eq!(normalize(s), *s, "{x:?}");
            }
        }
    }
}
