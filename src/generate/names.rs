//! Names in Arabic script with their Latin transliterations, made from small built-in
//! lists: given names with the spellings they commonly take in Latin script, and family
//! names assembled from syllables (each syllable written in both scripts).

use super::rng::Rng;

/// Given names: the Arabic spelling and several Latin transliterations.
const GIVEN: [(&str, &[&str]); 24] = [
    ("محمد", &["Mohammed", "Muhammad", "Mohamad"]),
    ("أحمد", &["Ahmad", "Ahmed"]),
    ("أنور", &["Anwar", "Anouar"]),
    ("إياد", &["Eyad", "Iyad"]),
    ("حسين", &["Hussein", "Husayn", "Hussain"]),
    ("خالد", &["Khaled", "Khalid"]),
    ("عمر", &["Omar", "Umar"]),
    ("يوسف", &["Yousef", "Yusuf", "Youssef"]),
    ("بسام", &["Bassam", "Basam"]),
    ("سامر", &["Samer", "Samir"]),
    ("رامي", &["Rami", "Ramy"]),
    ("فادي", &["Fadi", "Fady"]),
    ("نزار", &["Nizar", "Nezar"]),
    ("وليد", &["Walid", "Waleed"]),
    ("جميل", &["Jamil", "Djamil", "Jameel"]),
    ("حسن", &["Hassan", "Hasan"]),
    ("علي", &["Ali", "Aly"]),
    ("محمود", &["Mahmoud", "Mahmud"]),
    ("طارق", &["Tarek", "Tariq"]),
    ("زياد", &["Ziad", "Ziyad"]),
    ("قاسم", &["Qassem", "Kassem", "Qasim"]),
    ("هشام", &["Hisham", "Hicham"]),
    ("رمضان", &["Ramadan", "Ramadhan"]),
    ("سليمان", &["Suleiman", "Sulayman", "Soleiman"]),
];

/// Syllables of family names: Arabic letters and their Latin transliteration.
const SYLLABLES: [(&str, &str); 20] = [
    ("خط", "khat"),
    ("يب", "ib"),
    ("حد", "had"),
    ("اد", "ad"),
    ("مل", "mal"),
    ("وك", "ouk"),
    ("رس", "ras"),
    ("لان", "lan"),
    ("شا", "sha"),
    ("ليش", "lish"),
    ("نا", "na"),
    ("صر", "sser"),
    ("بر", "bar"),
    ("كات", "kat"),
    ("زي", "zei"),
    ("ن", "n"),
    ("حل", "hal"),
    ("بي", "bi"),
    ("دا", "da"),
    ("هر", "her"),
];

/// A person's names: the name as the record shows it, and its aliases.
#[derive(Debug, Clone)]
pub struct PersonNames {
    /// Latin script, the record's `name`.
    pub latin: String,
    /// Arabic script (native).
    pub arabic: String,
    /// Another Latin spelling of the same name.
    pub variant: String,
    /// "Abu X" in both scripts, for some.
    pub nickname: Option<(String, String)>,
}

/// A family name in both scripts, from two or three syllables; about a third carry the
/// article ("al-Khatib", "الخطيب").
fn family(rng: &mut Rng) -> (String, String) {
    let n = rng.range(2, 3);
    let (mut ar, mut la) = (String::new(), String::new());
    for _ in 0..n {
        let (a, l) = rng.pick(&SYLLABLES);
        ar.push_str(a);
        la.push_str(l);
    }
    let la = capitalise(&la);
    if rng.chance(0.35) {
        (format!("ال{ar}"), format!("al-{la}"))
    } else {
        (ar, la)
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Names for one person: given name, father's name and family name.
pub fn person(rng: &mut Rng) -> PersonNames {
    let given = rng.pick(&GIVEN);
    let father = rng.pick(&GIVEN);
    let (family_ar, family_la) = family(rng);
    let spelling = |rng: &mut Rng, spellings: &[&str]| -> (String, String) {
        let first = spellings[rng.below(spellings.len())].to_owned();
        let other = spellings
            .iter()
            .find(|s| **s != first)
            .map_or(first.clone(), |s| (*s).to_owned());
        (first, other)
    };
    let (g1, g2) = spelling(rng, given.1);
    let (f1, _) = spelling(rng, father.1);
    let nickname = rng.chance(0.25).then(|| {
        let son = rng.pick(&GIVEN);
        (format!("أبو {}", son.0), format!("Abu {}", son.1[0]))
    });
    PersonNames {
        latin: format!("{g1} {f1} {family_la}"),
        arabic: format!("{} {} {family_ar}", given.0, father.0),
        variant: format!("{g2} {family_la}"),
        nickname,
    }
}

/// A place or unit name in both scripts built from a family-name stem ("Mallan", "مللان").
pub fn stem(rng: &mut Rng) -> (String, String) {
    let (ar, la) = family(rng);
    (ar, la)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_in_both_scripts() {
        let mut rng = Rng::new(3);
        let names = person(&mut rng);
        assert!(names.latin.is_ascii(), "{}", names.latin);
        assert!(
            names
                .arabic
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
        );
        assert_ne!(names.latin, names.variant);
    }
}
