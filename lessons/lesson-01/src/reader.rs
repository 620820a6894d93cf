//! The talk's reader, and the wrapper that only has to pass values *out*.

use genawaiter::rc::Gen;
use std::future::Future;

// ANCHOR: reader
/// Stands in for reading a file, a socket or a database: four lines, one per resume.
pub fn reader() -> Gen<String, (), impl Future<Output = ()>> {
    Gen::new(|co| async move {
        for i in 0..4 {
            co.yield_(format!("<< {i}")).await;
        }
    })
}
// ANCHOR_END: reader

// ANCHOR: reader_wrapper
/// Passes on everything `inner` yields. A `for` loop is enough, because values
/// only travel one way: out of `inner`, out of the wrapper.
pub fn reader_wrapper<I>(inner: I) -> Gen<String, (), impl Future<Output = ()>>
where
    I: IntoIterator<Item = String>,
{
    Gen::new(|co| async move {
        for line in inner {
            // (some other work could happen here)
            co.yield_(line).await;
        }
    })
}
// ANCHOR_END: reader_wrapper

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wrapper_passes_every_line_on() {
        let lines: Vec<String> = reader_wrapper(reader()).into_iter().collect();
        assert_eq!(lines, ["<< 0", "<< 1", "<< 2", "<< 3"]);
    }
}
