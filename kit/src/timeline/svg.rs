//! Spans drawn as an SVG picture: one lane per row, a bar per span.
//!
//! SVG is text, and a timeline needs only rectangles, lines and words, so the chart
//! writes it directly. Every number is printed with a fixed number of decimals, so
//! the same spans always give the same file.

use super::Span;
use crate::svg::{CHAR, FONT, PALETTE, Scale, escape, text_width};
use std::fmt::Write;

const WIDTH: f64 = 800.0;
const MARGIN: f64 = 16.0;
/// The average width of a character in the smaller text on the bars.
const SMALL_CHAR: f64 = 5.8;

/// How to draw a timeline: a title, an optional subtitle, and the colour of each
/// kind of span.
///
/// ```
/// use kit::timeline::{Chart, Span};
/// use std::time::Duration;
///
/// let spans = vec![Span {
///     lane: "thread 1".into(),
///     label: "/delay/300/status/200".into(),
///     kind: "200".into(),
///     start: Duration::ZERO,
///     end: Duration::from_millis(300),
/// }];
/// let svg = Chart::new("A thread per URL")
///     .subtitle("31 requests, 1.45 s")
///     .legend_title("status")
///     .colour("200", "#95d5a0")
///     .svg(&spans);
/// assert!(svg.contains("A thread per URL"));
/// // std::fs::write("timeline.svg", svg) saves it for a browser to show.
/// ```
#[derive(Debug, Clone)]
pub struct Chart {
    title: String,
    subtitle: Option<String>,
    legend_title: Option<String>,
    colours: Vec<(String, String)>,
}

impl Chart {
    /// A chart with this title.
    pub fn new(title: impl Into<String>) -> Chart {
        Chart {
            title: title.into(),
            subtitle: None,
            legend_title: None,
            colours: Vec::new(),
        }
    }

    /// A line of smaller text under the title: how the picture was made, say.
    pub fn subtitle(mut self, text: impl Into<String>) -> Chart {
        self.subtitle = Some(text.into());
        self
    }

    /// A word in front of the legend, saying what the kinds are (`"status"`).
    pub fn legend_title(mut self, text: impl Into<String>) -> Chart {
        self.legend_title = Some(text.into());
        self
    }

    /// Draws spans of `kind` in `colour` (any CSS colour). Kinds given a colour come
    /// first in the legend, in the order given, so several charts can share one key;
    /// the other kinds follow in sorted order, with colours from a built-in palette.
    pub fn colour(mut self, kind: impl Into<String>, colour: impl Into<String>) -> Chart {
        self.colours.push((kind.into(), colour.into()));
        self
    }

    /// The picture, as the text of an SVG file. Lanes are drawn top to bottom in the
    /// order they first appear in `spans` (as [`Timeline::spans`](super::Timeline::spans)
    /// gives them), one bar per span; time runs left to right from the timeline's
    /// origin, in seconds.
    pub fn svg(&self, spans: &[Span]) -> String {
        let lanes = lanes(spans);
        let kinds = self.kinds(spans);

        let lane_label_width = lanes
            .iter()
            .map(|lane| text_width(lane, CHAR))
            .fold(40.0, f64::max);
        let plot_left = MARGIN + lane_label_width + 10.0;
        let plot_width = WIDTH - plot_left - MARGIN - 8.0;
        let row = (560.0 / lanes.len().max(1) as f64).clamp(8.0, 28.0);
        let bar = (row * 0.7).round();

        let mut y = 30.0;
        let mut svg = String::new();
        let title_y = y;
        y += if self.subtitle.is_some() { 20.0 } else { 0.0 };
        let subtitle_y = y;
        y += 28.0;
        let legend_y = y;
        y += 20.0;
        let lanes_top = y;
        let lanes_bottom = lanes_top + row * lanes.len() as f64;
        let axis_y = lanes_bottom + 4.0;
        let height = axis_y + 48.0;

        let latest = spans.iter().map(|span| span.end).max().unwrap_or_default();
        let scale = Scale::new(latest.as_secs_f64());
        let x_of = |seconds: f64| plot_left + plot_width * seconds / scale.end;

        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" font-family="{FONT}" font-size="12">"#
        );
        let _ = writeln!(
            svg,
            r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
        );
        let _ = writeln!(
            svg,
            r##"<text x="{MARGIN:.0}" y="{title_y:.0}" font-size="17" font-weight="bold" fill="#1a1a1a">{}</text>"##,
            escape(&self.title)
        );
        if let Some(subtitle) = &self.subtitle {
            let _ = writeln!(
                svg,
                r##"<text x="{MARGIN:.0}" y="{subtitle_y:.0}" fill="#555555">{}</text>"##,
                escape(subtitle)
            );
        }

