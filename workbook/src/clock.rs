//! `cargo workbook clock <lesson>`: a stopwatch for an instructor teaching a lesson. It
//! walks the teaching page's segments; Enter ends one. The real minutes are written
//! beside the estimates, so that the next instructor plans with measured times.

use crate::lessons::Workbook;
use crate::names::{self, Target};
use crate::reset::timestamp;
use crate::state;
use crate::teaching::{self, Segment};
use anyhow::{Context, Result, bail};
use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufRead, Write};
use std::time::{Instant, SystemTime};

/// What became of one segment.
enum Timed {
    Minutes(f64),
    Skipped,
}

pub fn clock(workbook: &Workbook, name: &str) -> Result<()> {
    let Target::Lesson(lesson) = names::resolve(workbook, name, false)? else {
        bail!("`clock` times a lesson's segments: name a lesson (`lesson-05`, or `5`)");
    };
    let page = teaching::page(lesson);
    let text = fs::read_to_string(workbook.root.join(&page))
        .with_context(|| format!("cannot read {}", page.display()))?;
    let segments = teaching::segments(&text).map_err(anyhow::Error::msg)?;
    let estimated: u32 = segments.iter().map(|s| s.minutes).sum();
    println!(
        "Timing {} ({}): {} segments, {estimated} minutes estimated in {}.",
        lesson.package,
        lesson.title,
        segments.len(),
        page.display()
    );
    println!("Press Enter when a segment ends; `s` Enter skips one; `q` Enter stops early.\n");

    let mut timed = Vec::new();
    let mut lines = io::stdin().lock().lines();
    for (number, segment) in segments.iter().enumerate() {
        print!(
            "{:>2}/{}  {} ({}, {} min estimated) ... ",
            number + 1,
            segments.len(),
            segment.section,
            segment.how,
            segment.minutes
        );
        io::stdout().flush()?;
        let started = Instant::now();
        let Some(line) = lines.next().transpose()? else {
            break;
        };
        match line.trim() {
            "q" => break,
            "s" => timed.push(Timed::Skipped),
            _ => {
                let minutes = started.elapsed().as_secs_f64() / 60.0;
                println!("      took {minutes:.1} min");
                timed.push(Timed::Minutes(minutes));
            }
        }
    }

    let table = render(&segments, &timed);
    let dir = state::dir(&workbook.root).join("timings");
    fs::create_dir_all(&dir)?;
    let file = dir.join(format!(
        "{}-{}.md",
        lesson.package,
        timestamp(SystemTime::now())
    ));
    fs::write(&file, &table)?;
    println!("\n{table}");
    println!(
        "Written to {}. To share the times, paste the table into an issue, or copy the \
         minutes into {} and say there that they were measured (when, how many people).",
        file.display(),
        page.display()
    );
    Ok(())
}

/// The segments with their estimated and measured minutes, as a Markdown table.
fn render(segments: &[Segment], timed: &[Timed]) -> String {
    let mut table = String::from("| section | how | estimated | measured |\n|---|---|---|---|\n");
    let (mut estimated, mut measured) = (0, 0.0);
    for (segment, timed) in segments.iter().zip(timed) {
        let took = match timed {
            Timed::Minutes(minutes) => {
                estimated += segment.minutes;
                measured += minutes;
                format!("{minutes:.1}")
            }
            Timed::Skipped => "skipped".to_string(),
        };
        let _ = writeln!(
            table,
            "| {} | {} | {} | {took} |",
            segment.section, segment.how, segment.minutes
        );
    }
    let _ = writeln!(
        table,
        "| **timed segments** | | **{estimated}** | **{measured:.1}** |"
    );
    table
}

#[cfg(test)]
mod tests {
    use super::{Timed, render};
    use crate::teaching::Segment;

    #[test]
    fn totals_only_the_segments_timed() {
        let segment = |section: &str, minutes| Segment {
            section: section.to_string(),
            minutes,
            how: "talk".to_string(),
            what: String::new(),
        };
        let table = render(
            &[
                segment("The story", 10),
                segment("`hedged`", 25),
                segment("Recap", 5),
            ],
            &[Timed::Minutes(12.0), Timed::Skipped],
        );
        assert!(table.contains("| The story | talk | 10 | 12.0 |"));
        assert!(table.contains("| `hedged` | talk | 25 | skipped |"));
        assert!(!table.contains("Recap"));
        assert!(table.contains("| **timed segments** | | **10** | **12.0** |"));
    }
}
