//! The routes under `/{token}/` and their handlers.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::mpsc::{SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Deserialize;
use tokio::sync::watch;
use tokio::time::{Instant as TokioInstant, sleep_until, timeout};

use super::Limits;
use super::guard::{self, DEVICE_COOKIE};
use super::request::{PhoneAsk, PhoneReply, PhoneRequest};
use super::room::{Act, Refusal, Room};
use super::view::Snapshot;

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/page.js");
const STYLE: &str = include_str!("page/page.css");

/// The longest id (column, sector, note) a phone may send.
const ID_LIMIT: usize = 64;
/// The longest author or organisation, in characters.
const AUTHOR_LIMIT: usize = 100;
/// How long a device cookie lasts: a day's workshop, a browser closed over lunch.
const COOKIE_SECONDS: u32 = 12 * 60 * 60;

/// The remote address of a request's connection, put there by the accept loop.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Peer(pub(crate) IpAddr);

/// What the server's thread and the app's handle share.
pub(crate) struct Shared {
    pub(crate) limits: Limits,
    pub(crate) token: String,
    /// The `Host` values that name the bound address.
    pub(crate) hosts: Vec<String>,
    /// The `Origin` values of the page.
    pub(crate) origins: Vec<String>,
    pub(crate) inbox: SyncSender<PhoneRequest>,
    pub(crate) view: watch::Sender<Arc<Snapshot>>,
    /// Bumped whenever any phone's own view changes.
    pub(crate) mine: watch::Sender<u64>,
    pub(crate) room: Mutex<Room>,
}

impl Shared {
    pub(crate) fn room(&self) -> MutexGuard<'_, Room> {
        // The room's bookkeeping stays consistent between statements: a panic elsewhere
        // while holding it leaves nothing half done worth refusing service over.
        self.room.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    let base = format!("/{}", shared.token);
    Router::new()
        .route(&format!("{base}/"), get(page))
        .route(&base, get(slash))
        .route(&format!("{base}/page.js"), get(script))
        .route(&format!("{base}/page.css"), get(style))
        .route(&format!("{base}/view.json"), get(view_json))
        .route(&format!("{base}/events"), get(events))
        .route(&format!("{base}/note"), post(note))
        .route(&format!("{base}/vote"), post(vote))
        .fallback(not_found)
        .layer(from_fn_with_state(shared.clone(), guard::guard))
        .with_state(shared)
}

/// Any unknown path, a wrong token included: the same answer whatever was guessed.
async fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found\n").into_response()
}

async fn slash(State(shared): State<Arc<Shared>>) -> Response {
    Redirect::permanent(&format!("/{}/", shared.token)).into_response()
}

/// The page; a phone without a device of ours gets one here.
async fn page(
    State(shared): State<Arc<Shared>>,
    Extension(Peer(ip)): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    let now = Instant::now();
    let mut cookie = None;
    {
        let mut room = shared.room();
        if !guard::device(&headers).is_some_and(|d| room.seen(d, now)) {
            let id = format!("{:032x}", rand::random::<u128>());
            match room.mint(id.clone(), ip, now, &shared.limits) {
                Ok(()) => cookie = Some(id),
                Err(Refusal::TooFast(wait)) => {
                    return plain_wait(
                        StatusCode::TOO_MANY_REQUESTS,
                        "Too many new phones from here: wait a minute.\n",
                        wait,
                    );
                }
                Err(Refusal::Full) => {
                    return plain_wait(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "The room is full.\n",
                        Duration::from_secs(60),
                    );
                }
            }
        }
    }
    let mut response = typed(PAGE, "text/html; charset=utf-8");
    if let Some(id) = cookie {
        let value = format!(
            "{DEVICE_COOKIE}={id}; Path=/{}/; Max-Age={COOKIE_SECONDS}; HttpOnly; SameSite=Strict",
            shared.token
        );
        response.headers_mut().insert(
            header::SET_COOKIE,
            HeaderValue::from_str(&value).expect("hex and ascii"),
        );
    }
    response
}

async fn script() -> Response {
    typed(SCRIPT, "text/javascript; charset=utf-8")
}

async fn style() -> Response {
    typed(STYLE, "text/css; charset=utf-8")
}

