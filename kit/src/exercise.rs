//! What an exercise test says when it fails.
//!
//! Every exercise test runs its body through [`Exercise::run`], so that a learner's
//! mistake is reported the same way everywhere: which exercise, what was expected,
//! what happened, and where the hint is. A body that never finishes (an endless
//! loop, a deadlock) fails after a time limit instead of hanging the suite.

use crate::timeline::{self, Chart, Span};
use std::any::Any;
use std::collections::BTreeMap;
use std::fmt::{Debug, Display};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Mutex, Once};
use std::thread;
use std::time::Duration;

/// Long enough that no correct answer comes near it on a loaded 2-core machine,
/// short enough that a hung test is reported while the learner is still looking.
const DEFAULT_LIMIT: Duration = Duration::from_secs(10);

/// How every explained failure starts; [`Exercise::run`] also uses it to tell a
/// failed check (already explained) from any other panic.
const EXPLAINED: &str = "\n✗ exercise ";

/// One exercise, as its tests see it.
#[derive(Debug, Clone, Copy)]
pub struct Exercise {
    name: &'static str,
    file: &'static str,
    limit: Duration,
}

impl Exercise {
    /// `name` is the exercise's name in the lesson's metadata (the one
    /// `cargo workbook hint` takes); `file` is the file the learner edits.
    pub const fn new(name: &'static str, file: &'static str) -> Self {
        Exercise {
            name,
            file,
            limit: DEFAULT_LIMIT,
        }
    }

    /// The same exercise with another time limit, for tests that do real work.
    pub const fn with_limit(self, limit: Duration) -> Self {
        Exercise { limit, ..self }
    }

    /// Runs one test body on its own thread and turns whatever goes wrong into a
    /// message for the learner: an unfinished `todo!()`, a panic in their code, or
    /// a body still running after the time limit.
    pub fn run<T, F>(&self, body: F) -> T
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        report_todos_briefly();
        let (done, outcome) = mpsc::channel();
        // libtest names each test's thread after the test: the name of the check whose
        // run `cargo workbook run` keeps.
        let check = thread::current().name().unwrap_or("check").to_owned();
        thread::Builder::new()
            .name(format!("exercise {}", self.name))
            .spawn(move || {
                CHECK.set(check);
                let result = panic::catch_unwind(AssertUnwindSafe(body));
                // The `todo!()` that stopped this body, if one did on this very thread:
                // sent along, so the explanation names this test's, not another's.
                let todo = LAST_TODO.take();
                // The receiver is gone only if the test already failed on the time limit.
                let _ = done.send((result, todo));
            })
            .expect("the test could not start a thread");

