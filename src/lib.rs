//! # vanphong — the core of Văn phòng số
//!
//! Document management and executive control for the Office of a provincial People's
//! Committee (Văn phòng UBND tỉnh). This crate holds every model and rule of the product
//! and the single command layer that all transports call:
//!
//! - [`commands`]: every operation as a typed command (`user_create`, `agency_list` …),
//!   with its permission check; [`commands::dispatch`] is the JSON entry point used by
//!   the Tauri shell, the HTTP server and the browser tests alike.
//! - [`org`]: departments, users and roles, the agency directory.
//! - [`auth`], [`permission`]: sessions, passwords, lock-out; the role → action table.
//! - [`db`]: SQLite storage with append-only migrations; [`audit`]: the append-only log
//!   every write goes through; [`events`]: the domain event stream.
//!
//! The crate never depends on Tauri, HTTP or the command line: the desktop shell
//! (`src-tauri/`) and the office server (`server/`) are thin transports over
//! [`commands::dispatch`]; the `vanphong` command, the demo office and the benchmarks
//! live in `tools/`.

pub mod alerts;
pub mod app;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod autosave;
pub mod backup;
pub mod ballot;
pub mod calendar;
pub mod clock;
pub mod commands;
pub mod db;
pub mod directions;
pub mod doctype;
pub mod error;
pub mod events;
pub mod exchange;
pub mod fold;
pub mod gazette;
pub mod incoming;
pub mod logging;
pub mod meetings;
pub mod org;
pub mod outgoing;
pub mod pdf;
pub mod permission;
pub mod register;
pub mod reindex;
pub mod rooms;
pub mod schedule;
pub mod search;
pub mod secrecy;
pub mod settings;
pub mod setup;
pub mod signature;
pub mod throttle;
pub mod vocabulary;
pub mod xlsx;

pub use app::App;
pub use error::{ApiError, CoreError, CoreResult};
