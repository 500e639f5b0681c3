//! Facilities as GeoJSON a map library draws as is.

use serde_json::json;

use crate::helpers::TestApp;

async fn facilities_are_geojson_features(app: TestApp) {
    let data = app
        .query_ok(r#"{ facilities(filter: { text: "khatib" }) { nodes { id geoJson location { precision } } } facilityMap }"#, json!({}))
        .await;
    let facility = &data["facilities"]["nodes"][0];
    let feature = &facility["geoJson"];
    assert_eq!(feature["type"], "Feature");
    assert_eq!(feature["id"], facility["id"]);
    assert_eq!(feature["geometry"]["type"], "Point");
    let coordinates = feature["geometry"]["coordinates"].as_array().unwrap();
    let (lon, lat) = (
        coordinates[0].as_f64().unwrap(),
        coordinates[1].as_f64().unwrap(),
    );
    assert!(
        (36.0..37.0).contains(&lon) && (33.0..34.0).contains(&lat),
        "GeoJSON is [longitude, latitude]"
    );
    assert_eq!(feature["properties"]["precision"], "neighbourhood");
    assert_eq!(facility["location"]["precision"], "NEIGHBOURHOOD");

    let map = &data["facilityMap"];
    assert_eq!(map["type"], "FeatureCollection");
    assert_eq!(map["features"].as_array().unwrap().len(), 2);
    assert_eq!(map["truncated"], false);
    assert!(
        map["features"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["type"] == "Feature" && f["properties"]["name"].is_string())
    );
}

async fn the_map_takes_the_facility_filter(app: TestApp) {
    let data = app
        .query_ok(r#"{ facilityMap(filter: { status: DEFUNCT }) }"#, json!({}))
        .await;
    let features = data["facilityMap"]["features"].as_array().unwrap();
    assert_eq!(features.len(), 1);
    assert_eq!(features[0]["properties"]["slug"], "al-khatib-prison");
}

crate::backend_tests!(
    facilities_are_geojson_features,
    the_map_takes_the_facility_filter
);