        match outcome.recv_timeout(self.limit) {
            Ok((Ok(value), _)) => value,
            Ok((Err(payload), todo)) => self.explain_panic(payload, todo),
            Err(RecvTimeoutError::Timeout) => self.fail(format_args!(
                "the test was still running after {:?}.\n\
                 Probably an endless loop (a loop whose exit is never reached) or a deadlock \
                 (a thread waiting for something that never comes).",
                self.limit
            )),
            Err(RecvTimeoutError::Disconnected) => {
                unreachable!("the test thread catches every panic and always reports back")
            }
        }
    }

    /// The exercise's name, as `cargo workbook hint` takes it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The learner's run drawn for a failure message: `spans` as text (see
    /// [`crate::timeline::text`]) under `legend`, and also as a picture in
    /// `target/workbook/runs/<exercise>.svg`, whose path the text ends with.
    pub fn drawing(&self, legend: &str, spans: &[Span]) -> String {
        let mut text = format!("\n  Your run, {legend}:\n{}", timeline::text::draw(spans));
        if let Some(picture) = self.save_picture(legend, spans) {
            text.push_str(&format!("  The same run as a picture: {picture}"));
        }
        text.trim_end().to_string()
    }

    /// The same drawing, made only when a failure message displays it: a check can pass
    /// it along with its message at no cost when the check passes.
    /// With `WORKBOOK_RUNS` set (as `cargo workbook run` sets it), the run is also
    /// kept there at once, whether the check passes or fails.
    pub fn run_of(&self, legend: &'static str, spans: Vec<Span>) -> RunDrawing {
        self.keep_run(legend, &spans);
        RunDrawing {
            exercise: *self,
            legend,
            spans,
        }
    }

    /// Keeps the run of the check now running, as text and as a picture, in the folder
    /// `WORKBOOK_RUNS` names: `cargo workbook run <exercise>` sets it to show a run
    /// that passed too, beside the reference solution's. Without it, does nothing.
    pub fn keep_run(&self, legend: &str, spans: &[Span]) {
        let Some(dir) = std::env::var_os("WORKBOOK_RUNS") else {
            return;
        };
        // On a thread the test itself started, the check's name is not known: the
        // exercise's name stands in.
        let check = CHECK.with_borrow(|check| match check.as_str() {
            "" => self.name.to_owned(),
            check => check.to_owned(),
        });
        // A check may draw more than one run (two pools, say): numbered in turn, so that
        // yours and the reference's pair up run by run.
        let number = {
            let mut kept = RUNS_KEPT.lock().unwrap_or_else(|e| e.into_inner());
            let count = kept.entry(check.clone()).or_insert(0);
            *count += 1;
            *count
        };
        let name = format!("{check}.{number}");
        let dir = Path::new(&dir);
        let text = format!("{legend}:\n{}", timeline::text::draw(spans));
        let title = format!("{}: {name}", self.name);
        // A run that cannot be kept is only a picture missing.
        let _ = std::fs::create_dir_all(dir)
            .and_then(|()| std::fs::write(dir.join(format!("{name}.txt")), text))
            .and_then(|()| {
                std::fs::write(
                    dir.join(format!("{name}.svg")),
                    Chart::new(&title).svg(spans),
                )
            });
    }

    /// Writes the picture under the workspace's `target/workbook/runs/`; `None` if it
    /// cannot (no `CARGO_MANIFEST_DIR`, a read-only checkout): the text is enough.
    fn save_picture(&self, legend: &str, spans: &[Span]) -> Option<String> {
        let lesson = std::env::var_os("CARGO_MANIFEST_DIR")?;
        let relative = format!("target/workbook/runs/{}.svg", self.name);
        let file = Path::new(&lesson).join("../..").join(&relative);
        std::fs::create_dir_all(file.parent()?).ok()?;
        let title = format!("{}: your run, {legend}", self.name);
        std::fs::write(&file, Chart::new(&title).svg(spans)).ok()?;
        Some(relative)
    }

    /// Fails the test with `what`, named and pointed at the hint.
    pub fn fail(&self, what: impl Display) -> ! {
        let message = format!(
            "{EXPLAINED}{name}: {what}\n\n  \
             Your file: {file}\n  \
             Stuck? `cargo workbook hint {name}` shows a hint.\n",
            name = self.name,
            file = self.file,
        );
        // The message is the whole story. Printed here and unwound without the panic
        // hook, it is not buried under "panicked at kit/src/..." and, when
        // RUST_BACKTRACE is set, a backtrace of the test harness.
        eprintln!("{message}");
        panic::resume_unwind(Box::new(message))
    }

    /// Checks `got == expected`; otherwise fails, saying `what` should have happened.
    #[track_caller]
    pub fn check_eq<T, U>(&self, got: T, expected: U, what: impl Display)
    where
        T: PartialEq<U> + Debug,
        U: Debug,
    {
        if got != expected {
            self.fail(format_args!(
                "{what}\n\n  expected: {expected:?}\n       got: {got:?}"
            ));
        }
    }

    /// Checks a condition; otherwise fails with `what`.
    #[track_caller]
    pub fn check(&self, condition: bool, what: impl Display) {
        if !condition {
            self.fail(what);
        }
    }

    /// `todo` is where the body's own thread reached a `todo!()`, if it did.
    fn explain_panic(&self, payload: Box<dyn Any + Send>, todo: Option<String>) -> ! {
        let message = panic_message(&*payload).unwrap_or("(a panic without a message)");

        if message.starts_with(EXPLAINED) {
            // A check already printed its explanation; fail the test with it, quietly.
            panic::resume_unwind(payload);
        }
        if message.starts_with("not yet implemented") {
            // A `todo!()` on a thread the learner's code started: any reached in this
            // exercise's file will do, since they all say the file is unfinished.
            let place = todo
                .or_else(|| todo_in(self.file))
                .map(|at| format!(" at {at}"))
                .unwrap_or_default();
            self.fail(format_args!(
                "not written yet: the code reached a `todo!()`{place}.\n  ({message})\n  \
                 Replace the `todo!()` in your file with your answer."
            ));
        }
        self.fail(format_args!(
            "your code panicked: {message}\n  \
             The line it panicked on is printed above this message."
        ))
    }
}

