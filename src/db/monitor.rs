//! Store operations for monitoring: the inbox of events and what the last check saw.

use super::{inbox_events, monitor_state, Store};
use crate::error::{Error, Result};
use crate::model::*;
use uuid::Uuid;

impl Store {
    /// The events awaiting a decision (open or assigned), newest first; every event with `all`.
    pub fn inbox(&self, all: bool) -> Result<Vec<InboxEvent>> {
        inbox_events::list(&self.conn, all)
    }

    /// The events raised at or after `since` (RFC 3339 or a date), oldest first.
    pub fn inbox_since(&self, since: &str) -> Result<Vec<InboxEvent>> {
        inbox_events::since(&self.conn, since)
    }

    /// One event, whatever its status.
    pub fn inbox_event(&self, id: Uuid) -> Result<InboxEvent> {
        inbox_events::get(&self.conn, id)
    }

    /// Stores a decision on an event. An event already acknowledged is not decided again
    /// (`Error::Conflict`, naming who acknowledged it).
    pub fn decide_event(&mut self, e: &InboxEvent) -> Result<()> {
        let tx = self.conn.transaction()?;
        let stored = inbox_events::get(&tx, e.id)?;
        if stored.status == EventStatus::Acknowledged {
            return Err(Error::Conflict(format!(
                "the event \"{}\" was already acknowledged by {}",
                stored.title,
                stored.decided_by.as_deref().unwrap_or("someone")
            )));
        }
        inbox_events::decide(&tx, e)?;
        tx.commit()?;
        Ok(())
    }

    /// What the last check saw of `what` ("band", "verdict"), by subject id.
    pub fn monitor_seen(&self, what: &str) -> Result<std::collections::HashMap<String, String>> {
        monitor_state::seen(&self.conn, what)
    }

    /// Records a check: what is seen now (`what`, subject, value) and the events it raises, in
    /// one transaction.
    pub fn record_check(
        &mut self,
        seen: &[(&str, String, String)],
        events: &[InboxEvent],
        at: Timestamp,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        for (what, subject, value) in seen {
            monitor_state::set(&tx, what, subject, value, at)?;
        }
        for e in events {
            inbox_events::insert(&tx, e)?;
        }
        tx.commit()?;
        Ok(())
    }
}
