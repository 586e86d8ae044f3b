//! The command line: `vanphong init | demo | serve | user … | backup | provinces`.
//! Every subcommand goes through the same command layer as the UI.

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use vanphong::app::{App, default_data_dir};
use vanphong::clock::SystemClock;
use vanphong::commands::{self, execute_as_operator};
use vanphong::error::{CoreError, CoreResult};
use vanphong::org::user::{User, UserFilter, UserProfile};
use vanphong::vocabulary::{Clearance, DepartmentId, Role};

#[derive(Parser)]
#[command(
    name = "vanphong",
    version,
    about = "Văn phòng số — quản lý văn bản và điều hành của Văn phòng UBND tỉnh.\n\
             Document management and executive control for a provincial People's Committee Office."
)]
struct Cli {
    /// Thư mục dữ liệu / data directory (default: ~/.local/share/vanphong on Linux)
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: CliCommand,
}

#[derive(Subcommand)]
enum CliCommand {
    /// Tạo cơ sở dữ liệu; tùy chọn tạo luôn tài khoản quản trị.
    /// Create the database; optionally the administrator account too.
    Init {
        /// Province code (see `vanphong provinces`); required with --admin-username.
        #[arg(long)]
        province: Option<i32>,
        #[arg(long, requires_all = ["province", "admin_name", "admin_password"])]
        admin_username: Option<String>,
        #[arg(long)]
        admin_name: Option<String>,
        #[arg(long)]
        admin_password: Option<String>,
    },
    /// Điền dữ liệu mẫu của một Văn phòng thực tế vào CSDL trống.
    /// Fill an empty database with a realistic demo office.
    Demo {
        /// Province code (default 40, Nghệ An).
        #[arg(long, default_value_t = 40)]
        province: i32,
        /// Incoming documents per working day of the year so far (0 for none).
        #[arg(long, default_value_t = 200)]
        documents_per_day: usize,
        /// For tests: take "today" from this file (RFC 3339) when it exists, so the demo's
        /// year is the year the test's clock says.
        #[arg(long, value_name = "FILE")]
        clock_file: Option<PathBuf>,
    },
    /// Chạy máy chủ văn phòng (giao diện web và API).
    /// Serve the web UI and the command API over HTTP.
    Serve(ServeArgs),
    /// Lịch làm việc: ngày nghỉ, tính hạn / the working calendar: days off, deadlines.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// Quản lý người dùng / manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Sao lưu CSDL và tệp đính kèm vào một thư mục mới (kể cả khi máy chủ đang chạy);
    /// `--verify` kiểm tra một bản sao lưu. Back up the database and attachments into a
    /// new folder (also while the server runs); `--verify` checks a backup.
    Backup {
        folder: PathBuf,
        #[arg(long)]
        verify: bool,
    },
    /// Khôi phục một bản sao lưu vào thư mục dữ liệu trống. Restore a backup into an empty
    /// data directory.
    Restore { folder: PathBuf },
    /// Liệt kê mã tỉnh, thành phố / list province codes.
    Provinces,
    /// Đo hiệu năng trên CSDL tạm / benchmarks on a scratch database (use a release build).
    #[command(subcommand)]
    Bench(BenchCommand),
}

