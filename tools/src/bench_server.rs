//! `vanphong bench server`: the office server under a morning's load. A real server on a
//! loopback port over a scratch office with many incoming documents; `connections`
//! clients, each on its own keep-alive connection, ask for what every screen asks (the
//! inbox counts and a list page) as fast as they are answered, while a clerk registers
//! documents over one more connection, aiming at 250 a second (it reports how many it
//! managed). Prints the readers' latency percentiles and the clerk's pace. A measurement, not a test: run it on a release build.

use crate::bench::{Report, login, tempfile_dir};
use chrono::{TimeZone, Utc};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use vanphong::app::App;
use vanphong::clock::ManualClock;
use vanphong::error::{CoreError, CoreResult};

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

/// A scratch office with `documents` incoming documents.
fn scratch_office(documents: usize) -> CoreResult<(std::path::PathBuf, Arc<App>)> {
    let (scratch, app, _) = crate::bench::office(documents)?;
    Ok((scratch, app))
}

/// Serve `app` on a loopback port until `stopped` fires; returns the address.
async fn serve(
    app: Arc<App>,
    stopped: tokio::sync::oneshot::Receiver<()>,
) -> std::io::Result<std::net::SocketAddr> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let options = vanphong_server::ServeOptions {
        listen: address,
        ui_dir: std::env::temp_dir(),
        hosts: Vec::new(),
        tls: None,
        header_timeout: vanphong_server::HEADER_TIMEOUT,
        metrics_from: vec![],
    };
    tokio::spawn(vanphong_server::serve_on(listener, app, options, async {
        let _ = stopped.await;
    }));
    Ok(address)
}

/// Median and 95th percentile of `times` (ms), as two report lines against the search
/// goals (median < 10 ms, p95 < 25 ms).
fn median_and_p95(lines: &mut Vec<(String, f64, f64)>, name: &str, times: &mut [f64]) {
    times.sort_by(|a, b| a.total_cmp(b));
    lines.push((format!("{name}, median"), percentile(times, 0.5), 10.0));
    lines.push((format!("{name}, p95"), percentile(times, 0.95), 25.0));
}

/// What a person types, letter by letter: every prefix that ends in a letter.
fn typed_letter_by_letter(phrase: &str) -> Vec<String> {
    let mut typed = Vec::new();
    let mut so_far = String::new();
    for c in phrase.chars() {
        so_far.push(c);
        if c.is_alphanumeric() {
            typed.push(so_far.clone());
        }
    }
    typed
}

fn search_body(typed: &str, extra: &str) -> String {
    format!(r#"{{"search":{},"limit":50{extra}}}"#, serde_json::Value::String(typed.into()))
}

/// The process's memory in MB: (anonymous, i.e. heap and stacks; mapped from files).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
            .map_or(f64::NAN, |kb| kb / 1024.0)
    };
    (field("RssAnon:"), field("RssFile:"))
}

/// People typing at once: `people` connections, each typing the phrases letter by letter
/// at a fast typist's pace (a search every `pause`), for `seconds`. Returns the latencies
/// and the highest anonymous memory seen, sampled every 100 ms.
async fn people_typing(
    address: std::net::SocketAddr,
    token: &str,
    phrases: &[&str],
    people: usize,
    pause: Duration,
    seconds: u64,
) -> std::io::Result<(Vec<f64>, u32, f64)> {
    let typed: Arc<Vec<String>> = Arc::new(
        phrases.iter().flat_map(|p| typed_letter_by_letter(p)).map(|t| search_body(&t, "")).collect(),
    );
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut clients = Vec::new();
    for n in 0..people {
        let (typed, token) = (typed.clone(), token.to_string());
        clients.push(tokio::spawn(async move {
            let (mut times, mut errors) = (Vec::new(), 0u32);
            let Ok(mut stream) = TcpStream::connect(address).await else { return (times, 1) };
            let _ = stream.set_nodelay(true);
            // People do not type in step: each begins at its own moment of the pause.
            let begins = tokio::time::Instant::now() + pause * n as u32 / people as u32;
            let mut pace = tokio::time::interval_at(begins, pause);
            pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut turn = n * 7;
            while Instant::now() < until {
                pace.tick().await;
                let start = Instant::now();
                match exchange(&mut stream, "incoming_list", &token, &typed[turn % typed.len()]).await {
                    Ok(200) => times.push(start.elapsed().as_secs_f64() * 1000.0),
                    _ => errors += 1,
                }
                turn += 1;
            }
            (times, errors)
        }));
    }
    let sampling = tokio::spawn(async move {
        let mut highest = 0f64;
        let mut tick = tokio::time::interval(Duration::from_millis(100));
        while Instant::now() < until {
            tick.tick().await;
            highest = highest.max(memory_mb().0);
        }
        highest
    });
    let (mut times, mut errors) = (Vec::new(), 0);
    for client in clients {
        let (t, e) = client.await.map_err(|e| std::io::Error::other(e.to_string()))?;
        times.extend(t);
        errors += e;
    }
    let highest = sampling.await.map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok((times, errors, highest))
}

