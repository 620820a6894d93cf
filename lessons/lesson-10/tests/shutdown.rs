//! Checks for milestone 6, `shutdown`: `exercises/lesson-10/shutdown.rs`.
//!
//! On tokio's paused clock, rounds that take a known time, a stop at a known moment:
//! when each round started and ended (or was dropped), and when `run_until_stopped`
//! returned, are exact. A failure draws the rounds on that clock.

use kit::exercise::Exercise;
use kit::timeline::{Span, WAITING};
use lesson_10::shutdown::{Stopped, run_until_stopped};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

const EXERCISE: Exercise = Exercise::new("shutdown", "exercises/lesson-10/shutdown.rs");

const AS_THE_CLOCK_SAW_IT: &str = "on tokio's clock (a row per round, [=== from its start to \
     its end, xxx a round cancelled, a round still running drawn until the check looked; the row \
     `stop`, dotted [..., from the stop to the return)";

/// What the numbers of a failure are: the rounds, then when the run returned.
const ROUNDS_AND_RETURN: &str = "(rounds started, finished and cancelled; when \
     `run_until_stopped` returned)";

/// What happened, on tokio's clock from the start.
#[derive(Default)]
struct Record {
    spans: Vec<Span>,
    /// Rounds still running (not ended, not dropped).
    running: usize,
    /// When each round still running started, by number.
    started: BTreeMap<usize, Duration>,
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
        record.started.remove(&self.number);
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
    origin: Instant,
}

