//! The commands a learner uses on one lesson or exercise: `open`, `hint`, `solution`.

use crate::lessons::{Exercise, Lesson, Workbook};
use crate::names::{self, Target};
use crate::place;
use crate::state;
use crate::wrap;
use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::{self, BufRead, IsTerminal, Write};

const HINTS_FILE: &str = "hints.json";

/// How many hints of each exercise the learner has seen, by exercise name.
#[derive(Debug, Default, Serialize, Deserialize)]
struct HintsSeen(BTreeMap<String, usize>);

/// `cargo workbook open <lesson|exercise>`: where to read, what to edit, how to test.
pub fn open(workbook: &Workbook, name: Option<&str>) -> Result<()> {
    let target = match name {
        Some(name) => names::resolve(workbook, name, false)?,
        None => {
            let (lesson, exercise) = place::exercise(workbook, None)?;
            Target::Exercise(lesson, exercise)
        }
    };
    match target {
        Target::Exercise(lesson, exercise) => print_exercise(lesson, exercise),
        Target::Lesson(lesson) => {
            println!("{}: {}", lesson.package, lesson.title);
            println!("  Read:  {}", lesson.chapter.display());
            println!("  Test:  cargo test -p {}", lesson.package);
            for exercise in &lesson.exercises {
                println!("\n{}", exercise.name);
                println!("  Edit:  {}", exercise.file.display());
                println!("  Test:  {}", exercise.test_command(lesson));
            }
        }
        Target::All => unreachable!("`all` is not allowed here"),
    }
    Ok(())
}

fn print_exercise(lesson: &Lesson, exercise: &Exercise) {
    println!("{} ({}: {})", exercise.name, lesson.package, lesson.title);
    println!("  Edit:  {}", exercise.file.display());
    println!("  Read:  {}", lesson.chapter.display());
    println!("  Test:  {}", exercise.test_command(lesson));
    println!("  Hint:  cargo workbook hint {}", exercise.name);
}

/// `cargo workbook hint <exercise>`: one more hint each time, or all of them.
pub fn hint(workbook: &Workbook, name: Option<&str>, all: bool) -> Result<()> {
    let (_, exercise) = place::exercise(workbook, name)?;
    let text = hint_text(workbook, &exercise.name, all)?;
    print!("{}", wrap::fit(&text, wrap::width()));
    Ok(())
}

/// The hints seen so far plus one more (or all), remembering how many were shown.
pub fn hint_text(workbook: &Workbook, name: &str, all: bool) -> Result<String> {
    let (lesson, exercise) = names::exercise(workbook, name)?;
    let mut seen: HintsSeen = state::load(&workbook.root, HINTS_FILE);
    let total = exercise.hints.len();
    let shown = if all {
        total
    } else {
        (seen.0.get(&exercise.name).copied().unwrap_or(0) + 1).min(total)
    };
    seen.0.insert(exercise.name.clone(), shown);
    state::save(&workbook.root, HINTS_FILE, &seen)?;

    let mut text = format!(
        "{} ({}), {}\n",
        exercise.name,
        lesson.package,
        exercise.file.display()
    );
    for (number, hint) in exercise.hints.iter().take(shown).enumerate() {
        text.push_str(&format!("\n  Hint {} of {total}: {hint}\n", number + 1));
    }
    if shown < total {
        text.push_str(&format!(
            "\n  Still stuck? `cargo workbook hint {}` again shows the next one.\n",
            exercise.name
        ));
    } else {
        text.push_str(&format!(
            "\n  That is every hint. The reference solution: `cargo workbook solution {}`.\n",
            exercise.name
        ));
    }
    text.push_str(&format!("  Test it: {}\n", exercise.test_command(lesson)));
    Ok(text)
}

/// `cargo workbook solution <exercise>`: the reference, after the learner confirms.
pub fn solution(workbook: &Workbook, name: Option<&str>, yes: bool) -> Result<()> {
    let (_, exercise) = place::exercise(workbook, name)?;
    if !yes {
        if !io::stdin().is_terminal() {
            bail!(
                "showing a solution needs a yes: run `cargo workbook solution {} --yes`",
                exercise.name
            );
        }
        print!(
            "The reference solution spoils `{}` if you have not tried it yet; \
             `cargo workbook hint {}` may be enough.\nShow it anyway? [y/N] ",
            exercise.name, exercise.name
        );
        io::stdout().flush()?;
        let mut answer = String::new();
        io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Not shown.");
            return Ok(());
        }
    }
    let reference = exercise.solution_file();
    let text = fs::read_to_string(workbook.root.join(&reference))
        .with_context(|| format!("cannot read {}", reference.display()))?;
    println!("Your file:  {}", exercise.file.display());
    println!("Reference:  {}\n", reference.display());
    for (number, line) in text.lines().enumerate() {
        println!("{:>4} | {line}", number + 1);
    }
    println!(
        "\nCompare the two in your editor, or: git diff --no-index {} {}",
        exercise.file.display(),
        reference.display()
    );
    Ok(())
}
