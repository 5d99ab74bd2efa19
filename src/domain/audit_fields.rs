//! What views ask of an audit event (`domain::audit`): one trait that each event's
//! struct answers for itself, apart from the events so that the files holding some of
//! them (`route_audit`, `order_audit`) and `audit` itself share it without importing
//! each other.

/// What views ask of an event; each event's struct answers for itself (the defaults:
/// no channel, not a success, nothing shown, no free text).
pub trait Fields {
    /// The channel the event is about (`""` for the instance's own events).
    fn channel(&self) -> &str {
        ""
    }

    /// Whether it says something went well, for the colour views give it.
    fn ok(&self) -> bool {
        false
    }

    /// What happened, in a few English words, for the events an operator cares about
    /// (`None` for bookkeeping such as start, trigger and action_start).
    fn describe(&self) -> Option<String> {
        None
    }

    /// Every free-text field, for the sanitiser (names, errors and output come from the
    /// config, the network and child processes); [`Fields::strings`] in the same order.
    fn strings_mut(&mut self) -> Vec<&mut String> {
        Vec::new()
    }

    fn strings(&self) -> Vec<&str> {
        Vec::new()
    }
}
