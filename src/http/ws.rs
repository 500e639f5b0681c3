//! `/graphql` over WebSocket: subscriptions (and any other operation) with the
//! `graphql-transport-ws` protocol, or the legacy `graphql-ws` one
//! (subscriptions-transport-ws). The caller's key comes in the `connection_init`
//! payload, `{"authorization": "Bearer <key>"}`, because browsers cannot set headers
//! on a WebSocket.
//!
//! Each operation goes through the same pipeline as an HTTP request (`pipeline.rs`):
//! the same authentication, rate limit, admission, per-operation data (replica routing,
//! a fresh loader) and answers written in query order. The key is asked after again and
//! again: a revoked key stops working on an open socket within `KEY_CHECK`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::http::header;
use actix_web::web::{self, ServiceConfig};
use actix_web::{HttpRequest, HttpResponse, guard};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason, Session};
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::http::AppState;
use crate::http::metrics::OperationKind;
use crate::http::params::{self, credential_in_url};
use crate::http::pipeline::{self, Prepared, Rejection, is_request_error};
use crate::service::access::Viewer;

/// A client must send `connection_init` within this long (graphql-transport-ws: 4408).
const INIT_TIMEOUT: Duration = Duration::from_secs(10);
/// WebSocket pings keep idle connections open through proxies that drop quiet ones.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// How often an open connection asks whether its key still stands.
const KEY_CHECK: Duration = Duration::from_secs(2);
/// Messages waiting to be sent on one connection; a slow reader holds back its own
/// operations (whose subscriptions then lag) instead of growing a buffer. With the
/// operations' own answers waiting to be queued, a connection holds at most
/// (`--max-ws-operations` + this) answers of at most `--max-response-bytes` each.
const OUTBOX: usize = 4;
/// Checks of a connection's key in a row that may fail (the database away) before the
/// connection is closed as one whose key cannot be vouched for.
const KEY_CHECK_FAILURES: u32 = 3;
/// Close codes of graphql-transport-ws.
const BAD_MESSAGE: u16 = 4400;
const FORBIDDEN: u16 = 4403;
const INIT_TIMED_OUT: u16 = 4408;
const DUPLICATE_ID: u16 = 4409;
const TOO_MANY_INITS: u16 = 4429;
const INTERNAL: u16 = 4500;

/// The two subprotocols spoken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    /// `graphql-transport-ws` (the `graphql-ws` npm client).
    TransportWs,
    /// `graphql-ws` (the legacy subscriptions-transport-ws).
    Legacy,
}

impl Protocol {
    fn name(self) -> &'static str {
        match self {
            Protocol::TransportWs => "graphql-transport-ws",
            Protocol::Legacy => "graphql-ws",
        }
    }

    /// The message type of an answer.
    fn next(self) -> &'static str {
        match self {
            Protocol::TransportWs => "next",
            Protocol::Legacy => "data",
        }
    }

    /// An `error` message for operation `id`.
    fn error(self, id: &str, code: &str, message: &str) -> String {
        let error = json!({ "message": message, "extensions": { "code": code } });
        let payload = match self {
            Protocol::TransportWs => json!([error]),
            Protocol::Legacy => error,
        };
        json!({ "id": id, "type": "error", "payload": payload }).to_string()
    }
}

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
    let refuse = |message: String| {
        HttpResponse::BadRequest().json(json!({ "errors": [{
            "message": message,
            "extensions": { "code": "BAD_REQUEST" }
        }] }))
    };
    if req.headers().contains_key(header::AUTHORIZATION) {
        return Ok(refuse(
            "a WebSocket takes its key in the `connection_init` payload (`authorization: Bearer <key>`), not in an Authorization header".into(),
        ));
    }
    if let Some(name) = credential_in_url(req.query_string()) {
        return Ok(refuse(format!(
            "the URL carries a key (`{name}`); send it in the `connection_init` payload as `authorization: Bearer <key>`"
        )));
    }
    let Some(protocol) = offered_protocol(&req) else {
        return Ok(refuse(
            "offer the WebSocket subprotocol `graphql-transport-ws` (or the legacy `graphql-ws`) in Sec-WebSocket-Protocol".into(),
        ));
    };
    let (mut response, session, messages) = actix_ws::handle(&req, body)?;
    if let Ok(value) = header::HeaderValue::from_str(protocol.name()) {
        response
            .headers_mut()
            .insert(header::SEC_WEBSOCKET_PROTOCOL, value);
    }
    // The largest message a client may send is the largest HTTP body: both carry one
    // GraphQL document with its variables. A larger one ends the connection.
    let messages = messages
        .max_frame_size(state.max_body_bytes)
        .aggregate_continuations()
        .max_continuation_size(state.max_body_bytes);
    let address = state.rate_limits.address_of(&req);
    let span = tracing::info_span!("websocket", connection_id = %uuid::Uuid::new_v4());
    actix_web::rt::spawn(
        Connection {
            state: state.into_inner(),
            protocol,
            address,
            language: crate::http::negotiate::language(&req),
            viewer: None,
            operations: HashMap::new(),
            started: 0,
            key_check_failures: 0,
        }
        .serve(session, messages)
        .instrument(span),
    );
    Ok(response)
}

