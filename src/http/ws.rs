//! `/graphql` over WebSocket: subscriptions (and any other operation) with the
//! `graphql-transport-ws` protocol, or the legacy `graphql-ws` one
//! (subscriptions-transport-ws). The caller's key comes in the `connection_init`
//! payload, `{"authorization": "Bearer <key>"}`, because browsers cannot set headers
//! on a WebSocket.

use std::collections::HashSet;
use std::pin::pin;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::http::header;
use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, guard};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Session};
use async_graphql::Data;
use async_graphql::http::{ALL_WEBSOCKET_PROTOCOLS, WebSocket, WebSocketProtocols, WsMessage};
use futures_util::StreamExt;
use serde_json::{Value, json};

use crate::graphql::context::RequestState;
use crate::graphql::loaders::data_loader;
use crate::http::AppState;
use crate::http::admission::admit;
use crate::http::params;
use crate::service::access::Viewer;
use crate::service::keys;

/// A client must send `connection_init` within this long (graphql-transport-ws: 4408).
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// WebSocket pings keep idle connections open through proxies that drop quiet ones.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// graphql-transport-ws close codes.
const FORBIDDEN: u16 = 4403;
const INTERNAL: u16 = 4500;
const INIT_TIMED_OUT: u16 = 4408;

/// Registered before the plain `/graphql` routes: only WebSocket upgrades reach it.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(
        web::resource("/graphql")
            .guard(guard::fn_guard(|ctx| {
                ctx.head()
                    .headers()
                    .get(header::UPGRADE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.eq_ignore_ascii_case("websocket"))
            }))
            .route(web::get().to(upgrade)),
    );
}

async fn upgrade(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Payload,
) -> actix_web::Result<HttpResponse> {
    let Some(protocol) = offered_protocol(&req) else {
        return Ok(HttpResponse::BadRequest().json(json!({ "errors": [{
            "message": "offer the WebSocket subprotocol `graphql-transport-ws` (or the legacy `graphql-ws`) in Sec-WebSocket-Protocol",
            "extensions": { "code": "BAD_REQUEST" }
        }] })));
    };
    let (response, session, messages) =
        actix_ws::handle_with_protocols(&req, body, &ALL_WEBSOCKET_PROTOCOLS)?;
    // The largest message a client may send is the largest HTTP body: both carry one
    // GraphQL document with its variables. A larger one ends the connection.
    let messages = messages
        .max_frame_size(state.max_body_bytes)
        .aggregate_continuations()
        .max_continuation_size(state.max_body_bytes);
    actix_web::rt::spawn(serve(state.into_inner(), protocol, session, messages));
    Ok(response)
}

/// The first subprotocol the client offers that we speak, as actix-ws picks it.
fn offered_protocol(req: &HttpRequest) -> Option<WebSocketProtocols> {
    req.headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| p.trim().parse().ok())
}

