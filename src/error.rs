//! Errors of the core, and their single form at the boundary.
//!
//! Inside the core every module returns [`CoreError`]. Transports (Tauri IPC, HTTP, CLI)
//! never look inside it: they turn it into an [`ApiError`], a stable machine `code` the
//! UI may branch on and a human message in Vietnamese and English.

use crate::clock::vietnam_offset;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A message for people, in both languages the product speaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Message {
    pub vi: String,
    pub en: String,
}

impl Message {
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Message { vi: vi.into(), en: en.into() }
    }
}

/// Declares the closed set of error codes once: the variant, the code the UI sees and the
/// HTTP status every transport that speaks HTTP answers with.
macro_rules! error_codes {
    ($($(#[$doc:meta])* $variant:ident = $text:literal => $status:literal,)+) => {
        /// Every code a command or a transport can fail with; the UI branches on these
        /// only (exported to TypeScript as a union of the strings).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum ErrorCode {
            $($(#[$doc])* #[serde(rename = $text)] $variant,)+
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(ErrorCode::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $(ErrorCode::$variant => $text),+ }
            }

            /// The HTTP status of an answer that fails with this code.
            pub fn http_status(self) -> u16 {
                match self { $(ErrorCode::$variant => $status),+ }
            }
        }
    };
}

error_codes! {
    AuthWrongCredentials = "auth.wrong_credentials" => 401,
    AuthThrottled = "auth.throttled" => 429,
    AuthAccountDisabled = "auth.account_disabled" => 401,
    AuthNotAuthenticated = "auth.not_authenticated" => 401,
    AuthSessionExpired = "auth.session_expired" => 401,
    AuthPasswordChangeRequired = "auth.password_change_required" => 403,
    AuthPermissionDenied = "auth.permission_denied" => 403,
    NotFound = "not_found" => 404,
    Invalid = "invalid" => 422,
    Conflict = "conflict" => 409,
    /// A registration that looks like one already in the register: send it again confirmed.
    ConfirmPossibleDuplicate = "confirm.possible_duplicate" => 409,
    /// A leader on the schedule is booked elsewhere at that time: send it again confirmed.
        ConfirmLeaderBusy = "confirm.leader_busy" => 409,
    /// Sending over the axis again to a recipient it went to already.
    ConfirmResend = "confirm.resend" => 409,
    SetupAlreadyDone = "setup.already_done" => 409,
    SetupRequired = "setup.required" => 409,
    StorageDatabaseTooNew = "storage.database_too_new" => 500,
    StorageNotADatabase = "storage.not_a_database" => 500,
    StorageDataDirNotWritable = "storage.data_dir_not_writable" => 500,
    StorageAlreadyRunning = "storage.already_running" => 500,
    StorageAttachmentDamaged = "storage.attachment_damaged" => 500,
    RequestUnknownCommand = "request.unknown_command" => 404,
    RequestMalformed = "request.malformed" => 400,
    RequestHostRefused = "request.host_refused" => 421,
    RequestOriginRefused = "request.origin_refused" => 403,
    RequestContentType = "request.content_type" => 415,
    /// A file or request body over the configured limit.
    RequestTooLarge = "request.too_large" => 413,
    Internal = "internal" => 500,
    /// A workstation cannot reach the Office's server (said by the desktop shell).
    TransportUnreachable = "transport.unreachable" => 502,
    /// The server's certificate does not chain to the system's trust store or the Office's
    /// CA file.
    TransportUntrusted = "transport.untrusted" => 502,
    /// The server shows another certificate than the one this workstation trusted before:
    /// refused until someone accepts the new one explicitly.
    TransportCertificateChanged = "transport.certificate_changed" => 502,
}

impl ErrorCode {
    /// Codes that ask the person to confirm and send the request again.
    pub fn is_confirmation(self) -> bool {
        self.as_str().starts_with("confirm.")
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What every transport returns when a command fails (read back by a workstation from
/// the Office's server).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ApiError {
    /// Stable identifier such as `auth.throttled`; the UI branches on this only.
    pub code: ErrorCode,
    pub message: Message,
    /// The request field at fault, for validation errors.
    pub field: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} / {}", self.message.vi, self.message.en)
    }
}

impl std::error::Error for ApiError {}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("wrong username or password")]
    WrongCredentials,
    #[error("too many attempts")]
    TooManyAttempts { until: DateTime<Utc> },
    #[error("account disabled")]
    AccountDisabled,
    #[error("not logged in")]
    NotAuthenticated,
    #[error("session expired")]
    SessionExpired,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("permission denied for {action}")]
    PermissionDenied { action: &'static str },
    #[error("{what} not found")]
    NotFound { what: Noun },
    #[error("invalid {field}: {en}")]
    Invalid { field: &'static str, vi: String, en: String },
    #[error("conflict: {en}")]
    Conflict { vi: String, en: String },
    /// The request is valid but needs the person to confirm a warning first (and send it
    /// again with the confirmation set), e.g. a likely duplicate registration. Its code is
    /// one of the `confirm.` codes.
    #[error("needs confirmation: {en}")]
    NeedsConfirmation { code: ErrorCode, vi: String, en: String },
    #[error("setup already done")]
    SetupAlreadyDone,
    #[error("setup not done")]
    SetupRequired,
    #[error("database at {path} has schema version {found}, this program knows up to {supported}")]
    DatabaseTooNew { path: String, found: i64, supported: i64 },
    #[error("{path} is not a vanphong database")]
    NotADatabase { path: String },
    #[error("data directory {path} is not writable: {source}")]
    DataDirNotWritable { path: String, source: std::io::Error },
    #[error("another vanphong is using {path}")]
    AlreadyRunning { path: String },
    #[error("file over {limit} bytes")]
    FileTooLarge { limit: u64 },
    #[error("attachment {sha256} is damaged or missing")]
    AttachmentDamaged { sha256: String },
    #[error("unknown command {0}")]
    UnknownCommand(String),
    #[error("malformed request: {0}")]
    BadRequest(String),
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
}

/// Things that can be missing, named in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Noun {
    User,
    Department,
    Agency,
    Session,
    Attachment,
    Province,
    Register,
    IncomingDocument,
    RoutingRule,
    OutgoingDocument,
    ApprovalPath,
    Direction,
    Extension,
    Alert,
    Meeting,
    AgendaItem,
    Poll,
    ScheduleEntry,
    SchedulePublication,
    Delegation,
    GazetteIssue,
    ProgrammeItem,
    Workstation,
    ExchangeMessage,
}

