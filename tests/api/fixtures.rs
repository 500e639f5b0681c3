//! Extra records inserted straight into a test's database, for tests that need more
//! than the built-in data (pagination, statement counts at size).

use chrono::Utc;
use daleel::generate::{GenerateOptions, Scale, generate};
use daleel::seed::seed_id;
use entity::*;
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel};
use uuid::Uuid;

/// Fills an empty `db` with the benchmarks' generated S dataset (seed 1): 128,547 rows,
/// hundreds per level of the dashboard, a few branches with thousands of postings.
pub async fn generate_scale_s(db: &DatabaseConnection) {
    let options = GenerateOptions {
        scale: Scale::S,
        seed: 1,
        force: false,
        copy: true,
    };
    generate(db, options)
        .await
        .expect("the S dataset is generated");
}

/// Ids of the synthetic records made by `add_facilities`.
pub struct Synthetic {
    pub facilities: Vec<Uuid>,
}

/// Adds `n` facilities, each run by its own branch (of the built-in agency) with
/// `officers` officers posted there, each with a verdict in the built-in trial carrying
/// one charge; every record gets a citation of the built-in encyclopedia source.
/// Names are `Facility 000`, `Facility 001`, … so name order is creation order.
pub async fn add_facilities(db: &DatabaseConnection, n: usize, officers: usize) -> Synthetic {
    let now = Utc::now();
    let agency = seed_id("agency", "general-intelligence-directorate");
    let trial = seed_id("trial", "koblenz-trial");
    let source = seed_id("source", "encyclopedia-al-khatib-prison");
    let mut facilities = Vec::new();
    let mut branches = Vec::new();
    let mut operations = Vec::new();
    let mut persons = Vec::new();
    let mut postings = Vec::new();
    let mut verdicts = Vec::new();
    let mut charges = Vec::new();
    let mut citations = Vec::new();
    let mut cite = |subject_type: &str, subject_id: Uuid| {
        citations.push(citation::Model {
            translations: None,
            id: Uuid::new_v4(),
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: "public".into(),
            version: 1,
            archived_at: None,
            source_id: source,
            subject_type: subject_type.into(),
            subject_id,
            field: None,
            locator: Some("synthetic".into()),
            pinpoint: None,
            capture_id: None,
            quote: Some(format!("about {subject_id}")),
            confidence: "medium".into(),
            status: "accepted".into(),
        });
    };
    for i in 0..n {
        let facility_id = Uuid::new_v4();
        let branch_id = Uuid::new_v4();
        facilities.push(facility::Model {
            translations: None,
            id: facility_id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: "public".into(),
            version: 1,
            archived_at: None,
            slug: format!("facility-{i:03}"),
            name: format!("Facility {i:03}"),
            kind: "prison".into(),
            status: "active".into(),
            address: None,
            neighbourhood: None,
            city: Some("Homs".into()),
            region: None,
            country: Some("SY".into()),
            latitude: None,
            longitude: None,
            location_precision: None,
            opened: None,
            opened_earliest: None,
            opened_latest: None,
            closed: None,
            closed_earliest: None,
            closed_latest: None,
            description: None,
        });
        cite("facility", facility_id);
        branches.push(branch::Model {
            translations: None,
            id: branch_id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: "public".into(),
            version: 1,
            archived_at: None,
            slug: format!("branch-{i:03}"),
            name: format!("Branch {i:03}"),
            number: Some(format!("{}", 1000 + i)),
            kind: Some("branch".into()),
            agency_id: agency,
            parent_id: None,
            city: None,
            description: None,
        });
        cite("branch", branch_id);
        let operation_id = Uuid::new_v4();
        operations.push(facility_operation::Model {
            translations: None,
            id: operation_id,
            created_at: now,
            updated_at: now,
            visibility: "public".into(),
            effective_visibility: "public".into(),
            version: 1,
            archived_at: None,
            facility_id,
            branch_id,
            period: None,
            period_earliest: None,
            period_latest: None,
            period_start_latest: None,
            period_end_earliest: None,
            description: None,
        });
        cite("facility_operation", operation_id);
        for j in 0..officers {
            let person_id = Uuid::new_v4();
            persons.push(person::Model {
                translations: None,
                id: person_id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                slug: format!("officer-{i:03}-{j:02}"),
                name: format!("Officer {i:03}-{j:02}"),
                roles: "defendant,officer".into(),
                gender: None,
                birth_date: None,
                nationality: None,
                description: None,
                notes: None,
            });
            cite("person", person_id);
            let posting_id = Uuid::new_v4();
            postings.push(posting::Model {
                translations: None,
                id: posting_id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                person_id,
                branch_id,
                role: "officer".into(),
                title: None,
                rank: None,
                period: Some("2012".into()),
                period_earliest: chrono::NaiveDate::from_ymd_opt(2012, 1, 1),
                period_latest: chrono::NaiveDate::from_ymd_opt(2012, 12, 31),
                // "2012", a single date: held at some time within it.
                period_start_latest: chrono::NaiveDate::from_ymd_opt(2012, 12, 31),
                period_end_earliest: chrono::NaiveDate::from_ymd_opt(2012, 1, 1),
                description: None,
            });
            cite("posting", posting_id);
            let verdict_id = Uuid::new_v4();
            verdicts.push(verdict::Model {
                translations: None,
                id: verdict_id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                trial_id: trial,
                person_id,
                date: Some("2023".into()),
                date_earliest: chrono::NaiveDate::from_ymd_opt(2023, 1, 1),
                date_latest: chrono::NaiveDate::from_ymd_opt(2023, 12, 31),
                outcome: "convicted".into(),
                sentence: None,
                sentence_months: Some(120),
                life_sentence: false,
                appeal_status: None,
                description: None,
            });
            cite("verdict", verdict_id);
            let charge_id = Uuid::new_v4();
            charges.push(charge::Model {
                translations: None,
                id: charge_id,
                created_at: now,
                updated_at: now,
                visibility: "public".into(),
                effective_visibility: "public".into(),
                version: 1,
                archived_at: None,
                verdict_id,
                crime: "torture".into(),
                legal_provision: None,
                count: Some(1),
                disposition: "convicted".into(),
            });
            cite("charge", charge_id);
        }
    }
    let ids = facilities.iter().map(|f| f.id).collect();
    insert(db, facilities).await;
    insert(db, branches).await;
    insert(db, operations).await;
    insert(db, persons).await;
    insert(db, postings).await;
    insert(db, verdicts).await;
    insert(db, charges).await;
    insert(db, citations).await;
    // Rows written past the domain layer get their derived columns as a bulk load does.
    for statement in daleel::generate::finishing_statements(db.get_database_backend())
        .expect("the finishing statements build")
    {
        db.execute_unprepared(&statement)
            .await
            .expect("the derived columns fill");
    }
    Synthetic { facilities: ids }
}

async fn insert<M, A, E>(db: &DatabaseConnection, models: Vec<M>)
where
    M: IntoActiveModel<A>,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
{
    for chunk in models
        .into_iter()
        .map(IntoActiveModel::into_active_model)
        .collect::<Vec<A>>()
        .chunks(200)
    {
        E::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await
            .expect("fixture rows insert");
    }
}
