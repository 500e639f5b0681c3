//! The federation SDL: async-graphql's, brought to a current Federation version (it
//! writes a fixed v2.5 link) and carrying daleel's own demand-control weights as
//! `@listSize` and `@cost`, the numbers the server enforces (`limits.rs`), so that a
//! router doing demand control prices a query as daleel will.
//!
//! async-graphql prints the SDL in one fixed layout (a field at one tab, its arguments
//! at two, `): Type` closing them); the rewrite reads that layout, and the federation
//! tests compose the result with `@apollo/composition`, so a change of layout fails
//! them rather than passing unnoticed.

use crate::graphql::limits::{COUNT_WEIGHT, DEFAULT_PAGE_WEIGHT, MAP_WEIGHT};
use crate::graphql::types::{COMMAND_MAX_COMMANDERS, COMMAND_MAX_DEPTH};

/// The Federation version the SDL links: the first with `@cost` and `@listSize`.
pub const FEDERATION_VERSION: &str = "v2.9";

const LINK_AS_WRITTEN: &str = "url: \"https://specs.apollo.dev/federation/v2.5\",";
const IMPORTS_END: &str = "\"@requiresScopes\"]";

/// What a field costs a router, beyond what its page says.
#[derive(Clone, Copy)]
enum Weight {
    /// A fixed weight, whatever it returns (`@cost`).
    Cost(usize),
    /// A list of at most this many (`@listSize(assumedSize:)`).
    Size(usize),
}

/// The fields daleel weighs apart from paging (see each `complexity` attribute).
const WEIGHED: &[(&str, &str, Weight)] = &[
    ("Query", "facilityMap", Weight::Cost(MAP_WEIGHT)),
    ("Query", "verdictCounts", Weight::Size(COUNT_WEIGHT)),
    ("Query", "postingCounts", Weight::Size(COUNT_WEIGHT)),
    ("Query", "facilityCounts", Weight::Size(COUNT_WEIGHT)),
    ("Query", "eventCounts", Weight::Size(COUNT_WEIGHT)),
    ("Query", "statisticCounts", Weight::Size(COUNT_WEIGHT)),
    ("CommandChain", "levels", Weight::Size(COMMAND_MAX_DEPTH)),
    (
        "CommandLevel",
        "commanders",
        Weight::Size(COMMAND_MAX_COMMANDERS as usize),
    ),
    (
        "CommandLevel",
        "undatedCommanders",
        Weight::Size(COMMAND_MAX_COMMANDERS as usize),
    ),
];

/// The directive for a connection: paged by `first`/`last`, its size carried by
/// `nodes` and `edges`, the default page when neither is given.
fn paged() -> String {
    format!(
        "@listSize(assumedSize: {DEFAULT_PAGE_WEIGHT}, slicingArguments: [\"first\", \"last\"], sizedFields: [\"nodes\", \"edges\"], requireOneSlicingArgument: false)"
    )
}

fn directive(weight: Weight) -> String {
    match weight {
        Weight::Cost(n) => format!("@cost(weight: {n})"),
        Weight::Size(n) => format!("@listSize(assumedSize: {n})"),
    }
}

/// The name of the type a line opens (`type Name ... {`), if it opens one.
fn opened_type(line: &str) -> Option<&str> {
    let rest = line
        .strip_prefix("type ")
        .or_else(|| line.strip_prefix("extend type "))?;
    rest.split([' ', '{']).next()
}

/// A field's name, when `line` starts a field of an object type.
fn field_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('\t')?;
    if rest.starts_with('\t') {
        return None;
    }
    let end = rest.find(['(', ':'])?;
    let name = &rest[..end];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// `sdl` (async-graphql's federation SDL) linking [`FEDERATION_VERSION`] with `@cost` and
