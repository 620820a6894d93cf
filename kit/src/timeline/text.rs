//! A timeline drawn in text, for a failing check's message: one row per lane, a bar per
//! span. It fits in 80 columns and reads without colour, so the shape of a run shows in
//! any terminal: twelve bars in a staircase, or twelve bars side by side.
//!
//! The axis is the order of events, not a clock: each step to the right is the next
//! start or end of some span. A run whose first request waited five seconds and whose
//! other eleven took a millisecond each would, drawn to scale, squeeze those eleven into
//! one column; in order, every bar shows, and what overlapped what is exact.
//!
//! ```text
//! connection 1  [====
//! connection 2       [====
//! connection 3            [====
//!               in order of events (not to scale); 5033 ms in all
//! ```

use super::{ABANDONED, Span, WAITING};
use std::time::Duration;

/// The widest drawing, in columns.
pub const WIDTH: usize = 80;

/// The label of the row that counts what ran at once.
const AT_ONCE: &str = "at once";

/// Rows drawn at most; a run with more lanes says how many it left out.
const MOST_ROWS: usize = 12;

/// Draws `spans` with one row per lane, in the order lanes first appear. A span drawn
/// with `x` ended without an answer (its kind is [`ABANDONED`]); one drawn with `.` was
/// waiting for its turn ([`WAITING`]). Under the bars, a row counts the spans running
/// at each moment (waiting ones aside): requests in flight, polls, locks held.
pub fn draw(spans: &[Span]) -> String {
    let Some(end) = spans.iter().map(|span| span.end).max() else {
        return "  (nothing was recorded)\n".to_string();
    };
    // Lanes in the order they began their first span (spans are recorded as they end).
    let mut lanes: Vec<(&str, Duration)> = Vec::new();
    for span in spans {
        match lanes.iter_mut().find(|(lane, _)| *lane == span.lane) {
            Some((_, first)) => *first = (*first).min(span.start),
            None => lanes.push((&span.lane, span.start)),
        }
    }
    // Lanes that begin together keep their numbers' order: `fetch 2` after `fetch 1`,
    // `connection 10` after `connection 9`.
    lanes.sort_by_key(|(lane, first)| (*first, numbered(lane)));
    let lanes: Vec<&str> = lanes.into_iter().map(|(lane, _)| lane).collect();
    let label_width = lanes
        .iter()
        .map(|lane| lane.chars().count())
        .chain([AT_ONCE.len()])
        .max()
        .unwrap_or(0)
        .min(24);
    let columns = WIDTH - label_width - 4;
    let mut instants: Vec<Duration> = spans.iter().flat_map(|s| [s.start, s.end]).collect();
    instants.sort();
    instants.dedup();
    let steps = (instants.len() - 1).max(1);
    let column_of = |at: Duration| -> usize {
        let rank = instants.partition_point(|instant| *instant < at);
        rank * (columns - 1) / steps
    };

    let mut out = String::new();
    for lane in lanes.iter().take(MOST_ROWS) {
        let mut row = vec![' '; columns];
        for span in spans.iter().filter(|span| span.lane == *lane) {
            let (first, last) = (column_of(span.start), column_of(span.end));
            let fill = match span.kind.as_str() {
                ABANDONED => 'x',
                WAITING => '.',
                _ => '=',
            };
            for cell in &mut row[first..=last] {
                *cell = fill;
            }
            // A bracket at each start, so that bars that touch still count one by one.
            row[first] = '[';
        }
        let name: String = lane.chars().take(label_width).collect();
        let row: String = row.into_iter().collect();
        out.push_str(&format!("  {name:<label_width$}  {}\n", row.trim_end()));
    }
    if lanes.len() > MOST_ROWS {
        out.push_str(&format!(
            "  {:<label_width$}  ... and {} more rows like these\n",
            "",
            lanes.len() - MOST_ROWS
        ));
    }
    // How many spans run just after each instant; a column shows the busiest instant
    // it holds, and a column without one the count that holds since the last.
    let mut busiest: Vec<Option<usize>> = vec![None; columns];
    let mut holding = vec![None; columns];
    for instant in &instants {
        let running = spans
            .iter()
            .filter(|span| span.kind != WAITING)
            .filter(|span| span.start <= *instant && *instant < span.end)
            .count();
        let column = column_of(*instant);
        busiest[column] = Some(busiest[column].unwrap_or(0).max(running));
        holding[column] = Some(running);
    }
    let mut carried = 0;
    for (most, held) in busiest.iter_mut().zip(&holding) {
        let shown = most.unwrap_or(carried);
        carried = held.unwrap_or(carried);
        *most = Some(shown);
    }
    let busiest: Vec<usize> = busiest.into_iter().flatten().collect();
    let counts: String = busiest
        .iter()
        .map(|&n| match n {
            0 => ' ',
            1..=9 => char::from_digit(n as u32, 10).unwrap_or('+'),
            _ => '+',
        })
        .collect();
    out.push_str(&format!(
        "  {:<label_width$}  {}\n",
        AT_ONCE,
        counts.trim_end()
    ));
    // Under a paused clock (tokio's test clock) a run takes no real time at all.
    let took = match end.as_millis() {
        0 => String::new(),
        millis => format!(", {millis} ms in all"),
    };
    out.push_str(&format!(
        "  {:<label_width$}  events in order (not to scale){took}; peak {}\n",
        "",
        peak(spans)
    ));
    out
}

