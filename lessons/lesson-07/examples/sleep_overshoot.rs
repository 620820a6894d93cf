//! How much longer than asked does a tokio sleep last? tokio's timer counts whole
//! milliseconds and rounds each deadline up to the end of its millisecond, so a
//! sleep that starts just after a tick (as each does here, one after another, like
//! the sweep's requests at a limit of 1) lasts about a millisecond longer.
//!
//! Run it: cargo run --release -p lesson-07 --example sleep_overshoot

use std::time::{Duration, Instant};

const SLEEPS: u64 = 2000;

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a tokio runtime");
    let mut extra: Vec<Duration> = runtime.block_on(async {
        let mut extra = Vec::new();
        for i in 0..SLEEPS {
            // 1 to 10 ms, as the sweep's sites ask the server for.
            let asked = Duration::from_millis(1 + i % 10);
            let start = Instant::now();
            tokio::time::sleep(asked).await;
            extra.push(start.elapsed() - asked);
        }
        extra
    });
    extra.sort();
    let total: Duration = extra.iter().sum();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{SLEEPS} tokio sleeps of 1 to 10 ms, one after another: each lasted longer than \
         asked by {:.2} ms on average (median {:.2} ms, most {:.2} ms); {:.2} s in all",
        ms(total) / SLEEPS as f64,
        ms(extra[extra.len() / 2]),
        ms(extra[extra.len() - 1]),
        total.as_secs_f64(),
    );
}
