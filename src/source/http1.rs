//! Plain-HTTP probes' own client: one kept-alive connection per channel, driven inside the
//! probe's own task, and a clock on the socket itself. A probe's latency runs from the
//! first byte of the request written to the first byte of the answer received — as the
//! kernel stamped it on arrival, so neither the time the probe's task waited to be
//! polled, nor a busy machine's scheduling delay, is charged to the channel (nor the
//! connect a closed connection costs: that is timed apart). Between probes a channel
//! holds only its socket; `https://` stays with the shared reqwest client (TLS, proxies).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper::body::Body as _;
use hyper::client::conn::http1::{self, Connection, SendRequest};
use hyper::header::{HeaderValue, AUTHORIZATION, CONNECTION, HOST, USER_AGENT};
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

type Conn = Connection<TokioIo<Stamped>, String>;

/// A connection that has not finished within this after its answer is not kept.
const SETTLE: Duration = Duration::from_millis(200);

/// An answer: its status, at most `cap` bytes of its body, and the times it took.
#[derive(Debug)]
pub struct Answer {
    pub status: hyper::StatusCode,
    pub body: Vec<u8>,
    /// First request byte written to first answer byte received, in ms.
    pub latency_ms: f64,
    /// The TCP connect this request needed, in ms (`None` on a kept-alive connection).
    pub connect_ms: Option<f64>,
}

/// Why there is no answer, and whether it is the daemon's own fault (descriptors).
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub fault: Option<crate::base::fault::Kind>,
}

/// One channel's target and its idle socket, if the server kept it open.
pub struct Http1 {
    host: String,
    port: u16,
    /// The literal address when the URL names one: no resolver call per connect.
    literal: Option<SocketAddr>,
    host_header: HeaderValue,
    path: String,
    idle: Mutex<Option<TcpStream>>,
}