        // The legend: what each colour means.
        let mut x = MARGIN;
        if let Some(legend_title) = &self.legend_title {
            let text = format!("{legend_title}:");
            let _ = writeln!(
                svg,
                r##"<text x="{x:.1}" y="{:.1}" fill="#555555">{}</text>"##,
                legend_y + 10.0,
                escape(&text)
            );
            x += text_width(&text, CHAR) + 8.0;
        }
        for (kind, colour) in &kinds {
            let _ = writeln!(
                svg,
                r##"<rect x="{x:.1}" y="{legend_y:.1}" width="12" height="12" rx="2" fill="{}" stroke="#000000" stroke-opacity="0.3"/>"##,
                escape(colour)
            );
            let _ = writeln!(
                svg,
                r##"<text x="{:.1}" y="{:.1}" fill="#1a1a1a">{}</text>"##,
                x + 17.0,
                legend_y + 10.0,
                escape(kind)
            );
            x += 17.0 + text_width(kind, CHAR) + 14.0;
        }

        // Lanes: a light band on every other one, so a long row is easy to follow.
        for (index, lane) in lanes.iter().enumerate() {
            let top = lanes_top + row * index as f64;
            if index % 2 == 1 {
                let _ = writeln!(
                    svg,
                    r##"<rect x="{MARGIN:.0}" y="{top:.1}" width="{:.1}" height="{row:.1}" fill="#f4f5f7"/>"##,
                    WIDTH - 2.0 * MARGIN
                );
            }
            if row >= 10.0 {
                let _ = writeln!(
                    svg,
                    r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#333333">{}</text>"##,
                    plot_left - 10.0,
                    top + row / 2.0 + 4.0,
                    escape(lane)
                );
            }
        }

        // The time axis, with a faint line up through the lanes at every tick.
        for tick in scale.ticks() {
            let x = x_of(tick);
            let _ = writeln!(
                svg,
                r##"<line x1="{x:.1}" y1="{lanes_top:.1}" x2="{x:.1}" y2="{:.1}" stroke="#dddddd"/>"##,
                axis_y + 4.0
            );
            let _ = writeln!(
                svg,
                r##"<text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#333333">{}</text>"##,
                axis_y + 18.0,
                scale.label(tick)
            );
        }
        let _ = writeln!(
            svg,
            r##"<line x1="{plot_left:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#666666"/>"##,
            plot_left + plot_width
        );
        let _ = writeln!(
            svg,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#555555">time since the start (seconds)</text>"##,
            plot_left + plot_width / 2.0,
            axis_y + 38.0
        );

        // The bars, each with a tooltip, and its label when the bar is wide enough.
        for span in spans {
            let index = lanes
                .iter()
                .position(|lane| *lane == span.lane)
                .unwrap_or(0);
            let top = lanes_top + row * index as f64 + (row - bar) / 2.0;
            let start = span.start.as_secs_f64();
            let end = span.end.as_secs_f64().max(start);
            let left = x_of(start);
            // At least a sliver, so an instant span still shows.
            let width = (x_of(end) - left).max(1.0);
            let colour = kinds
                .iter()
                .find(|(kind, _)| *kind == span.kind)
                .map_or("#b8b8b8", |(_, colour)| colour.as_str());
            let _ = writeln!(
                svg,
                r##"<rect x="{left:.1}" y="{top:.1}" width="{width:.1}" height="{bar:.1}" rx="2" fill="{}" stroke="#000000" stroke-opacity="0.35"><title>{}</title></rect>"##,
                escape(colour),
                escape(&format!(
                    "{} on {}: {} from {start:.3} s to {end:.3} s ({:.0} ms)",
                    span.label,
                    span.lane,
                    span.kind,
                    (end - start) * 1000.0
                ))
            );
            if bar >= 12.0 && width >= text_width(&span.label, SMALL_CHAR) + 8.0 {
                let _ = writeln!(
                    svg,
                    r##"<text x="{:.1}" y="{:.1}" font-size="10" fill="#1a1a1a">{}</text>"##,
                    left + 4.0,
                    top + bar / 2.0 + 3.5,
                    escape(&span.label)
                );
            }
        }

