//! Prints how many bytes each `async fn`'s future takes: its state machine's size.
//!
//! Run it: cargo run -p lesson-01 --example state_size

fn main() {
    println!("| {:<26} | {:>6} |", "future", "bytes");
    println!("|{:-<28}|{:->8}|", "", "");
    for (name, size) in lesson_01::state_machine::future_sizes() {
        println!("| {name:<26} | {size:>6} |");
    }
}