impl Http1 {
    /// The client for an `http://` URL; `None` for any other (reqwest takes those).
    pub fn for_url(url: &reqwest::Url) -> Option<Http1> {
        if url.scheme() != "http" || !url.username().is_empty() || url.password().is_some() {
            return None;
        }
        let host = url.host_str()?.to_string();
        let port = url.port_or_known_default()?;
        let bare = host.trim_start_matches('[').trim_end_matches(']');
        let literal = bare
            .parse::<std::net::IpAddr>()
            .ok()
            .map(|ip| SocketAddr::new(ip, port));
        let authority = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.clone(),
        };
        let mut path = url.path().to_string();
        if let Some(q) = url.query() {
            path.push('?');
            path.push_str(q);
        }
        Some(Http1 {
            host: bare.to_string(),
            port,
            literal,
            host_header: HeaderValue::from_str(&authority).ok()?,
            path,
            idle: Mutex::new(None),
        })
    }

    /// GETs the URL (with a bearer `key`), reading at most `cap` bytes of the body
    /// within `body_time`. A kept-alive connection that turns out to be closed is
    /// replaced once, when nothing was read from it.
    pub async fn get(
        &self,
        key: Option<&str>,
        cap: usize,
        body_time: Duration,
    ) -> Result<Answer, Failure> {
        if let Some(stream) = self.take_idle() {
            match self.exchange(stream, None, key, cap, body_time).await {
                Err((f, false)) => {
                    tracing::debug!("kept-alive connection failed, reconnecting: {}", f.message)
                }
                done => return done.map_err(|(f, _)| f),
            }
        }
        let started = Instant::now();
        let stream = self.connect().await?;
        let connect_ms = Some(ms(started.elapsed()));
        self.exchange(stream, connect_ms, key, cap, body_time)
            .await
            .map_err(|(f, _)| f)
    }

    /// The idle socket, if the server has not closed it (nor sent anything unasked).
    fn take_idle(&self) -> Option<TcpStream> {
        let stream = self.idle.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        let mut byte = [0u8; 1];
        match stream.try_read(&mut byte) {
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => Some(stream),
            _ => None,
        }
    }

    async fn connect(&self) -> Result<TcpStream, Failure> {
        let stream = match self.literal {
            Some(addr) => TcpStream::connect(addr).await,
            None => TcpStream::connect((self.host.as_str(), self.port)).await,
        }
        .map_err(|e| Failure {
            message: crate::base::input::io_reason(&e),
            fault: crate::base::fault::of_io(&e),
        })?;
        let _ = stream.set_nodelay(true);
        kernel_stamps_on(&stream);
        Ok(stream)
    }

    fn request(&self, key: Option<&str>) -> Result<hyper::Request<String>, Failure> {
        let mut req = hyper::Request::get(self.path.as_str())
            .header(HOST, self.host_header.clone())
            .header(
                USER_AGENT,
                concat!("switchboard/", env!("CARGO_PKG_VERSION")),
            );
        if let Some(k) = key {
            req = req.header(AUTHORIZATION, format!("Bearer {k}"));
        }
        req.body(String::new())
            .map_err(|e| failure(format!("bad request: {e}")))
    }

    /// One request on `stream`, its connection polled in this task; the socket is kept
    /// for the next probe when the server keeps it open. `Err` says whether any of an
    /// answer was read (a request that was answered is not sent again).
    async fn exchange(
        &self,
        stream: TcpStream,
        connect_ms: Option<f64>,
        key: Option<&str>,
        cap: usize,
        body_time: Duration,
    ) -> Result<Answer, (Failure, bool)> {
        let req = self.request(key).map_err(|f| (f, true))?;
        let stamps = Arc::new(Stamps::default());
        let io = TokioIo::new(Stamped {
            io: stream,
            stamps: stamps.clone(),
        });
        let (send, conn) = http1::handshake(io)
            .await
            .map_err(|e| (hyper_failure(e), false))?;
        let (result, conn) = drive(request(send, req, cap, body_time), conn).await;
        let answered = stamps.answered();
        let (status, body, keep) = result.map_err(|f| (f, answered))?;
        if let Some(conn) = conn.filter(|_| keep) {
            let parts = conn.into_parts();
            if parts.read_buf.is_empty() {
                *self.idle.lock().unwrap_or_else(|e| e.into_inner()) =
                    Some(parts.io.into_inner().io);
            }
        }
        Ok(Answer {
            status,
            body,
            latency_ms: stamps.latency().map_or(0.0, ms),
            connect_ms,
        })
    }
}

/// Runs `work` while polling the connection that carries it, then lets the connection
/// settle (the request handle is gone with `work`) so that its socket can be taken back.
/// The connection comes back only when it finished cleanly.
async fn drive<T>(
    work: impl Future<Output = Result<T, Failure>>,
    mut conn: Conn,
) -> (Result<T, Failure>, Option<Conn>) {
    let mut work = std::pin::pin!(work);
    let mut conn_done: Option<bool> = None;
    // The work first (it queues the request), then the connection (it writes it, and
    // reads what came), then the work again (it takes the answer).
    let result = std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = work.as_mut().poll(cx) {
            return Poll::Ready(r);
        }
        if conn_done.is_none() {
            if let Poll::Ready(r) = conn.poll_without_shutdown(cx) {
                conn_done = Some(r.is_ok());
            }
        }
        work.as_mut().poll(cx)
    })
    .await;
    if conn_done.is_none() {
        let settle = std::future::poll_fn(|cx| conn.poll_without_shutdown(cx));
        conn_done = Some(matches!(
            tokio::time::timeout(SETTLE, settle).await,
            Ok(Ok(()))
        ));
    }
    (result, conn_done.unwrap_or(false).then_some(conn))
}

