//! What the kit's two pictures, timelines and plots, share: colours, the font, text
//! measured without a font, escaping, and round axis ticks.

/// Colours for series or kinds given none: soft enough for dark text on top,
/// distinct enough to tell apart, in this order.
pub(crate) const PALETTE: [&str; 8] = [
    "#8ecae6", "#95d5a0", "#f6c667", "#f29e8e", "#c9a7e0", "#b8b8b8", "#f7a8d0", "#a3c4a8",
];

pub(crate) const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif";

/// A generous average width of one character at 12px, for laying out text without a font.
pub(crate) const CHAR: f64 = 7.0;

pub(crate) fn text_width(text: &str, char_width: f64) -> f64 {
    text.chars().count() as f64 * char_width
}

/// Text as SVG (XML) needs it.
pub(crate) fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An axis from zero to a round number past the largest value, with ticks at a round
/// step (1, 2 or 5 times a power of ten), at most ten of them.
pub(crate) struct Scale {
    pub(crate) step: f64,
    pub(crate) end: f64,
    decimals: usize,
}

impl Scale {
    pub(crate) fn new(largest: f64) -> Scale {
        let mut power = 0.001;
        let mut decimals: usize = 3;
        loop {
            for multiple in [1.0, 2.0, 5.0] {
                let step = multiple * power;
                if largest / step <= 10.0 {
                    let ticks = (largest / step - 1e-9).ceil().max(1.0);
                    return Scale {
                        step,
                        end: ticks * step,
                        decimals,
                    };
                }
            }
            power *= 10.0;
            decimals = decimals.saturating_sub(1);
        }
    }

    pub(crate) fn ticks(&self) -> impl Iterator<Item = f64> + '_ {
        let count = (self.end / self.step).round() as usize;
        (0..=count).map(|tick| tick as f64 * self.step)
    }

    pub(crate) fn label(&self, value: f64) -> String {
        format!("{value:.*}", self.decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::Scale;

    #[test]
    fn ticks_are_round_and_cover_the_largest_value() {
        let scale = Scale::new(1.44);
        assert_eq!(scale.step, 0.2);
        assert!((scale.end - 1.6).abs() < 1e-9);
        let labels: Vec<String> = scale.ticks().map(|tick| scale.label(tick)).collect();
        assert_eq!(labels.first().map(String::as_str), Some("0.0"));
        assert_eq!(labels.last().map(String::as_str), Some("1.6"));
        assert_eq!(Scale::new(37_000.0).step, 5_000.0);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            super::escape("a<b & \"c\">"),
            "a&lt;b &amp; &quot;c&quot;&gt;"
        );
    }
}