/// The first subprotocol the client offers that we speak.
fn offered_protocol(req: &HttpRequest) -> Option<Protocol> {
    req.headers()
        .get_all(header::SEC_WEBSOCKET_PROTOCOL)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .find_map(|p| match p.trim() {
            "graphql-transport-ws" => Some(Protocol::TransportWs),
            "graphql-ws" => Some(Protocol::Legacy),
            _ => None,
        })
}

/// What the connection loop hears from its operations.
enum Outgoing {
    /// A message to send.
    Text(String),
    /// Operation `id` of generation `n` ended (its `complete` or `error` is already
    /// queued); a newer operation that reuses the id is not this one.
    Done(String, u64),
}

/// One connection: who it acts for once initialised, and its running operations.
struct Connection {
    state: Arc<AppState>,
    protocol: Protocol,
    address: Option<IpAddr>,
    /// The language of the upgrade request's `Accept-Language`, for every operation.
    language: crate::i18n::Language,
    viewer: Option<Viewer>,
    operations: HashMap<String, (u64, JoinHandle<()>)>,
    /// Operations started so far, numbering each.
    started: u64,
    /// Failed checks of the key in a row.
    key_check_failures: u32,
}

/// How the connection ends.
struct Close(u16, String);

impl Connection {
    /// Runs the connection until either side closes it.
    async fn serve(
        mut self,
        mut session: Session,
        mut messages: actix_ws::AggregatedMessageStream,
    ) {
        let (outbox, mut outgoing) = mpsc::channel::<Outgoing>(OUTBOX);
        let opened = Instant::now();
        let mut heartbeat = tokio::time::interval(HEARTBEAT);
        let mut key_check = tokio::time::interval(KEY_CHECK);
        let close = loop {
            tokio::select! {
                message = messages.next() => match message {
                    Some(Ok(AggregatedMessage::Text(text))) => {
                        if let Err(close) = self.receive(text.as_bytes(), &outbox, &mut session).await {
                            break Some(close);
                        }
                    }
                    Some(Ok(AggregatedMessage::Binary(bytes))) => {
                        if let Err(close) = self.receive(&bytes, &outbox, &mut session).await {
                            break Some(close);
                        }
                    }
                    Some(Ok(AggregatedMessage::Ping(bytes))) => {
                        if session.pong(&bytes).await.is_err() {
                            break None;
                        }
                    }
                    Some(Ok(AggregatedMessage::Pong(_))) => {}
                    // A close frame, a protocol error (a message over the size limit) or
                    // the end of the stream.
                    _ => break None,
                },
                Some(out) = outgoing.recv() => match out {
                    Outgoing::Text(text) => {
                        if session.text(text).await.is_err() {
                            break None;
                        }
                    }
                    Outgoing::Done(id, generation) => {
                        if self.operations.get(&id).is_some_and(|(n, _)| *n == generation) {
                            self.operations.remove(&id);
                        }
                    }
                },
                () = tokio::time::sleep_until((opened + INIT_TIMEOUT).into()), if self.viewer.is_none() => {
                    break Some(Close(INIT_TIMED_OUT, "Connection initialisation timeout".into()));
                }
                _ = heartbeat.tick() => {
                    let alive = match self.protocol {
                        Protocol::Legacy => session.text(json!({ "type": "ka" }).to_string()).await,
                        Protocol::TransportWs => session.ping(b"").await,
                    };
                    if alive.is_err() {
                        break None;
                    }
                }
                _ = key_check.tick(), if self.viewer.is_some_and(|v| v.key.is_some()) => {
                    let viewer = self.viewer.unwrap_or_default();
                    match pipeline::key_standing(&self.state, viewer).await {
                        Some(true) => self.key_check_failures = 0,
                        Some(false) => {
                            break Some(Close(FORBIDDEN, "Forbidden: the API key is no longer valid".into()));
                        }
                        None => {
                            self.key_check_failures += 1;
                            if self.key_check_failures >= KEY_CHECK_FAILURES {
                                break Some(Close(INTERNAL, "the API key could not be checked; connect again".into()));
                            }
                        }
                    }
                }
            }
        };
        for (_, (_, operation)) in self.operations.drain() {
            operation.abort();
        }
        match close {
            Some(Close(code, reason)) => close_with(session, code, &reason).await,
            None => {
                let _ = session.close(None).await;
            }
        }
    }

