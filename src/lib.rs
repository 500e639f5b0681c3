//! daleel: a GraphQL API for accountability data on Syria's detention system.

pub mod cli;
pub mod config;
pub mod db;
pub mod edtf;
pub mod error;
pub mod evidence;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod ids;
pub mod offload;
pub mod period;
pub mod records;
pub mod search;
pub mod seed;
pub mod service;
pub mod startup;
pub mod telemetry;