        svg.push_str("</svg>\n");
        svg
    }

    /// Every kind in `spans` with its colour, in legend order.
    fn kinds(&self, spans: &[Span]) -> Vec<(String, String)> {
        let present = |kind: &str| spans.iter().any(|span| span.kind == kind);
        let mut kinds: Vec<(String, String)> = self
            .colours
            .iter()
            .filter(|(kind, _)| present(kind))
            .cloned()
            .collect();
        let mut others: Vec<&str> = spans
            .iter()
            .map(|span| span.kind.as_str())
            .filter(|kind| !self.colours.iter().any(|(given, _)| given == kind))
            .collect();
        others.sort_unstable();
        others.dedup();
        for (index, kind) in others.into_iter().enumerate() {
            let colour = PALETTE[index % PALETTE.len()];
            kinds.push((kind.to_owned(), colour.to_owned()));
        }
        kinds
    }
}

/// Lane names in the order they first appear.
fn lanes(spans: &[Span]) -> Vec<&str> {
    let mut lanes: Vec<&str> = Vec::new();
    for span in spans {
        if !lanes.contains(&span.lane.as_str()) {
            lanes.push(&span.lane);
        }
    }
    lanes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn span(lane: &str, kind: &str, start_ms: u64, end_ms: u64) -> Span {
        Span {
            lane: lane.to_owned(),
            label: format!("/delay/{}/status/{kind}", end_ms - start_ms),
            kind: kind.to_owned(),
            start: Duration::from_millis(start_ms),
            end: Duration::from_millis(end_ms),
        }
    }

    fn sample() -> Vec<Span> {
        vec![
            span("thread 2", "200", 0, 1_200),
            span("thread 1", "404", 10, 300),
            span("thread 2", "200", 1_300, 1_400),
            span("main", "500", 20, 900),
        ]
    }

    fn bars(svg: &str) -> usize {
        svg.matches("<title>").count()
    }

    #[test]
    fn one_bar_per_span() {
        let svg = Chart::new("t").svg(&sample());
        assert_eq!(bars(&svg), 4);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn lanes_are_drawn_in_first_seen_order() {
        let svg = Chart::new("t").svg(&sample());
        let at = |lane: &str| svg.find(&format!(">{lane}</text>")).unwrap();
        assert!(at("thread 2") < at("thread 1"));
        assert!(at("thread 1") < at("main"));
    }

    #[test]
    fn the_same_spans_always_give_the_same_picture() {
        let chart = Chart::new("t").subtitle("s").colour("200", "green");
        assert_eq!(chart.svg(&sample()), chart.svg(&sample()));
    }

    #[test]
    fn the_legend_puts_given_colours_first_then_sorted_kinds() {
        let chart = Chart::new("t").colour("500", "red").colour("999", "black");
        let kinds = chart.kinds(&sample());
        let names: Vec<&str> = kinds.iter().map(|(kind, _)| kind.as_str()).collect();
        assert_eq!(
            names,
            ["500", "200", "404"],
            "999 never occurs, so it is left out"
        );
        assert_eq!(kinds[0].1, "red");
        let svg = chart.svg(&sample());
        assert!(svg.contains(r#"fill="red""#));
    }

    #[test]
    fn text_is_escaped() {
        let mut spans = sample();
        spans[0].label = "<a&b>".to_owned();
        let svg = Chart::new("Tom & \"Jerry\"").svg(&spans);
        assert!(svg.contains("Tom &amp; &quot;Jerry&quot;"));
        assert!(svg.contains("&lt;a&amp;b&gt;"));
        assert!(!svg.contains("<a&b>"));
    }

    #[test]
    fn the_axis_ends_on_a_round_number_past_the_last_span() {
        let labels = |latest: f64| -> Vec<String> {
            let scale = Scale::new(latest);
            scale.ticks().map(|tick| scale.label(tick)).collect()
        };
        assert_eq!(
            labels(1.4),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4"]
        );
        assert_eq!(
            labels(1.45),
            [
                "0.0", "0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"
            ]
        );
        assert_eq!(
            labels(3.0),
            ["0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0"]
        );
        assert_eq!(labels(26.6), ["0", "5", "10", "15", "20", "25", "30"]);
        assert_eq!(
            labels(0.03),
            [
                "0.000", "0.005", "0.010", "0.015", "0.020", "0.025", "0.030"
            ]
        );
        let empty = Scale::new(0.0);
        assert!(empty.end > 0.0, "an empty chart still has an axis");
    }
}
