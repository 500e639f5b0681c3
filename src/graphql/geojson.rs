//! Facilities as GeoJSON (RFC 7946) that a map library draws as is.

use async_graphql::{Context, Json, Object, Result};
use entity::facility;
use serde_json::{Value, json};

use crate::graphql::context::RequestState;
use crate::graphql::types::FacilityFilter;
use crate::ids::{NodeType, encode_id};
use crate::service::lookup;
use crate::service::page::Window;
use crate::service::records::Sort;

/// A map shows at most this many facilities per request.
pub const MAX_FEATURES: u32 = 10_000;

/// A facility as a GeoJSON Feature: a Point (`[longitude, latitude]`) when its location
/// is known, else a null geometry; the precision travels in the properties.
pub fn feature(f: &facility::Model) -> Value {
    let geometry = match (f.longitude, f.latitude) {
        (Some(lon), Some(lat)) => json!({ "type": "Point", "coordinates": [lon, lat] }),
        _ => Value::Null,
    };
    json!({
        "type": "Feature",
        "id": encode_id(NodeType::Facility, f.id),
        "geometry": geometry,
        "properties": {
            "name": f.name,
            "slug": f.slug,
            "kind": f.kind,
            "status": f.status,
            "city": f.city,
            "country": f.country,
            "precision": f.location_precision,
        }
    })
}

#[derive(Default)]
pub struct MapQuery;

#[Object]
impl MapQuery {
    /// The facilities matching `filter` as a GeoJSON FeatureCollection (at most 10,000;
    /// `truncated` says when there were more). Facilities without coordinates are included
    /// with a null geometry, so lists and maps agree.
    #[graphql(complexity = "crate::graphql::limits::MAP_WEIGHT")]
    async fn facility_map(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Map only the facilities matching this filter.")] filter: Option<
            FacilityFilter,
        >,
    ) -> Result<Json<Value>> {
        let state = RequestState::of(ctx)?;
        let condition = filter.unwrap_or_default().condition(state.viewer)?;
        let window = Window::first(MAX_FEATURES)?;
        let page = lookup::list::<facility::Entity, _>(
            &state.db,
            state.viewer,
            condition,
            Sort::default(),
            window,
            true,
        )
        .await?;
        let truncated = page.has_next_page();
        let features: Vec<Value> = page.items.iter().map(|(_, f)| feature(f)).collect();
        Ok(Json(json!({
            "type": "FeatureCollection",
            "features": features,
            "totalCount": page.total.unwrap_or(0),
            "truncated": truncated,
        })))
    }
}
