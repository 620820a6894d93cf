// Wrong: lock the lower account, then the higher, with no special case when they are the same
// Caught by a_transfer_to_the_same_account_changes_nothing: "must lock that account once"

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
        // One global order, the account number, for every thread.
        let (first, second) = (from.min(to), from.max(to));
        let mut first = self.accounts[first].lock().unwrap();
        let mut second = self.accounts[second].lock().unwrap();
        let (source, target) = if from < to {
            (&mut *first, &mut *second)
        } else {
            (&mut *second, &mut *first)
        };
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
