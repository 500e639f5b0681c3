//! Schema migrations for daleel, one per table in foreign-key order.
//!
//! Run by the app itself (`daleel migrate`); the table layout is `docs/data-model.md`.

pub use sea_orm_migration::prelude::*;

mod common;
mod m20261125_000001_create_agency;
mod m20261125_000002_create_organization;
mod m20261125_000003_create_branch;
mod m20261125_000004_create_facility;
mod m20261125_000005_create_facility_operation;
mod m20261125_000006_create_person;
mod m20261125_000007_create_alias;
mod m20261125_000008_create_posting;
mod m20261125_000009_create_trial;
mod m20261125_000010_create_verdict;
mod m20261125_000011_create_charge;
mod m20261125_000012_create_source;
mod m20261125_000013_create_citation;
mod m20261125_000014_create_statistic;
mod m20261125_000015_create_event;
mod m20261125_000016_create_event_link;
mod m20261125_000017_create_sanction;
mod m20261125_000018_create_testimony;
mod m20261125_000019_create_name_key;
mod m20261125_000020_create_api_key;
mod m20261125_000021_create_audit_log;
mod m20261206_000001_add_effective_visibility;
mod m20261206_000002_create_write_lock;
mod m20261207_000001_add_translations;
mod m20261207_000002_create_text_token;
mod m20261208_000001_cover_text_token_counts;
mod m20261208_000002_add_data_version;
mod m20261209_000001_add_posting_person_name;
mod m20261209_000002_create_posting_tally;
mod m20261210_000001_add_period_inner_bounds;
mod m20261211_000001_index_posting_periods;
mod m20261211_000002_add_audit_reason;
mod m20261212_000001_create_record_versions;
mod m20261213_000001_create_capture;
mod m20261214_000001_add_citation_pinpoint;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_create_agency::Migration),
            Box::new(m20261125_000002_create_organization::Migration),
            Box::new(m20261125_000003_create_branch::Migration),
            Box::new(m20261125_000004_create_facility::Migration),
            Box::new(m20261125_000005_create_facility_operation::Migration),
            Box::new(m20261125_000006_create_person::Migration),
            Box::new(m20261125_000007_create_alias::Migration),
            Box::new(m20261125_000008_create_posting::Migration),
            Box::new(m20261125_000009_create_trial::Migration),
            Box::new(m20261125_000010_create_verdict::Migration),
            Box::new(m20261125_000011_create_charge::Migration),
            Box::new(m20261125_000012_create_source::Migration),
            Box::new(m20261125_000013_create_citation::Migration),
            Box::new(m20261125_000014_create_statistic::Migration),
            Box::new(m20261125_000015_create_event::Migration),
            Box::new(m20261125_000016_create_event_link::Migration),
            Box::new(m20261125_000017_create_sanction::Migration),
            Box::new(m20261125_000018_create_testimony::Migration),
            Box::new(m20261125_000019_create_name_key::Migration),
            Box::new(m20261125_000020_create_api_key::Migration),
            Box::new(m20261125_000021_create_audit_log::Migration),
            Box::new(m20261206_000001_add_effective_visibility::Migration),
            Box::new(m20261206_000002_create_write_lock::Migration),
            Box::new(m20261207_000001_add_translations::Migration),
            Box::new(m20261207_000002_create_text_token::Migration),
            Box::new(m20261208_000001_cover_text_token_counts::Migration),
            Box::new(m20261208_000002_add_data_version::Migration),
            Box::new(m20261209_000001_add_posting_person_name::Migration),
            Box::new(m20261209_000002_create_posting_tally::Migration),
            Box::new(m20261210_000001_add_period_inner_bounds::Migration),
            Box::new(m20261211_000001_index_posting_periods::Migration),
            Box::new(m20261211_000002_add_audit_reason::Migration),
            Box::new(m20261212_000001_create_record_versions::Migration),
            Box::new(m20261213_000001_create_capture::Migration),
            Box::new(m20261214_000001_add_citation_pinpoint::Migration),
        ]
    }
}