    /// Handles one client message; an error closes the connection.
    async fn receive(
        &mut self,
        bytes: &[u8],
        outbox: &mpsc::Sender<Outgoing>,
        session: &mut Session,
    ) -> Result<(), Close> {
        let Ok(Value::Object(mut message)) = serde_json::from_slice::<Value>(bytes) else {
            return Err(Close(BAD_MESSAGE, "Invalid message received".into()));
        };
        let kind = message
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let id = message.get("id").and_then(Value::as_str).map(str::to_owned);
        match (kind.as_str(), id) {
            ("connection_init", _) => {
                if self.viewer.is_some() {
                    return Err(Close(
                        TOO_MANY_INITS,
                        "Too many initialisation requests".into(),
                    ));
                }
                let payload = message.remove("payload").unwrap_or(Value::Null);
                self.init(&payload).await?;
                send(session, json!({ "type": "connection_ack" }).to_string()).await
            }
            ("ping", _) if self.protocol == Protocol::TransportWs => {
                send(session, json!({ "type": "pong" }).to_string()).await
            }
            ("pong", _) => Ok(()),
            ("connection_terminate", _) if self.protocol == Protocol::Legacy => {
                Err(Close(1000, "Normal closure".into()))
            }
            ("subscribe" | "start", Some(id)) => {
                let Some(viewer) = self.viewer else {
                    return Err(Close(4401, "Unauthorized".into()));
                };
                if self.operations.contains_key(&id) {
                    return Err(Close(
                        DUPLICATE_ID,
                        format!("Subscriber for {id} already exists"),
                    ));
                }
                let payload = message.remove("payload").unwrap_or(Value::Null);
                match self.start(&id, viewer, payload, outbox.clone()) {
                    Ok(()) => Ok(()),
                    Err(rejection) => {
                        send(
                            session,
                            self.protocol
                                .error(&id, &rejection.code, &rejection.message),
                        )
                        .await
                    }
                }
            }
            ("complete" | "stop", Some(id)) => {
                if let Some((_, operation)) = self.operations.remove(&id) {
                    operation.abort();
                }
                Ok(())
            }
            _ => Err(Close(
                BAD_MESSAGE,
                format!("Invalid message of type `{kind}`"),
            )),
        }
    }

    /// Authenticates the connection with the credential of its `connection_init`.
    async fn init(&mut self, payload: &Value) -> Result<(), Close> {
        if payload.get("authorization").is_some() && payload.get("Authorization").is_some() {
            // Two credentials: whichever one a proxy checked, daleel might use the other.
            return Err(Close(BAD_MESSAGE, "send one authorization, not two".into()));
        }
        let credential = payload
            .get("authorization")
            .or_else(|| payload.get("Authorization"));
        let credential = match credential {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.as_str()),
            Some(_) => Some(""),
        };
        match pipeline::authenticate(&self.state, credential).await {
            Ok(viewer) => {
                self.viewer = Some(viewer);
                Ok(())
            }
            Err(rejection) => {
                // As over HTTP, a bad key is charged to the address: keys cannot be
                // guessed faster by opening sockets.
                let _ = pipeline::charge(&self.state, self.address, Viewer::PUBLIC);
                let code = if rejection.code == "UNAUTHENTICATED" {
                    FORBIDDEN
                } else {
                    INTERNAL
                };
                Err(Close(code, format!("Forbidden: {}", rejection.message)))
            }
        }
    }

    /// Admits operation `id` and runs it on a task of its own, or refuses it.
    fn start(
        &mut self,
        id: &str,
        viewer: Viewer,
        payload: Value,
        outbox: mpsc::Sender<Outgoing>,
    ) -> Result<(), Rejection> {
        let state = &self.state;
        if self.operations.len() >= state.max_ws_operations {
            return Err(Rejection::new(
                actix_web::http::StatusCode::OK,
                "TOO_MANY_OPERATIONS",
                format!(
                    "one connection runs at most {} operations at once; complete one first or open another connection",
                    state.max_ws_operations
                ),
            ));
        }
        pipeline::charge(state, self.address, viewer)?;
        let params = params::from_value(payload).map_err(|text| {
            Rejection::new(
                actix_web::http::StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                text,
            )
        })?;
        let prepared = pipeline::prepare(state, viewer, self.language, params)
            .map_err(|refusal| Rejection::from_refusal(refusal, actix_web::http::StatusCode::OK))?;
        self.started += 1;
        let operation = Operation {
            state: state.clone(),
            protocol: self.protocol,
            id: id.to_owned(),
            generation: self.started,
            outbox,
        };
        let span = tracing::info_span!("operation", request_id = %uuid::Uuid::new_v4());
        let task = tokio::spawn(operation.run(prepared).instrument(span));
        self.operations.insert(id.to_owned(), (self.started, task));
        Ok(())
    }
}

