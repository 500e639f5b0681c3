//! Synthetic prose for citation quotes, so that the full-text index holds what real
//! quotes give it at every scale: a few words in most texts, a long tail of rare ones,
//! recurring phrases, and a quarter of the quotes in Arabic letters.
//!
//! Words are drawn with a Zipf skew from a made-up vocabulary whose top ranks are real
//! words; [`word`] names the word of any rank, for benchmarks that look one up. Made-up
//! words end in a letter no generated name holds (`x`, `پ`), so that two of them in a
//! row never spell a hidden person's name.

use super::rng::{Rng, Zipf};

/// Distinct words per script.
pub const VOCABULARY: usize = 5_000;

/// The most frequent words, by rank: the first is in about one quote in five.
const COMMON_EN: [&str; 8] = [
    "detainees",
    "branch",
    "prison",
    "interrogation",
    "officers",
    "cells",
    "transferred",
    "guards",
];
const COMMON_AR: [&str; 8] = [
    "المعتقلين",
    "الفرع",
    "السجن",
    "التحقيق",
    "الضباط",
    "الزنازين",
    "نقل",
    "الحراس",
];

/// A phrase that recurs in one English quote in five.
pub const PHRASE: &str = "transferred to the branch";

const SYLLABLES: [&str; 20] = [
    "ka", "lo", "mi", "ra", "su", "ne", "ti", "po", "da", "ve", "sha", "khu", "bu", "zi", "fo",
    "gu", "le", "ya", "wa", "ho",
];
const LETTERS: [&str; 20] = [
    "ب", "ت", "ج", "ح", "خ", "د", "ر", "ز", "س", "ش", "ص", "ط", "ع", "غ", "ف", "ق", "ك", "ل", "م",
    "ن",
];

/// The word of `rank` (0 is the most frequent) in Latin or Arabic letters.
pub fn word(rank: usize, arabic: bool) -> String {
    let common: &[&str] = if arabic { &COMMON_AR } else { &COMMON_EN };
    if let Some(word) = common.get(rank) {
        return (*word).to_owned();
    }
    // Rank in base 20, one syllable (or letter) per digit, at least three.
    let parts: &[&str; 20] = if arabic { &LETTERS } else { &SYLLABLES };
    let mut n = rank;
    let mut out = String::new();
    // A letter no generated name has: prose never spells a person's name, so the rule
    // that no visible text names a hidden person holds by construction.
    let marker = if arabic { "پ" } else { "x" };
    for i in 0.. {
        if i >= 3 && n == 0 {
            break;
        }
        out.push_str(parts[n % 20]);
        n /= 20;
    }
    out.push_str(marker);
    out
}

/// Draws sentences.
pub struct Prose {
    zipf: Zipf,
}

impl Default for Prose {
    fn default() -> Self {
        Prose {
            zipf: Zipf::new(VOCABULARY, 1.0),
        }
    }
}

impl Prose {
    /// About a dozen words, in Arabic letters a quarter of the time.
    pub fn sentence(&self, rng: &mut Rng) -> String {
        let arabic = rng.chance(0.25);
        let count = rng.range(6, 14);
        let mut words: Vec<String> = (0..count)
            .map(|_| word(self.zipf.sample(rng), arabic))
            .collect();
        if !arabic && rng.chance(0.2) {
            let at = rng.below(words.len());
            words.insert(at, PHRASE.to_owned());
        }
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_name_distinct_words() {
        let words: std::collections::HashSet<String> =
            (0..VOCABULARY).map(|r| word(r, false)).collect();
        assert!(words.len() > VOCABULARY * 99 / 100, "{}", words.len());
        assert_eq!(word(0, true), "المعتقلين");
    }
}