fn typed(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

fn plain_wait(status: StatusCode, words: &'static str, wait: Duration) -> Response {
    let mut response = (status, words).into_response();
    retry_after(&mut response, wait);
    response
}

fn retry_after(response: &mut Response, wait: Duration) {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
}

/// The view as it stands, and this phone's own part if it is one of ours.
fn wire(shared: &Shared, device: Option<&str>) -> String {
    let snapshot = shared.view.borrow().clone();
    let mine = device.and_then(|d| shared.room().mine(d).1);
    snapshot.wire(Instant::now(), mine.as_ref())
}

async fn view_json(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    let device = guard::device(&headers).filter(|d| shared.room().seen(d, Instant::now()));
    let body = wire(&shared, device);
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Server-sent events: the view now, then on each change, and a comment every so often so
/// that a phone (and anything between) knows the line is alive.
async fn events(
    State(shared): State<Arc<Shared>>,
    Extension(Peer(ip)): Extension<Peer>,
    headers: HeaderMap,
) -> Response {
    let device = guard::device(&headers)
        .filter(|d| shared.room().knows(d))
        .map(str::to_string);
    if !shared.room().open_stream(ip, device.as_deref(), &shared.limits) {
        return refuse_wait(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many pages open from here.",
            Duration::from_secs(30),
        );
    }
    let stream = Stream {
        guard: StreamGuard {
            shared: shared.clone(),
            ip,
            device,
        },
        view: shared.view.subscribe(),
        mine: shared.mine.subscribe(),
        mine_sent: None,
        first: true,
        next_beat: TokioInstant::now() + shared.limits.keep_alive,
    };
    let body = futures_util::stream::unfold(stream, |mut stream| async move {
        let chunk = stream.next().await?;
        Some((Ok::<_, Infallible>(Bytes::from(chunk)), stream))
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(body),
    )
        .into_response()
}

/// One open event stream.
struct Stream {
    guard: StreamGuard,
    view: watch::Receiver<Arc<Snapshot>>,
    mine: watch::Receiver<u64>,
    /// The version of this phone's own view last sent.
    mine_sent: Option<u64>,
    first: bool,
    next_beat: TokioInstant,
}

impl Stream {
    /// The next piece of the stream; `None` once the server is closing.
    async fn next(&mut self) -> Option<String> {
        if self.first {
            self.first = false;
            self.view.mark_unchanged();
            return Some(format!("retry: 3000\n{}", self.event()));
        }
        loop {
            tokio::select! {
                changed = self.view.changed() => {
                    changed.ok()?;
                    return Some(self.event());
                }
                changed = self.mine.changed() => {
                    changed.ok()?;
                    if self.mine_version() != self.mine_sent {
                        return Some(self.event());
                    }
                }
                () = sleep_until(self.next_beat) => {
                    self.next_beat = TokioInstant::now() + self.guard.shared.limits.keep_alive;
                    return Some(": keep-alive\n\n".to_string());
                }
            }
        }
    }

    fn mine_version(&self) -> Option<u64> {
        let device = self.guard.device.as_deref()?;
        Some(self.guard.shared.room().mine(device).0)
    }

    fn event(&mut self) -> String {
        self.view.mark_unchanged();
        self.mine_sent = self.mine_version();
        let shared = &self.guard.shared;
        format!("data: {}\n\n", wire(shared, self.guard.device.as_deref()))
    }
}

/// Gives the stream's place back when the phone goes (or the server closes).
struct StreamGuard {
    shared: Arc<Shared>,
    ip: IpAddr,
    device: Option<String>,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.shared
            .room()
            .close_stream(self.ip, self.device.as_deref(), Instant::now());
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoteBody {
    column: String,
    #[serde(default)]
    sector: Option<String>,
    text: String,
    #[serde(default)]
    author: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VoteBody {
    note: String,
    add: bool,
}

async fn note(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (device, bytes) = match admit(&shared, request).await {
        Ok(admitted) => admitted,
        Err(refused) => return refused,
    };
    let Ok(body) = serde_json::from_slice::<NoteBody>(&bytes) else {
        return refuse(StatusCode::BAD_REQUEST, "That was not a note.");
    };
    let limit = shared.limits.note_chars;
    if body.text.chars().count() > limit {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("A note holds at most {limit} characters."),
        );
    }
    let sector = body.sector.filter(|s| !s.is_empty());
    let author = body.author.filter(|a| !a.trim().is_empty());
    if body.column.len() > ID_LIMIT || sector.as_ref().is_some_and(|s| s.len() > ID_LIMIT) {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "No such column or sector.");
    }
    if author.as_ref().is_some_and(|a| a.chars().count() > AUTHOR_LIMIT) {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            &format!("A name holds at most {AUTHOR_LIMIT} characters."),
        );
    }
    let ask = PhoneAsk::AddNote {
        device,
        column: body.column,
        sector,
        text: body.text,
        author,
    };
    ask_app(&shared, ask, Act::Note).await
}

async fn vote(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    let (device, bytes) = match admit(&shared, request).await {
        Ok(admitted) => admitted,
        Err(refused) => return refused,
    };
    let Ok(body) = serde_json::from_slice::<VoteBody>(&bytes) else {
        return refuse(StatusCode::BAD_REQUEST, "That was not a vote.");
    };
    if body.note.len() > ID_LIMIT {
        return refuse(StatusCode::UNPROCESSABLE_ENTITY, "No such note.");
    }
    let ask = PhoneAsk::Vote {
        device,
        note: body.note,
        add: body.add,
    };
    ask_app(&shared, ask, Act::Vote).await
}

/// The checks every write passes: the page's own origin, JSON, a device of ours, a small
/// body read in good time. Gives the device and the body.
async fn admit(shared: &Shared, request: Request) -> Result<(String, Bytes), Response> {
    let (parts, body) = request.into_parts();
    debug_assert_eq!(parts.method, Method::POST);
    if !guard::origin_ok(&parts.headers, &shared.origins) {
        return Err(refuse(StatusCode::FORBIDDEN, "Send from the room's page."));
    }
    if !guard::is_json(&parts.headers) {
        return Err(refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE, "Send JSON."));
    }
    let Some(device) = guard::device(&parts.headers).filter(|d| shared.room().seen(d, Instant::now())) else {
        return Err(refuse(
            StatusCode::FORBIDDEN,
            "This phone is not in the room: reload the page.",
        ));
    };
    let device = device.to_string();
    let too_big = || refuse(StatusCode::PAYLOAD_TOO_LARGE, "That is too long to send.");
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.limits.body_bytes as u64) {
        return Err(too_big());
    }
    let limited = Limited::new(body, shared.limits.body_bytes);
    match timeout(shared.limits.read_timeout, limited.collect()).await {
        Err(_) => Err(refuse(
            StatusCode::REQUEST_TIMEOUT,
            "That took too long to arrive.",
        )),
        Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => Err(too_big()),
        Ok(Err(_)) => Err(refuse(StatusCode::BAD_REQUEST, "That did not arrive whole.")),
        Ok(Ok(collected)) => Ok((device, collected.to_bytes())),
    }
}

