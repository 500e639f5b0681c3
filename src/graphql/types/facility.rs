use async_graphql::Result;

use crate::graphql::scalars::FuzzyDate;
use crate::graphql::types::{
    Branch, Event, FacilityKind, FacilityOperation, FacilityStatus, LocationPrecision, Statistic,
    Testimony, record_object,
};

/// Where a place sits, as precisely as the sources allow.
#[derive(async_graphql::SimpleObject, Clone)]
pub struct Location {
    /// Street address, as given.
    pub address: Option<String>,
    /// Neighbourhood or quarter, e.g. `Muhajreen`.
    pub neighbourhood: Option<String>,
    /// Town or city.
    pub city: Option<String>,
    /// Region or governorate.
    pub region: Option<String>,
    /// Country, ISO 3166-1 alpha-2 (e.g. `SY`).
    pub country: Option<String>,
    /// Latitude in decimal degrees (WGS 84).
    pub latitude: Option<f64>,
    /// Longitude in decimal degrees (WGS 84).
    pub longitude: Option<f64>,
    /// How precisely the coordinates locate the place.
    pub precision: Option<LocationPrecision>,
}

record_object! {
    /// A place where people were held: a prison, detention or interrogation center.
    named Facility(facility) {
        /// Stable human-readable key, e.g. `al-khatib-prison`.
        async fn slug(&self) -> &str {
            &self.0.slug
        }

        /// The facility's usual name in English.
        async fn name(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> String {
            crate::graphql::types::text_in::<entity::facility::Entity>(ctx, &self.0, "name", Some(self.0.name.as_str()), lang)
                .unwrap_or_default()
        }

        /// What kind of place it is.
        async fn kind(&self) -> Result<FacilityKind> {
            FacilityKind::from_db(&self.0.kind)
        }

        /// Whether it still holds people.
        async fn status(&self) -> Result<FacilityStatus> {
            FacilityStatus::from_db(&self.0.status)
        }

        /// Where it is.
        async fn location(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Result<Location> {
            let m = &self.0;
            let text = |column: &str, english: &Option<String>| {
                crate::graphql::types::text_in::<entity::facility::Entity>(ctx, m, column, english.as_deref(), lang)
            };
            Ok(Location {
                address: text("address", &m.address),
                neighbourhood: text("neighbourhood", &m.neighbourhood),
                city: text("city", &m.city),
                region: text("region", &m.region),
                country: m.country.clone(),
                latitude: m.latitude,
                longitude: m.longitude,
                precision: m.location_precision.as_deref().map(LocationPrecision::from_db).transpose()?,
            })
        }

        /// When it opened, as precisely as known.
        async fn opened(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.opened, self.0.opened_earliest, self.0.opened_latest)
        }

        /// When it closed, as precisely as known.
        async fn closed(&self) -> Option<FuzzyDate> {
            FuzzyDate::from_columns(&self.0.closed, self.0.closed_earliest, self.0.closed_latest)
        }

        /// This facility as a GeoJSON Feature (a Point at `[longitude, latitude]`, or a null
        /// geometry when the location is unknown), ready for a map library.
        async fn geo_json(&self) -> async_graphql::Json<serde_json::Value> {
            async_graphql::Json(crate::graphql::geojson::feature(&self.0))
        }

        /// What the sources say about it, in brief.
        async fn description(
            &self,
            ctx: &async_graphql::Context<'_>,
            #[graphql(desc = "The language; without it, the request's (`Accept-Language`). A text missing in it comes back in the other: `translations` says which.")]
            lang: Option<crate::graphql::types::Language>,
        ) -> Option<String> {
            crate::graphql::types::text_in::<entity::facility::Entity>(ctx, &self.0, "description", self.0.description.as_deref(), lang)
        }
    }
    connections {
        /// The branches that ran this facility (each once, whatever the number of periods).
        branches: Branch = FacilityBranches,
        /// Figures sources claim about this facility (all kept, each with its claimant).
        statistics: Statistic = SubjectStatistics,
        /// Events that concern this facility, by date.
        events: Event = SubjectEvents,
        /// Testimonies about this facility.
        testimonies: Testimony = FacilityTestimonies,
    }
    dated {
        /// Which branch ran this facility when.
        operations(at: Option<String>): FacilityOperation = FacilityOperations,
    }
}
