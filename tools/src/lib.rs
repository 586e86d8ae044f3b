//! # vanphong-tools — the `vanphong` command, the demo office and the benchmarks
//!
//! Everything here stands above the core and the server and is used by people who run
//! an Office's server or develop the product, never by the core itself:
//!
//! - [`cli`]: the `vanphong` command (`serve`, `demo`, administration, `bench`);
//! - [`demo`]: a demo office with a year of realistic work, for trying the product and
//!   for the tests;
//! - [`bench`], [`bench_server`]: measurements at an Office's scale, printed beside
//!   their goals (`scripts/bench`).

pub mod bench;
pub mod bench_server;
pub mod cli;
pub mod demo;
mod demo_directions;
mod demo_exchange;
mod demo_incoming;
mod demo_meetings;
mod demo_outgoing;
mod demo_schedule;
pub mod demo_signing;
mod demo_text;
