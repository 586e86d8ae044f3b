//! The core's integration tests: one binary, everything through the command layer the
//! UI uses (`commands::dispatch` with JSON), on a clock the tests set.

mod backup;
mod bindings;
mod commands;
mod directions;
mod directory;
mod exchange;
mod files;
mod gazette;
mod http;
mod import;
mod incoming;
mod layers;
mod limits;
mod meetings;
mod outgoing;
mod permissions;
mod plans;
mod printing;
mod probe;
mod programme;
mod records;
mod reindex;
mod remote;
mod schedule;
mod search;
mod secrecy;
mod server;
mod sessions;
mod signatures;
mod storage;
mod support;
