//! The workbook as the lessons' `Cargo.toml` files describe it, read with `cargo metadata`.

use anyhow::{Context, Result, bail};
use cargo_metadata::MetadataCommand;
use serde::Deserialize;
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// Everything `[package.metadata.workbook]` says about one lesson crate.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// The crate's name, e.g. `lesson-01`: what `cargo test -p` takes.
    pub package: String,
    /// The crate's folder, relative to the workspace root, e.g. `lessons/lesson-01`.
    pub dir: PathBuf,
    pub title: String,
    /// The chapter's Markdown file, relative to the workspace root.
    pub chapter: PathBuf,
    pub exercises: Vec<Exercise>,
    /// Names of the crate's integration-test targets (its `tests/*.rs`).
    pub test_targets: Vec<String>,
    /// The test targets `cargo test -p <lesson>` runs without `--test`.
    pub default_tests: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Exercise {
    pub name: String,
    /// The file the learner edits, relative to the workspace root.
    pub file: PathBuf,
    /// The integration-test target that checks it.
    pub test: String,
    pub hints: Vec<String>,
    /// Why the exercise's failures draw no run (nothing in it happens at once); without
    /// it, a kept wrong answer must show its failure's drawing (see `crate::wrong`).
    #[serde(default)]
    pub no_timeline: Option<String>,
}

impl Exercise {
    /// The reference solution: the same path under `solutions/` instead of `exercises/`.
    pub fn solution_file(&self) -> PathBuf {
        let relative = self.file.strip_prefix("exercises").unwrap_or(&self.file);
        Path::new("solutions").join(relative)
    }

    /// The command that runs this exercise's tests.
    pub fn test_command(&self, lesson: &Lesson) -> String {
        format!("cargo test -p {} --test {}", lesson.package, self.test)
    }
}

#[derive(Debug, Deserialize)]
struct LessonMetadata {
    title: String,
    chapter: PathBuf,
    #[serde(default)]
    exercises: Vec<Exercise>,
}

/// The workspace and its lessons, in the book's order.
#[derive(Debug)]
pub struct Workbook {
    pub root: PathBuf,
    pub lessons: Vec<Lesson>,
}

/// The test target `cargo test -p <lesson>` runs: every exercise in the chapter's order.
pub const ALL_EXERCISES: &str = "all_exercises";

impl Workbook {
    pub fn load() -> Result<Workbook> {
        Workbook::load_from(MetadataCommand::new())
    }

    /// The workbook whose workspace holds `root`, wherever the runner was started.
    pub fn load_at(root: &Path) -> Result<Workbook> {
        let mut command = MetadataCommand::new();
        command.current_dir(root);
        Workbook::load_from(command)
    }

    fn load_from(mut command: MetadataCommand) -> Result<Workbook> {
        let metadata = command
            .no_deps()
            .exec()
            .context("`cargo metadata` failed: is this the Spinning Plates checkout?")?;
        let root = metadata.workspace_root.clone().into_std_path_buf();

        let mut lessons = Vec::new();
        for package in metadata.workspace_packages() {
            let Some(section) = package.metadata.get("workbook") else {
                continue;
            };
            let meta: LessonMetadata =
                serde_json::from_value(section.clone()).with_context(|| {
                    format!("{}: [package.metadata.workbook] is malformed", package.name)
                })?;
            let dir = package
                .manifest_path
                .parent()
                .and_then(|dir| dir.strip_prefix(&metadata.workspace_root).ok())
                .map(|dir| dir.as_std_path().to_path_buf())
                .with_context(|| format!("{}: the crate is outside the workspace", package.name))?;
            let test_targets = package
                .targets
                .iter()
                .filter(|target| target.is_test())
                .map(|target| target.name.clone())
                .collect();
            let default_tests = package
                .targets
                .iter()
                .filter(|target| target.is_test() && target.test)
                .map(|target| target.name.clone())
                .collect();
            lessons.push(Lesson {
                package: package.name.to_string(),
                dir,
                title: meta.title,
                chapter: meta.chapter,
                exercises: meta.exercises,
                test_targets,
                default_tests,
            });
        }
        lessons.sort_by(|a, b| a.package.cmp(&b.package));
        let workbook = Workbook { root, lessons };
        workbook.check_consistency()?;
        Ok(workbook)
    }

