//! `block_in_place`: blocking right here, on a worker of the multi-thread runtime,
//! after handing that worker's other tasks to a fresh thread.

use tokio::task;

// ANCHOR: in_place
/// Adds up the bytes of `data`, blocking this thread. `block_in_place` first moves
/// this worker's queue of tasks to another thread, so they keep running, and then
/// calls the closure here. The closure may borrow: nothing is sent anywhere.
/// Only for the multi-thread runtime: on a current-thread runtime it panics.
pub async fn byte_sum_in_place(data: &[u8]) -> u64 {
    task::block_in_place(|| data.iter().map(|&byte| u64::from(byte)).sum())
}
// ANCHOR_END: in_place

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;
    use tokio::runtime::Builder;

    // ANCHOR: in_place_tests
    #[test]
    fn works_on_the_multi_thread_runtime() {
        let runtime = Builder::new_multi_thread()
            .worker_threads(1)
            .build()
            .unwrap();
        let sum = runtime.block_on(async {
            tokio::spawn(async {
                let data = vec![7_u8; 1000];
                byte_sum_in_place(&data).await
            })
            .await
            .unwrap()
        });
        assert_eq!(sum, 7000);
    }

    #[test]
    fn panics_on_the_current_thread_runtime() {
        let runtime = Builder::new_current_thread().build().unwrap();
        let failed = runtime.block_on(async {
            tokio::spawn(async { byte_sum_in_place(&[1, 2, 3]).await })
                .await
                .unwrap_err()
        });
        let panic = failed.into_panic();
        let message = panic.downcast_ref::<String>().unwrap();
        assert_eq!(
            message,
            "can call blocking only when running on the multi-threaded runtime"
        );
    }

    /// What moves to another thread is the worker's *other tasks*. The futures inside
    /// this task, such as the other branch of a `join!`, wait until the closure returns.
    #[test]
    fn blocks_the_rest_of_its_own_task() {
        let runtime = Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap();
        let met = runtime.block_on(async {
            tokio::spawn(async {
                let (hello, greeting) = mpsc::channel();
                let (met, ()) = tokio::join!(
                    async move {
                        // Real time: the sibling cannot run until this returns, so
                        // 300 ms only decides how long the test waits in vain.
                        task::block_in_place(|| {
                            greeting.recv_timeout(Duration::from_millis(300)).is_ok()
                        })
                    },
                    // Fails once the receiver is gone; then it is too late anyway.
                    async { hello.send(()).unwrap_or_default() },
                );
                met
            })
            .await
            .unwrap()
        });
        assert!(
            !met,
            "the sibling in the same task ran during block_in_place"
        );
    }
    // ANCHOR_END: in_place_tests
}
