//! The domain event stream: "something happened to object X". Every audited write
//! publishes one event per audit entry after its transaction commits. Transports forward
//! the stream to the UI (Tauri events in the desktop app, server-sent events over HTTP).

use crate::vocabulary::{ObjectKind, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
///
/// It carries no number of its own: a counter shared by every object would let whoever
/// follows the stream count, by its gaps, the activity they may not see.
pub struct DomainEvent {
    pub at: DateTime<Utc>,
    /// The command that caused it, e.g. `user_create`.
    pub action: String,
    /// The client marks a resynchronisation after a cut with `'*'` (every kind).
    #[ts(type = "ObjectKind | '*'")]
    pub object_type: ObjectKind,
    #[ts(type = "number | null")]
    pub object_id: Option<i64>,
    pub actor_id: Option<UserId>,
}

/// Fan-out of events to any number of subscribers. A slow subscriber that falls more
/// than the buffer behind misses events (and is told so by `broadcast`); the durable
/// record is the audit log.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<DomainEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        EventBus { sender: broadcast::channel(1024).0 }
    }
}

impl EventBus {
    pub fn publish(&self, event: DomainEvent) {
        // No subscriber is not an error: the CLI has none.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> Subscription {
        Subscription(self.sender.subscribe())
    }
}

/// One listener's view of the stream.
pub struct Subscription(broadcast::Receiver<DomainEvent>);

impl Subscription {
    /// The next event, waiting for it; `None` once the app has shut down. A listener that
    /// fell behind skips what it missed and goes on.
    pub async fn next(&mut self) -> Option<DomainEvent> {
        loop {
            match self.0.recv().await {
                Ok(event) => return Some(event),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "event listener fell behind");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }

    /// The next event if one is waiting, without waiting; `None` when there is none (or
    /// the app has shut down). For gathering what one write published together.
    pub fn try_next(&mut self) -> Option<DomainEvent> {
        loop {
            match self.0.try_recv() {
                Ok(event) => return Some(event),
                Err(broadcast::error::TryRecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "event listener fell behind");
                }
                Err(_) => return None,
            }
        }
    }

    /// As [`Subscription::next`], for a plain thread.
    pub fn blocking_next(&mut self) -> Option<DomainEvent> {
        loop {
            match self.0.blocking_recv() {
                Ok(event) => return Some(event),
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "event listener fell behind");
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}
