//! The integration suite: every test talks to a real server over HTTP, each with its
//! own fresh database, on SQLite and (when configured) PostgreSQL and MariaDB.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod counts;
mod errors;
mod exchange;
mod explain;
mod federation;
mod filters;
mod fixtures;
mod generate;
mod graph;
mod helpers;
mod http;
mod http_spec;
mod ids;
mod lifecycle;
mod limits;
mod maps;
mod node;
mod pagination;
mod persisted;
mod provenance;
mod readme;
mod schema;
mod search;
mod seed;
mod statements;
mod timeline;
mod writes;
mod writes_catalog;
mod writes_facts;