impl Run {
    /// The rounds as they ended or were dropped, a round still running drawn until now,
    /// and the row `stop`: waiting (dotted, and not counted as running), from the stop
    /// to the return.
    fn spans(&self, stop_at: u64) -> Vec<Span> {
        let record = self.record.lock().unwrap_or_else(|e| e.into_inner());
        let mut spans = record.spans.clone();
        let now = self.origin.elapsed();
        spans.extend(record.started.iter().map(|(number, start)| Span {
            lane: format!("round {number}"),
            label: format!("round {number}, still running"),
            kind: "still running".into(),
            start: *start,
            end: now,
        }));
        spans.sort_by_key(|span| span.start);
        spans.push(Span {
            lane: "stop".into(),
            label: "stopping".into(),
            kind: WAITING.into(),
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
    run_lengths(every, move |_| takes, stop_at, grace).await
}

/// Rounds every `every` ms, round `n` (from 1) taking `takes(n)` ms, stopped at
/// `stop_at` ms with `grace` ms.
async fn run_lengths(
    every: u64,
    takes: impl Fn(usize) -> u64 + Send + 'static,
    stop_at: u64,
    grace: u64,
) -> Run {
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
            let (number, record) = (number, record.clone());
            let takes = takes(number);
            async move {
                let start = origin.elapsed();
                {
                    let mut record = record.lock().unwrap_or_else(|e| e.into_inner());
                    record.running += 1;
                    record.started.insert(number, start);
                }
                let mut round = Round {
                    record,
                    origin,
                    number,
                    start,
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
        origin,
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
                "{ROUNDS_AND_RETURN}: rounds of 80 ms every 100 ms, stopped at 220 ms \
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
        let why = if run.stopped.rounds_cancelled > 0 || run.returned < Duration::from_millis(150) {
            "You cancelled round 1 at the stop: it had until the deadline (620 ms), and it \
             would have finished at 150 ms. Wait for it until the deadline."
        } else {
            "Once stopped, stop ticking: the grace is for what runs, not for more."
        };
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
                "{ROUNDS_AND_RETURN}: rounds of 150 ms every 100 ms, stopped at 120 ms with \
                 500 ms of grace. Round 1 (0 to 150 ms) finishes within the grace, and then it \
                 is over: the round due at 150 ms must not start, since the monitor is \
                 stopping. {why}\n{}",
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
        if still_running > 0 {
            // On tokio's clock a while longer, so that the drawing shows the round going
            // on after the return.
            sleep(Duration::from_millis(100)).await;
        }
        let why = if run.returned < Duration::from_millis(350) {
            "You returned before the deadline: you cancelled at the stop, or waited less \
             than the grace. Wait until the deadline (the stop plus `grace`), then cancel."
        } else {
            "Waiting for it without a deadline lets one stuck site hold the shutdown for \
             ever."
        };
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
                "{ROUNDS_AND_RETURN}: a round of 10 s, stopped at 150 ms with 200 ms of grace: \
                 cancelled at the deadline, 350 ms. {why}\n{}",
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

#[test]
fn a_stop_made_before_the_start_starts_nothing() {
    EXERCISE.run_paused(|| async {
        // `select!` without `biased;` picks among the ready branches at random: with the
        // stop made and the first tick due, it starts a round one time in two. Twenty
        // runs: such a loop starts one in nearly every test run.
        for attempt in 1..=20 {
            let stop = CancellationToken::new();
            stop.cancel();
            let stopped = run_until_stopped(
                Duration::from_millis(100),
                || async {},
                stop,
                Duration::from_millis(100),
            )
            .await;
            EXERCISE.check_eq(
                stopped.rounds_started,
                0,
                format_args!(
                    "rounds started by a run whose stop was made before it began (attempt \
                     {attempt} of 20): none. The stop and the first tick were both ready, and \
                     the tick won: `tokio::select!` picks among ready branches at random \
                     unless it is `biased;`, and under `biased;` it tries them in the order \
                     written. Write `biased;` first, then the `stop.cancelled()` branch \
                     before the others."
                ),
            );
        }
    });
}

#[test]
fn a_stop_and_a_due_tick_end_in_the_stop() {
    EXERCISE.run_paused(|| async {
        let origin = Instant::now();
        let starts = Arc::new(Mutex::new(Vec::new()));
        let stop = CancellationToken::new();
        // Round 1 is quick; round 2 (from 100 ms) makes the stop as it ends, at 200 ms:
        // the very moment the next tick is due.
        let mut number = 0;
        let rounds = {
            let (starts, stop) = (starts.clone(), stop.clone());
            move || {
                number += 1;
                let (number, starts, stop) = (number, starts.clone(), stop.clone());
                async move {
                    starts
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(origin.elapsed().as_millis());
                    if number == 2 {
                        sleep(Duration::from_millis(100)).await;
                        stop.cancel();
                    }
                }
            }
        };
        let stopped = run_until_stopped(
            Duration::from_millis(100),
            rounds,
            stop,
            Duration::from_millis(100),
        )
        .await;
        let starts = starts.lock().unwrap_or_else(|e| e.into_inner()).clone();
        EXERCISE.check_eq(
            starts,
            vec![0, 100],
            "when each round started: round 2 makes the stop as it ends, at 200 ms, when the \
             next tick is due. A stop and a due tick at the same moment end in the stop: no \
             round 3. Under `biased;` the branches are tried in the order written: put \
             `stop.cancelled()` first, before the round's end and the tick.",
        );
        EXERCISE.check_eq(
            stopped,
            Stopped {
                rounds_started: 2,
                rounds_finished: 2,
                rounds_cancelled: 0,
            },
            "round 2 ended at the stop, with 100 ms of grace left: it finished, and is \
             counted so (its task is done; `join_next` gives it at once), not cancelled.",
        );
    });
}

#[test]
fn missed_ticks_are_delayed_not_caught_up() {
    EXERCISE.run_paused(|| async {
        // A first round of 350 ms, then rounds of 30 ms, every 100 ms.
        let run = run_lengths(100, |number| if number == 1 { 350 } else { 30 }, 520, 100).await;
        let spans = run.spans(520);
        let starts: Vec<u128> = spans
            .iter()
            .filter(|span| span.lane.starts_with("round"))
            .map(|span| span.start.as_millis())
            .collect();
        EXERCISE.check_eq(
            starts,
            vec![0, 350, 450],
            format_args!(
                "when each round started: a first round of 350 ms, then rounds of 30 ms, every \
                 100 ms, stopped at 520 ms. The ticks missed during round 1 are not made up for: \
                 round 2 starts when round 1 ends (350 ms), and round 3 `every` after that \
                 (450 ms). Rounds at 380, 410 and 440 ms are the interval catching up on its \
                 missed ticks, one after the other (`MissedTickBehavior::Burst`, the default); \
                 `ticks.set_missed_tick_behavior(MissedTickBehavior::Delay)`.\n{}",
                EXERCISE.run_of(AS_THE_CLOCK_SAW_IT, spans.clone())
            ),
        );
    });
}
