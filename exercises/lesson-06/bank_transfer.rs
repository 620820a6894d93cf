//! Exercise `bank_transfer`: move money between two accounts, each behind its own
//! lock, so that no two transfers can ever deadlock.
//!
//! The obvious version locks `from`, then `to`. Run two transfers in opposite
//! directions at the same moment (0 to 1, and 1 to 0) and each thread holds the
//! account the other one needs: both wait forever. The test makes exactly that
//! moment happen, every time.
//!
//! Keep the `use crate::sync::Mutex` line as it is: the test compiles this file with
//! a watched `Mutex` that sees which thread holds which account.
//!
//! Test it: `cargo test -p lesson-06 --test bank_transfer`

use crate::sync::Mutex;

// ANCHOR: stub
/// Why a transfer did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsufficientFunds {
    pub available: u64,
    pub wanted: u64,
}

/// Accounts numbered 0, 1, 2, ..., each with a balance behind its own lock, so that
/// transfers between different accounts run at the same time.
#[derive(Debug)]
pub struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    /// A bank whose account `i` starts with `balances[i]`.
    pub fn new(balances: &[u64]) -> Bank {
        Bank {
            accounts: balances
                .iter()
                .map(|&balance| Mutex::new(balance))
                .collect(),
        }
    }

    /// The balance of one account now.
    pub fn balance(&self, account: usize) -> u64 {
        *self.accounts[account].lock().unwrap()
    }

    /// Moves `amount` from `from` to `to`, as one step: nobody who locks the two
    /// accounts can see the money in neither or in both. If `from` has less than
    /// `amount`, nothing changes. A transfer to the same account changes nothing.
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), InsufficientFunds> {
        // Lock both accounts, check, move the money. In which order do you lock
        // them, so that a transfer from 0 to 1 and one from 1 to 0, at the same
        // moment, cannot each hold the lock the other is waiting for? And what
        // happens if `from == to` and you lock the same account twice?
        todo!("move {amount} from account {from} to account {to}")
    }
}
// ANCHOR_END: stub
