//! Tasks in a `JoinSet`, on a job other than fetching: what the `with_tasks`
//! exercise needs from tokio, shown where it cannot give the exercise away.

use crate::Error;
use std::num::ParseIntError;
use tokio::task::JoinSet;

/// Stands in for any slow job that can fail, like a fetch: it steps aside once, so
/// that other tasks can run, then reads `text` as a number.
async fn parse_later(text: &str) -> Result<u64, ParseIntError> {
    tokio::task::yield_now().await;
    text.trim().parse()
}

// ANCHOR: sum_in_tasks
/// Reads every text as a number, each in its own task, and adds them up.
pub async fn sum_in_tasks(texts: &[String]) -> Result<u64, Error> {
    let mut tasks = JoinSet::new();
    for text in texts {
        // The task must own what it uses: it may run after this function returns.
        let text = text.clone();
        tasks.spawn(async move { parse_later(&text).await });
    }

    let mut sum = 0;
    // Results come in the order the tasks finish, not the order they were spawned.
    while let Some(finished) = tasks.join_next().await {
        // `Result<Result<u64, ParseIntError>, JoinError>`: the first `?` is for the
        // task (did it panic?), the second for its job (was the text a number?).
        sum += finished??;
    }
    Ok(sum)
}
// ANCHOR_END: sum_in_tasks

#[cfg(test)]
mod tests {
    use super::sum_in_tasks;

    fn on_one_thread<T>(future: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a tokio runtime")
            .block_on(future)
    }

    fn texts(words: &[&str]) -> Vec<String> {
        words.iter().map(|word| word.to_string()).collect()
    }

    #[test]
    fn adds_what_every_task_read() {
        let sum = on_one_thread(sum_in_tasks(&texts(&["1", "20", "300"])));
        assert_eq!(sum.unwrap(), 321);
    }

    #[test]
    fn a_task_that_failed_is_an_error() {
        let sum = on_one_thread(sum_in_tasks(&texts(&["1", "twenty"])));
        assert_eq!(
            sum.unwrap_err().to_string(),
            "invalid digit found in string"
        );
    }
}