/// What `vanphong serve` is told, on the command line or in its settings file.
#[derive(clap::Args)]
struct ServeArgs {
    /// Tệp cấu hình máy chủ (TOML), ví dụ /etc/vanphong/server.toml; tham số dòng lệnh
    /// được ưu tiên / the server's settings file; what the command line gives wins.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Địa chỉ nghe / the address to listen on (default 127.0.0.1:8080).
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Directory of the built UI (default: ui/dist of the source tree).
    #[arg(long)]
    ui_dir: Option<PathBuf>,
    /// Seconds between deadline scans (alerts).
    #[arg(long, default_value_t = 60)]
    alert_interval: u64,
    /// For tests: take the time from this file (RFC 3339) when it exists.
    #[arg(long, value_name = "FILE")]
    clock_file: Option<PathBuf>,
    /// Tên miền của máy chủ (ngoài địa chỉ IP và localhost) / a host name the server
    /// answers to besides addresses and localhost; repeat for several.
    #[arg(long = "host", value_name = "NAME")]
    hosts: Vec<String>,
    /// Chứng chỉ TLS (PEM) để phục vụ HTTPS / TLS certificate chain (PEM) for HTTPS.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// Tệp lớn nhất được tải lên, MB / the largest file a person may upload, in MB
    /// (default 200).
    #[arg(long)]
    max_file_mb: Option<u64>,
    /// Khóa riêng của chứng chỉ (PEM) / the certificate's private key (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Địa chỉ được đọc /metrics ngoài chính máy chủ / an address besides the server
    /// itself that may read /metrics; repeat for several.
    #[arg(long = "metrics-from", value_name = "ADDRESS")]
    metrics_from: Vec<std::net::IpAddr>,
    /// Thư mục trao đổi với cổng trục liên thông (inbox/, outbox/, archive/) / the folder
    /// shared with the interconnection axis gateway.
    #[arg(long, value_name = "DIR")]
    exchange_dir: Option<PathBuf>,
    /// Seconds between looks at the exchange folder.
    #[arg(long, default_value_t = 10)]
    exchange_interval: u64,
    /// Thư mục khóa ký số (body.p12, people/, trust/) / the signing folder (key files and
    /// trusted authorities); `signing/` in the data directory if not given.
    #[arg(long, value_name = "DIR")]
    signing_dir: Option<PathBuf>,
    /// Địa chỉ máy chủ cấp dấu thời gian (RFC 3161) / the time-stamp authority's address
    /// (RFC 3161, HTTP): every signature the Office makes is time-stamped by it.
    #[arg(long, value_name = "URL")]
    tsa_url: Option<String>,
    /// Địa chỉ danh sách thu hồi chứng thư (CRL) của tổ chức chứng thực, lặp lại cho nhiều
    /// địa chỉ / a certificate authority's revocation list address; repeat for several.
    /// Fetched every six hours into the signing folder's trust/.
    #[arg(long = "crl-url", value_name = "URL")]
    crl_urls: Vec<String>,
    /// Số giờ nơi nhận văn bản qua trục được phép chưa trả lời / hours a recipient of a
    /// document sent over the axis may stay silent before it is flagged (24).
    #[arg(long, value_name = "HOURS")]
    axis_answer_hours: Option<u64>,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// Các ngày nghỉ của một năm, kèm tên / each day off of a year, with its name.
    Holidays {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Hạn sau N ngày làm việc (không tính ngày bắt đầu) / the date N working days after.
    AddWorkingDays { date: chrono::NaiveDate, days: u32 },
}

#[derive(Subcommand)]
enum BenchCommand {
    /// Load incoming documents and time a list page, searches and an inbox count.
    Incoming {
        #[arg(long, default_value_t = 1_000_000)]
        documents: usize,
    },
    /// Render a 100-page document and a 30-page outgoing register.
    Outgoing,
    /// On a year of the demo office: publish a week's adjustment, print its bulletin,
    /// build the year's calendar feed and the public page; bind a 200-page gazette issue.
    Schedule,
    /// Many connections reading from a running office server while one writes.
    Server {
        #[arg(long, default_value_t = 1_000_000)]
        documents: usize,
        #[arg(long, default_value_t = 100)]
        connections: usize,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Searches over HTTP on a running office server, over a million documents with
    /// realistic summaries: common words, a word being typed, with a department or a
    /// date filter.
    Search {
        #[arg(long, default_value_t = 1_000_000)]
        documents: usize,
    },
    /// Read, check and import a year's incoming register kept in Excel.
    Import {
        #[arg(long, default_value_t = 34_747)]
        rows: u32,
    },
    /// A sitting over the office server: members voting within the same second, screens
    /// following the room until they see the published result.
    Meetings {
        #[arg(long, default_value_t = 50)]
        members: usize,
        #[arg(long, default_value_t = 100)]
        followers: usize,
    },
    /// Load a decade of directions and time the lists, counts, statistics and the
    /// deadline scan.
    Directions {
        /// Directions given per working day (the demo's pace is about 8).
        #[arg(long, default_value_t = 2000)]
        per_day: usize,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// List active users (add --all for disabled ones).
    List {
        #[arg(long)]
        all: bool,
    },
    /// Create a user with a temporary password.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// clerk, specialist, department_head, deputy_chief, chief_of_office, chairman,
        /// vice_chairman, committee_member, administrator
        #[arg(long)]
        role: String,
        /// Department code, e.g. KT
        #[arg(long)]
        department: Option<String>,
        #[arg(long, default_value = "")]
        title: String,
        /// none, mat, toi_mat, tuyet_mat
        #[arg(long, default_value = "none")]
        clearance: String,
        #[arg(long)]
        password: String,
    },
    /// Set a temporary password (the user must change it at next login); unlocks.
    ResetPassword {
        username: String,
        #[arg(long)]
        password: String,
    },
    Disable {
        username: String,
    },
    Enable {
        username: String,
    },
    /// Lift a lock-out after wrong passwords.
    Unlock {
        username: String,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match &cli.command {
        CliCommand::Serve(ServeArgs { config: Some(path), .. }) => match ServerFile::read(path) {
            Ok(config) => config,
            Err(error) => {
                let message = error.message();
                eprintln!("Lỗi: {}\nError: {}", message.vi, message.en);
                return ExitCode::FAILURE;
            }
        },
        _ => ServerFile::default(),
    };
    let data_dir = cli.data_dir.clone().or_else(|| config.data_dir.clone()).unwrap_or_else(default_data_dir);
    // Under systemd, standard error is the journal, which keeps and rotates the log.
    let _guard = if std::env::var_os("JOURNAL_STREAM").is_some() {
        vanphong::logging::init_journal();
        None
    } else {
        vanphong::logging::init(Some(&data_dir))
    };
    let cli = match cli.command {
        CliCommand::Serve(args) => Cli { command: CliCommand::Serve(config.under(args)), ..cli },
        _ => cli,
    };
    match run(cli.command, data_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = error.message();
            eprintln!("Lỗi: {}\nError: {}", message.vi, message.en);
            if matches!(error, CoreError::Database(_) | CoreError::Io(_)) {
                eprintln!("({error})");
            }
            ExitCode::FAILURE
        }
    }
}

/// The office server's settings file (`vanphong serve --config FILE`, the package's
/// `/etc/vanphong/server.toml`): what the command line can say, for a service to read.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerFile {
    pub listen: Option<SocketAddr>,
    #[serde(default)]
    pub hosts: Vec<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    pub ui_dir: Option<PathBuf>,
    pub max_file_mb: Option<u64>,
    /// Addresses besides the server itself that may read `/metrics`.
    #[serde(default)]
    pub metrics_from: Vec<std::net::IpAddr>,
    /// The folder shared with the interconnection axis gateway.
    pub exchange_dir: Option<PathBuf>,
    /// The signing folder: key files and trusted authorities.
    pub signing_dir: Option<PathBuf>,
    /// The time-stamp authority (RFC 3161 over HTTP).
    pub tsa_url: Option<String>,
    /// The certificate authorities' revocation lists, fetched every six hours.
    #[serde(default)]
    pub crl_urls: Vec<String>,
    /// Hours a recipient of a document sent over the axis may stay silent.
    pub axis_answer_hours: Option<u64>,
}

impl ServerFile {
    pub fn read(path: &std::path::Path) -> CoreResult<ServerFile> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            CoreError::invalid(
                "config",
                format!("Không đọc được tệp cấu hình {}: {e}", path.display()),
                format!("Cannot read the settings file {}: {e}", path.display()),
            )
        })?;
        let config: ServerFile = toml::from_str(&text).map_err(|e| {
            CoreError::invalid(
                "config",
                format!("Tệp cấu hình {} có lỗi: {e}", path.display()),
                format!("The settings file {} is wrong: {e}", path.display()),
            )
        })?;
        if config.tls_cert.is_some() != config.tls_key.is_some() {
            return Err(CoreError::invalid(
                "config",
                format!("Tệp cấu hình {}: cần cả tls_cert và tls_key.", path.display()),
                format!("The settings file {}: tls_cert and tls_key go together.", path.display()),
            ));
        }
        Ok(config)
    }

    /// `args` with what this file says where the command line said nothing.
    fn under(self, args: ServeArgs) -> ServeArgs {
        let (tls_cert, tls_key) = if args.tls_cert.is_some() {
            (args.tls_cert, args.tls_key)
        } else {
            (self.tls_cert, self.tls_key)
        };
        ServeArgs {
            listen: args.listen.or(self.listen),
            ui_dir: args.ui_dir.or(self.ui_dir),
            hosts: if args.hosts.is_empty() { self.hosts } else { args.hosts },
            tls_cert,
            tls_key,
            max_file_mb: args.max_file_mb.or(self.max_file_mb),
            metrics_from: if args.metrics_from.is_empty() { self.metrics_from } else { args.metrics_from },
            exchange_dir: args.exchange_dir.or(self.exchange_dir),
            signing_dir: args.signing_dir.or(self.signing_dir),
            tsa_url: args.tsa_url.or(self.tsa_url),
            crl_urls: if args.crl_urls.is_empty() { self.crl_urls } else { args.crl_urls },
            axis_answer_hours: args.axis_answer_hours.or(self.axis_answer_hours),
            ..args
        }
    }
}

