//! Measured results as an SVG line plot: a few series of numbers over a few
//! categories (thread counts, concurrency limits, ways of doing the work).
//!
//! The demos print their tables; a plot is the same numbers for a reader who would
//! rather look than read. The x axis is a list of categories, evenly spaced, so that
//! `1, 10, 100, 1000, unbounded` sit side by side; the y axis starts at zero, so
//! that a line twice as high is twice as much.
//!
//! ```
//! use kit::plot::Plot;
//!
//! let svg = Plot::new("Speedup of a CPU-bound program")
//!     .subtitle("best of 5 runs")
//!     .x_label("threads")
//!     .y_label("speedup over 1 thread")
//!     .categories(["1", "2", "4"])
//!     .series("with a GIL", [1.0, 1.2, 1.1])
//!     .series("without", [1.0, 2.0, 2.0])
//!     .svg();
//! assert!(svg.contains("Speedup of a CPU-bound program"));
//! // std::fs::write("speedup.svg", svg) saves it for a browser to show.
//! ```

use crate::svg::{CHAR, FONT, PALETTE, Scale, escape, text_width};
use std::fmt::Write;

const WIDTH: f64 = 800.0;
const MARGIN: f64 = 16.0;
const PLOT_HEIGHT: f64 = 300.0;
/// A dash pattern per series, so that a line drawn over another with the same
/// values lets the one below show through its gaps.
const DASHES: [&str; 5] = ["none", "10 5", "3 4", "14 4 3 4", "6 3"];

/// A line plot, built up with its methods and drawn by [`Plot::svg`].
#[derive(Debug, Clone)]
pub struct Plot {
    title: String,
    subtitle: Option<String>,
    x_label: String,
    y_label: String,
    categories: Vec<String>,
    series: Vec<Series>,
}

#[derive(Debug, Clone)]
struct Series {
    name: String,
    /// One value per category; `None` where there is no measurement.
    values: Vec<Option<f64>>,
}

impl Plot {
    /// A plot with this title.
    pub fn new(title: impl Into<String>) -> Plot {
        Plot {
            title: title.into(),
            subtitle: None,
            x_label: String::new(),
            y_label: String::new(),
            categories: Vec::new(),
            series: Vec::new(),
        }
    }

    /// A line of smaller text under the title: how the numbers were measured, say.
    pub fn subtitle(mut self, text: impl Into<String>) -> Plot {
        self.subtitle = Some(text.into());
        self
    }

    /// What the categories along the x axis are (`"threads"`).
    pub fn x_label(mut self, text: impl Into<String>) -> Plot {
        self.x_label = text.into();
        self
    }

    /// What the values are, with their unit (`"seconds"`).
    pub fn y_label(mut self, text: impl Into<String>) -> Plot {
        self.y_label = text.into();
        self
    }

    /// The x axis, left to right.
    pub fn categories<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Plot {
        self.categories = names.into_iter().map(Into::into).collect();
        self
    }

    /// A line with one value per category, in the categories' order.
    pub fn series(self, name: impl Into<String>, values: impl IntoIterator<Item = f64>) -> Plot {
        self.series_with_gaps(name, values.into_iter().map(Some))
    }

    /// A line with a value or `None` (not measured: no point, and a gap in the line)
    /// per category.
    pub fn series_with_gaps(
        mut self,
        name: impl Into<String>,
        values: impl IntoIterator<Item = Option<f64>>,
    ) -> Plot {
        self.series.push(Series {
            name: name.into(),
            values: values.into_iter().collect(),
        });
        self
    }

    /// The plot as an SVG document.
    pub fn svg(&self) -> String {
        let largest = self
            .series
            .iter()
            .flat_map(|series| series.values.iter().flatten())
            .fold(0.0_f64, |largest, &value| largest.max(value));
        let scale = Scale::new(if largest > 0.0 { largest } else { 1.0 });

        let mut out = String::new();
        let mut y = MARGIN + 16.0;
        let heading = self.heading(&mut y);
        let legend = self.legend(&mut y);
        // Room between the legend and the top tick label.
        y += 24.0;

        let left = MARGIN
            + 28.0
            + scale
                .ticks()
                .map(|tick| text_width(&scale.label(tick), CHAR))
                .fold(0.0, f64::max);
        let right = WIDTH - MARGIN;
        let top = y;
        let bottom = top + PLOT_HEIGHT;
        let height = bottom + 58.0;

        let _ = writeln!(
            out,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH:.0}" height="{height:.0}" viewBox="0 0 {WIDTH:.0} {height:.0}" font-family="{FONT}" font-size="12">"#
        );
        let _ = writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#);
        out.push_str(&heading);
        out.push_str(&legend);

        // The value axis: grid lines at round values, labelled on the left.
        let to_y = |value: f64| bottom - value / scale.end * PLOT_HEIGHT;
        for tick in scale.ticks() {
            let ty = to_y(tick);
            let _ = writeln!(
                out,
                r##"<line x1="{left:.1}" y1="{ty:.1}" x2="{right:.1}" y2="{ty:.1}" stroke="#e4e4e4"/><text x="{:.1}" y="{:.1}" text-anchor="end" fill="#444">{}</text>"##,
                left - 6.0,
                ty + 4.0,
                scale.label(tick)
            );
        }
        let _ = writeln!(
            out,
            r##"<text transform="translate({:.1} {:.1}) rotate(-90)" text-anchor="middle" fill="#444">{}</text>"##,
            MARGIN + 4.0,
            (top + bottom) / 2.0,
            escape(&self.y_label)
        );

