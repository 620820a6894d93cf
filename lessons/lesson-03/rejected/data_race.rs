use std::thread;

fn main() {
    let mut requests = 0;
    thread::scope(|scope| {
        // Two threads writing one variable with no lock: a data race.
        scope.spawn(|| requests += 1);
        scope.spawn(|| requests += 1);
    });
    println!("{requests}");
}