/// Runs one connection until either side closes it.
async fn serve(
    state: Arc<AppState>,
    protocol: WebSocketProtocols,
    mut session: Session,
    messages: actix_ws::AggregatedMessageStream,
) {
    let pong = session.clone();
    let active = Arc::new(Mutex::new(HashSet::<String>::new()));
    let gate_state = (state.clone(), active.clone(), protocol);
    // Only GraphQL messages go to the protocol handler; the stream ends at a close
    // frame or a protocol error, which ends the connection.
    let input = messages
        .take_while(|m| {
            std::future::ready(matches!(
                m,
                Ok(AggregatedMessage::Text(_)
                    | AggregatedMessage::Binary(_)
                    | AggregatedMessage::Ping(_)
                    | AggregatedMessage::Pong(_))
            ))
        })
        .filter_map(move |m| {
            let mut pong = pong.clone();
            let (state, active, protocol) = gate_state.clone();
            async move {
                let admit = |bytes: web::Bytes| match gate(&state, &active, protocol, &bytes) {
                    Gate::Forward(forward) => Ok(forward.unwrap_or(bytes)),
                    Gate::Refuse(error) => Err(error),
                };
                let forwarded = match m {
                    Ok(AggregatedMessage::Text(text)) => admit(text.into_bytes()),
                    Ok(AggregatedMessage::Binary(bytes)) => admit(bytes),
                    Ok(AggregatedMessage::Ping(bytes)) => {
                        let _ = pong.pong(&bytes).await;
                        return None;
                    }
                    _ => return None,
                };
                match forwarded {
                    Ok(bytes) => Some(bytes),
                    Err(error) => {
                        let _ = pong.text(error).await;
                        None
                    }
                }
            }
        });
    // Why a refused connection_init failed, so its close code can say so (async-graphql
    // closes every refusal with 1002).
    let refusal = Arc::new(AtomicU16::new(0));
    let init = {
        let (state, refusal) = (state.clone(), refusal.clone());
        move |payload: Value| async move {
            match viewer_from_init(&state, &payload).await {
                Ok(viewer) => Ok(connection_data(&state, viewer)),
                Err((code, message)) => {
                    refusal.store(code, Ordering::Relaxed);
                    Err(async_graphql::Error::new(message))
                }
            }
        }
    };
    let mut protocol_stream =
        pin!(WebSocket::new(state.schema.clone(), input, protocol).on_connection_init(init));
    let init_deadline = tokio::time::sleep(INIT_TIMEOUT);
    let mut init_deadline = pin!(init_deadline);
    let mut heartbeat = tokio::time::interval(HEARTBEAT);
    let mut acknowledged = false;
    loop {
        tokio::select! {
            message = protocol_stream.next() => match message {
                // Sending waits while the client is slow to read, so a slow client holds
                // back its own subscriptions (which then lag) instead of growing a buffer.
                Some(WsMessage::Text(text)) => {
                    acknowledged = note_sent(&active, &text) || acknowledged;
                    if session.text(text).await.is_err() {
                        return;
                    }
                }
                Some(WsMessage::Close(code, reason)) => {
                    let code = match refusal.load(Ordering::Relaxed) {
                        0 => code,
                        refused => refused,
                    };
                    close(session, code, &reason).await;
                    return;
                }
                None => break,
            },
            () = &mut init_deadline, if !acknowledged => {
                close(session, INIT_TIMED_OUT, "Connection initialisation timeout").await;
                return;
            }
            _ = heartbeat.tick() => {
                if session.ping(b"").await.is_err() {
                    return;
                }
            }
        }
    }
    let _ = session.close(None).await;
}

/// What happens to one client message.
enum Gate {
    /// Pass it on: unchanged, or rewritten (a persisted document's id replaced by its text).
    Forward(Option<web::Bytes>),
    /// Answer with this protocol error message instead of running it.
    Refuse(String),
}

/// Operations over WebSocket pass the same admission as over HTTP (persisted and
/// trusted documents, the field limit, the introspection switch), and one connection
/// runs at most `max_ws_operations` at once.
fn gate(
    state: &AppState,
    active: &Mutex<HashSet<String>>,
    protocol: WebSocketProtocols,
    bytes: &[u8],
) -> Gate {
    let Ok(Value::Object(mut message)) = serde_json::from_slice::<Value>(bytes) else {
        // Not ours to judge: the protocol handler answers malformed messages itself.
        return Gate::Forward(None);
    };
    let id = message.get("id").and_then(Value::as_str).map(str::to_owned);
    let kind = message
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mut active_ids = active
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match (kind, id) {
        ("complete" | "stop", Some(id)) => {
            active_ids.remove(&id);
            Gate::Forward(None)
        }
        ("subscribe" | "start", Some(id)) => {
            let refuse = |code: &str, text: String| {
                let error = json!({ "message": text, "extensions": { "code": code } });
                let payload = match protocol {
                    WebSocketProtocols::GraphQLWS => json!([error]),
                    _ => error,
                };
                Gate::Refuse(json!({ "type": "error", "id": id, "payload": payload }).to_string())
            };
            if !active_ids.contains(&id) && active_ids.len() >= state.max_ws_operations {
                return refuse(
                    "TOO_MANY_OPERATIONS",
                    format!(
                        "one connection runs at most {} operations at once; complete one first or open another connection",
                        state.max_ws_operations
                    ),
                );
            }
            let payload = message.remove("payload").unwrap_or(Value::Null);
            let params = match params::from_value(payload) {
                Ok(params) => params,
                Err(text) => return refuse("BAD_REQUEST", text),
            };
            let admitted = match admit(state, &params) {
                Ok(admitted) => admitted,
                Err(refusal) => return refuse(refusal.code, refusal.message),
            };
            active_ids.insert(id.clone());
            let payload = json!({
                "query": admitted.query.as_ref(),
                "variables": params.variables,
                "operationName": params.operation_name,
            });
            message.insert("payload".into(), payload);
            Gate::Forward(Some(Value::Object(message).to_string().into()))
        }
        _ => Gate::Forward(None),
    }
}

