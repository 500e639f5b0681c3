//! How big each scale is, and the fuzzy dates records carry.

use chrono::NaiveDate;

use super::rng::Rng;
use crate::edtf::Edtf;

/// The dataset sizes `daleel generate --scale` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// A few hundred records, for tests.
    Xs,
    /// A tenth of M.
    S,
    /// About 1,000 facilities, 300 branches, 50,000 persons, 100,000 postings,
    /// 5,000 verdicts, 500,000 citations.
    M,
    /// Ten times M.
    L,
}

/// The counts a scale asks for (postings, charges and citations follow from the
/// per-record distributions, so their totals are approximate).
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub facilities: usize,
    pub branches: usize,
    pub agencies: usize,
    pub persons: usize,
    /// Expected verdicts; each officer gets one with probability verdicts / officers.
    pub verdicts: usize,
    pub trials: usize,
    pub sources: usize,
    pub organizations: usize,
}

impl Scale {
    pub fn shape(self) -> Shape {
        let m = Shape {
            facilities: 1_000,
            branches: 300,
            agencies: 6,
            persons: 50_000,
            verdicts: 5_000,
            trials: 250,
            sources: 2_000,
            organizations: 60,
        };
        match self {
            Scale::Xs => Shape {
                facilities: 12,
                branches: 8,
                agencies: 3,
                persons: 300,
                verdicts: 30,
                trials: 4,
                sources: 10,
                organizations: 5,
            },
            Scale::S => m.scaled(1, 10),
            Scale::M => m,
            Scale::L => m.scaled(10, 1),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Scale::Xs => "XS",
            Scale::S => "S",
            Scale::M => "M",
            Scale::L => "L",
        }
    }
}

impl Shape {
    fn scaled(self, num: usize, den: usize) -> Shape {
        let f = |n: usize| (n * num / den).max(1);
        Shape {
            facilities: f(self.facilities),
            branches: f(self.branches),
            agencies: self.agencies,
            persons: f(self.persons),
            verdicts: f(self.verdicts),
            trials: f(self.trials),
            sources: f(self.sources),
            organizations: f(self.organizations),
        }
    }
}

/// A fuzzy date (EDTF) with its bounds.
#[derive(Debug, Clone, Default)]
pub struct Fuzzy {
    pub text: Option<String>,
    pub earliest: Option<NaiveDate>,
    pub latest: Option<NaiveDate>,
    pub start_latest: Option<NaiveDate>,
    pub end_earliest: Option<NaiveDate>,
}

/// A date between `from` and `to` (years) in one of the shapes sources give:
/// a day, a month, a year, an uncertain or approximate year, a span of years or
/// of months; sometimes unknown.
pub fn fuzzy(rng: &mut Rng, from: i32, to: i32) -> Fuzzy {
    let year = from + rng.below((to - from + 1).max(1) as usize) as i32;
    let month = rng.range(1, 12);
    let text = match rng.below(10) {
        0 => return Fuzzy::default(),
        1 => format!("{year}-{month:02}-{:02}", rng.range(1, 28)),
        2 | 3 => format!("{year}-{month:02}"),
        4 => format!("{year}"),
        5 => format!("{year}?"),
        6 => format!("{year}~"),
        7 => format!("{year}/{}", year + rng.range(1, 3) as i32),
        _ => format!(
            "{year}-{month:02}/{}-{:02}",
            year + rng.range(0, 2) as i32 + 1,
            rng.range(1, 12)
        ),
    };
    match Edtf::parse(&text) {
        Ok(edtf) => Fuzzy {
            earliest: edtf.earliest(),
            latest: edtf.latest(),
            start_latest: edtf.start_latest(),
            end_earliest: edtf.end_earliest(),
            text: Some(text),
        },
        Err(_) => Fuzzy::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_dates_parse_and_have_bounds() {
        let mut rng = Rng::new(5);
        let dates: Vec<Fuzzy> = (0..200).map(|_| fuzzy(&mut rng, 2005, 2020)).collect();
        let known = dates.iter().filter(|d| d.text.is_some()).count();
        assert!(known > 150, "{known} of 200 dates known");
        assert!(
            dates
                .iter()
                .all(|d| d.text.is_none() || d.earliest.is_some())
        );
        assert!(
            dates
                .iter()
                .any(|d| d.text.as_deref().is_some_and(|t| t.contains('/')))
        );
    }
}