/// A learner's run, drawn when displayed (see [`Exercise::run_of`]).
#[derive(Debug)]
pub struct RunDrawing {
    exercise: Exercise,
    legend: &'static str,
    spans: Vec<Span>,
}

impl Display for RunDrawing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.exercise.drawing(self.legend, &self.spans))
    }
}

thread_local! {
    /// The test whose body runs on this thread (see [`Exercise::run`]).
    static CHECK: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// Where this thread last reached a `todo!()`, as `file:line:column`.
    static LAST_TODO: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
}

/// How many runs each check has kept so far (see [`Exercise::keep_run`]).
static RUNS_KEPT: Mutex<BTreeMap<String, usize>> = Mutex::new(BTreeMap::new());

/// The places of the `todo!()`s reached on any thread, as `file:line:column`.
static TODOS_REACHED: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// The message a panic carries: what `panic!("...")` or `expect("...")` said, if its
/// payload is text (it nearly always is). For a check that explains a panic it knows.
pub fn panic_message(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
}

/// A `todo!()` reached in `file`, on any thread.
fn todo_in(file: &str) -> Option<String> {
    let reached = TODOS_REACHED.lock().unwrap_or_else(|e| e.into_inner());
    reached
        .iter()
        .find(|place| place.starts_with(file))
        .cloned()
}

/// A `todo!()` reached is the normal state of an exercise not yet written, not a crash:
/// instead of the standard report (and, with `RUST_BACKTRACE` set, a backtrace through
/// the test harness), it gets one line, and the explanation names its place. Every
/// other panic is reported as usual.
fn report_todos_briefly() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let standard = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let message = panic_message(info.payload()).unwrap_or("");
            if !message.starts_with("not yet implemented") {
                return standard(info);
            }
            let Some(at) = info.location() else {
                return standard(info);
            };
            let place = format!("{}:{}:{}", at.file(), at.line(), at.column());
            eprintln!("reached a `todo!()` at {place}: {message}");
            LAST_TODO.set(Some(place.clone()));
            TODOS_REACHED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(place);
        }));
    });
}

#[cfg(feature = "tokio")]
impl Exercise {
    /// Like [`Exercise::run`], for an async test body: it runs on a fresh
    /// current-thread tokio runtime, with real time, timers and I/O. One thread
    /// means that any overlap the test sees comes from tasks, never from threads.
    pub fn run_async<T, F, Fut>(&self, body: F) -> T
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = T>,
        T: Send + 'static,
    {
        self.run(move || runtime(false).block_on(body()))
    }

    /// Like [`Exercise::run_async`], with tokio's clock paused: whenever every task
    /// is waiting on a timer, the clock jumps to the next one. Sleeps and timeouts
    /// then finish at once, in the order their deadlines say, so a test about
    /// delays takes no real time and cannot flake on a slow machine.
    pub fn run_paused<T, F, Fut>(&self, body: F) -> T
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: std::future::Future<Output = T>,
        T: Send + 'static,
    {
        self.run(move || runtime(true).block_on(body()))
    }
}

#[cfg(feature = "tokio")]
fn runtime(paused: bool) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(paused)
        .build()
        .expect("the test could not start a tokio runtime")
}
