// Wrong: lock the account the money leaves, then the one it goes to, the order the words come in
// Caught by transfers_in_opposite_directions_do_not_deadlock: "take the two locks in the same order"
// Draws: "[x"

use crate::sync::Mutex;

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
        if from == to {
            // Locking the same std Mutex twice on one thread deadlocks (or panics).
            let available = self.balance(from);
            if available < amount {
                return Err(InsufficientFunds {
                    available,
                    wanted: amount,
                });
            }
            return Ok(());
        }
        let mut source = self.accounts[from].lock().unwrap();
        let mut target = self.accounts[to].lock().unwrap();
        if *source < amount {
            return Err(InsufficientFunds {
                available: *source,
                wanted: amount,
            });
        }
        *source -= amount;
        *target += amount;
        Ok(())
    }
}
