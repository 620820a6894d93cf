//! Pouliot's two shapes of an event loop's API, side by side on one small task:
//! find a user's address, then the city of that address. Step two needs step one's
//! answer.

use std::thread;
use std::time::Duration;
use tokio::time::sleep;

/// How long one lookup takes: a round trip to some slow service.
const ROUND_TRIP: Duration = Duration::from_millis(10);

/// The slow service's data: a user's address, and an address's city.
fn table(key: &str) -> Option<&'static str> {
    match key {
        "ada" => Some("12 St James's Square"),
        "12 St James's Square" => Some("London"),
        "grace" => Some("nowhere known"),
        _ => None,
    }
}

// ANCHOR: callbacks
/// Callback style: returns at once; `done` is called later, from another thread,
/// with the answer.
pub fn lookup_then(key: String, done: impl FnOnce(Option<&'static str>) + Send + 'static) {
    thread::spawn(move || {
        thread::sleep(ROUND_TRIP);
        done(table(&key));
    });
}

/// Two steps in a row: the second starts inside the first one's callback, and every
/// step handles its own failure and passes the result on to `done` by hand.
pub fn city_with_callbacks(
    user: &str,
    done: impl FnOnce(Result<&'static str, String>) + Send + 'static,
) {
    let user = user.to_owned();
    lookup_then(user.clone(), move |address| match address {
        None => done(Err(format!("no user {user}"))),
        Some(address) => lookup_then(address.to_owned(), move |city| match city {
            None => done(Err(format!("no city for {address}"))),
            Some(city) => done(Ok(city)),
        }),
    });
}
// ANCHOR_END: callbacks

// ANCHOR: futures
/// Future style: the call returns a future, and `.await` gives its answer.
pub async fn lookup(key: &str) -> Option<&'static str> {
    sleep(ROUND_TRIP).await;
    table(key)
}

/// The same two steps, written in the order they happen.
pub async fn city(user: &str) -> Result<&'static str, String> {
    let address = lookup(user).await.ok_or(format!("no user {user}"))?;
    let city = lookup(address)
        .await
        .ok_or(format!("no city for {address}"))?;
    Ok(city)
}
// ANCHOR_END: futures

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;

    // ANCHOR: side_by_side_test
    #[tokio::test]
    async fn both_shapes_give_the_same_answers() {
        for (user, expected) in [
            ("ada", Ok("London")),
            ("grace", Err("no city for nowhere known".to_owned())),
            ("bob", Err("no user bob".to_owned())),
        ] {
            // A callback's answer arrives on another thread: a channel brings it back.
            // A oneshot's receiver is a future, so the test awaits it instead of
            // blocking the runtime's thread.
            let (send, receive) = oneshot::channel();
            city_with_callbacks(user, move |answer| send.send(answer).unwrap());
            assert_eq!(receive.await.unwrap(), expected);

            assert_eq!(city(user).await, expected);
        }
    }
    // ANCHOR_END: side_by_side_test
}
