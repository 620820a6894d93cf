//! Turning what the learner typed into a lesson or an exercise, and, when it names
//! neither, an error that suggests what they probably meant.

use crate::lessons::{Exercise, Lesson, Workbook};
use anyhow::{Result, bail};

/// What a name on the command line can stand for.
#[derive(Debug)]
pub enum Target<'a> {
    All,
    Lesson(&'a Lesson),
    Exercise(&'a Lesson, &'a Exercise),
}

impl<'a> Target<'a> {
    /// The exercises it covers, with their lessons.
    pub fn exercises(&self, workbook: &'a Workbook) -> Vec<(&'a Lesson, &'a Exercise)> {
        match self {
            Target::All => workbook.all_exercises().collect(),
            Target::Lesson(lesson) => lesson
                .exercises
                .iter()
                .map(|exercise| (*lesson, exercise))
                .collect(),
            Target::Exercise(lesson, exercise) => vec![(*lesson, *exercise)],
        }
    }
}

/// Looks `name` up: `all` (if allowed), a lesson (`lesson-01`, or just `01` or `1`),
/// or an exercise.
pub fn resolve<'a>(workbook: &'a Workbook, name: &str, allow_all: bool) -> Result<Target<'a>> {
    if allow_all && name == "all" {
        return Ok(Target::All);
    }
    if let Some(lesson) = workbook.lessons.iter().find(|l| lesson_matches(l, name)) {
        return Ok(Target::Lesson(lesson));
    }
    if let Some((lesson, exercise)) = workbook.exercise(name) {
        return Ok(Target::Exercise(lesson, exercise));
    }
    if let Some(number) = lesson_number(name) {
        let (first, last) = (workbook.lessons.first(), workbook.lessons.last());
        bail!(
            "there is no lesson {number}: the lessons are {} to {}.",
            first.map_or("", |l| l.package.as_str()),
            last.map_or("", |l| l.package.as_str())
        );
    }
    unknown(workbook, name, true)
}

/// Looks an exercise up by name.
pub fn exercise<'a>(workbook: &'a Workbook, name: &str) -> Result<(&'a Lesson, &'a Exercise)> {
    match workbook.exercise(name) {
        Some(found) => Ok(found),
        None => unknown(workbook, name, false),
    }
}

/// `lesson-05`, and also `5`, `05`, `lesson-5`, `lesson5` and `Lesson 5`.
fn lesson_matches(lesson: &Lesson, name: &str) -> bool {
    lesson_number(name).is_some() && lesson_number(name) == lesson_number(&lesson.package)
}

/// The number in a lesson's name as a learner may type it, if it is one.
fn lesson_number(name: &str) -> Option<u32> {
    let name = name.to_lowercase();
    let number = name
        .strip_prefix("lesson")
        .unwrap_or(&name)
        .trim_start_matches(['-', '_', ' ']);
    let is_number = !number.is_empty() && number.chars().all(|c| c.is_ascii_digit());
    is_number.then(|| number.parse().ok()).flatten()
}

/// The error for a name that matches nothing: the closest names, or all of them.
fn unknown<T>(workbook: &Workbook, name: &str, lessons_too: bool) -> Result<T> {
    let mut candidates: Vec<&str> = workbook
        .all_exercises()
        .map(|(_, exercise)| exercise.name.as_str())
        .collect();
    if lessons_too {
        candidates.extend(workbook.lessons.iter().map(|l| l.package.as_str()));
    }
    let what = if lessons_too {
        "lesson or exercise"
    } else {
        "exercise"
    };
    let close = closest(name, &candidates);
    if close.is_empty() {
        let by_lesson: Vec<String> = workbook
            .lessons
            .iter()
            .map(|lesson| {
                let names: Vec<&str> = lesson.exercises.iter().map(|e| e.name.as_str()).collect();
                format!("  {}: {}", lesson.package, names.join(", "))
            })
            .collect();
        bail!(
            "there is no {what} `{name}`. The exercises, by lesson:\n{}",
            by_lesson.join("\n")
        );
    }
    bail!(
        "there is no {what} `{name}`. Did you mean {}?\n`cargo workbook list` shows them all.",
        close
            .iter()
            .map(|name| format!("`{name}`"))
            .collect::<Vec<_>>()
            .join(" or ")
    );
}

/// The candidates near enough to `name` to be what was meant, nearest first.
fn closest<'a>(name: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let name = name.to_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .iter()
        .map(|candidate| {
            // Jaro-Winkler favours a shared start, which is how names get half-remembered;
            // a name typed only in part ("round") counts as close too.
            let mut score = strsim::jaro_winkler(&name, candidate);
            if name.len() >= 3 && candidate.contains(&name) {
                score = score.max(0.9);
            }
            (score, *candidate)
        })
        .filter(|(score, _)| *score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn typos_find_their_name() {
        let names = [
            "countdown",
            "averager",
            "delegate",
            "round_robin",
            "lesson-01",
        ];
        assert_eq!(closest("countdwn", &names), ["countdown"]);
        assert_eq!(closest("round", &names), ["round_robin"]);
        assert_eq!(closest("lesson1", &names), ["lesson-01"]);
        assert!(closest("xyz", &names).is_empty());
    }
}
