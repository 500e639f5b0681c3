//! How much one request may ask for: nesting depth, complexity (each list weighted by
//! its page size), and the number of fields. The limits are checked before anything
//! runs, so an abusive query costs the server a parse and nothing more.

use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};

use crate::graphql::ordering::selected_operation;

/// The weight of a page whose size the query does not give: the default page-size cap.
pub const DEFAULT_PAGE_WEIGHT: usize = 100;

/// Largest weight one page can carry, whatever `first`/`last` say (larger pages are
/// refused when they run; here they must not overflow the sum).
const MAX_PAGE_WEIGHT: usize = 10_000;

/// The complexity of a connection field: itself, plus its selection once per record the
/// page may hold. Used by `#[graphql(complexity = ...)]` on every paged field.
pub fn page_weight(first: Option<i32>, last: Option<i32>, child_complexity: usize) -> usize {
    let page = match (first, last) {
        (None, None) => DEFAULT_PAGE_WEIGHT,
        (first, last) => first
            .max(last)
            .unwrap_or(0)
            .clamp(0, MAX_PAGE_WEIGHT as i32) as usize,
    };
    page.saturating_mul(child_complexity).saturating_add(1)
}

/// The weight of `facilityMap`: up to `geojson::MAX_FEATURES` features of some twenty
/// values each, so that a few maps fit in one request and 300 aliases of it are refused
/// before anything runs.
pub const MAP_WEIGHT: usize = 400_000;

/// The weight of each bucket field of a `…Counts` list: one GROUP BY over a whole table,
/// returning up to one bucket per group (thousands, for branches at scale).
pub const COUNT_WEIGHT: usize = 10_000;

/// The weight of each record `Source.citedBy` may return, whatever is asked of it (its
/// selection's own weight is out of reach of the field's declaration).
pub const CITED_RECORD_WEIGHT: usize = 50;

/// Fragments nest at most this deep when counting (cycles are refused by validation,
/// but counting runs before it).
const MAX_FRAGMENT_DEPTH: usize = 64;

/// How many fields the operation selects, counting each fragment at every place it is
/// spread (that is how aliases and fragments multiply work). Stops counting past `cap`.
pub fn field_count(doc: &ExecutableDocument, operation_name: Option<&str>, cap: usize) -> usize {
    let Some(operation) = selected_operation(doc, operation_name) else {
        return 0;
    };
    let mut count = 0;
    count_fields(doc, &operation.selection_set.node, 0, cap, &mut count);
    count
}

fn count_fields(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    depth: usize,
    cap: usize,
    count: &mut usize,
) {
    if depth > MAX_FRAGMENT_DEPTH {
        // Deeper than any sane query: count it as over the cap.
        *count = count.saturating_add(cap + 1);
        return;
    }
    for selection in &set.items {
        if *count > cap {
            return;
        }
        match &selection.node {
            Selection::Field(field) => {
                *count += 1;
                count_fields(doc, &field.node.selection_set.node, depth + 1, cap, count);
            }
            Selection::InlineFragment(fragment) => {
                count_fields(
                    doc,
                    &fragment.node.selection_set.node,
                    depth + 1,
                    cap,
                    count,
                );
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = doc.fragments.get(&spread.node.fragment_name.node) {
                    count_fields(
                        doc,
                        &fragment.node.selection_set.node,
                        depth + 1,
                        cap,
                        count,
                    );
                }
            }
        }
    }
}

/// Whether the operation asks for the schema itself (`__schema` or `__type` at its
/// root, directly or through fragments); `__typename` is not introspection.
pub fn selects_introspection(doc: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    fn walk(doc: &ExecutableDocument, set: &SelectionSet, depth: usize) -> bool {
        depth <= MAX_FRAGMENT_DEPTH
            && set.items.iter().any(|selection| match &selection.node {
                Selection::Field(field) => {
                    matches!(field.node.name.node.as_str(), "__schema" | "__type")
                }
                Selection::InlineFragment(fragment) => {
                    walk(doc, &fragment.node.selection_set.node, depth + 1)
                }
                Selection::FragmentSpread(spread) => doc
                    .fragments
                    .get(&spread.node.fragment_name.node)
                    .is_some_and(|f| walk(doc, &f.node.selection_set.node, depth + 1)),
            })
    }
    selected_operation(doc, operation_name)
        .is_some_and(|operation| walk(doc, &operation.selection_set.node, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(query: &str) -> usize {
        let doc = async_graphql::parser::parse_query(query).unwrap();
        field_count(&doc, None, 1_000)
    }

    #[test]
    fn fields_are_counted_through_aliases_and_fragments() {
        assert_eq!(count("{ a b { c } }"), 3);
        assert_eq!(count("{ x: a y: a z: a }"), 3);
        assert_eq!(count("{ ...F ...F } fragment F on Q { a b }"), 4);
        assert_eq!(count("{ a { ... on T { b c } } }"), 3);
    }

    #[test]
    fn fragment_bombs_stop_at_the_cap() {
        // Each level doubles the work: 2^30 fields if counted naively.
        let mut query = String::from("{ ...F0 }");
        for level in 0..30 {
            query.push_str(&format!(
                " fragment F{level} on Q {{ a: f {{ ...F{next} }} b: f {{ ...F{next} }} }}",
                next = level + 1
            ));
        }
        query.push_str(" fragment F30 on Q { leaf }");
        assert!(count(&query) > 1_000);
    }

    #[test]
    fn introspection_is_found_through_fragments() {
        let finds = |query: &str| {
            let doc = async_graphql::parser::parse_query(query).unwrap();
            selects_introspection(&doc, None)
        };
        assert!(finds("{ __schema { types { name } } }"));
        assert!(finds(
            "{ ...F } fragment F on Query { __type(name: \"X\") { name } }"
        ));
        assert!(!finds("{ __typename facilities { totalCount } }"));
    }

    #[test]
    fn three_hundred_maps_outweigh_the_default_limit() {
        let default_limit = 2_000_000;
        assert!(300 * MAP_WEIGHT > default_limit);
        assert!(
            4 * MAP_WEIGHT < default_limit,
            "a dashboard may show a few maps"
        );
        assert!(300 * COUNT_WEIGHT * 3 > default_limit);
    }

    #[test]
    fn pages_weigh_what_they_may_hold() {
        assert_eq!(page_weight(Some(5), None, 10), 51);
        assert_eq!(page_weight(None, Some(3), 10), 31);
        assert_eq!(page_weight(None, None, 1), DEFAULT_PAGE_WEIGHT + 1);
        assert_eq!(page_weight(Some(-5), None, 10), 1);
        assert_eq!(page_weight(Some(i32::MAX), None, 1), MAX_PAGE_WEIGHT + 1);
        assert_eq!(page_weight(Some(10_000), None, usize::MAX), usize::MAX);
    }
}