/// Sends `req` and reads the status, up to `cap` bytes of the body, and whether the
/// server keeps the connection open. `send` is dropped at the end: the connection then
/// finishes.
async fn request(
    mut send: SendRequest<String>,
    req: hyper::Request<String>,
    cap: usize,
    body_time: Duration,
) -> Result<(hyper::StatusCode, Vec<u8>, bool), Failure> {
    let resp = send.send_request(req).await.map_err(hyper_failure)?;
    let status = resp.status();
    let keep = resp.version() == hyper::Version::HTTP_11
        && !resp.headers().get_all(CONNECTION).iter().any(|v| {
            v.to_str()
                .is_ok_and(|v| v.to_ascii_lowercase().contains("close"))
        });
    let mut body = resp.into_body();
    let mut bytes = Vec::new();
    let mut whole = false;
    let read = async {
        while bytes.len() < cap {
            let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
            match frame {
                None => {
                    whole = true;
                    break;
                }
                Some(Err(e)) => return Err(failure(format!("reading body: {}", root(&e)))),
                Some(Ok(f)) => {
                    if let Ok(data) = f.into_data() {
                        let room = cap - bytes.len();
                        bytes.extend_from_slice(&data[..data.len().min(room)]);
                    }
                }
            }
        }
        Ok(())
    };
    match tokio::time::timeout(body_time, read).await {
        Ok(r) => r?,
        Err(_) => {
            return Err(failure(format!(
                "reading body: body not read within {}",
                humantime::format_duration(body_time)
            )))
        }
    }
    // A body cut at the cap leaves the rest on the connection: not kept.
    Ok((status, bytes, keep && whole))
}

fn failure(message: String) -> Failure {
    Failure {
        message,
        fault: None,
    }
}

fn hyper_failure(e: hyper::Error) -> Failure {
    Failure {
        fault: crate::base::fault::of_error(&e),
        message: root(&e),
    }
}

fn root(e: &hyper::Error) -> String {
    crate::base::http_body::root_cause(e)
}

fn ms(d: Duration) -> f64 {
    (d.as_secs_f64() * 100_000.0).round() / 100.0
}

/// Asks the kernel to stamp each received segment with its arrival time (wall clock).
fn kernel_stamps_on(stream: &TcpStream) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let on: libc::c_int = 1;
        // SAFETY: a valid socket and a c_int option of the size given.
        let _ = unsafe {
            libc::setsockopt(
                stream.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_TIMESTAMPNS,
                (&on as *const libc::c_int).cast(),
                std::mem::size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
    }
    #[cfg(not(target_os = "linux"))]
    let _ = stream;
}

/// Nanoseconds since the epoch on the wall clock (what the kernel stamps with).
fn wall_ns() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos().min(u128::from(u64::MAX)) as u64)
}

/// When the request's first byte was written and the answer's first byte arrived, in
/// wall-clock nanoseconds (zero: not yet). `read_poll` is when it was read, for a
/// kernel that gives no arrival stamp.
#[derive(Default)]
struct Stamps {
    write: AtomicU64,
    arrived: AtomicU64,
    read_poll: AtomicU64,
}

impl Stamps {
    fn first(v: &AtomicU64, ns: u64) {
        let _ = v.compare_exchange(0, ns.max(1), Ordering::Relaxed, Ordering::Relaxed);
    }

    fn answered(&self) -> bool {
        self.read_poll.load(Ordering::Relaxed) != 0
    }

    /// First byte written to first byte arrived (or read, without an arrival stamp).
    fn latency(&self) -> Option<Duration> {
        let write = self.write.load(Ordering::Relaxed);
        let read = match self.arrived.load(Ordering::Relaxed) {
            0 => self.read_poll.load(Ordering::Relaxed),
            at => at,
        };
        (write != 0 && read != 0).then(|| Duration::from_nanos(read.saturating_sub(write)))
    }
}

/// The socket with the stamps on it.
struct Stamped {
    io: TcpStream,
    stamps: Arc<Stamps>,
}

