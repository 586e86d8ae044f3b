//! `vanphong bench server`: the office server under a morning's load. A real server on a
//! loopback port over a scratch office with many incoming documents; `connections`
//! clients, each on its own keep-alive connection, ask for what every screen asks (the
//! inbox counts and a list page) as fast as they are answered, while one more client
//! makes an audited change 250 times a second (it reports how many it managed). Prints the readers' latency percentiles
//! and the writer's pace. A measurement, not a test: run it on a release build.

use crate::app::App;
use crate::bench::{Report, load_incoming, tempfile_dir};
use crate::clock::ManualClock;
use crate::commands::{self, LoginRequest};
use crate::error::{CoreError, CoreResult};
use chrono::{TimeZone, Utc};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One request on a kept-alive connection; returns when the whole answer has arrived.
async fn exchange(stream: &mut TcpStream, command: &str, token: &str, body: &str) -> std::io::Result<u16> {
    let request = format!(
        "POST /api/{command} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Authorization: Bearer {token}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut answer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        answer.extend_from_slice(&chunk[..read]);
        let Some(end) = answer.windows(4).position(|w| w == b"\r\n\r\n") else { continue };
        let head = String::from_utf8_lossy(&answer[..end]).to_ascii_lowercase();
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        if answer.len() >= end + 4 + length {
            let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
            return Ok(status);
        }
    }
}

/// The writer's aim, writes a second.
const WRITE_PACE: u32 = 250;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

pub fn run(documents: usize, connections: usize, seconds: u64) -> CoreResult<Report> {
    let scratch = tempfile_dir()?;
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap();
    let app = Arc::new(App::open(&scratch, Arc::new(ManualClock::new(now)))?);
    crate::demo::fill(&app, 40, 0)?;
    let (_, _) = load_incoming(&app, documents, now)?;
    let login = |username: &str| {
        commands::execute::<commands::SessionLogin>(
            &app,
            None,
            LoginRequest {
                username: username.into(),
                password: crate::demo::DEMO_PASSWORD.into(),
                device: None,
            },
        )
        .map(|r| r.token)
    };
    let reader = login("cv.kt2")?;
    let writer = login("cv.kt1")?;

    let runtime = tokio::runtime::Runtime::new()?;
    let (reads, writes, errors) = runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let options = crate::server::ServeOptions {
            listen: address,
            ui_dir: std::env::temp_dir(),
            hosts: Vec::new(),
            tls: None,
            header_timeout: crate::server::HEADER_TIMEOUT,
        };
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(crate::server::serve_on(listener, app.clone(), options, async {
            let _ = stopped.await;
        }));
        let until = Instant::now() + Duration::from_secs(seconds);
        let mut clients = Vec::new();
        for n in 0..connections {
            let token = reader.clone();
            clients.push(tokio::spawn(async move {
                let mut times = Vec::new();
                let mut errors = 0u32;
                let Ok(mut stream) = TcpStream::connect(address).await else { return (times, 1) };
                let _ = stream.set_nodelay(true);
                let mut turn = n;
                while Instant::now() < until {
                    let (command, body) = if turn.is_multiple_of(2) {
                        ("incoming_inbox_counts", "null")
                    } else {
                        ("incoming_list", r#"{"openOnly":true,"limit":50}"#)
                    };
                    turn += 1;
                    let start = Instant::now();
                    match exchange(&mut stream, command, &token, body).await {
                        Ok(200) => times.push(start.elapsed().as_secs_f64() * 1000.0),
                        _ => errors += 1,
                    }
                }
                (times, errors)
            }));
        }
        // The writer aims at WRITE_PACE writes a second (well above what an office makes)
        // and reports how many it managed.
        let writing = tokio::spawn(async move {
            let mut done = 0u32;
            let Ok(mut stream) = TcpStream::connect(address).await else { return 0 };
            let _ = stream.set_nodelay(true);
            let mut pace = tokio::time::interval(Duration::from_secs(1) / WRITE_PACE);
            pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            while Instant::now() < until {
                pace.tick().await;
                let days = if done.is_multiple_of(2) { r#"{"days":[3,1]}"# } else { r#"{"days":[5,2]}"# };
                if let Ok(200) = exchange(&mut stream, "user_alert_days_set", &writer, days).await {
                    done += 1;
                }
            }
            done
        });
        let mut reads = Vec::new();
        let mut errors = 0;
        for client in clients {
            let (times, failed) = client.await.map_err(|e| std::io::Error::other(e.to_string()))?;
            reads.extend(times);
            errors += failed;
        }
        let writes = writing.await.map_err(|e| std::io::Error::other(e.to_string()))?;
        let _ = stop.send(());
        Ok::<_, std::io::Error>((reads, writes, errors))
    })?;
    drop(app);
    let _ = std::fs::remove_dir_all(&scratch);
    if reads.is_empty() {
        return Err(CoreError::Io(std::io::Error::other("no read was answered")));
    }
    let mut sorted = reads;
    sorted.sort_by(|a, b| a.total_cmp(b));
    let seconds_f = seconds as f64;
    let setup = format!(
        "{documents} văn bản đến; {connections} kết nối đọc (đếm việc cần làm, một trang danh sách) và một kết nối ghi \
         trong {seconds} s / {documents} incoming documents; {connections} reading connections (inbox counts, a list page) \
         and one writing, for {seconds} s\n\
         {:.0} lượt đọc/s, {errors} lỗi; {:.0} lượt ghi/s / {:.0} reads/s, {errors} errors; {:.0} writes/s (target ≥ 200)",
        sorted.len() as f64 / seconds_f,
        f64::from(writes) / seconds_f,
        sorted.len() as f64 / seconds_f,
        f64::from(writes) / seconds_f,
    );
    let lines = vec![
        ("read, p50".to_string(), percentile(&sorted, 0.50), 50.0),
        ("read, p95".to_string(), percentile(&sorted, 0.95), 50.0),
        ("read, p99".to_string(), percentile(&sorted, 0.99), 100.0),
        ("write, mean time per write".to_string(), seconds_f * 1000.0 / f64::from(writes.max(1)), 5.0),
    ];
    Ok(Report { setup, lines })
}
