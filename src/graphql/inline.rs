//! Resolves an object's fields one after another, in place: no boxed future per field,
//! no set of pending futures and no wake-ups per object. A dashboard has thousands of
//! small objects whose fields are their own columns (a citation and its source), and
//! for those async-graphql's bookkeeping cost more than the fields themselves.
//!
//! `Inline<T>` is `T` in the schema (same name, same type) and answers each field with
//! `T`'s own generated resolver, so what a field means is defined once. Only the order
//! of the work differs: fields run one after another, as in `#[Object(serial)]`.
//! Selections it does not take plainly (fragments, directives, one response key asked
//! twice) go through async-graphql's own serial path. daleel registers no schema
//! extension; one added later would not see the fields resolved here.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use async_graphql::indexmap::IndexMap;
use async_graphql::parser::types::{Field, Selection};
use async_graphql::registry::Registry;
use async_graphql::resolver_utils::{ContainerType, resolve_container_serial};
use async_graphql::{ContextSelectionSet, Name, OutputType, Positioned, ServerResult, Value};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// `T`, resolved field by field in place.
pub struct Inline<T>(pub T);

impl<T: OutputType + ContainerType> OutputType for Inline<T> {
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
        match plain_fields(ctx) {
            // Boxed (once per object): a field may hold more objects of the same type
            // (a citation's own citations), and a future cannot contain itself.
            Some(fields) => {
                let resolving: BoxFuture<'_, Value> =
                    Box::pin(resolve_in_place(ctx, &self.0, fields));
                Ok(resolving.await)
            }
            None => resolve_container_serial(ctx, &self.0).await,
        }
    }
}

/// The selection's fields when it is only fields, without directives, each response
/// key once; `None` when async-graphql's own path must take it.
fn plain_fields<'a>(ctx: &ContextSelectionSet<'a>) -> Option<Vec<&'a Positioned<Field>>> {
    let items = &ctx.item.node.items;
    let mut fields = Vec::with_capacity(items.len());
    for selection in items {
        let Selection::Field(field) = &selection.node else {
            return None;
        };
        let key = field.node.response_key();
        let repeated = fields
            .iter()
            .any(|f: &&Positioned<Field>| f.node.response_key().node == key.node);
        if !field.node.directives.is_empty() || repeated {
            return None;
        }
        fields.push(field);
    }
    Some(fields)
}

/// What async-graphql's container makes of `fields`, one after another: a field that
/// fails is recorded as an error and left out, and an object with no field is null.
async fn resolve_in_place<'a, T: OutputType + ContainerType>(
    ctx: &ContextSelectionSet<'a>,
    root: &T,
    fields: Vec<&'a Positioned<Field>>,
) -> Value {
    let mut values: IndexMap<Name, Value> = IndexMap::with_capacity(fields.len());
    for field in fields {
        let key = field.node.response_key().node.clone();
        if field.node.name.node == "__typename" {
            let typename = root.introspection_type_name().into_owned();
            values.insert(key, Value::String(typename));
            continue;
        }
        let ctx_field = ctx.with_field(field);
        match root.resolve_field(&ctx_field).await {
            Ok(value) => {
                values.insert(key, value.unwrap_or_default());
            }
            Err(err) => ctx.add_error(err),
        }
    }
    if values.is_empty() {
        Value::Null
    } else {
        Value::Object(values)
    }
}