impl Stamped {
    /// `recvmsg` with the kernel's arrival stamp, when it gives one.
    #[cfg(target_os = "linux")]
    fn recv_stamped(&self, buf: &mut ReadBuf<'_>) -> io::Result<(usize, Option<u64>)> {
        use std::os::fd::AsRawFd;
        let unfilled = buf.initialize_unfilled();
        let mut iov = libc::iovec {
            iov_base: unfilled.as_mut_ptr().cast(),
            iov_len: unfilled.len(),
        };
        // Room for one timespec control message, aligned for cmsghdr.
        let mut control = [0u64; 8];
        // SAFETY: msghdr is plain data; the pointers set below outlive the call.
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&control) as _;
        // SAFETY: a valid socket, an iovec over initialised bytes of `buf`, and a
        // control buffer of the size given.
        let n = unsafe { libc::recvmsg(self.io.as_raw_fd(), &mut msg, libc::MSG_DONTWAIT) };
        if n < 0 {
            return Err(io::Error::last_os_error());
        }
        let mut stamp = None;
        // SAFETY: the control messages were written by the kernel into `control`,
        // within `msg_controllen`, and are walked with the kernel's own macros.
        unsafe {
            let mut c = libc::CMSG_FIRSTHDR(&msg);
            while !c.is_null() {
                if (*c).cmsg_level == libc::SOL_SOCKET && (*c).cmsg_type == libc::SCM_TIMESTAMPNS {
                    let ts = std::ptr::read_unaligned(libc::CMSG_DATA(c).cast::<libc::timespec>());
                    stamp = Some(ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64);
                }
                c = libc::CMSG_NXTHDR(&msg, c);
            }
        }
        Ok((n as usize, stamp))
    }
}

impl AsyncRead for Stamped {
    #[cfg(target_os = "linux")]
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        loop {
            std::task::ready!(this.io.poll_read_ready(cx))?;
            let got = this
                .io
                .try_io(tokio::io::Interest::READABLE, || this.recv_stamped(buf));
            match got {
                Ok((n, stamp)) => {
                    if n > 0 {
                        Stamps::first(&this.stamps.read_poll, wall_ns());
                        if let Some(at) = stamp {
                            Stamps::first(&this.stamps.arrived, at);
                        }
                    }
                    buf.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => continue,
                Err(e) => return Poll::Ready(Err(e)),
            }
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let r = Pin::new(&mut self.io).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            Stamps::first(&self.stamps.read_poll, wall_ns());
        }
        r
    }
}