/// Rows of a search's page that do not hold every word typed (the last as a prefix):
/// false hits. Read from what the list returned.
fn false_hits(page: &serde_json::Value, typed: &str) -> (usize, usize) {
    let words: Vec<String> = vanphong::fold::fold(typed).split(' ').map(String::from).collect();
    let rows = page["items"].as_array().cloned().unwrap_or_default();
    let wrong = rows
        .iter()
        .filter(|row| {
            let text = ["summary", "agencyName", "numberSymbol"]
                .iter()
                .map(|k| row[*k].as_str().unwrap_or(""))
                .collect::<Vec<_>>()
                .join(" ");
            let own: Vec<String> = vanphong::fold::fold(&text).split(' ').map(String::from).collect();
            let (last, rest) = words.split_last().expect("words typed");
            !(rest.iter().all(|w| own.contains(w)) && own.iter().any(|w| w.starts_with(last.as_str())))
        })
        .count();
    (wrong, rows.len())
}

/// An upgrade whose migration rebuilt the incoming index (emptied and marked as a
/// migration leaves it): the time `App::open` takes, a search's median while the index
/// is refilled in the background (and whether it said so), and the seconds the refill
/// took. Consumes `app`, the only handle to the office in `scratch`.
fn after_an_upgrade(
    app: Arc<App>,
    scratch: &std::path::Path,
    token: &str,
) -> CoreResult<(f64, f64, f64, bool)> {
    app.db().write(|tx| {
        tx.execute_batch(
            "INSERT INTO incoming_search (incoming_search) VALUES ('delete-all');
             INSERT OR REPLACE INTO search_rebuild (index_name, below) VALUES ('incoming_search', NULL);",
        )?;
        Ok(())
    })?;
    drop(Arc::into_inner(app).expect("the only handle"));
    let start = Instant::now();
    let app = Arc::new(App::open(scratch, Arc::new(ManualClock::new(crate::bench::bench_now())))?);
    let opened = start.elapsed().as_secs_f64() * 1000.0;
    let runtime = tokio::runtime::Runtime::new()?;
    let (during, rebuilt, indexing) = runtime.block_on(async {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let address = serve(app.clone(), stopped).await?;
        let started = Instant::now();
        let rebuilding = vanphong::reindex::spawn(app.clone());
        let mut stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        let mut times = Vec::new();
        for _ in 0..21 {
            let begun = Instant::now();
            exchange(&mut stream, "incoming_list", token, &search_body("văn phòng", "")).await?;
            times.push(begun.elapsed().as_secs_f64() * 1000.0);
        }
        let page = vanphong::commands::execute::<vanphong::commands::IncomingList>(
            &app,
            Some(token),
            vanphong::incoming::views::IncomingFilter {
                search: Some("văn phòng".into()),
                ..Default::default()
            },
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        rebuilding.await.map_err(|e| std::io::Error::other(e.to_string()))?;
        let rebuilt = started.elapsed().as_secs_f64();
        let _ = stop.send(());
        times.sort_by(|a, b| a.total_cmp(b));
        Ok::<_, std::io::Error>((percentile(&times, 0.5), rebuilt, page.indexing))
    })?;
    Ok((opened, during, rebuilt, indexing))
}

/// `vanphong bench search`: what people type into the incoming list's search, over HTTP,
/// on a million documents whose summaries read like an Office's (`demo_text`): single
/// searches interleaved round by round, a phrase typed letter by letter, false hits, a
/// hundred people typing at once with the server's memory, and the incoming register of
/// a month and of a year printed. Prints each figure beside the goal of issue #22.
pub fn search(documents: usize) -> CoreResult<Report> {
    let (scratch, app) = scratch_office(documents)?;
    let token = login(&app, "cv.kt2")?;
    let clerk = login(&app, "vt1")?;
    let (department, register, vocabulary, shares) = app.db().read(|c| {
        let department: i64 = c.query_row("SELECT id FROM department WHERE code = 'KT'", [], |r| r.get(0))?;
        let register: i64 = c.query_row("SELECT id FROM register WHERE code = 'DEN'", [], |r| r.get(0))?;
        let mut statement =
            c.prepare("SELECT summary || ' ' || agency_name FROM incoming_document WHERE id % 50 = 0")?;
        let texts: Vec<String> = statement.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
        let vocabulary = crate::demo_text::distinct_words(texts.iter().map(String::as_str));
        let shares =
            crate::demo_text::shares(texts.iter().map(String::as_str), &["ubnd", "van", "phong", "tinh"]);
        Ok((department, register, vocabulary, shares))
    })?;
    let four_words = "tham mưu UBND tỉnh";
    let queries: Vec<(String, String)> = vec![
        ("list page, newest first".into(), r#"{"limit":50}"#.into()),
        ("two common words (\"văn phòng\")".into(), search_body("văn phòng", "")),
        ("four words (\"tham mưu UBND tỉnh\")".into(), search_body(four_words, "")),
        (
            "two words and a department (\"dự án\", KT)".into(),
            search_body("dự án", &format!(r#","departmentId":{department}"#)),
        ),
        (
            "two words and a month (\"kế hoạch\", 10/2026)".into(),
            search_body("kế hoạch", r#","from":"2026-10-01","to":"2026-10-31""#),
        ),
    ];
    let letters: Vec<String> =
        typed_letter_by_letter(four_words).iter().map(|t| search_body(t, "")).collect();
    let runtime = tokio::runtime::Runtime::new()?;
    let (lines, mut checks) = runtime.block_on(async {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let address = serve(app.clone(), stopped).await?;
        let mut stream = TcpStream::connect(address).await?;
        stream.set_nodelay(true)?;
        // Round by round, every query once, so that a burst of other work on the shared
        // machine lands on all of them alike.
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); queries.len()];
        let mut by_letter: Vec<Vec<f64>> = vec![Vec::new(); letters.len()];
        for _ in 0..21 {
            for (n, (name, body)) in queries.iter().enumerate() {
                let start = Instant::now();
                let status = exchange(&mut stream, "incoming_list", &token, body).await?;
                if status != 200 {
                    return Err(std::io::Error::other(format!("{name}: HTTP {status}")));
                }
                times[n].push(start.elapsed().as_secs_f64() * 1000.0);
            }
            for (n, body) in letters.iter().enumerate() {
                let start = Instant::now();
                let status = exchange(&mut stream, "incoming_list", &token, body).await?;
                if status != 200 {
                    return Err(std::io::Error::other(format!("typing: HTTP {status}")));
                }
                by_letter[n].push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        let mut lines = Vec::new();
        for ((name, _), times) in queries.iter().zip(times.iter_mut()) {
            median_and_p95(&mut lines, name, times);
        }
        // The slowest letter, by its median, and the p95 over every letter typed.
        let worst = by_letter
            .iter_mut()
            .map(|t| {
                t.sort_by(|a, b| a.total_cmp(b));
                percentile(t, 0.5)
            })
            .fold(0f64, f64::max);
        let mut every: Vec<f64> = by_letter.concat();
        every.sort_by(|a, b| a.total_cmp(b));
        lines.push((format!("\"{four_words}\" typed, slowest letter, median"), worst, 10.0));
        lines.push((format!("\"{four_words}\" typed, every letter, p95"), percentile(&every, 0.95), 25.0));

        let mut checks = Vec::new();
        let page = vanphong::commands::execute::<vanphong::commands::IncomingList>(
            &app,
            Some(&token),
            vanphong::incoming::views::IncomingFilter {
                search: Some("tham m".into()),
                limit: 200,
                ..Default::default()
            },
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        let (wrong, read) = false_hits(&serde_json::to_value(&page).unwrap_or_default(), "tham m");
        checks.push((
            format!("\"tham m\", no date filter: false hits of {read}"),
            wrong.to_string(),
            "0".into(),
            wrong == 0,
        ));

        let (before, _) = memory_mb();
        let phrases = [four_words, "văn phòng UBND tỉnh", "giải phóng mặt bằng", "dự án đầu tư công"];
        let (mut typing, errors, highest) =
            people_typing(address, &token, &phrases, 100, Duration::from_millis(250), 10).await?;
        typing.sort_by(|a, b| a.total_cmp(b));
        lines.push(("100 people typing (a search each 250 ms), p50".into(), percentile(&typing, 0.5), 50.0));
        lines.push((
            "100 people typing (a search each 250 ms), p95".into(),
            percentile(&typing, 0.95),
            100.0,
        ));
        checks.push((
            format!("100 people typing: {} searches answered, errors", typing.len()),
            errors.to_string(),
            "0".into(),
            errors == 0,
        ));
        let grown = highest - before;
        checks.push((
            "100 people typing: server heap grew (MB)".into(),
            format!("{grown:.0}"),
            "< 100".into(),
            grown < 100.0,
        ));
        let _ = stop.send(());
        Ok::<_, std::io::Error>((lines, checks))
    })?;
    // Its server and every connection it served end with it, and their handles.
    drop(runtime);
    let mut lines = lines;
    // The incoming register printed: a month and a year, as the clerk asks for them.
    for (name, from, to) in [
        ("incoming register of a month (PDF)", (2026, 10, 1), (2026, 10, 31)),
        ("incoming register of a year (PDF)", (2025, 1, 1), (2025, 12, 31)),
    ] {
        let day = |(y, m, d): (i32, u32, u32)| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a day");
        let request = vanphong::commands::RegisterPrintRequest {
            register_id: vanphong::register::RegisterId(register),
            from: day(from),
            to: day(to),
        };
        let mut times = Vec::new();
        for _ in 0..3 {
            let start = Instant::now();
            vanphong::commands::execute::<vanphong::commands::IncomingRegisterPdf>(
                &app,
                Some(&clerk),
                request.clone(),
            )?;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        lines.push((name.to_string(), percentile(&times, 0.5), 1000.0));
    }
    let (opened, during, rebuilt, indexing) = after_an_upgrade(app, &scratch, &token)?;
    lines.push(("opening 1M documents whose index an upgrade rebuilt".into(), opened, 1000.0));
    lines.push(("a search while the index is rebuilt, median".into(), during, 10.0));
    checks.push((
        "the search said \"đang lập chỉ mục\"".into(),
        indexing.to_string(),
        "true".into(),
        indexing,
    ));
    checks.push((
        "index rebuilt in the background (s)".into(),
        format!("{rebuilt:.0}"),
        "—".into(),
        rebuilt.is_finite(),
    ));
    let _ = std::fs::remove_dir_all(&scratch);
    let shares: Vec<String> = shares.iter().map(|(w, p)| format!("\"{w}\" {p:.0} %")).collect();
    let setup = format!(
        "{documents} văn bản đến trong 20 năm, trích yếu và nơi gửi {vocabulary} từ khác nhau ({shares}); tìm kiếm qua HTTP / \
         {documents} incoming documents over 20 years, summaries and senders of {vocabulary} distinct words ({shares}); \
         searches over HTTP",
        shares = shares.join(", ")
    );
    Ok(Report { setup, lines, sizes: Vec::new(), checks })
}

pub fn run(documents: usize, connections: usize, seconds: u64) -> CoreResult<Report> {
    let (scratch, app) = scratch_office(documents)?;
    let reader = login(&app, "cv.kt2")?;
    let writer = login(&app, "vt2")?;

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
        // The writer is a clerk registering documents, aiming at WRITE_PACE a second
        // (well above what an office makes); it reports how many it managed.
        let registrations = registrations(&app, WRITE_PACE as usize * seconds as usize + 1)?;
        let writing = tokio::spawn(async move {
            let mut done = 0u32;
            let Ok(mut stream) = TcpStream::connect(address).await else { return 0 };
            let _ = stream.set_nodelay(true);
            let mut pace = tokio::time::interval(Duration::from_secs(1) / WRITE_PACE);
            pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            for body in &registrations {
                if Instant::now() >= until {
                    break;
                }
                pace.tick().await;
                if let Ok(200) = exchange(&mut stream, "incoming_register", &writer, body).await {
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
         and a clerk registering documents, for {seconds} s\n\
         {:.0} lượt đọc/s, {errors} lỗi; {:.0} văn bản vào sổ/s / {:.0} reads/s, {errors} errors; {:.0} registrations/s (goal ≥ 200)",
        sorted.len() as f64 / seconds_f,
        f64::from(writes) / seconds_f,
        sorted.len() as f64 / seconds_f,
        f64::from(writes) / seconds_f,
    );
    let lines = vec![
        ("read (inbox counts, a list page), p50".to_string(), percentile(&sorted, 0.50), 10.0),
        ("read (inbox counts, a list page), p95".to_string(), percentile(&sorted, 0.95), 30.0),
        ("read (inbox counts, a list page), p99".to_string(), percentile(&sorted, 0.99), 100.0),
        ("registration, mean time each".to_string(), seconds_f * 1000.0 / f64::from(writes.max(1)), 5.0),
    ];
    Ok(Report { setup, lines, sizes: Vec::new(), checks: Vec::new() })
}

/// `count` registrations as a clerk types them (the request of `incoming_register`):
/// summaries and senders like an Office's, each with its own number and symbol.
fn registrations(app: &App, count: usize) -> std::io::Result<Vec<String>> {
    let register: i64 = app
        .db()
        .read(|c| Ok(c.query_row("SELECT id FROM register WHERE code = 'DEN'", [], |r| r.get(0))?))
        .map_err(|e| std::io::Error::other(e.to_string()))?;
    let communes = vanphong::org::seed::communes();
    let mut dice = crate::demo_incoming::Dice(0x005E_ED0F_C1E2);
    let received = app.now() - chrono::Duration::minutes(30);
    Ok((0..count)
        .map(|n| {
            serde_json::json!({
                "registerId": register,
                "receivedAt": received,
                "agencyId": null,
                "agencyName": crate::demo_text::sender(&mut dice, &communes[..200]),
                "addAgencyToDirectory": null,
                "numberSymbol": format!("{}/BC-BENCH", n + 1),
                "documentDate": null,
                "documentType": "CV",
                "summary": crate::demo_text::summary(&mut dice, &communes[..200]),
                "urgency": "normal",
                "secrecy": "none",
                "pageCount": 2,
                "replyDeadline": null,
                "signer": "Nguyễn Văn An",
                "electronic": true,
                "attachments": [],
                "leadDepartmentId": null,
                "supervisorId": null,
                "routingRuleId": null,
                "presentToId": null,
                "confirmDuplicate": false,
            })
            .to_string()
        })
        .collect())
}

/// `vanphong bench meetings`: a sitting of `members` members followed by `followers`
/// screens over the office server. The members vote within the same second, each on its
/// own connection; the chair stops and publishes the vote; each follower, told by its
/// event stream, reads the meeting and sees the result. Prints the votes' latency and how
/// long the followers took to see the published result, from the chair's click.
pub fn meetings(members: usize, followers: usize) -> CoreResult<Report> {
    use vanphong::meetings::model::{Attendance, MeetingKind};
    use vanphong::meetings::{agenda, room};
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
        vanphong::meetings::template(conn, &actor, MeetingKind::Regular, vanphong::clock::vietnam_date(now))
    })?;
    let member_ids = template.members.clone();
    let input = vanphong::meetings::MeetingInput {
        title: "Phiên họp UBND tỉnh thường kỳ".into(),
        ..template
    };
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
        let meeting = vanphong::meetings::create(w, actor, &input)?;
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
    Ok(Report { setup, lines, sizes: Vec::new(), checks: Vec::new() })
}

fn actor_of(app: &App, token: &str, now: chrono::DateTime<Utc>) -> CoreResult<vanphong::vocabulary::Actor> {
    Ok(app.sessions().authenticate(app.db(), token, now)?.actor)
}

/// A change made as the holder of `token`, through the audited writer.
fn write_as<T>(
    app: &App,
    token: &str,
    now: chrono::DateTime<Utc>,
    f: impl FnOnce(&mut vanphong::audit::Writer<'_>, &vanphong::vocabulary::Actor) -> CoreResult<T>,
) -> CoreResult<T> {
    let actor = actor_of(app, token, now)?;
    app.write(now, (Some(actor.user_id), actor.full_name.clone()), "bench", |w| f(w, &actor))
}
