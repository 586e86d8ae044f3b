//! `vanphong bench server`: the office server under a morning's load. A real server on a
//! loopback port over a scratch office with many incoming documents; `connections`
//! clients, each on its own keep-alive connection, ask for what every screen asks (the
//! inbox counts and a list page) as fast as they are answered, while one more client
//! makes an audited change 250 times a second (it reports how many it managed). Prints the readers' latency percentiles
//! and the writer's pace. A measurement, not a test: run it on a release build.

use crate::app::App;
use crate::bench::{Report, load_incoming, login, tempfile_dir};
use crate::clock::ManualClock;
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

/// A scratch office with `documents` incoming documents, and a login to it.
fn scratch_office(documents: usize) -> CoreResult<(std::path::PathBuf, Arc<App>)> {
    let scratch = tempfile_dir()?;
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 3, 0, 0).unwrap();
    let app = Arc::new(App::open(&scratch, Arc::new(ManualClock::new(now)))?);
    crate::demo::fill(&app, 40, 0)?;
    load_incoming(&app, documents, now)?;
    Ok((scratch, app))
}

/// Serve `app` on a loopback port until `stopped` fires; returns the address.
async fn serve(
    app: Arc<App>,
    stopped: tokio::sync::oneshot::Receiver<()>,
) -> std::io::Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let options = crate::server::ServeOptions {
        listen: address,
        ui_dir: std::env::temp_dir(),
        hosts: Vec::new(),
        tls: None,
        header_timeout: crate::server::HEADER_TIMEOUT,
    };
    tokio::spawn(crate::server::serve_on(listener, app, options, async {
        let _ = stopped.await;
    }));
    Ok(address)
}

