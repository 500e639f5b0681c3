//! Building blocks for list filters, shared by every type's `filter` input.

use chrono::NaiveDate;
use sea_orm::Condition;
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};

use crate::service::access::Viewer;
use crate::service::records::Record;

/// `text` with LIKE's wildcards and the escape character escaped (escape `\`), so
/// `100%` or `a_b` match literally.
pub fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// `%text%`, case-folded, matching literally.
fn contains_pattern(text: &str) -> LikeExpr {
    LikeExpr::new(format!("%{}%", escape_like(&text.to_lowercase()))).escape('\\')
}

/// Case-insensitive substring match on the record's name or on any of its visible aliases;
/// and, through the search keys, on its name in any language, with the search
/// normaliser's folding (hamza forms, tashkeel, `al-`/`el-`): `خطيب` finds سجن الخطيب.
pub fn name_or_alias_contains<E: Record>(text: &str, name: E::Column, viewer: Viewer) -> Condition {
    let table = E::default();
    let lower = |col: Expr| Expr::expr(Func::lower(col));
    let mut aliases = crate::service::relations::visible::<entity::alias::Entity>(viewer);
    aliases
        .column((entity::alias::Entity, entity::alias::Column::SubjectId))
        .and_where(
            lower(Expr::col((
                entity::alias::Entity,
                entity::alias::Column::Name,
            )))
            .like(contains_pattern(text)),
        );
    let mut condition = Condition::any()
        .add(lower(Expr::col((table, name))).like(contains_pattern(text)))
        .add(Expr::col((table, E::id_col())).in_subquery(aliases));
    let normalized = crate::search::normalize::normalize(text);
    // Folding drops punctuation, and `%` or `_` must still match literally (`100%`):
    // text with them is matched as written only. The search keys hold today's names,
    // so a list as of an instant matches the names and aliases it had then only.
    if !normalized.is_empty() && !text.contains(['%', '_', '\\']) && viewer.as_of.is_none() {
        use entity::name_key::{Column, Entity};
        let mut keys = crate::service::relations::visible::<Entity>(viewer);
        keys.column((Entity, Column::SubjectId))
            .and_where(Expr::col((Entity, Column::SubjectType)).eq(E::NODE.table()))
            .and_where(Expr::col((Entity, Column::FullMatch)).eq(true))
            .and_where(Expr::col((Entity, Column::Key)).like(contains_pattern(&normalized)));
        condition = condition.add(Expr::col((table, E::id_col())).in_subquery(keys));
    }
    condition
}

/// Records whose fuzzy date (bounds `earliest`..`latest`) overlaps the range
/// `from`..`to` (either may be open). A record with no date never matches.
pub fn date_overlaps<E: Record>(
    earliest: E::Column,
    latest: E::Column,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Condition {
    let table = E::default();
    Condition::all()
        .add(
            Condition::any()
                .add(Expr::col((table, earliest)).is_not_null())
                .add(Expr::col((table, latest)).is_not_null()),
        )
        .add(span_overlaps::<E>(earliest, latest, from, to))
}

/// Records whose span `start`..`end` overlaps `from`..`to`; a NULL end is open (a
/// facility with no closing date may still be open).
pub fn span_overlaps<E: Record>(
    start: E::Column,
    end: E::Column,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Condition {
    let table = E::default();
    let mut cond = Condition::all();
    if let Some(from) = from {
        let end = Expr::col((table, end));
        cond = cond.add(
            Condition::any()
                .add(end.clone().is_null())
                .add(end.gte(from)),
        );
    }
    if let Some(to) = to {
        let start = Expr::col((table, start));
        cond = cond.add(
            Condition::any()
                .add(start.clone().is_null())
                .add(start.lte(to)),
        );
    }
    cond
}

/// `column = value` on `E`'s table.
pub fn equals<E: Record, V: Into<sea_orm::Value>>(column: E::Column, value: V) -> Condition {
    Condition::all().add(Expr::col((E::default(), column)).eq(Expr::val(value.into())))
}

/// Records of `E` whose id is in the `column` of visible `L` rows matching `cond`.
pub fn related<E: Record, L: Record>(
    column: L::Column,
    cond: Condition,
    viewer: Viewer,
) -> Condition {
    let mut select = crate::service::relations::visible::<L>(viewer);
    select.column((L::default(), column)).cond_where(cond);
    Condition::all().add(Expr::col((E::default(), E::id_col())).in_subquery(select))
}