impl AsyncWrite for Stamped {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let at = wall_ns();
        let r = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            Stamps::first(&self.stamps.write, at);
        }
        r
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let at = wall_ns();
        let r = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(r, Poll::Ready(Ok(n)) if n > 0) {
            Stamps::first(&self.stamps.write, at);
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    fn client(addr: SocketAddr, path: &str) -> Http1 {
        let url = reqwest::Url::parse(&format!("http://{addr}{path}")).unwrap();
        Http1::for_url(&url).expect("plain http")
    }

    /// How the test server treats a connection after an answer.
    #[derive(Clone, Copy, PartialEq)]
    enum After {
        Keep,
        /// Says `Connection: close` and closes.
        Close,
        /// Closes without a word, as a server whose idle timeout ran out.
        Drop,
    }

    /// A server that waits `think` before each answer (the request line, as the body)
    /// and counts the connections it accepted.
    async fn server(think: Duration, after: After) -> (SocketAddr, Arc<AtomicU64>) {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = l.local_addr().unwrap();
        let accepted = Arc::new(AtomicU64::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            while let Ok((mut s, _)) = l.accept().await {
                count.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    while let Ok(n) = s.read(&mut buf).await {
                        if n == 0 {
                            break;
                        }
                        let head = String::from_utf8_lossy(&buf[..n]).to_string();
                        tokio::time::sleep(think).await;
                        let body = head.lines().next().unwrap_or("").to_string();
                        let conn = match after {
                            After::Close => "Connection: close\r\n",
                            _ => "",
                        };
                        let resp = format!(
                            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\n{conn}\r\n{body}",
                            body.len()
                        );
                        if s.write_all(resp.as_bytes()).await.is_err() || after != After::Keep {
                            break;
                        }
                    }
                });
            }
        });
        (addr, accepted)
    }

    /// The latency is the server's own time, the connection is kept for the next probe,
    /// and the request line carries the path and query.
    #[tokio::test]
    async fn times_the_exchange_and_keeps_the_connection() {
        let (addr, accepted) = server(Duration::from_millis(30), After::Keep).await;
        let c = client(addr, "/v1/models?x=1");
        let first = c.get(None, 1024, Duration::from_secs(5)).await.expect("ok");
        assert_eq!(first.status, 200);
        assert_eq!(first.body, b"GET /v1/models?x=1 HTTP/1.1");
        assert!(first.connect_ms.is_some());
        assert!(
            (30.0..200.0).contains(&first.latency_ms),
            "{}",
            first.latency_ms
        );
        let second = c.get(None, 1024, Duration::from_secs(5)).await.expect("ok");
        assert_eq!(second.connect_ms, None, "kept alive");
        assert!((30.0..200.0).contains(&second.latency_ms));
        assert_eq!(accepted.load(Ordering::SeqCst), 1);
    }

    /// Time the probe's task spends unpolled after the answer arrived is not charged
    /// to the channel: only the socket's stamps are.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_late_poll_is_not_the_channels_latency() {
        let (addr, _) = server(Duration::ZERO, After::Keep).await;
        let c = client(addr, "/");
        c.get(None, 1024, Duration::from_secs(5)).await.expect("ok");
        let fut = c.get(None, 1024, Duration::from_secs(5));
        let mut fut = std::pin::pin!(fut);
        // Written now, answered within microseconds (the server runs on the runtime's
        // workers), then not polled for 200 ms.
        assert!(futures_util::FutureExt::now_or_never(fut.as_mut()).is_none());
        std::thread::sleep(Duration::from_millis(200));
        let a = fut.await.expect("ok");
        assert!(a.latency_ms < 100.0, "{}", a.latency_ms);
    }

    /// A server that closes every connection costs a connect each time, and one that
    /// dropped the idle connection is reconnected to, not reported as failing.
    #[tokio::test]
    async fn closed_connections_are_replaced() {
        for after in [After::Close, After::Drop] {
            let (addr, accepted) = server(Duration::ZERO, after).await;
            let c = client(addr, "/");
            for _ in 0..3 {
                let a = c.get(None, 1024, Duration::from_secs(5)).await.expect("ok");
                assert_eq!(a.status, 200);
                // Let the server's close arrive before the next probe, as between probes.
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            assert_eq!(accepted.load(Ordering::SeqCst), 3);
        }
    }

    /// A body cut at the cap leaves the rest on the connection, which is not reused.
    #[tokio::test]
    async fn a_body_cut_at_the_cap_does_not_keep_its_connection() {
        let (addr, accepted) = server(Duration::ZERO, After::Keep).await;
        let c = client(addr, "/");
        for _ in 0..2 {
            let a = c.get(None, 4, Duration::from_secs(5)).await.expect("ok");
            assert_eq!(a.body, b"GET ");
        }
        assert_eq!(accepted.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refused_connection_says_so() {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        drop(l);
        let e = client(addr, "/")
            .get(None, 1024, Duration::from_secs(5))
            .await
            .expect_err("nothing listens");
        assert_eq!(e.message.to_lowercase(), "connection refused");
    }

    #[test]
    fn only_plain_http_without_credentials() {
        let url = |s: &str| reqwest::Url::parse(s).unwrap();
        assert!(Http1::for_url(&url("https://example.com/")).is_none());
        assert!(Http1::for_url(&url("http://u:p@127.0.0.1/")).is_none());
        let c = Http1::for_url(&url("http://[::1]:8080/a")).expect("v6 literal");
        assert_eq!(c.literal, Some("[::1]:8080".parse().unwrap()));
        assert_eq!(c.host_header, "[::1]:8080");
        let c = Http1::for_url(&url("http://localhost/")).expect("a name");
        assert_eq!((c.literal, c.port), (None, 80));
        assert_eq!(c.host_header, "localhost");
    }
}
