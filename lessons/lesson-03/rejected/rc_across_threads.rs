use std::rc::Rc;
use std::thread;

fn main() {
    let visits = Rc::new(vec!["/status/200", "/status/404"]);
    let for_the_thread = Rc::clone(&visits);
    // Two threads could now change the same reference count at the same time.
    let handle = thread::spawn(move || for_the_thread.len());
    println!("{} and {}", visits.len(), handle.join().unwrap());
}
