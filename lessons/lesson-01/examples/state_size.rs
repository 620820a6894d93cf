//! Prints how many bytes each `async fn`'s future takes: its state machine's size.
//!
//! Run it: cargo run -p lesson-01 --example state_size

fn main() {
    println!("| {:<30} | {:>6} |", "future", "bytes");
    println!("|{:-<32}|{:->8}|", "", "");
    for (name, size) in lesson_01::state_machine::future_sizes() {
        println!("| {name:<30} | {size:>6} |");
    }

    let (held, body) = lesson_01::state_machine::countdown_sizes(3);
    println!();
    println!(
        "genawaiter's countdown(3): the Gen you hold is {held} bytes; its body, on the heap, is {body} bytes"
    );
}
