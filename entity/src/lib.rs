//! SeaORM entities for the daleel tables (layout: `spec/tables.md`).
//!
//! Enum-like columns are plain `String`s here; the app layer maps them to enums.

pub mod agency;
pub mod alias;
pub mod api_key;
pub mod audit_log;
pub mod branch;
pub mod capture;
pub mod capture_custody;
pub mod charge;
pub mod citation;
pub mod event;
pub mod event_link;
pub mod facility;
pub mod facility_operation;
pub mod name_key;
pub mod organization;
pub mod person;
pub mod posting;
pub mod prelude;
pub mod sanction;
pub mod source;
pub mod statistic;
pub mod testimony;
pub mod text_token;
pub mod trial;
pub mod verdict;