/// `@listSize` imported and applied. `Err` names what was not found where expected.
pub fn upgrade(sdl: &str) -> Result<String, String> {
    if !sdl.contains(LINK_AS_WRITTEN) || !sdl.contains(IMPORTS_END) {
        return Err("the federation link is not where async-graphql writes it".into());
    }
    let sdl = sdl
        .replacen(
            LINK_AS_WRITTEN,
            &format!("url: \"https://specs.apollo.dev/federation/{FEDERATION_VERSION}\","),
            1,
        )
        .replacen(
            IMPORTS_END,
            "\"@requiresScopes\", \"@cost\", \"@listSize\"]",
            1,
        );
    let mut out = String::with_capacity(sdl.len() + sdl.len() / 8);
    let mut in_type: Option<String> = None;
    let mut in_description = false;
    // The field being read (its name and whether it takes `first` and `last`).
    let mut field: Option<(String, bool, bool)> = None;
    let mut applied = Vec::new();
    for line in sdl.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("\"\"\"") {
            // A block description: its opening and closing lines (one line when both).
            if !(trimmed.len() > 3 && trimmed.ends_with("\"\"\"")) {
                in_description = !in_description;
            }
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if in_description {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        if let Some(name) = opened_type(line) {
            in_type = Some(name.to_owned());
        } else if line == "}" {
            in_type = None;
        }
        let mut text = line.to_owned();
        if let Some(type_name) = in_type.as_deref() {
            let closes = match (&mut field, field_name(line)) {
                (None, Some(name)) if line.contains('(') && !line.contains(')') => {
                    field = Some((name.to_owned(), false, false));
                    None
                }
                (None, Some(name)) => Some((
                    name.to_owned(),
                    line.contains("first:"),
                    line.contains("last:"),
                )),
                (Some((_, first, last)), _) if line.starts_with("\t\t") => {
                    *first |= trimmed.starts_with("first:");
                    *last |= trimmed.starts_with("last:");
                    None
                }
                (Some(_), _) if line.starts_with("\t)") => field.take(),
                _ => None,
            };
            if let Some((name, first, last)) = closes {
                let weight = WEIGHED
                    .iter()
                    .find(|(t, f, _)| *t == type_name && *f == name)
                    .map(|(_, _, w)| directive(*w));
                let directives = match (weight, first && last) {
                    (Some(w), _) => Some(w),
                    (None, true) => Some(paged()),
                    (None, false) => None,
                };
                if let Some(directives) = directives {
                    text.push(' ');
                    text.push_str(&directives);
                    applied.push(format!("{type_name}.{name}"));
                }
            }
        }
        out.push_str(&text);
        out.push('\n');
    }
    if let Some((type_name, name, _)) = WEIGHED
        .iter()
        .find(|(t, f, _)| !applied.contains(&format!("{t}.{f}")))
    {
        return Err(format!("{type_name}.{name} is not in the schema"));
    }
    Ok(out)
}

/// The federation SDL, upgraded once.
static SERVED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let written = crate::graphql::build_schema(&crate::config::Settings::new("", ""))
        .sdl_with_options(
            async_graphql::SDLExportOptions::new()
                .federation()
                .compose_directive(),
        );
    upgrade(&written).unwrap_or_else(|err| {
        tracing::error!(error = %err, "the federation SDL could not be upgraded; serving async-graphql's");
        written
    })
});

/// The federation SDL daleel serves and commits (`schema.federation.graphql`).
pub fn served() -> String {
    SERVED.clone()
}

/// `response` with async-graphql's `_service { sdl }` answer replaced by [`served`]:
/// async-graphql resolves `_service` itself, before any resolver of daleel's.
pub fn in_response(mut response: async_graphql::Response) -> async_graphql::Response {
    use async_graphql::Value;
    if let Value::Object(fields) = &mut response.data {
        for value in fields.values_mut() {
            if let Value::Object(service) = value
                && let Some(Value::String(sdl)) = service.get_mut("sdl")
                && sdl.contains(LINK_AS_WRITTEN)
            {
                *sdl = served();
            }
        }
    }
    response
}
