//! Checks for milestone 6, `shutdown`: `exercises/lesson-10/shutdown.rs`.
//!
//! On tokio's paused clock, rounds that take a known time, a stop at a known moment:
//! when each round started and ended (or was dropped), and when `run_until_stopped`
//! returned, are exact. A failure draws the rounds on that clock.

use kit::exercise::Exercise;
use kit::timeline::Span;
use lesson_10::shutdown::{Stopped, run_until_stopped};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

const EXERCISE: Exercise = Exercise::new("shutdown", "exercises/lesson-10/shutdown.rs");

const AS_THE_CLOCK_SAW_IT: &str = "on tokio's clock (a row per round, [=== from its start to \
     its end, xxx a round cancelled; the row `stop` from the stop to the return)";

/// What happened, on tokio's clock from the start.
#[derive(Default)]
struct Record {
    spans: Vec<Span>,
    /// Rounds still running (not ended, not dropped).
    running: usize,
}

/// A round that takes `takes`, noting its start and its end, or its drop if cancelled.
struct Round {
    record: Arc<Mutex<Record>>,
    origin: Instant,
    number: usize,
    start: Duration,
    ended: bool,
}

impl Drop for Round {
    fn drop(&mut self) {
        let mut record = self.record.lock().unwrap_or_else(|e| e.into_inner());
        record.running -= 1;
        record.spans.push(Span {
            lane: format!("round {}", self.number),
            label: format!("round {}", self.number),
            kind: if self.ended { "finished" } else { "error" }.into(),
            start: self.start,
            end: self.origin.elapsed(),
        });
    }
}

struct Run {
    stopped: Stopped,
    returned: Duration,
    record: Arc<Mutex<Record>>,
}

impl Run {
    fn spans(&self, stop_at: u64) -> Vec<Span> {
        let mut spans = self
            .record
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .spans
            .clone();
        spans.sort_by_key(|span| span.start);
        spans.push(Span {
            lane: "stop".into(),
            label: "stopping".into(),
            kind: "stop".into(),
            start: Duration::from_millis(stop_at),
            end: self.returned,
        });
        spans
    }

    fn still_running(&self) -> usize {
        self.record
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .running
    }
}

/// Rounds of `takes` ms every `every` ms, stopped at `stop_at` ms with `grace` ms.
async fn run(every: u64, takes: u64, stop_at: u64, grace: u64) -> Run {
    let origin = Instant::now();
    let record = Arc::new(Mutex::new(Record::default()));
    let stop = CancellationToken::new();
    let stopper = {
        let stop = stop.clone();
        tokio::spawn(async move {
            sleep(Duration::from_millis(stop_at)).await;
            stop.cancel();
        })
    };
    let mut number = 0;
    let rounds = {
        let record = record.clone();
        move || {
            number += 1;
            let record = record.clone();
            let number = number;
            async move {
                record.lock().unwrap_or_else(|e| e.into_inner()).running += 1;
                let mut round = Round {
                    record,
                    origin,
                    number,
                    start: origin.elapsed(),
                    ended: false,
                };
                sleep(Duration::from_millis(takes)).await;
                round.ended = true;
            }
        }
    };
    let stopped = run_until_stopped(
        Duration::from_millis(every),
        rounds,
        stop,
        Duration::from_millis(grace),
    )
    .await;
    let returned = origin.elapsed();
    stopper.abort();
    Run {
        stopped,
        returned,
        record,
    }
}

#[test]
fn rounds_on_the_interval() {
    EXERCISE.run_paused(|| async {
        let run = run(100, 30, 350, 100).await;
        EXERCISE.check_eq(
            run.stopped,
            Stopped {
                rounds_started: 4,
                rounds_finished: 4,
                rounds_cancelled: 0,
            },
            format_args!(
                "rounds of 30 ms every 100 ms, stopped at 350 ms: rounds at 0, 100, 200 and \
                 300 ms, all finished.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(350))
            ),
        );
        EXERCISE.check_eq(
            run.returned,
            Duration::from_millis(350),
            "with no round in flight at the stop, `run_until_stopped` returns at once.",
        );
    });
}

#[test]
fn a_slow_round_delays_the_next() {
    EXERCISE.run_paused(|| async {
        let run = run(100, 250, 600, 1000).await;
        EXERCISE.check_eq(
            run.stopped.rounds_started,
            3,
            format_args!(
                "rounds of 250 ms every 100 ms, stopped at 600 ms: never two at once, so rounds \
                 at 0, 250 and 500 ms. Start a round only when none is running (a \
                 `tick()` branch with `if running.is_empty()`), and let the interval's \
                 missed ticks wait (`MissedTickBehavior::Delay`).\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(600))
            ),
        );
    });
}

#[test]
fn a_round_in_flight_gets_its_grace() {
    EXERCISE.run_paused(|| async {
        let run = run(100, 80, 220, 100).await;
        EXERCISE.check_eq(
            (run.stopped, run.returned),
            (
                Stopped {
                    rounds_started: 3,
                    rounds_finished: 3,
                    rounds_cancelled: 0,
                },
                Duration::from_millis(280),
            ),
            format_args!(
                "((rounds), when it returned): rounds of 80 ms every 100 ms, stopped at 220 ms \
                 with 100 ms of grace. The round that started at 200 ms ends at 280 ms, within \
                 the grace: it finishes, and nothing it found is lost. Cancelling it at the \
                 stop throws its work away; wait for it, up to the deadline.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(220))
            ),
        );
    });
}

#[test]
fn nothing_starts_after_the_stop() {
    EXERCISE.run_paused(|| async {
        let run = run(100, 150, 120, 500).await;
        EXERCISE.check_eq(
            (run.stopped, run.returned),
            (
                Stopped {
                    rounds_started: 1,
                    rounds_finished: 1,
                    rounds_cancelled: 0,
                },
                Duration::from_millis(150),
            ),
            format_args!(
                "((rounds), when it returned): rounds of 150 ms every 100 ms, stopped at \
                 120 ms with 500 ms of grace. Round 1 (0 to 150 ms) finishes within the grace, \
                 and then it is over: the round due at 150 ms must not start, since the \
                 monitor is stopping. Once stopped, stop ticking: the grace is for what runs, \
                 not for more.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(120))
            ),
        );
    });
}

#[test]
fn a_stuck_round_is_cancelled_at_the_deadline() {
    EXERCISE.run_paused(|| async {
        let run = run(100, 10_000, 150, 200).await;
        let still_running = run.still_running();
        EXERCISE.check_eq(
            (run.stopped, run.returned),
            (
                Stopped {
                    rounds_started: 1,
                    rounds_finished: 0,
                    rounds_cancelled: 1,
                },
                Duration::from_millis(350),
            ),
            format_args!(
                "((rounds), when it returned): a round of 10 s, stopped at 150 ms with 200 ms \
                 of grace: cancelled at the deadline, 350 ms. Waiting for it without a \
                 deadline lets one stuck site hold the shutdown for ever.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(150))
            ),
        );
        EXERCISE.check_eq(
            still_running,
            0,
            format_args!(
                "rounds still running after `run_until_stopped` returned: a cancelled round \
                 must be gone by then, or it goes on writing after the monitor said it \
                 stopped. Dropping a `JoinHandle` does not cancel a task; `JoinSet::shutdown` \
                 (or `abort` and then awaiting it) does.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, run.spans(150))
            ),
        );
    });
}
