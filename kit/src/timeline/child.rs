//! Spans recorded in child processes, drawn on the parent's timeline.
//!
//! A process cannot read another's [`Instant`]s, so the parent hands its children
//! its origin as wall-clock time, in an environment variable, and each child records
//! against that same origin. The child prints its spans on its standard output, one
//! line each, marked so the parent can take them out before it reads the rest:
//!
//! - parent: `Command::new(..).envs(child::env())` when it starts a child, and
//!   `child::absorb("process 2", &output)` on what the child printed;
//! - child: `child::recording(|| work())` around the work to draw.
//!
//! When the parent has no timeline installed, `env()` is empty, the child records
//! nothing and prints no extra line, and `absorb` returns the output unchanged.

use super::{Record, Span, Timeline, current};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The variable that carries the parent's origin: nanoseconds since the Unix epoch.
pub const ORIGIN_VAR: &str = "KIT_TIMELINE_ORIGIN_NS";

/// How a span line starts: a tab cannot appear in JSON text outside a string, nor in
/// an escaped field, so no other output line can be mistaken for one.
const MARK: &str = "kit-timeline-span\t";

/// The environment a child needs to record on the current timeline: pass it to
/// [`std::process::Command::envs`]. Empty when no timeline is installed.
pub fn env() -> Vec<(&'static str, String)> {
    let Some(timeline) = current() else {
        return Vec::new();
    };
    let since_epoch = timeline
        .shared
        .origin_wall
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    vec![(ORIGIN_VAR, since_epoch.as_nanos().to_string())]
}

/// In a child: if the parent passed its origin, runs `work` with a timeline on that
/// origin installed, then prints the spans it recorded to standard output. Otherwise
/// just runs `work`.
pub fn recording<T>(work: impl FnOnce() -> T) -> T {
    let Some(timeline) = from_parent() else {
        return work();
    };
    let result = {
        let _installed = timeline.install();
        work()
    };
    print!("{}", to_lines(&timeline.spans()));
    result
}

/// A timeline sharing the parent's origin, if the parent passed one.
fn from_parent() -> Option<Timeline> {
    let nanos: u64 = std::env::var(ORIGIN_VAR).ok()?.parse().ok()?;
    let origin_wall = UNIX_EPOCH + Duration::from_nanos(nanos);
    // How long ago the parent's origin was, on the wall clock, carried over to this
    // process's monotonic clock.
    let now = Instant::now();
    let ago = SystemTime::now()
        .duration_since(origin_wall)
        .unwrap_or_default();
    let origin = now.checked_sub(ago).unwrap_or(now);
    Some(Timeline::starting_at(origin, origin_wall))
}

/// In the parent: takes the span lines out of a child's `output`, records them on the
/// current timeline (if any), and returns the rest of the output as it was.
///
/// The child's spans go on lane `lane`; a child that used several lanes (threads of
/// its own) gets one lane per child lane, named `"{lane}, {child lane}"`.
pub fn absorb(lane: &str, output: &str) -> String {
    absorb_into(current().as_ref(), lane, output)
}

fn absorb_into(timeline: Option<&Timeline>, lane: &str, output: &str) -> String {
    let mut rest = String::with_capacity(output.len());
    let mut spans = Vec::new();
    for line in output.split_inclusive('\n') {
        match parse_line(line) {
            Some(span) => spans.push(span),
            None => rest.push_str(line),
        }
    }
    if let Some(timeline) = timeline {
        let mut child_lanes = Record::default();
        for span in &spans {
            child_lanes.see(&span.lane);
        }
        let one_lane = child_lanes.lanes.len() == 1;
        for mut span in spans {
            span.lane = if one_lane {
                lane.to_owned()
            } else {
                format!("{lane}, {}", span.lane)
            };
            timeline.record_span(span);
        }
    }
    rest
}

/// Spans as marked lines: lane, label, kind, start and end in nanoseconds.
fn to_lines(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|span| {
            format!(
                "{MARK}{}\t{}\t{}\t{}\t{}\n",
                escape(&span.lane),
                escape(&span.label),
                escape(&span.kind),
                span.start.as_nanos(),
                span.end.as_nanos()
            )
        })
        .collect()
}

fn parse_line(line: &str) -> Option<Span> {
    let fields = line.strip_prefix(MARK)?.trim_end_matches(['\r', '\n']);
    let fields: Vec<&str> = fields.split('\t').collect();
    let [lane, label, kind, start, end] = fields[..] else {
        return None;
    };
    Some(Span {
        lane: unescape(lane),
        label: unescape(label),
        kind: unescape(kind),
        start: Duration::from_nanos(start.parse().ok()?),
        end: Duration::from_nanos(end.parse().ok()?),
    })
}

/// Keeps a field on its line and between its tabs.
fn escape(field: &str) -> String {
    field
        .replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(field: &str) -> String {
    let mut text = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => text.push('\t'),
            Some('n') => text.push('\n'),
            Some('r') => text.push('\r'),
            Some(other) => text.push(other),
            None => text.push('\\'),
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: &str, label: &str, start_ms: u64) -> Span {
        Span {
            lane: lane.to_owned(),
            label: label.to_owned(),
            kind: "200".to_owned(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(start_ms + 250),
        }
    }

    #[test]
    fn spans_survive_the_trip_through_lines() {
        let spans = vec![
            span("main", "/delay/300/status/200", 0),
            span("thread 2", "odd\tlabel\\with\nbreaks", 1_500),
        ];
        let text = to_lines(&spans);
        assert_eq!(text.lines().count(), 2);
        let back: Vec<Span> = text.lines().filter_map(parse_line).collect();
        assert_eq!(back, spans);
    }

    #[test]
    fn other_output_is_not_a_span() {
        assert_eq!(parse_line("{\"200\":3}\n"), None);
        assert_eq!(parse_line("kit-timeline-span\tonly\ttwo\n"), None);
        assert_eq!(
            parse_line("kit-timeline-span\ta\tb\tc\tsoon\tlater\n"),
            None
        );
    }

    #[test]
    fn absorb_takes_the_spans_out_and_returns_the_rest_unchanged() {
        let timeline = Timeline::new();
        let output = format!(
            "{}{{\"200\":3}}\n",
            to_lines(&[
                span("main", "/status/200", 0),
                span("main", "/status/404", 300)
            ])
        );
        assert_eq!(
            absorb_into(Some(&timeline), "process 1", &output),
            "{\"200\":3}\n"
        );
        assert_eq!(
            absorb_into(Some(&timeline), "process 2", "plain\n"),
            "plain\n"
        );
        let lanes: Vec<String> = timeline.spans().into_iter().map(|s| s.lane).collect();
        assert_eq!(lanes, ["process 1", "process 1"]);
    }

    #[test]
    fn a_child_with_several_lanes_keeps_them_apart() {
        let timeline = Timeline::new();
        let output = to_lines(&[span("thread 1", "a", 0), span("thread 2", "b", 0)]);
        assert_eq!(absorb_into(Some(&timeline), "process 3", &output), "");
        let lanes: Vec<String> = timeline.spans().into_iter().map(|s| s.lane).collect();
        assert_eq!(lanes, ["process 3, thread 1", "process 3, thread 2"]);
    }
}