    /// Every exercise, with its lesson, in the book's order.
    pub fn all_exercises(&self) -> impl Iterator<Item = (&Lesson, &Exercise)> {
        self.lessons.iter().flat_map(|lesson| {
            lesson
                .exercises
                .iter()
                .map(move |exercise| (lesson, exercise))
        })
    }

    /// Looks an exercise up by name.
    pub fn exercise(&self, name: &str) -> Option<(&Lesson, &Exercise)> {
        self.all_exercises()
            .find(|(_, exercise)| exercise.name == name)
    }

    /// Catches metadata mistakes early, with a message that names the crate.
    fn check_consistency(&self) -> Result<()> {
        let mut names = HashSet::new();
        for lesson in &self.lessons {
            if lesson.exercises.is_empty() {
                bail!("{}: a lesson needs at least one exercise", lesson.package);
            }
            if !self.root.join(&lesson.chapter).is_file() {
                bail!(
                    "{}: its chapter {} does not exist",
                    lesson.package,
                    lesson.chapter.display()
                );
            }
            for exercise in &lesson.exercises {
                if !names.insert(exercise.name.as_str()) {
                    bail!(
                        "exercise name `{}` is used twice: names must be unique",
                        exercise.name
                    );
                }
                for file in [exercise.file.clone(), exercise.solution_file()] {
                    if !self.root.join(&file).is_file() {
                        bail!(
                            "{}: exercise `{}` names {}, which does not exist",
                            lesson.package,
                            exercise.name,
                            file.display()
                        );
                    }
                }
                if !lesson.test_targets.contains(&exercise.test) {
                    bail!(
                        "{}: exercise `{}` names test target `{}`, which the crate does not have",
                        lesson.package,
                        exercise.name,
                        exercise.test
                    );
                }
                if lesson.default_tests.contains(&exercise.test) {
                    bail!(
                        "{}: test target `{}` must say `test = false` in Cargo.toml: \
                         tests/{ALL_EXERCISES}.rs runs it in the chapter's order",
                        lesson.package,
                        exercise.test
                    );
                }
                if exercise.hints.is_empty() {
                    bail!(
                        "{}: exercise `{}` has no hints",
                        lesson.package,
                        exercise.name
                    );
                }
            }
            self.check_all_exercises(lesson)?;
        }
        self.check_path_remaps()
    }

    /// `tests/all_exercises.rs` lists the exercises' test targets in the order of the
    /// lesson's metadata (the chapter's order).
    fn check_all_exercises(&self, lesson: &Lesson) -> Result<()> {
        let file = lesson.dir.join("tests").join(format!("{ALL_EXERCISES}.rs"));
        let text = fs::read_to_string(self.root.join(&file))
            .with_context(|| format!("{}: cannot read {}", lesson.package, file.display()))?;
        let listed: Vec<&str> = text
            .split_once("EXERCISES: &[&str] = &[")
            .and_then(|(_, rest)| rest.split_once("];"))
            .map(|(list, _)| list.split('"').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let expected: Vec<&str> = lesson.exercises.iter().map(|e| e.test.as_str()).collect();
        if listed != expected {
            bail!(
                "{}: {} lists {listed:?} in EXERCISES; the lesson's exercises are {expected:?}",
                lesson.package,
                file.display()
            );
        }
        if !lesson
            .default_tests
            .iter()
            .any(|name| name == ALL_EXERCISES)
        {
            bail!(
                "{}: Cargo.toml has no `[[test]] name = \"{ALL_EXERCISES}\"` run by default",
                lesson.package
            );
        }
        Ok(())
    }

    /// `.cargo/config.toml` names the learner's files as `exercises/...` for every lesson.
    fn check_path_remaps(&self) -> Result<()> {
        let config = fs::read_to_string(self.root.join(".cargo/config.toml"))
            .context("cannot read .cargo/config.toml")?;
        for lesson in &self.lessons {
            for folder in ["src", "tests"] {
                let remap = format!(
                    "--remap-path-prefix={}/{folder}/../../../=",
                    lesson.dir.display()
                );
                if !config.contains(&remap) {
                    bail!(
                        "{}: .cargo/config.toml's rustflags lack \"{remap}\", which makes \
                         errors name exercises/... instead of {}/{folder}/../../../exercises/...",
                        lesson.package,
                        lesson.dir.display()
                    );
                }
            }
        }
        Ok(())
    }
}