/// Count the act against the device's rate, hand it to the app, and wait (a while) for
/// its answer.
async fn ask_app(shared: &Shared, ask: PhoneAsk, act: Act) -> Response {
    let counted = shared
        .room()
        .act(ask.device(), act, Instant::now(), &shared.limits);
    if let Err(wait) = counted {
        let what = match act {
            Act::Note => "notes",
            Act::Vote => "votes",
        };
        return refuse_wait(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("Too many {what} at once: try again in a moment."),
            wait,
        );
    }
    let busy = || {
        refuse_wait(
            StatusCode::SERVICE_UNAVAILABLE,
            "The board is busy: try again in a moment.",
            Duration::from_secs(2),
        )
    };
    let (request, answer) = PhoneRequest::new(ask);
    match shared.inbox.try_send(request) {
        Ok(()) => {}
        Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => return busy(),
    }
    match timeout(shared.limits.reply_timeout, answer).await {
        Ok(Ok(PhoneReply::Ok)) => json(StatusCode::OK, r#"{"ok":true}"#.to_string()),
        Ok(Ok(PhoneReply::Refused(words))) => refuse(StatusCode::UNPROCESSABLE_ENTITY, &words),
        Ok(Ok(PhoneReply::Busy) | Err(_)) | Err(_) => busy(),
    }
}

fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// A refusal with the words a phone shows its person.
fn refuse(status: StatusCode, words: &str) -> Response {
    let body = serde_json::json!({ "ok": false, "reason": words });
    json(status, body.to_string())
}

fn refuse_wait(status: StatusCode, words: &str, wait: Duration) -> Response {
    let mut response = refuse(status, words);
    retry_after(&mut response, wait);
    response
}