impl Noun {
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Noun::User => ("Người dùng", "User"),
            Noun::Department => ("Phòng, đơn vị", "Department"),
            Noun::Agency => ("Cơ quan", "Agency"),
            Noun::Session => ("Phiên đăng nhập", "Session"),
            Noun::Attachment => ("Tệp đính kèm", "Attachment"),
            Noun::Province => ("Tỉnh, thành phố", "Province"),
            Noun::Register => ("Sổ đăng ký", "Register"),
            Noun::IncomingDocument => ("Văn bản đến", "Incoming document"),
            Noun::RoutingRule => ("Quy tắc phân luồng", "Routing rule"),
            Noun::OutgoingDocument => ("Văn bản đi", "Outgoing document"),
            Noun::ApprovalPath => ("Quy trình duyệt", "Approval path"),
            Noun::Direction => ("Nhiệm vụ", "Direction"),
            Noun::Extension => ("Đề nghị gia hạn", "Extension request"),
            Noun::Alert => ("Thông báo nhắc hạn", "Alert"),
            Noun::Meeting => ("Cuộc họp", "Meeting"),
            Noun::AgendaItem => ("Nội dung họp", "Agenda item"),
            Noun::Poll => ("Biểu quyết", "Vote"),
            Noun::ScheduleEntry => ("Lịch công tác", "Schedule entry"),
            Noun::SchedulePublication => ("Lịch đã công bố", "Published schedule"),
            Noun::Delegation => ("Đoàn công tác", "Delegation"),
            Noun::GazetteIssue => ("Số Công báo", "Gazette issue"),
            Noun::ProgrammeItem => ("Nội dung chương trình công tác", "Work programme item"),
            Noun::Workstation => ("Máy trạm", "Workstation"),
            Noun::ExchangeMessage => ("Gói tin liên thông", "Interconnection message"),
        }
    }
}