        // The categories, evenly spaced, each in the middle of its slot.
        let slot = (right - left) / self.categories.len().max(1) as f64;
        let to_x = |index: usize| left + slot * (index as f64 + 0.5);
        let _ = writeln!(
            out,
            r##"<line x1="{left:.1}" y1="{bottom:.1}" x2="{right:.1}" y2="{bottom:.1}" stroke="#888"/>"##
        );
        for (index, category) in self.categories.iter().enumerate() {
            let _ = writeln!(
                out,
                r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#444">{}</text>"##,
                to_x(index),
                bottom + 18.0,
                escape(category)
            );
        }
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#444">{}</text>"##,
            (left + right) / 2.0,
            bottom + 40.0,
            escape(&self.x_label)
        );

        // The lines, broken where a value is missing, and a point per value.
        for (number, series) in self.series.iter().enumerate() {
            let colour = PALETTE[number % PALETTE.len()];
            let dash = DASHES[number % DASHES.len()];
            // Lines and points drawn later are thinner and smaller, so that one on
            // top of another leaves a band or a ring of the one below showing.
            let later = (self.series.len() - 1 - number).min(4) as f64;
            let (width, radius) = (2.0 + 1.2 * later, 4.5 + 1.5 * later);
            let points: Vec<Option<(f64, f64)>> = series
                .values
                .iter()
                .enumerate()
                .map(|(index, value)| value.map(|value| (to_x(index), to_y(value))))
                .collect();
            for run in points.split(|point| point.is_none()) {
                if run.len() < 2 {
                    continue;
                }
                let path: Vec<String> = run
                    .iter()
                    .flatten()
                    .map(|(x, y)| format!("{x:.1},{y:.1}"))
                    .collect();
                let _ = writeln!(
                    out,
                    r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="{width:.1}" stroke-dasharray="{dash}"/>"#,
                    path.join(" ")
                );
            }
            for (index, value) in series.values.iter().enumerate() {
                let Some(value) = value else { continue };
                let _ = writeln!(
                    out,
                    r##"<circle cx="{:.1}" cy="{:.1}" r="{radius:.1}" fill="{colour}" stroke="#333" stroke-width="0.8"><title>{}: {} = {}</title></circle>"##,
                    to_x(index),
                    to_y(*value),
                    escape(&series.name),
                    escape(self.categories.get(index).map_or("?", String::as_str)),
                    format_value(*value)
                );
            }
        }
        out.push_str("</svg>\n");
        out
    }

    /// The title and subtitle, moving `y` below them.
    fn heading(&self, y: &mut f64) -> String {
        let mut out = format!(
            r##"<text x="{MARGIN:.1}" y="{y:.1}" font-size="17" font-weight="600" fill="#111">{}</text>"##,
            escape(&self.title)
        );
        out.push('\n');
        if let Some(subtitle) = &self.subtitle {
            *y += 20.0;
            let _ = writeln!(
                out,
                r##"<text x="{MARGIN:.1}" y="{y:.1}" fill="#555">{}</text>"##,
                escape(subtitle)
            );
        }
        *y += 10.0;
        out
    }

    /// A swatch and a name per series, wrapping to new rows, moving `y` below them.
    fn legend(&self, y: &mut f64) -> String {
        let mut out = String::new();
        let mut x = MARGIN;
        *y += 18.0;
        for (number, series) in self.series.iter().enumerate() {
            let width = 26.0 + text_width(&series.name, CHAR) + 16.0;
            if x + width > WIDTH - MARGIN && x > MARGIN {
                x = MARGIN;
                *y += 20.0;
            }
            let colour = PALETTE[number % PALETTE.len()];
            let dash = DASHES[number % DASHES.len()];
            let _ = writeln!(
                out,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="3" stroke-dasharray="{dash}"/><text x="{:.1}" y="{:.1}" fill="#333">{}</text>"##,
                *y - 4.0,
                x + 20.0,
                *y - 4.0,
                x + 26.0,
                *y,
                escape(&series.name)
            );
            x += width;
        }
        out
    }
}

/// A value as a reader wants it in a tooltip: few digits, no trailing noise.
fn format_value(value: f64) -> String {
    if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::Plot;

    fn sample() -> Plot {
        Plot::new("Throughput & latency")
            .x_label("limit")
            .y_label("requests per second")
            .categories(["1", "10", "unbounded"])
            .series("throughput", [5.0, 48.0, 30.0])
            .series_with_gaps("p99", [Some(1.0), None, Some(9.0)])
    }

    #[test]
    fn one_point_per_value_and_a_gap_where_none() {
        let svg = sample().svg();
        assert_eq!(svg.matches("<circle").count(), 5);
        // throughput is one line; p99's gap leaves it two single points and no line.
        assert_eq!(svg.matches("<polyline").count(), 1);
    }

    #[test]
    fn text_is_escaped_and_every_category_is_named() {
        let svg = sample().svg();
        assert!(svg.contains("Throughput &amp; latency"));
        for category in ["1", "10", "unbounded"] {
            assert!(svg.contains(&format!(">{category}</text>")), "{category}");
        }
    }

    #[test]
    fn the_same_numbers_give_the_same_file() {
        assert_eq!(sample().svg(), sample().svg());
    }

    #[test]
    fn the_largest_value_sits_inside_the_axis() {
        let svg = sample().svg();
        // The axis runs to a round 50 past the largest value, 48.
        assert!(svg.contains(">50</text>"), "{svg}");
    }
}