/// `vanphong bench search`: what a person types into the incoming list's search, over
/// HTTP, one request at a time, on a million documents whose summaries read like an
/// Office's. Prints each query's median and the vocabulary measured on.
pub fn search(documents: usize) -> CoreResult<Report> {
    let (scratch, app) = scratch_office(documents)?;
    let token = login(&app, "cv.kt2")?;
    let (department, vocabulary) = app.db().read(|c| {
        let department: i64 = c.query_row("SELECT id FROM department WHERE code = 'KT'", [], |r| r.get(0))?;
        let mut statement = c.prepare("SELECT summary FROM incoming_document WHERE id % 50 = 0")?;
        let summaries: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        Ok((department, crate::demo_text::distinct_words(summaries.iter().map(String::as_str))))
    })?;
    let queries: Vec<(String, String)> = vec![
        ("common words (\"ngân sách\")".into(), r#"{"search":"ngân sách","limit":50}"#.into()),
        ("a word being typed (\"giải ph\")".into(), r#"{"search":"giải ph","limit":50}"#.into()),
        ("without diacritics (\"du an dau tu\")".into(), r#"{"search":"du an dau tu","limit":50}"#.into()),
        (
            "with the department filter (\"dự án\", KT)".into(),
            format!(r#"{{"search":"dự án","departmentId":{department},"limit":50}}"#),
        ),
        (
            "with a month's date filter (\"kế hoạch\", 10/2026)".into(),
            r#"{"search":"kế hoạch","from":"2026-10-01","to":"2026-10-31","limit":50}"#.into(),
        ),
    ];
    let runtime = tokio::runtime::Runtime::new()?;
    let lines = runtime.block_on(async {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let address = serve(app.clone(), stopped).await?;
        let mut stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let mut lines = Vec::new();
        for (name, body) in &queries {
            let mut times = Vec::new();
            for _ in 0..30 {
                let start = Instant::now();
                let status = exchange(&mut stream, "incoming_list", &token, body).await?;
                if status != 200 {
                    return Err(std::io::Error::other(format!("{name}: HTTP {status}")));
                }
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(|a, b| a.total_cmp(b));
            lines.push((format!("search over HTTP, {name}"), percentile(&times, 0.5), 20.0));
        }
        let _ = stop.send(());
        Ok::<_, std::io::Error>(lines)
    })?;
    drop(app);
    let _ = std::fs::remove_dir_all(&scratch);
    let setup = format!(
        "{documents} văn bản đến, trích yếu {vocabulary} từ khác nhau; tìm kiếm qua HTTP, lần lượt từng yêu cầu / \
         {documents} incoming documents whose summaries use {vocabulary} distinct words; searches over HTTP, one at a time"
    );
    Ok(Report { setup, lines, sizes: Vec::new() })
}

pub fn run(documents: usize, connections: usize, seconds: u64) -> CoreResult<Report> {
    let (scratch, app) = scratch_office(documents)?;
    let reader = login(&app, "cv.kt2")?;
    let writer = login(&app, "cv.kt1")?;

    let runtime = tokio::runtime::Runtime::new()?;
    let (reads, writes, errors) = runtime.block_on(async {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let address = serve(app.clone(), stopped).await?;
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
    Ok(Report { setup, lines, sizes: Vec::new() })
}

/// `vanphong bench meetings`: a sitting of `members` members followed by `followers`
/// screens over the office server. The members vote within the same second, each on its
/// own connection; the chair stops and publishes the vote; each follower, told by its
/// event stream, reads the meeting and sees the result. Prints the votes' latency and how
/// long the followers took to see the published result, from the chair's click.
pub fn meetings(members: usize, followers: usize) -> CoreResult<Report> {
    use crate::meetings::{Attendance, MeetingKind, agenda, room};
    let scratch = tempfile_dir()?;
    let now = Utc.with_ymd_and_hms(2026, 11, 20, 1, 0, 0).unwrap();
    let app = Arc::new(App::open(&scratch, Arc::new(ManualClock::new(now)))?);
    crate::demo::fill(&app, 40, 0)?;
    // More members than the demo's eight, with the same password.
    app.db().write(|tx| {
        let columns: Vec<String> = tx
            .prepare("SELECT name FROM pragma_table_info('user') WHERE name NOT IN ('id', 'username', 'full_name')")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let columns = columns.join(", ");
        let existing: u32 = tx.query_row("SELECT count(*) FROM user WHERE role = 'committee_member'", [], |r| r.get(0))?;
        // The chairman and three vice chairmen are members too.
        for n in existing as usize..members.saturating_sub(4) {
            tx.execute(
                &format!(
                    "INSERT INTO user (username, full_name, {columns}) SELECT ?1, ?2, {columns} FROM user
                     WHERE username = 'tv1'"
                ),
                rusqlite::params![format!("tvb{n}"), format!("Ủy viên UBND tỉnh thứ {}", n + 1)],
            )?;
        }
        Ok(())
    })?;
    let secretary = login(&app, "cvp")?;
    let chair = login(&app, "chutich")?;
    let template = app.db().read(|conn| {
        let actor = actor_of(&app, &secretary, now)?;
        crate::meetings::template(conn, &actor, MeetingKind::Regular, crate::clock::vietnam_date(now))
    })?;
    let member_ids = template.members.clone();
    let input =
        crate::meetings::MeetingInput { title: "Phiên họp UBND tỉnh thường kỳ".into(), ..template };
    let item_input = agenda::ItemInput {
        title: "Dự thảo Nghị quyết quy định giá dịch vụ sử dụng đất".into(),
        parent_id: None,
        presenter_agency_id: None,
        specialist_id: None,
        minutes: 30,
        decision_asked: "Thông qua để trình HĐND tỉnh".into(),
        required_agency_ids: vec![],
        files_complete: true,
    };
    let (meeting, item) = write_as(&app, &secretary, now, |w, actor| {
        let meeting = crate::meetings::create(w, actor, &input)?;
        let item = agenda::save(w, actor, meeting, None, &item_input)?;
        agenda::admit(w, actor, item, true, "Đo hiệu năng")?;
        Ok((meeting, item))
    })?;
    let poll = write_as(&app, &chair, now, |w, actor| {
        room::open(w, actor, meeting, true)?;
        let marks: Vec<room::AttendanceMark> = member_ids
            .iter()
            .map(|id| room::AttendanceMark {
                user_id: *id,
                attendance: Attendance::Room,
                reason: String::new(),
                delegate: String::new(),
            })
            .collect();
        room::mark(w, actor, meeting, &marks)?;
        room::set_current(w, actor, meeting, Some(item))?;
        room::start_poll(w, actor, meeting, Some(item), "Thông qua dự thảo Nghị quyết", false, app.ballots())
    })?;
    let usernames: Vec<String> = app.db().read(|conn| {
        let list = member_ids.iter().map(|id| id.0.to_string()).collect::<Vec<_>>().join(",");
        let mut statement =
            conn.prepare(&format!("SELECT username FROM user WHERE id IN ({list}) ORDER BY id"))?;
        Ok(statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?)
    })?;
    let mut voters = Vec::new();
    for username in &usernames {
        voters.push(login(&app, username)?);
    }
    let follower_tokens: Vec<String> = (0..followers).map(|n| voters[n % voters.len()].clone()).collect();
    let runtime = tokio::runtime::Runtime::new()?;
    let (votes, seen, errors) = runtime.block_on(async {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let address = serve(app.clone(), stopped).await?;
        // The followers: each its event stream, and a connection to read the meeting.
        let clicked = Arc::new(std::sync::Mutex::new(None::<Instant>));
        let mut watching = Vec::new();
        let (ready_tx, mut ready_rx) = tokio::sync::mpsc::channel::<()>(followers.max(1));
        for token in follower_tokens {
            let clicked = clicked.clone();
            let ready = ready_tx.clone();
            watching.push(tokio::spawn(async move {
                let mut events = TcpStream::connect(address).await.ok()?;
                let mut reader = TcpStream::connect(address).await.ok()?;
                let _ = reader.set_nodelay(true);
                let request = format!(
                    "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\
                     Authorization: Bearer {token}\r\n\r\n"
                );
                events.write_all(request.as_bytes()).await.ok()?;
                let mut seen = String::new();
                let mut chunk = [0u8; 8192];
                let mut said_ready = false;
                loop {
                    let read = events.read(&mut chunk).await.ok()?;
                    if read == 0 {
                        return None;
                    }
                    seen.push_str(&String::from_utf8_lossy(&chunk[..read]));
                    if !said_ready && seen.contains("\r\n\r\n") {
                        said_ready = true;
                        let _ = ready.send(()).await;
                    }
                    if seen.contains("\"poll_publish\"") {
                        break;
                    }
                }
                let body = format!(r#"{{"id":{}}}"#, meeting.0);
                let status = exchange(&mut reader, "meeting_get", &token, &body).await.ok()?;
                let at = (*clicked.lock().expect("the click's instant")).expect("the chair clicked");
                (status == 200).then(|| at.elapsed().as_secs_f64() * 1000.0)
            }));
        }
        drop(ready_tx);
        for _ in 0..followers {
            ready_rx.recv().await;
        }
        // Every member votes at once, each on its own connection.
        let mut voting = Vec::new();
        for (n, token) in voters.iter().cloned().enumerate() {
            voting.push(tokio::spawn(async move {
                let mut stream = TcpStream::connect(address).await.ok()?;
                let _ = stream.set_nodelay(true);
                let choice = if n % 10 == 9 { "no" } else { "yes" };
                let body = format!(r#"{{"pollId":{},"choice":"{choice}"}}"#, poll.0);
                let start = Instant::now();
                let status = exchange(&mut stream, "poll_vote", &token, &body).await.ok()?;
                (status == 200).then(|| start.elapsed().as_secs_f64() * 1000.0)
            }));
        }
        let mut votes = Vec::new();
        let mut errors = 0u32;
        for vote in voting {
            match vote.await.map_err(|e| std::io::Error::other(e.to_string()))? {
                Some(ms) => votes.push(ms),
                None => errors += 1,
            }
        }
        let mut chair_stream = TcpStream::connect(address).await?;
        chair_stream.set_nodelay(true)?;
        let body = format!(r#"{{"pollId":{}}}"#, poll.0);
        exchange(&mut chair_stream, "poll_stop", &chair, &body).await?;
        *clicked.lock().expect("the click's instant") = Some(Instant::now());
        exchange(&mut chair_stream, "poll_publish", &chair, &body).await?;
        let mut seen = Vec::new();
        for follower in watching {
            match tokio::time::timeout(Duration::from_secs(30), follower).await {
                Ok(Ok(Some(ms))) => seen.push(ms),
                _ => errors += 1,
            }
        }
        let _ = stop.send(());
        Ok::<_, std::io::Error>((votes, seen, errors))
    })?;
    drop(app);
    let _ = std::fs::remove_dir_all(&scratch);
    let (mut votes, mut seen) = (votes, seen);
    votes.sort_by(|a, b| a.total_cmp(b));
    seen.sort_by(|a, b| a.total_cmp(b));
    let setup = format!(
        "{members} thành viên biểu quyết cùng lúc, {followers} màn hình theo dõi qua máy chủ; {errors} lỗi / \
         {members} members voting at once, {followers} screens following over the office server; {errors} errors"
    );
    let lines = vec![
        ("a vote, p50".to_string(), percentile(&votes, 0.50), 100.0),
        ("a vote, p95".to_string(), percentile(&votes, 0.95), 500.0),
        ("all votes in".to_string(), votes.last().copied().unwrap_or(f64::NAN), 1000.0),
        ("published result seen by a follower, p50".to_string(), percentile(&seen, 0.50), 500.0),
        ("published result seen by a follower, p95".to_string(), percentile(&seen, 0.95), 1000.0),
    ];
    Ok(Report { setup, lines, sizes: Vec::new() })
}

fn actor_of(app: &App, token: &str, now: chrono::DateTime<Utc>) -> CoreResult<crate::auth::Actor> {
    Ok(app.sessions().authenticate(app.db(), token, now)?.actor)
}

/// A change made as the holder of `token`, through the audited writer.
fn write_as<T>(
    app: &App,
    token: &str,
    now: chrono::DateTime<Utc>,
    f: impl FnOnce(&mut crate::audit::Writer<'_>, &crate::auth::Actor) -> CoreResult<T>,
) -> CoreResult<T> {
    let actor = actor_of(app, token, now)?;
    app.write(now, (Some(actor.user_id), actor.full_name.clone()), "bench", |w| f(w, &actor))
}
