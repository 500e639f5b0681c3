//! The four requests the benchmark drives, and the PostGraphile equivalent of the first.

/// Facilities → branches → officers → verdicts → charges, with citations and their
/// sources at every level (as in tests/api/statements.rs, 50 facilities, no filter).
pub const DASHBOARD: &str = r#"{
  facilities(first: 50) {
    totalCount
    nodes {
      name citations { quote source { title } }
      branches(first: 5) {
        nodes {
          name citations { quote source { title } }
          officers(first: 20) {
            nodes {
              name citations { quote source { title } }
              verdicts(first: 5) {
                nodes {
                  outcome citations { quote source { title } }
                  charges(first: 10) { nodes { crime citations { quote source { title } } } }
                }
              }
            }
          }
        }
      }
    }
  }
}"#;

/// The same view in PostGraphile's naming: the link tables (facility_operation,
/// posting) are a level of their own there, and citations come through the virtual
/// foreign keys of bench/postgraphile/server.mjs.
pub const DASHBOARD_POSTGRAPHILE: &str = r#"{
  allFacilities(first: 50, orderBy: NAME_ASC) {
    totalCount
    nodes {
      name citations { nodes { quote sourceBySourceId { title } } }
      facilityOperationsByFacilityId(first: 5) {
        nodes { branchByBranchId {
          name citations { nodes { quote sourceBySourceId { title } } }
          postingsByBranchId(first: 20) {
            nodes { personByPersonId {
              name citations { nodes { quote sourceBySourceId { title } } }
              verdictsByPersonId(first: 5) {
                nodes {
                  outcome citations { nodes { quote sourceBySourceId { title } } }
                  chargesByVerdictId(first: 10) {
                    nodes { crime citations { nodes { quote sourceBySourceId { title } } } }
                  }
                }
              }
            } }
          }
        } }
      }
    }
  }
}"#;

/// A name search in Latin script matching many records, first page.
pub const SEARCH: &str = r#"{
  search(query: "Khatib", first: 20) {
    totalCount
    nodes { matchedName score record { __typename ... on Person { name } } }
  }
}"#;

/// One person by id, with aliases and postings (the id rotates over 100 persons).
pub const LOOKUP: &str = r#"query($id: ID!) {
  node(id: $id) {
    ... on Person {
      name roles aliases { name script }
      postings(first: 5) { nodes { role period { edtf } branch { name } } }
    }
  }
}"#;

/// Postings counted per branch: an aggregate over the largest table but citations.
pub const AGGREGATE: &str = r#"{ postingCounts(by: BRANCH) { key label count } }"#;

/// Who was in twenty branches at a date, with certainty (issue 19: a branch's postings
/// cut by their period's bounds in SQL).
pub const PERSONNEL: &str = r#"{
  branches(first: 20) {
    nodes {
      name
      personnel(at: "2012-03", first: 20) { totalCount nodes { certainty role person { name } } }
    }
  }
}"#;

/// One person's chain of command at a date, timeline and history (the id rotates over
/// 100 persons).
pub const CHAIN: &str = r#"query($id: ID!) {
  node(id: $id) {
    ... on Person {
      name
      chainOfCommand(at: "2012") {
        posting { certainty }
        levels { depth branch { name } commanders { certainty person { name } } }
        breaks { kind }
      }
      timeline(first: 10) { totalCount nodes { date { edtf } } }
      history { totalCount }
    }
  }
}"#;