/// When the database in `data_dir` is older than this program, a backup of it (and its
/// files) before the server migrates it, among the server's backups, unless a whole one
/// of that schema is there already; returns the new backup's folder.
/// A migration runs in one transaction, so a failed one leaves the database as it was;
/// this copy is for an upgrade that succeeds and is regretted.
pub fn backup_before_upgrade(
    data_dir: &std::path::Path,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<Option<PathBuf>> {
    let Some(found) = vanphong::db::upgrade_pending(data_dir)? else { return Ok(None) };
    // One copy of each older schema: a service restarted after a failed upgrade does not
    // fill the disk with copies of the same database.
    let suffix = format!("_before-upgrade-from-{found}");
    let backups = data_dir.join("backups");
    let earlier = std::fs::read_dir(&backups).into_iter().flatten().flatten().find(|entry| {
        entry.file_name().to_string_lossy().ends_with(&suffix)
            && vanphong::backup::verify(&entry.path()).is_ok_and(|verified| verified.ok())
    });
    if earlier.is_some() {
        return Ok(None);
    }
    let time = now.with_timezone(&vanphong::clock::vietnam_offset()).format("%Y-%m-%d_%H%M%S");
    let folder = backups.join(format!("{time}{suffix}"));
    vanphong::backup::create(data_dir, &folder, now)?;
    Ok(Some(folder))
}

fn open(data_dir: &std::path::Path) -> CoreResult<App> {
    App::open(data_dir, Arc::new(SystemClock))
}

fn run(command: CliCommand, data_dir: PathBuf) -> CoreResult<()> {
    match command {
        CliCommand::Init { province, admin_username, admin_name, admin_password } => {
            let app = open(&data_dir)?;
            println!("Đã tạo/mở CSDL tại {} / database ready.", data_dir.display());
            if let (Some(username), Some(full_name), Some(password), Some(province_code)) =
                (admin_username, admin_name, admin_password, province)
            {
                let request = commands::SetupRequest { username, full_name, password, province_code };
                let response = execute_as_operator::<commands::SetupCreateAdministrator>(&app, request)?;
                println!("Đã tạo quản trị {} / administrator created.", response.me.user.username);
            }
            Ok(())
        }
        CliCommand::Demo { province, documents_per_day, clock_file } => {
            let app = App::open(&data_dir, vanphong::clock::wall_or_file(clock_file))?;
            let report = crate::demo::fill(&app, province, documents_per_day)?;
            print!("{}", report.render());
            Ok(())
        }
        CliCommand::Serve(ServeArgs {
            config: _,
            listen,
            ui_dir,
            alert_interval,
            clock_file,
            hosts,
            tls_cert,
            tls_key,
            max_file_mb,
            metrics_from,
            exchange_dir,
            exchange_interval,
            signing_dir,
            tsa_url,
            crl_urls,
            axis_answer_hours,
        }) => {
            let listen = listen.unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
            let max_file_mb = max_file_mb.unwrap_or(200);
            let clock = vanphong::clock::wall_or_file(clock_file);
            if let Some(folder) = backup_before_upgrade(&data_dir, clock.now())? {
                println!(
                    "Đã sao lưu trước khi nâng cấp CSDL vào {0} / backed up before the upgrade into {0}",
                    folder.display()
                );
            }
            let app = Arc::new(App::open(&data_dir, clock)?);
            app.set_max_file(max_file_mb.max(1) * 1024 * 1024);
            if let Some(dir) = &signing_dir {
                app.set_signing_dir(dir);
            }
            if let Some(hours) = axis_answer_hours {
                app.set_answer_within_hours(hours);
            }
            if let Some(url) = &tsa_url {
                app.set_time_stamper(Some(Arc::new(vanphong_server::timestamp::HttpTimeStamper::new(url))));
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async {
                vanphong::alerts::spawn_watcher(
                    Arc::clone(&app),
                    std::time::Duration::from_secs(alert_interval.max(1)),
                );
                // A search index an upgrade rebuilt is refilled while the server answers.
                vanphong::reindex::spawn(Arc::clone(&app));
                vanphong::backup::spawn_scheduler(Arc::clone(&app), std::time::Duration::from_secs(60));
                if let Some(dir) = exchange_dir {
                    vanphong::exchange::folder::Folders::open(&dir)?;
                    vanphong::exchange::folder::spawn(
                        Arc::clone(&app),
                        dir,
                        std::time::Duration::from_secs(exchange_interval.max(1)),
                    );
                }
                if !crl_urls.is_empty() {
                    let every = std::time::Duration::from_secs(6 * 3600);
                    vanphong_server::revocation::spawn(Arc::clone(&app), crl_urls, every);
                }
                let options = vanphong_server::ServeOptions {
                    listen,
                    ui_dir: ui_dir.unwrap_or_else(vanphong_server::default_ui_dir),
                    hosts,
                    tls: tls_cert.zip(tls_key),
                    header_timeout: vanphong_server::HEADER_TIMEOUT,
                    metrics_from,
                };
                vanphong_server::serve(app, options).await
            })?;
            Ok(())
        }
        CliCommand::Calendar(command) => run_calendar(&data_dir, command),
        CliCommand::User(command) => run_user(&open(&data_dir)?, command),
        CliCommand::Backup { folder, verify: true } => {
            let verified = vanphong::backup::verify(&folder)?;
            let m = &verified.manifest;
            println!(
                "{}: {} văn bản đến, {} văn bản đi, {} tệp đính kèm / incoming, outgoing, attachments",
                folder.display(),
                m.incoming_documents,
                m.outgoing_documents,
                m.attachments.len()
            );
            if verified.ok() {
                println!("Bản sao lưu nguyên vẹn / the backup is whole.");
                Ok(())
            } else {
                for problem in &verified.problems {
                    println!("  ✗ {problem}");
                }
                Err(CoreError::conflict("Bản sao lưu bị hỏng.", "The backup is damaged."))
            }
        }
        CliCommand::Backup { folder, verify: false } => {
            let manifest = vanphong::backup::create(&data_dir, &folder, chrono::Utc::now())?;
            println!(
                "Đã sao lưu vào {} ({} tệp đính kèm) / backed up ({} attachments).",
                folder.display(),
                manifest.attachments.len(),
                manifest.attachments.len()
            );
            Ok(())
        }
        CliCommand::Restore { folder } => {
            let manifest = vanphong::backup::restore(&folder, &data_dir, chrono::Utc::now())?;
            println!(
                "Đã khôi phục bản sao lưu {} vào {}; mọi người đăng nhập lại. / restored; everyone logs in again.",
                manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
                data_dir.display()
            );
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Server { documents, connections, seconds }) => {
            print!("{}", crate::bench_server::run(documents, connections, seconds)?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Meetings { members, followers }) => {
            print!("{}", crate::bench_server::meetings(members, followers)?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Search { documents }) => {
            print!("{}", crate::bench_server::search(documents)?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Schedule) => {
            print!("{}", crate::bench::schedule()?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Outgoing) => {
            print!("{}", crate::bench::outgoing()?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Import { rows }) => {
            print!("{}", crate::bench::import(rows)?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Directions { per_day }) => {
            print!("{}", crate::bench::directions(per_day)?.render());
            Ok(())
        }
        CliCommand::Bench(BenchCommand::Incoming { documents }) => {
            print!("{}", crate::bench::incoming(documents)?.render());
            Ok(())
        }
        CliCommand::Provinces => {
            for province in vanphong::org::seed::provinces() {
                println!("{:>3}  {} ({} xã, phường)", province.code, province.name, province.commune_count);
            }
            Ok(())
        }
    }
}

/// The calendar with the administrator's overrides when the data can be opened; the
/// rules alone (said on stderr) when another instance holds it.
fn calendar_of(data_dir: &std::path::Path) -> CoreResult<vanphong::calendar::Calendar> {
    match open(data_dir) {
        Ok(app) => app.db().read(vanphong::calendar::Calendar::load),
        Err(CoreError::AlreadyRunning { .. }) => {
            eprintln!(
                "Ứng dụng đang chạy: lịch tính theo quy định, chưa gồm điều chỉnh của quản trị.\n\
                 The app is running: the calendar follows the rules, without the administrator's changes."
            );
            Ok(vanphong::calendar::Calendar::rules_only())
        }
        Err(error) => Err(error),
    }
}

fn run_calendar(data_dir: &std::path::Path, command: CalendarCommand) -> CoreResult<()> {
    let calendar = calendar_of(data_dir)?;
    match command {
        CalendarCommand::Holidays { year, json } => {
            let days: Vec<_> = calendar.special_days(year)?.into_iter().filter(|d| !d.working).collect();
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&days).map_err(|e| CoreError::BadRequest(e.to_string()))?
                );
            } else {
                const WEEKDAYS: [&str; 7] =
                    ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];
                for day in &days {
                    let weekday =
                        WEEKDAYS[chrono::Datelike::weekday(&day.date).num_days_from_monday() as usize];
                    println!("{}  {:<9} {}", day.date.format("%d/%m/%Y"), weekday, day.name.vi);
                }
                println!("{} ngày nghỉ / days off", days.len());
            }
        }
        CalendarCommand::AddWorkingDays { date, days } => {
            println!("{}", calendar.add_working_days(date, days));
        }
    }
    Ok(())
}

fn find_user(app: &App, username: &str) -> CoreResult<User> {
    let filter = UserFilter { include_disabled: true, ..UserFilter::default() };
    execute_as_operator::<commands::UserList>(app, filter)?
        .into_iter()
        .find(|u| u.username.eq_ignore_ascii_case(username.trim()))
        .ok_or(CoreError::NotFound { what: vanphong::error::Noun::User })
}

fn parse_choice<T>(field: &'static str, value: &str, parse: fn(&str) -> Option<T>) -> CoreResult<T> {
    parse(value).ok_or_else(|| {
        CoreError::invalid(field, format!("Giá trị không hợp lệ: {value}"), format!("Invalid value: {value}"))
    })
}

fn run_user(app: &App, command: UserCommand) -> CoreResult<()> {
    match command {
        UserCommand::List { all } => {
            let filter = UserFilter { include_disabled: all, ..UserFilter::default() };
            for user in execute_as_operator::<commands::UserList>(app, filter)? {
                println!(
                    "{:<16} {:<18} {:<28} {}{}",
                    user.username,
                    user.role.as_str(),
                    user.full_name,
                    user.department_name.unwrap_or_default(),
                    if user.active { "" } else { " (vô hiệu / disabled)" }
                );
            }
        }
        UserCommand::Create { username, name, role, department, title, clearance, password } => {
            let department_id = match department {
                None => None,
                Some(code) => Some(department_by_code(app, &code)?),
            };
            let profile = UserProfile {
                full_name: name,
                title,
                role: parse_choice("role", &role, Role::parse)?,
                department_id,
                clearance: parse_choice("clearance", &clearance, Clearance::parse)?,
                email: String::new(),
                phone: String::new(),
                supervised_department_ids: Vec::new(),
                supervised_fields: Vec::new(),
                agency_id: None,
            };
            let request = commands::UserCreateRequest { username, password, profile };
            let user = execute_as_operator::<commands::UserCreate>(app, request)?;
            println!("Đã tạo {} / created.", user.username);
        }
        UserCommand::ResetPassword { username, password } => {
            let id = find_user(app, &username)?.id;
            let request = commands::UserResetPasswordRequest { id, new_password: password };
            execute_as_operator::<commands::UserResetPassword>(app, request)?;
            println!("Đã đặt lại mật khẩu / password reset.");
        }
        UserCommand::Disable { username } => set_active(app, &username, false)?,
        UserCommand::Enable { username } => set_active(app, &username, true)?,
        UserCommand::Unlock { username } => {
            let id = find_user(app, &username)?.id;
            execute_as_operator::<commands::UserUnlock>(app, commands::UserRef { id })?;
            println!("Đã mở khóa / unlocked.");
        }
    }
    Ok(())
}

fn department_by_code(app: &App, code: &str) -> CoreResult<DepartmentId> {
    execute_as_operator::<commands::DepartmentList>(app, ())?
        .into_iter()
        .find(|d| d.code.eq_ignore_ascii_case(code.trim()))
        .map(|d| d.id)
        .ok_or(CoreError::NotFound { what: vanphong::error::Noun::Department })
}

fn set_active(app: &App, username: &str, active: bool) -> CoreResult<()> {
    let id = find_user(app, username)?.id;
    execute_as_operator::<commands::UserSetActive>(app, commands::UserSetActiveRequest { id, active })?;
    println!("{}", if active { "Đã kích hoạt / enabled." } else { "Đã vô hiệu hóa / disabled." });
    Ok(())
}