/// A lane's name as a key that orders `task 9` before `task 10`.
fn numbered(lane: &str) -> (&str, u64) {
    let prefix = lane.trim_end_matches(|c: char| c.is_ascii_digit());
    (prefix, lane[prefix.len()..].parse().unwrap_or(0))
}

/// How many spans were running at once at the busiest moment (waiting ones aside).
pub fn peak(spans: &[Span]) -> usize {
    let mut edges: Vec<(Duration, i32)> = spans
        .iter()
        .filter(|span| span.kind != WAITING)
        .flat_map(|span| [(span.start, 1), (span.end, -1)])
        .collect();
    // At the same instant an end comes before a start: touching bars do not overlap.
    edges.sort();
    let mut now = 0;
    let mut most = 0;
    for (_, step) in edges {
        now += step;
        most = most.max(now);
    }
    most as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(lane: &str, start: u64, end: u64, kind: &str) -> Span {
        Span {
            lane: lane.into(),
            label: String::new(),
            kind: kind.into(),
            start: Duration::from_millis(start),
            end: Duration::from_millis(end),
        }
    }

    #[test]
    fn one_after_another_is_a_row_of_bars() {
        let spans: Vec<Span> = (0..4)
            .map(|i| span("connection 1", i * 100, i * 100 + 100, "200"))
            .collect();
        let drawing = draw(&spans);
        let row = drawing.lines().next().unwrap();
        assert_eq!(row.matches('[').count(), 4, "{drawing}");
        assert!(
            drawing.contains("0 ms") && drawing.contains("400 ms"),
            "{drawing}"
        );
        assert!(
            drawing.lines().all(|line| line.chars().count() <= WIDTH),
            "{drawing}"
        );
        assert_eq!(peak(&spans), 1);
    }

    #[test]
    fn side_by_side_is_a_column_of_bars_and_a_missing_answer_is_crossed() {
        let mut spans: Vec<Span> = (1..=3)
            .map(|i| span(&format!("connection {i}"), 0, 300, "200"))
            .collect();
        spans.push(span("connection 4", 0, 300, ABANDONED));
        let drawing = draw(&spans);
        assert_eq!(drawing.lines().count(), 6, "{drawing}");
        assert!(drawing.contains("at once       4444"), "{drawing}");
        assert!(drawing.contains("; peak 4"), "{drawing}");
        assert!(drawing.contains("connection 4  [xxx"), "{drawing}");
        assert_eq!(peak(&spans), 4);
    }

    #[test]
    fn a_long_wait_does_not_hide_the_short_ones() {
        let mut spans = vec![span("connection 1", 0, 5000, "504")];
        spans.extend((2..=4).map(|i| span(&format!("connection {i}"), 5000 + i, 5001 + i, "504")));
        let drawing = draw(&spans);
        let starts: Vec<usize> = drawing
            .lines()
            .take(4)
            .map(|row| row.find('[').unwrap())
            .collect();
        assert!(
            starts.windows(2).all(|pair| pair[0] < pair[1]),
            "a staircase:\n{drawing}"
        );
    }

    #[test]
    fn many_lanes_are_cut_short() {
        let spans: Vec<Span> = (0..20)
            .map(|i| span(&format!("task {i}"), 0, 10, "ok"))
            .collect();
        let drawing = draw(&spans);
        assert!(
            drawing.contains("... and 8 more rows like these"),
            "{drawing}"
        );
    }
}