/// Reads one server message once: whether it acknowledges the connection, and forgets
/// an operation the server finished (its `complete` or `error`), so it no longer counts
/// against the connection's limit.
fn note_sent(active: &Mutex<HashSet<String>>, text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Message<'a> {
        #[serde(rename = "type", borrow)]
        kind: &'a str,
        #[serde(borrow)]
        id: Option<&'a str>,
    }
    match serde_json::from_str::<Message>(text) {
        Ok(Message {
            kind: "connection_ack",
            ..
        }) => true,
        Ok(Message {
            kind: "complete" | "error",
            id: Some(id),
        }) => {
            active
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .remove(id);
            false
        }
        _ => false,
    }
}

async fn close(session: Session, code: u16, reason: &str) {
    // A close frame's reason is at most 123 bytes.
    let mut end = reason.len().min(123);
    while !reason.is_char_boundary(end) {
        end -= 1;
    }
    let _ = session
        .close(Some(CloseReason {
            code: CloseCode::from(code),
            description: Some(reason[..end].to_owned()),
        }))
        .await;
}

/// Who the connection acts for: the public reader without a key, the key's role with a
/// valid `Bearer` key, and a refusal for anything else — never a silent fallback.
async fn viewer_from_init(state: &AppState, payload: &Value) -> Result<Viewer, (u16, String)> {
    let Some(value) = payload
        .get("authorization")
        .or_else(|| payload.get("Authorization"))
    else {
        return Ok(Viewer::PUBLIC);
    };
    let Some(key) = value
        .as_str()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
    else {
        return Err((
            FORBIDDEN,
            "Forbidden: authorization must be `Bearer <API key>`; omit it to read as the public"
                .into(),
        ));
    };
    match keys::authenticate(&state.db, key).await {
        Ok(Ok(viewer)) => Ok(viewer),
        // One message for unknown, revoked and mistyped keys: no oracle for guessing.
        Ok(Err(_)) => Err((
            FORBIDDEN,
            "Forbidden: the API key is not valid (unknown, revoked or mistyped)".into(),
        )),
        Err(err) => {
            let code = err.code();
            tracing::error!(error = ?err, code, "authentication failed");
            Err((INTERNAL, err.message()))
        }
    }
}

/// What every operation on the connection sees, as `execute()` gives an HTTP request.
/// The loader caches nothing (async-graphql's default), so a long-lived subscription
/// reads each event's record as it is now, not as it was when the connection opened.
fn connection_data(state: &AppState, viewer: Viewer) -> Data {
    let mut data = Data::default();
    data.insert(data_loader(state.db.clone(), viewer));
    data.insert(RequestState {
        db: state.db.clone(),
        viewer,
        max_page_size: state.max_page_size,
    });
    data.insert(state.changes.clone());
    data.insert(state.metrics.clone());
    data
}