/// One running operation of a connection.
struct Operation {
    state: Arc<AppState>,
    protocol: Protocol,
    id: String,
    generation: u64,
    outbox: mpsc::Sender<Outgoing>,
}

impl Operation {
    async fn run(self, prepared: Prepared) {
        let Prepared {
            request,
            document,
            kind,
            operation_name,
            viewer,
        } = prepared;
        let started = Instant::now();
        let mut codes: Vec<String> = Vec::new();
        // An operation that ends in an `error` message sends no `complete` after it.
        let mut failed = false;
        if kind == OperationKind::Subscription {
            let mut stream = self.state.schema.execute_stream(request);
            let mut first = true;
            while let Some(mut response) = stream.next().await {
                pipeline::add_error_codes(&mut response);
                codes.extend(pipeline::error_codes(&response));
                if first && is_request_error(&response) {
                    self.fail(&response).await;
                    failed = true;
                    break;
                }
                first = false;
                if !self
                    .answer(&document, operation_name.as_deref(), &mut response)
                    .await
                {
                    failed = true;
                    break;
                }
            }
        } else {
            match pipeline::execute(&self.state, request, kind, viewer).await {
                Ok(mut response) => {
                    pipeline::add_error_codes(&mut response);
                    codes.extend(pipeline::error_codes(&response));
                    if is_request_error(&response) {
                        self.fail(&response).await;
                        failed = true;
                    } else {
                        failed = !self
                            .answer(&document, operation_name.as_deref(), &mut response)
                            .await;
                    }
                }
                Err(rejection) => {
                    codes.push(rejection.code.clone());
                    self.refuse(&rejection).await;
                    failed = true;
                }
            }
        }
        let codes: Vec<&str> = codes.iter().map(String::as_str).collect();
        self.state
            .metrics
            .observe_operation(kind, started.elapsed().as_secs_f64(), &codes);
        if !failed {
            let complete = json!({ "id": self.id, "type": "complete" }).to_string();
            let _ = self.outbox.send(Outgoing::Text(complete)).await;
        }
        let _ = self
            .outbox
            .send(Outgoing::Done(self.id.clone(), self.generation))
            .await;
    }

    /// Sends one answer, written as over HTTP; `false` when the operation must stop.
    async fn answer(
        &self,
        document: &async_graphql::parser::types::ExecutableDocument,
        operation_name: Option<&str>,
        response: &mut async_graphql::Response,
    ) -> bool {
        match pipeline::answer_json(&self.state, document, operation_name, response) {
            Ok(body) => {
                let mut message = format!(
                    "{{\"id\":{},\"type\":\"{}\",\"payload\":",
                    Value::String(self.id.clone()),
                    self.protocol.next()
                )
                .into_bytes();
                message.extend_from_slice(&body);
                message.push(b'}');
                let text = String::from_utf8(message).unwrap_or_default();
                self.outbox.send(Outgoing::Text(text)).await.is_ok()
            }
            Err(rejection) => {
                self.refuse(&rejection).await;
                false
            }
        }
    }

    /// An operation refused as a whole (validation): its errors in an `error` message.
    async fn fail(&self, response: &async_graphql::Response) {
        let errors = serde_json::to_value(&response.errors).unwrap_or(Value::Null);
        let payload = match (self.protocol, errors) {
            (Protocol::Legacy, Value::Array(mut errors)) if !errors.is_empty() => errors.remove(0),
            (_, errors) => errors,
        };
        let text = json!({ "id": self.id, "type": "error", "payload": payload }).to_string();
        let _ = self.outbox.send(Outgoing::Text(text)).await;
    }

    async fn refuse(&self, rejection: &Rejection) {
        let text = self
            .protocol
            .error(&self.id, &rejection.code, &rejection.message);
        let _ = self.outbox.send(Outgoing::Text(text)).await;
    }
}

async fn send(session: &mut Session, text: String) -> Result<(), Close> {
    session
        .text(text)
        .await
        .map_err(|_| Close(1000, "Normal closure".into()))
}

async fn close_with(session: Session, code: u16, reason: &str) {
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
