//! A server-sent events reader: bytes in as they arrive, whole events out (the
//! `text/event-stream` format: `field: value` lines, a blank line ends an event, lines
//! starting with `:` are comments).

/// One event.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SseEvent {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

/// Keeps what an unfinished line or event has so far.
#[derive(Debug, Default)]
pub struct Parser {
    line: Vec<u8>,
    ev: SseEvent,
    has_data: bool,
}

/// A line longer than this is cut (an event stream of a switchboard never sends one).
const MAX_LINE: usize = 1 << 20;

impl Parser {
    /// The events `chunk` completes.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<SseEvent> {
        let mut out = Vec::new();
        for &b in chunk {
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                let line = String::from_utf8_lossy(&line);
                self.line_done(line.trim_end_matches('\r'), &mut out);
            } else if self.line.len() < MAX_LINE {
                self.line.push(b);
            }
        }
        out
    }

    fn line_done(&mut self, line: &str, out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            let ev = std::mem::take(&mut self.ev);
            if self.has_data {
                out.push(SseEvent {
                    event: if ev.event.is_empty() {
                        "message".into()
                    } else {
                        ev.event
                    },
                    ..ev
                });
            }
            self.has_data = false;
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = line.split_once(':').unwrap_or((line, ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "id" => self.ev.id = Some(value.to_string()),
            "event" => self.ev.event = value.to_string(),
            "data" => {
                if self.has_data {
                    self.ev.data.push('\n');
                }
                self.ev.data.push_str(value);
                self.has_data = true;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_whole_across_chunks_and_comments_are_skipped() {
        let mut p = Parser::default();
        let text = ": hello\nretry: 1000\n\nid: r-1\nevent: audit\ndata: {\"a\":\ndata: 1}\n\nid: r-2\r\nevent: change\r\ndata: x\r\n\r\n";
        let mut got = Vec::new();
        for piece in text.as_bytes().chunks(5) {
            got.extend(p.feed(piece));
        }
        assert_eq!(
            got,
            [
                SseEvent {
                    id: Some("r-1".into()),
                    event: "audit".into(),
                    data: "{\"a\":\n1}".into()
                },
                SseEvent {
                    id: Some("r-2".into()),
                    event: "change".into(),
                    data: "x".into()
                },
            ]
        );
    }
}
