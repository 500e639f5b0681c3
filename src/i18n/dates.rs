//! A fuzzy date as people write it: `2011-01/2012-09` reads "January 2011 – September
//! 2012" or "كانون الثاني 2011 – أيلول 2012", `2019~` "about 2019" or "حوالي 2019".
//!
//! The display says what the EDTF text says and nothing more: an unspecified month
//! (`2004-XX`) reads as the year alone, a qualifier becomes a word ("about", "perhaps"),
//! an open end "onwards", an unknown one "end unknown". It reads the text of a value
//! [`Edtf`] already validated, so every form the parser accepts has a reading.

use crate::edtf::{DateParts, Edtf, date_parts};
use crate::i18n::Language;

/// Which Arabic month names to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ArabicMonths {
    /// Syriac-derived names used in Syria, Lebanon, Jordan, Palestine and Iraq
    /// (كانون الثاني، شباط …), the default: most of the record's readers use them.
    #[default]
    Levantine,
    /// Names from the Latin months used in Egypt and the Gulf (يناير، فبراير …).
    Gregorian,
}

/// Which digits to write numbers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Digits {
    /// 0123456789, the default in both languages.
    #[default]
    Latin,
    /// Arabic-Indic digits ٠١٢٣٤٥٦٧٨٩.
    ArabicIndic,
}

/// How to write a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateStyle {
    pub lang: Language,
    pub months: ArabicMonths,
    pub digits: Digits,
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

const LEVANTINE_MONTHS: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

const GREGORIAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// The words of one language; the `{}` in a pattern is the date it qualifies.
struct Words {
    seasons: [&'static str; 4],
    before_common_era: &'static str,
    long_year: &'static str,
    unknown_year: &'static str,
    approximate: &'static str,
    uncertain: &'static str,
    uncertain_approximate: &'static str,
    onwards: &'static str,
    until: &'static str,
    end_unknown: &'static str,
    start_unknown: &'static str,
}

const ENGLISH: Words = Words {
    seasons: ["spring", "summer", "autumn", "winter"],
    before_common_era: "{} BCE",
    long_year: "year {}",
    unknown_year: "an unknown year",
    approximate: "about {}",
    uncertain: "perhaps {}",
    uncertain_approximate: "perhaps about {}",
    onwards: "{} onwards",
    until: "until {}",
    end_unknown: "from {} (end unknown)",
    start_unknown: "until {} (start unknown)",
};

const ARABIC: Words = Words {
    seasons: ["ربيع", "صيف", "خريف", "شتاء"],
    before_common_era: "{} ق.م",
    long_year: "سنة {}",
    unknown_year: "سنة غير معروفة",
    approximate: "حوالي {}",
    uncertain: "ربما {}",
    uncertain_approximate: "ربما حوالي {}",
    onwards: "منذ {} فصاعداً",
    until: "حتى {}",
    end_unknown: "من {} (النهاية غير معروفة)",
    start_unknown: "حتى {} (البداية غير معروفة)",
};

/// Writes `date` as a person reads it, in `style`.
pub fn display(date: &Edtf, style: DateStyle) -> String {
    let words = match style.lang {
        Language::En => &ENGLISH,
        Language::Ar => &ARABIC,
    };
    let months = match (style.lang, style.months) {
        (Language::En, _) => &ENGLISH_MONTHS,
        (Language::Ar, ArabicMonths::Levantine) => &LEVANTINE_MONTHS,
        (Language::Ar, ArabicMonths::Gregorian) => &GREGORIAN_MONTHS,
    };
    let one = |text: &str| single(text, words, months);
    let text = match date.as_str().split_once('/') {
        None => one(date.as_str()),
        Some((start, end)) => match (start, end) {
            ("..", end) => fill(words.until, &one(end)),
            ("", end) => fill(words.start_unknown, &one(end)),
            (start, "..") => fill(words.onwards, &one(start)),
            (start, "") => fill(words.end_unknown, &one(start)),
            (start, end) => format!("{} – {}", one(start), one(end)),
        },
    };
    match style.digits {
        Digits::Latin => text,
        Digits::ArabicIndic => text.chars().map(arabic_indic).collect(),
    }
}

/// One date of level 0/1 with its final qualifier.
fn single(text: &str, words: &Words, months: &[&str; 12]) -> String {
    let (body, qualifier) = match text.strip_suffix(['?', '~', '%']) {
        Some(body) => (body, text.chars().last()),
        None => (text, None),
    };
    let plain = match body.strip_prefix('Y') {
        Some(long) => long_year(long, words),
        None => calendar(body, words, months),
    };
    match qualifier {
        Some('~') => fill(words.approximate, &plain),
        Some('?') => fill(words.uncertain, &plain),
        Some('%') => fill(words.uncertain_approximate, &plain),
        _ => plain,
    }
}

/// `[-]YYYY[-MM[-DD]]`, with X digits and seasons (21-24).
fn calendar(body: &str, words: &Words, months: &[&str; 12]) -> String {
    let DateParts {
        negative,
        year,
        month,
        day,
        ..
    } = date_parts(body);
    let year_text = year_digits(year, negative, words);
    let plain_year = !year.contains('X');
    match (month, day) {
        (Some(m), day) if plain_year && m != "XX" => {
            let number: usize = m.parse().unwrap_or(0);
            match number {
                1..=12 => {
                    let name = months[number - 1];
                    match day
                        .filter(|d| *d != "XX")
                        .and_then(|d| d.parse::<u32>().ok())
                    {
                        Some(d) => format!("{d} {name} {year_text}"),
                        None => format!("{name} {year_text}"),
                    }
                }
                21..=23 => format!("{} {year_text}", words.seasons[number - 21]),
                // Winter runs from December into the next year.
                _ => {
                    let next = year_digits(&next_year(year, negative), negative, words);
                    format!("{} {year_text}–{next}", words.seasons[3])
                }
            }
        }
        // An unspecified month or day says no more than the year does.
        _ => year_text,
    }
}

/// A four-digit year, or the range its X digits leave open (`201X` → 2010–2019).
fn year_digits(year: &str, negative: bool, words: &Words) -> String {
    let unspecified = year.bytes().filter(|&b| b == b'X').count();
    if unspecified == year.len() {
        return words.unknown_year.to_owned();
    }
    let low: i64 = year.replace('X', "0").parse().unwrap_or(0);
    let high: i64 = year.replace('X', "9").parse().unwrap_or(0);
    let signed = |v: i64| if negative { -v } else { v };
    if unspecified == 0 {
        return era(signed(low), words);
    }
    let (from, to) = if negative { (-high, -low) } else { (low, high) };
    format!("{}–{}", era(from, words), era(to, words))
}

/// A year with astronomical numbering (0 is 1 BCE), written as people count years.
fn era(year: i64, words: &Words) -> String {
    if year > 0 {
        year.to_string()
    } else {
        fill(words.before_common_era, &(1 - year).to_string())
    }
}

/// `Y200000` and `Y-200000`: years too long for four digits.
fn long_year(digits: &str, words: &Words) -> String {
    match digits.parse::<i64>() {
        Ok(year) if year > 0 => fill(words.long_year, &year.to_string()),
        Ok(year) => fill(words.before_common_era, &(1 - year).to_string()),
        Err(_) => fill(words.long_year, digits),
    }
}

/// The year after a four-digit year (for a winter), keeping its width.
fn next_year(year: &str, negative: bool) -> String {
    let value: i64 = year.parse().unwrap_or(0);
    let next = if negative { value - 1 } else { value + 1 };
    format!("{:04}", next.abs())
}

fn fill(pattern: &str, value: &str) -> String {
    pattern.replacen("{}", value, 1)
}

fn arabic_indic(c: char) -> char {
    match c.to_digit(10) {
        Some(d) => char::from_u32(0x0660 + d).unwrap_or(c),
        None => c,
    }
}

/// How every form the parser accepts reads, in English and Arabic: the specification
/// the tests check (here and through HTTP) and `docs/i18n.md` shows.
pub const EXAMPLES: &[(&str, &str, &str)] = &[
    ("2019", "2019", "2019"),
    ("2021-01", "January 2021", "كانون الثاني 2021"),
    ("2022-01-13", "13 January 2022", "13 كانون الثاني 2022"),
    (
        "2011-01/2012-09",
        "January 2011 – September 2012",
        "كانون الثاني 2011 – أيلول 2012",
    ),
    ("2011/2012", "2011 – 2012", "2011 – 2012"),
    ("2019~", "about 2019", "حوالي 2019"),
    ("2019-01?", "perhaps January 2019", "ربما كانون الثاني 2019"),
    (
        "2004-06%",
        "perhaps about June 2004",
        "ربما حوالي حزيران 2004",
    ),
    ("2011/..", "2011 onwards", "منذ 2011 فصاعداً"),
    ("../2024", "until 2024", "حتى 2024"),
    (
        "2011/",
        "from 2011 (end unknown)",
        "من 2011 (النهاية غير معروفة)",
    ),
    (
        "/2024",
        "until 2024 (start unknown)",
        "حتى 2024 (البداية غير معروفة)",
    ),
    ("201X", "2010–2019", "2010–2019"),
    ("20XX", "2000–2099", "2000–2099"),
    ("XXXX", "an unknown year", "سنة غير معروفة"),
    ("2004-XX", "2004", "2004"),
    ("2004-06-XX", "June 2004", "حزيران 2004"),
    ("2001-21", "spring 2001", "ربيع 2001"),
    ("2001-22", "summer 2001", "صيف 2001"),
    ("2001-23", "autumn 2001", "خريف 2001"),
    ("2001-24", "winter 2001–2002", "شتاء 2001–2002"),
    ("-0100", "101 BCE", "101 ق.م"),
    ("0000", "1 BCE", "1 ق.م"),
    ("Y200000", "year 200000", "سنة 200000"),
    ("Y-200000", "200001 BCE", "200001 ق.م"),
    (
        "2019-01~/2020?",
        "about January 2019 – perhaps 2020",
        "حوالي كانون الثاني 2019 – ربما 2020",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str, lang: Language) -> String {
        let style = DateStyle {
            lang,
            ..DateStyle::default()
        };
        display(&Edtf::parse(text).unwrap(), style)
    }

    #[test]
    fn every_form_reads_in_both_languages() {
        for (edtf, english, arabic) in EXAMPLES {
            assert_eq!(show(edtf, Language::En), *english, "{edtf}");
            assert_eq!(show(edtf, Language::Ar), *arabic, "{edtf}");
        }
    }

    #[test]
    fn gregorian_month_names_and_arabic_indic_digits_are_options() {
        let date = Edtf::parse("2011-01/2012-09").unwrap();
        let style = DateStyle {
            lang: Language::Ar,
            months: ArabicMonths::Gregorian,
            digits: Digits::ArabicIndic,
        };
        assert_eq!(display(&date, style), "يناير ٢٠١١ – سبتمبر ٢٠١٢");
        // The month names follow the language: English has one set.
        let english = DateStyle {
            months: ArabicMonths::Gregorian,
            ..DateStyle::default()
        };
        assert_eq!(display(&date, english), "January 2011 – September 2012");
    }
}
