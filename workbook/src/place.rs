//! Where the learner is: the exercise watch mode works on, and the one `hint`, `open`,
//! `solution` and `reset` act on when no name is given. `cargo workbook <lesson|exercise>`
//! sets it; watch mode moves it; it is kept in `target/workbook/place.json` between runs.

use crate::lessons::{Exercise, Lesson, Workbook};
use crate::names::{self, Target};
use crate::progress::{Progress, Status};
use crate::state;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::io;

const FILE: &str = "place.json";

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    exercise: Option<String>,
}

/// Remembers `exercise` as the learner's place.
pub fn save(workbook: &Workbook, exercise: &str) -> Result<()> {
    let saved = Saved {
        exercise: Some(exercise.to_string()),
    };
    state::save(&workbook.root, FILE, &saved)
}

/// The remembered place, if it still names an exercise.
fn remembered(workbook: &Workbook) -> Option<&str> {
    let saved: Saved = state::load(&workbook.root, FILE);
    let name = saved.exercise?;
    workbook
        .exercise(&name)
        .map(|(_, exercise)| exercise.name.as_str())
}

/// Where to start: the exercise named, the first unfinished one of the lesson named,
/// or else the remembered place (the next unfinished one after it, once it is done),
/// or else the first unfinished exercise of the workbook.
pub fn start<'a>(
    workbook: &'a Workbook,
    progress: &Progress<'a>,
    name: Option<&str>,
) -> Result<Option<&'a str>> {
    let place = match name {
        Some(name) => Some(match names::resolve(workbook, name, false)? {
            Target::Exercise(_, exercise) => exercise.name.as_str(),
            Target::Lesson(lesson) => first_unfinished(progress, lesson),
            Target::All => unreachable!("`all` is not allowed here"),
        }),
        None => match remembered(workbook) {
            Some(name) if status(progress, name) == Some(&Status::Done) => progress
                .next_after(name)
                .map(|entry| entry.exercise.name.as_str()),
            Some(name) => Some(name),
            None => progress.next().map(|entry| entry.exercise.name.as_str()),
        },
    };
    if let Some(place) = place {
        save(workbook, place)?;
    }
    Ok(place)
}

/// The exercise a command acts on: the one named, the lesson's current one for a
/// lesson's name, or the learner's place when no name is given.
pub fn exercise<'a>(
    workbook: &'a Workbook,
    name: Option<&str>,
) -> Result<(&'a Lesson, &'a Exercise)> {
    if let Some(name) = name
        && let Target::Exercise(lesson, exercise) = names::resolve(workbook, name, false)?
    {
        return Ok((lesson, exercise));
    }
    if name.is_none()
        && let Some(place) = remembered(workbook)
    {
        return names::exercise(workbook, place);
    }
    // A lesson's name, or no place yet: the progress says which exercise is next.
    let progress = Progress::check(workbook, &mut io::stderr())?;
    let place = match name.map(|name| names::resolve(workbook, name, false)) {
        Some(Ok(Target::Lesson(lesson))) => {
            let place = remembered(workbook)
                .and_then(|place| lesson.exercises.iter().find(|e| e.name == place))
                .map(|exercise| exercise.name.as_str());
            place.unwrap_or_else(|| first_unfinished(&progress, lesson))
        }
        _ => match progress.next() {
            Some(entry) => entry.exercise.name.as_str(),
            None => anyhow::bail!(
                "every exercise is done; name one, as `cargo workbook list` shows them"
            ),
        },
    };
    names::exercise(workbook, place)
}

/// The lesson's first exercise that is not done, or its first if all are.
fn first_unfinished<'a>(progress: &Progress<'a>, lesson: &'a Lesson) -> &'a str {
    progress
        .entries
        .iter()
        .filter(|entry| entry.lesson.package == lesson.package)
        .find(|entry| entry.status != Status::Done)
        .map(|entry| entry.exercise.name.as_str())
        .unwrap_or_else(|| lesson.exercises[0].name.as_str())
}

fn status<'p>(progress: &'p Progress, name: &str) -> Option<&'p Status> {
    progress
        .entries
        .iter()
        .find(|entry| entry.exercise.name == name)
        .map(|entry| &entry.status)
}
