//! The server's thread: one current-thread runtime, an accept loop that caps connections
//! per address and in all, and HTTP/1 connections that must send their headers in time.

use std::net::IpAddr;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower_service::Service;

use super::RoomError;
use super::http::{self, Peer, Shared};

/// The largest request head hyper buffers (its smallest allowed): headers are few and short.
const HEAD_BYTES: usize = 8 * 1024;

/// Start the server's thread on a bound listener; it runs until `stop` fires or is dropped.
pub(crate) fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
) -> Result<(JoinHandle<()>, oneshot::Sender<()>), RoomError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(RoomError::Start)?;
    listener.set_nonblocking(true).map_err(RoomError::Start)?;
    let (stop, stopped) = oneshot::channel();
    let thread = std::thread::Builder::new()
        .name("room-server".into())
        .spawn(move || {
            runtime.block_on(async move {
                // Registering with the runtime's reactor can only happen inside it.
                if let Ok(listener) = TcpListener::from_std(listener) {
                    accept(listener, shared, stopped).await;
                }
            });
            // Dropping the runtime here drops every connection's task: open streams close.
        })
        .map_err(RoomError::Start)?;
    Ok((thread, stop))
}

async fn accept(listener: TcpListener, shared: Arc<Shared>, mut stopped: oneshot::Receiver<()>) {
    let router = http::router(shared.clone());
    loop {
        let accepted = tokio::select! {
            _ = &mut stopped => return,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(_) => {
                // Out of file descriptors, most likely: let connections close, then go on.
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let ip = peer.ip();
        if !shared.room().connect(ip, &shared.limits) {
            // Over the cap: closed before a byte is read.
            continue;
        }
        let held = Connection {
            shared: shared.clone(),
            ip,
        };
        let router = router.clone();
        let read_timeout = shared.limits.read_timeout;
        tokio::spawn(async move {
            let _held = held;
            let _ = stream.set_nodelay(true);
            let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(Peer(ip));
                let mut router: Router = router.clone();
                async move { router.call(request).await }
            });
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(read_timeout)
                .max_buf_size(HEAD_BYTES);
            let _ = builder.serve_connection(TokioIo::new(stream), service).await;
        });
    }
}

/// A connection's place in the caps, given back when it closes.
struct Connection {
    shared: Arc<Shared>,
    ip: IpAddr,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.shared.room().disconnect(self.ip);
    }
}
