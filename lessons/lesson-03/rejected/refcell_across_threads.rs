use std::cell::RefCell;
use std::sync::Arc;
use std::thread;

fn main() {
    let statuses = Arc::new(RefCell::new(Vec::new()));
    let for_the_thread = Arc::clone(&statuses);
    // The count is atomic now, but RefCell's borrow flag is not.
    let handle = thread::spawn(move || for_the_thread.borrow_mut().push(200));
    statuses.borrow_mut().push(404);
    handle.join().unwrap();
}
