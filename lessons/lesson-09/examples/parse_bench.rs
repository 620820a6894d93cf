//! Text against binary framing: the same rows encoded both ways, and parsed back
//! by three parsers (text with an allocation per field, text without, binary).
//!
//! Run it: cargo run --release -p lesson-09 --example parse_bench

use lesson_09::parse::{self, Row};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROWS: usize = 200_000;
const RUNS: usize = 5;

type Parser = fn(&[u8]) -> Result<Vec<Row>, parse::ParseError>;

fn main() {
    let rows = parse::sample_rows(ROWS);
    let text = parse::encode_text(&rows);
    let binary = parse::encode_binary(&rows);
    let cases: [(&str, &[u8], Parser); 3] = [
        ("text, a String per field", &text, parse::parse_text_naive),
        ("text, parsed in place", &text, parse::parse_text),
        ("binary, lengths first", &binary, parse::parse_binary),
    ];

    println!(
        "{ROWS} rows of {} integers, best of {RUNS} runs\n",
        parse::FIELDS
    );
    println!("| format                    | bytes/row |  ns/row |  rows/s (M) |  MB/s |");
    println!("|---------------------------|-----------|---------|-------------|-------|");
    for (name, input, parser) in cases {
        assert_eq!(
            parser(input).as_ref(),
            Ok(&rows),
            "{name} must read back the rows"
        );
        let best = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                black_box(parser(black_box(input)).unwrap());
                start.elapsed()
            })
            .min()
            .unwrap_or(Duration::ZERO);
        let seconds = best.as_secs_f64();
        println!(
            "| {name:<25} | {:>9.1} | {:>7.1} | {:>11.2} | {:>5.0} |",
            input.len() as f64 / ROWS as f64,
            seconds * 1e9 / ROWS as f64,
            ROWS as f64 / seconds / 1e6,
            input.len() as f64 / seconds / 1e6,
        );
    }
}
