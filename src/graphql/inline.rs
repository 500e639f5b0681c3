//! Resolves an object's fields in place: no boxed future per field, no set of pending
//! futures with a task per field. A dashboard answer has some 19,000 objects, most of
//! them small, and for those async-graphql's bookkeeping cost more than the fields.
//!
//! `Inline<T>` (fields one after another, as in `#[Object(serial)]`: for a citation
//! and its source, whose fields are their own columns) and `Joined<T>` (fields side
//! by side, as async-graphql runs them, so a record's relations are still asked for
//! together and batched across its level: for the records of a connection) are `T`
//! in the schema (same name, same type) and answer each field with `T`'s own
//! generated resolver, so what a field means is defined once. Selections they do not
//! take plainly (fragments, directives, one response key asked twice) go through
//! async-graphql's own path. daleel registers no schema extension; one added later
//! would not see the fields resolved here.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection, SelectionSet};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::{ContainerType, resolve_container, resolve_container_serial};
use async_graphql::{ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value};
use futures_util::future::join_all;

use crate::graphql::produced;

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// `T`, its fields resolved one after another.
pub struct Inline<T>(pub T);

/// `T`, its fields resolved side by side, polled together.
pub struct Joined<T>(pub T);

/// `OutputType` for a wrapper: the schema sees `T` itself; fields resolve side by side
/// or not.
macro_rules! wrapper_output_type {
    ($wrapper:ident, side_by_side: $side_by_side:expr) => {
        impl<T: OutputType + ContainerType> OutputType for $wrapper<T> {
            fn type_name() -> Cow<'static, str> {
                T::type_name()
            }

            fn qualified_type_name() -> String {
                T::qualified_type_name()
            }

            fn introspection_type_name(&self) -> Cow<'static, str> {
                self.0.introspection_type_name()
            }

            fn create_type_info(registry: &mut Registry) -> String {
                T::create_type_info(registry)
            }

            async fn resolve(
                &self,
                ctx: &ContextSelectionSet<'_>,
                _field: &Positioned<Field>,
            ) -> ServerResult<Value> {
                resolve_object(ctx, &self.0, $side_by_side).await
            }
        }
    };
}

wrapper_output_type!(Inline, side_by_side: false);
wrapper_output_type!(Joined, side_by_side: true);

/// `root`'s selected fields, side by side or one after another.
async fn resolve_object<T: OutputType + ContainerType>(
    ctx: &ContextSelectionSet<'_>,
    root: &T,
    side_by_side: bool,
) -> ServerResult<Value> {
    if !only_plain_fields(ctx) {
        return match side_by_side {
            true => resolve_container(ctx, root).await,
            false => resolve_container_serial(ctx, root).await,
        };
    }
    // Boxed once per object: a field may hold more objects of the same type (a
    // citation's own citations, a person's postings' persons), and a future cannot
    // contain itself. Nothing else is allocated here but the answer's own object: the
    // fields are read off the selection as they are needed.
    let resolving: BoxFuture<'_, Value> = match side_by_side {
        true => Box::pin(async move {
            let results = join_all(fields(ctx).map(|field| resolve_field(ctx, root, field))).await;
            let mut object = Object::new(ctx);
            for (field, result) in fields(ctx).zip(results) {
                object.add(field, result);
            }
            object.finish()
        }),
        false => Box::pin(async move {
            let mut object = Object::new(ctx);
            for field in fields(ctx) {
                object.add(field, resolve_field(ctx, root, field).await);
            }
            object.finish()
        }),
    };
    Ok(resolving.await)
}

type FieldResult = ServerResult<Option<Value>>;

/// Whether the selection is only fields, without directives, each response key once;
/// when not, async-graphql's own path must take it.
fn only_plain_fields(ctx: &ContextSelectionSet<'_>) -> bool {
    plain_fields(&ctx.item.node)
}

/// Whether `set` is only fields, without directives, each response key once: what can
/// be resolved, and written, in the selection's own order without the document.
pub(crate) fn plain_fields(set: &SelectionSet) -> bool {
    let items = &set.items;
    items.iter().enumerate().all(|(at, selection)| {
        let Selection::Field(field) = &selection.node else {
            return false;
        };
        let key = &field.node.response_key().node;
        let repeated = items[..at].iter().any(|earlier| match &earlier.node {
            Selection::Field(earlier) => earlier.node.response_key().node == *key,
            _ => false,
        });
        field.node.directives.is_empty() && !repeated
    })
}

/// The selection's fields, once `only_plain_fields` has said it holds nothing else.
fn fields<'a>(ctx: &ContextSelectionSet<'a>) -> impl Iterator<Item = &'a Positioned<Field>> {
    ctx.item
        .node
        .items
        .iter()
        .filter_map(|selection| match &selection.node {
            Selection::Field(field) => Some(field),
            _ => None,
        })
}

/// One field of `root`, by its generated resolver.
async fn resolve_field<T: OutputType + ContainerType>(
    ctx: &ContextSelectionSet<'_>,
    root: &T,
    field: &Positioned<Field>,
) -> FieldResult {
    if field.node.name.node == "__typename" {
        let typename = root.introspection_type_name().into_owned();
        return Ok(Some(Value::String(typename)));
    }
    root.resolve_field(&ctx.with_field(field)).await
}

/// The object async-graphql's container makes of the fields' results: a field that
/// failed is recorded as an error and left out, and an object with no field is null.
struct Object<'c, 'a> {
    ctx: &'c ContextSelectionSet<'a>,
    values: IndexMap<Name, Value>,
}

impl<'c, 'a> Object<'c, 'a> {
    fn new(ctx: &'c ContextSelectionSet<'a>) -> Self {
        let values = IndexMap::with_capacity(ctx.item.node.items.len());
        Object { ctx, values }
    }

    fn add(&mut self, field: &Positioned<Field>, result: FieldResult) {
        match result {
            Ok(value) => {
                let key = field.node.response_key().node.clone();
                self.values.insert(key, value.unwrap_or_default());
            }
            Err(err) => self.ctx.add_error(err),
        }
    }

    /// The object, written as JSON already when the request asks for that and it can
    /// be (`produced`), or as a tree.
    fn finish(self) -> Value {
        if self.values.is_empty() {
            return Value::Null;
        }
        if produced::asked(self.ctx)
            && let Some(written) = produced::written(&self.ctx.item.node, &self.values)
        {
            return written;
        }
        Value::Object(self.values)
    }
}
