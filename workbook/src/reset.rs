//! `cargo workbook reset <exercise|lesson|all>`: back to the pristine stub, without
//! ever losing the learner's work: their file is copied to a backup first.

use crate::lessons::Workbook;
use crate::names;
use crate::place;
use crate::pristine::Pristine;
use anyhow::{Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub fn reset(workbook: &Workbook, name: Option<&str>) -> Result<()> {
    let target = match name {
        Some(name) => names::resolve(workbook, name, true)?,
        None => {
            let (lesson, exercise) = place::exercise(workbook, None)?;
            if !confirmed(&format!(
                "Reset `{}` ({}) to its untouched stub? Your file is kept as a backup.",
                exercise.name,
                exercise.file.display()
            ))? {
                println!("Not reset.");
                return Ok(());
            }
            names::Target::Exercise(lesson, exercise)
        }
    };
    let pristine = Pristine::new(&workbook.root);
    let stamp = timestamp(SystemTime::now());
    for (_, exercise) in target.exercises(workbook) {
        let file = workbook.root.join(&exercise.file);
        let stub = pristine.stub(&exercise.file)?;
        let current = fs::read(&file).unwrap_or_default();
        if current == stub {
            println!("{:<14} already the untouched stub", exercise.name);
            continue;
        }
        let backup = backup_path(&exercise.file, &stamp, |path| {
            workbook.root.join(path).exists()
        });
        fs::copy(&file, workbook.root.join(&backup))
            .with_context(|| format!("cannot back {} up", exercise.file.display()))?;
        fs::write(&file, &stub)
            .with_context(|| format!("cannot write {}", exercise.file.display()))?;
        println!(
            "{:<14} reset; your file is saved as {}",
            exercise.name,
            backup.display()
        );
    }
    Ok(())
}

/// `countdown.rs` → `countdown.rs.20250102-030405.workbook-backup`, with `-2`, `-3`...
/// added if that name is taken (two resets in one second).
fn backup_path(file: &Path, stamp: &str, exists: impl Fn(&Path) -> bool) -> PathBuf {
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    (1..)
        .map(|n| {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            file.with_file_name(format!("{name}.{stamp}{suffix}.workbook-backup"))
        })
        .find(|path| !exists(path))
        .expect("some numbered name is free")
}

/// The time as `YYYYMMDD-HHMMSS` in UTC: sorts in time order, and is a valid file
/// name everywhere (no colons, which Windows forbids).
pub fn timestamp(time: SystemTime) -> String {
    let seconds = time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, second_of_day) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}{month:02}{day:02}-{:02}{:02}{:02}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    )
}

/// Days since 1970-01-01 to a (year, month, day) in the Gregorian calendar: Howard
/// Hinnant's `civil_from_days` (a few lines here beat a date crate for one file name).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153; // March is 0
    let day = (day_of_year - (153 * shifted_month + 2) / 5 + 1) as u32;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Asks `question` on a terminal; without one (a script, CI), the command was explicit
/// enough to go ahead.
fn confirmed(question: &str) -> Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        return Ok(true);
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_calendar_dates() {
        let at = |seconds| timestamp(UNIX_EPOCH + Duration::from_secs(seconds));
        assert_eq!(at(0), "19700101-000000");
        assert_eq!(at(951_782_400), "20000229-000000");
        assert_eq!(at(1_767_225_599), "20251231-235959");
    }

    #[test]
    fn backups_never_overwrite_each_other() {
        let file = Path::new("exercises/lesson-01/countdown.rs");
        let taken = |path: &Path| path.to_string_lossy().ends_with("000000.workbook-backup");
        assert_eq!(
            backup_path(file, "20250101-000000", taken),
            Path::new("exercises/lesson-01/countdown.rs.20250101-000000-2.workbook-backup")
        );
    }
}