impl std::fmt::Display for Noun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.names().1)
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

impl CoreError {
    pub fn invalid(field: &'static str, vi: impl Into<String>, en: impl Into<String>) -> Self {
        CoreError::Invalid { field, vi: vi.into(), en: en.into() }
    }

    pub fn conflict(vi: impl Into<String>, en: impl Into<String>) -> Self {
        CoreError::Conflict { vi: vi.into(), en: en.into() }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::WrongCredentials => ErrorCode::AuthWrongCredentials,
            CoreError::TooManyAttempts { .. } => ErrorCode::AuthThrottled,
            CoreError::AccountDisabled => ErrorCode::AuthAccountDisabled,
            CoreError::NotAuthenticated => ErrorCode::AuthNotAuthenticated,
            CoreError::SessionExpired => ErrorCode::AuthSessionExpired,
            CoreError::PasswordChangeRequired => ErrorCode::AuthPasswordChangeRequired,
            CoreError::PermissionDenied { .. } => ErrorCode::AuthPermissionDenied,
            CoreError::NotFound { .. } => ErrorCode::NotFound,
            CoreError::Invalid { .. } => ErrorCode::Invalid,
            CoreError::Conflict { .. } => ErrorCode::Conflict,
            CoreError::NeedsConfirmation { code, .. } => *code,
            CoreError::SetupAlreadyDone => ErrorCode::SetupAlreadyDone,
            CoreError::SetupRequired => ErrorCode::SetupRequired,
            CoreError::DatabaseTooNew { .. } => ErrorCode::StorageDatabaseTooNew,
            CoreError::NotADatabase { .. } => ErrorCode::StorageNotADatabase,
            CoreError::DataDirNotWritable { .. } => ErrorCode::StorageDataDirNotWritable,
            CoreError::AlreadyRunning { .. } => ErrorCode::StorageAlreadyRunning,
            CoreError::AttachmentDamaged { .. } => ErrorCode::StorageAttachmentDamaged,
            CoreError::FileTooLarge { .. } => ErrorCode::RequestTooLarge,
            CoreError::UnknownCommand(_) => ErrorCode::RequestUnknownCommand,
            CoreError::BadRequest(_) => ErrorCode::RequestMalformed,
            CoreError::Database(_) | CoreError::Io(_) => ErrorCode::Internal,
        }
    }

    pub fn message(&self) -> Message {
        match self {
            CoreError::WrongCredentials => {
                Message::new("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password.")
            }
            CoreError::TooManyAttempts { until } => {
                let local = until.with_timezone(&vietnam_offset()).format("%H:%M:%S");
                Message::new(
                    format!("Đăng nhập sai nhiều lần. Vui lòng chờ đến {local} rồi thử lại."),
                    format!("Too many failed logins. Please wait until {local} and try again."),
                )
            }
            CoreError::AccountDisabled => Message::new(
                "Tài khoản đã bị vô hiệu hóa. Liên hệ quản trị hệ thống.",
                "This account is disabled. Contact the administrator.",
            ),
            CoreError::NotAuthenticated => Message::new("Bạn cần đăng nhập.", "You need to log in."),
            CoreError::SessionExpired => Message::new(
                "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
                "Your session has expired. Please log in again.",
            ),
            CoreError::PasswordChangeRequired => Message::new(
                "Bạn cần đổi mật khẩu tạm thời trước khi tiếp tục.",
                "You need to change your temporary password before going on.",
            ),
            CoreError::PermissionDenied { .. } => {
                Message::new("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this.")
            }
            CoreError::NotFound { what } => {
                let (vi, en) = what.names();
                Message::new(format!("{vi} không tồn tại."), format!("{en} not found."))
            }
            CoreError::Invalid { vi, en, .. }
            | CoreError::Conflict { vi, en }
            | CoreError::NeedsConfirmation { vi, en, .. } => Message::new(vi.clone(), en.clone()),
            CoreError::SetupAlreadyDone => {
                Message::new("Hệ thống đã được khởi tạo.", "The system has already been set up.")
            }
            CoreError::SetupRequired => Message::new(
                "Hệ thống chưa có tài khoản quản trị. Hãy tạo tài khoản quản trị trước.",
                "The system has no administrator yet. Create the administrator account first.",
            ),
            CoreError::DatabaseTooNew { path, found, supported } => Message::new(
                format!(
                    "Cơ sở dữ liệu {path} được tạo bởi phiên bản mới hơn (lược đồ {found}, \
                     phiên bản này hỗ trợ đến {supported}). Hãy cập nhật phần mềm; dữ liệu \
                     không bị thay đổi."
                ),
                format!(
                    "The database {path} was made by a newer version (schema {found}, this \
                     version supports up to {supported}). Update the program; the data was \
                     not changed."
                ),
            ),
            CoreError::NotADatabase { path } => Message::new(
                format!("Tệp {path} không phải là cơ sở dữ liệu hợp lệ. Tệp được giữ nguyên."),
                format!("The file {path} is not a valid database. It was left untouched."),
            ),
            CoreError::DataDirNotWritable { path, .. } => Message::new(
                format!("Không ghi được vào thư mục dữ liệu {path}. Kiểm tra quyền ghi."),
                format!("Cannot write to the data directory {path}. Check its permissions."),
            ),
            CoreError::AlreadyRunning { path } => Message::new(
                format!(
                    "Một phiên bản Văn phòng số khác đang dùng dữ liệu tại {path}. Hãy đóng \
                     phiên bản đó trước."
                ),
                format!("Another Văn phòng số is using the data at {path}. Close it first."),
            ),
            CoreError::FileTooLarge { limit } => {
                let megabytes = limit / (1024 * 1024);
                Message::new(
                    format!("Tệp quá lớn: tối đa {megabytes} MB."),
                    format!("The file is too large: {megabytes} MB at most."),
                )
            }
            CoreError::AttachmentDamaged { .. } => Message::new(
                "Tệp đính kèm bị hỏng hoặc bị thiếu trong kho lưu trữ.",
                "The attachment is damaged or missing from the store.",
            ),
            CoreError::UnknownCommand(name) => {
                Message::new(format!("Lệnh không tồn tại: {name}."), format!("Unknown command: {name}."))
            }
            CoreError::BadRequest(detail) => Message::new(
                format!("Yêu cầu không hợp lệ: {detail}"),
                format!("Malformed request: {detail}"),
            ),
            CoreError::Database(_) | CoreError::Io(_) => Message::new(
                "Lỗi hệ thống khi đọc/ghi dữ liệu. Không có thay đổi nào được lưu.",
                "System error while reading or writing data. No change was saved.",
            ),
        }
    }

    pub fn to_api(&self) -> ApiError {
        let field = match self {
            CoreError::Invalid { field, .. } => Some((*field).to_string()),
            _ => None,
        };
        ApiError { code: self.code(), message: self.message(), field }
    }
}

impl From<CoreError> for ApiError {
    fn from(error: CoreError) -> Self {
        if matches!(error, CoreError::Database(_) | CoreError::Io(_)) {
            tracing::error!(%error, "internal error");
        }
        error.to_api()
    }
}
