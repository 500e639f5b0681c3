//! API keys: made at random, shown once, stored only as a SHA-256. A request's key is
//! found by its prefix and its hash compared in constant time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use entity::api_key;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::error::{AppError, AppResult};
use crate::service::access::{Role, Viewer};

/// Every key starts with this, so leaked keys are recognisable (and greppable).
const SCHEME: &str = "dlk_";
/// Characters of the key (after the scheme) that are stored in clear to find it.
const PREFIX_CHARS: usize = 8;
/// Random bytes in a key: 256 bits, so guessing is hopeless and a fast hash suffices.
const KEY_BYTES: usize = 32;

/// A key just made: the secret is shown once and never stored.
pub struct NewKey {
    pub id: Uuid,
    pub secret: String,
}

/// Why a presented key was refused. All of them are the same 401 to the client.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyRefused {
    Malformed,
    Unknown,
    Revoked,
}

/// Lowercase hex SHA-256: how keys are stored, and the hash persisted documents use.
pub fn sha256_hex(key: &str) -> String {
    Sha256::digest(key.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn prefix_of(key: &str) -> Option<&str> {
    let expected_len = SCHEME.len() + URL_SAFE_NO_PAD.encode([0u8; KEY_BYTES]).len();
    let valid = key.len() == expected_len
        && key.starts_with(SCHEME)
        && key[SCHEME.len()..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    valid.then(|| &key[..SCHEME.len() + PREFIX_CHARS])
}

/// Makes a key with `role`, labelled `name`.
pub async fn create<C: ConnectionTrait>(db: &C, name: &str, role: Role) -> AppResult<NewKey> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 255 {
        return Err(AppError::bad_input(
            "give the key a name of 1 to 255 characters, e.g. `--name \"dashboard\"`",
        ));
    }
    let mut bytes = [0u8; KEY_BYTES];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(format!("no randomness: {e}").into()))?;
    let secret = format!("{SCHEME}{}", URL_SAFE_NO_PAD.encode(bytes));
    let prefix =
        prefix_of(&secret).ok_or_else(|| AppError::Internal("generated a malformed key".into()))?;
    let now = Utc::now();
    let id = Uuid::new_v4();
    api_key::Model {
        id,
        created_at: now,
        updated_at: now,
        visibility: "confidential".into(),
        version: 1,
        archived_at: None,
        name: name.to_owned(),
        role: role.as_str().to_owned(),
        prefix: prefix.to_owned(),
        key_hash: sha256_hex(&secret),
        revoked_at: None,
    }
    .into_active_model()
    .insert(db)
    .await?;
    Ok(NewKey { id, secret })
}

/// All keys, newest first (hashes included; callers show only id, name, role, prefix).
pub async fn list<C: ConnectionTrait>(db: &C) -> AppResult<Vec<api_key::Model>> {
    Ok(api_key::Entity::find()
        .order_by_desc(api_key::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Revokes a key; `false` when there is no such key.
pub async fn revoke<C: ConnectionTrait>(db: &C, id: Uuid) -> AppResult<bool> {
    let Some(key) = api_key::Entity::find_by_id(id).one(db).await? else {
        return Ok(false);
    };
    if key.revoked_at.is_none() {
        let mut active = key.into_active_model();
        let now = Utc::now();
        active.revoked_at = Set(Some(now));
        active.updated_at = Set(now);
        active.update(db).await?;
    }
    Ok(true)
}

/// Whether the key `id` exists and is not revoked (an open WebSocket asks again and
/// again, so a revoked key stops working on it too).
pub async fn is_active<C: ConnectionTrait>(db: &C, id: Uuid) -> AppResult<bool> {
    Ok(api_key::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|key| key.revoked_at.is_none()))
}

/// The viewer a bearer key stands for.
pub async fn authenticate<C: ConnectionTrait>(
    db: &C,
    presented: &str,
) -> AppResult<Result<Viewer, KeyRefused>> {
    let Some(prefix) = prefix_of(presented) else {
        return Ok(Err(KeyRefused::Malformed));
    };
    let Some(key) = api_key::Entity::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .one(db)
        .await?
    else {
        return Ok(Err(KeyRefused::Unknown));
    };
    let matches: bool = sha256_hex(presented)
        .as_bytes()
        .ct_eq(key.key_hash.as_bytes())
        .into();
    if !matches {
        return Ok(Err(KeyRefused::Unknown));
    }
    if key.revoked_at.is_some() {
        return Ok(Err(KeyRefused::Revoked));
    }
    let role = Role::parse(&key.role)
        .ok_or_else(|| AppError::Internal(format!("key {} has unknown role", key.id).into()))?;
    Ok(Ok(Viewer {
        role,
        key: Some(key.id),
        as_of: None,
    }))
}

/// The name of the key `viewer` holds, for the records that say who acted (the audit log,
/// a capture's chain of custody); `None` for a caller without a key.
pub async fn name_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    viewer: Viewer,
) -> AppResult<Option<String>> {
    Ok(match viewer.key {
        Some(key) => entity::api_key::Entity::find_by_id(key)
            .one(db)
            .await?
            .map(|k| k.name),
        None => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_keys_have_a_prefix() {
        let key = format!("{SCHEME}{}", URL_SAFE_NO_PAD.encode([7u8; KEY_BYTES]));
        assert_eq!(prefix_of(&key), Some(&key[..12]));
        for bad in [
            "",
            "dlk_",
            "Bearer x",
            &key[..key.len() - 1],
            &key.replace("dlk_", "xyz_"),
            &format!("{key}!"),
        ] {
            assert_eq!(prefix_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn hashes_are_hex_sha256() {
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
