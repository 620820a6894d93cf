//! The bank with no lock: one task owns every balance, and the others send it
//! messages. That design is an *actor*; the channel between them is *CSP*'s idea.
//!
//! Nothing here can deadlock on a lock, because there is no lock: only the owning
//! task ever touches the map, one message at a time, so every transfer is whole.

use std::collections::HashMap;
use tokio::sync::{mpsc, oneshot};

/// Why a transfer did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    UnknownAccount(String),
    InsufficientFunds { available: u64, wanted: u64 },
}

// ANCHOR: messages
/// What the owner of the accounts understands. Each message carries the sending
/// half of a oneshot channel: the way back for the answer.
#[derive(Debug)]
pub enum Request {
    Transfer {
        from: String,
        to: String,
        amount: u64,
        reply: oneshot::Sender<Result<(), Refused>>,
    },
    Balance {
        account: String,
        reply: oneshot::Sender<Option<u64>>,
    },
}
// ANCHOR_END: messages

// ANCHOR: owner
/// The actor: a task that owns the map outright and handles one message at a time.
/// It ends when every handle is dropped, because then `recv` returns `None`.
async fn own_the_accounts(mut accounts: HashMap<String, u64>, mut inbox: mpsc::Receiver<Request>) {
    while let Some(request) = inbox.recv().await {
        match request {
            Request::Transfer {
                from,
                to,
                amount,
                reply,
            } => {
                let outcome = transfer(&mut accounts, &from, &to, amount);
                // The asker may have given up (its future dropped): nothing to do.
                let _ = reply.send(outcome);
            }
            Request::Balance { account, reply } => {
                let _ = reply.send(accounts.get(&account).copied());
            }
        }
    }
}
// ANCHOR_END: owner

/// Plain, single-threaded code: only the owner ever calls it.
fn transfer(
    accounts: &mut HashMap<String, u64>,
    from: &str,
    to: &str,
    amount: u64,
) -> Result<(), Refused> {
    let unknown = |name: &str| Refused::UnknownAccount(name.to_owned());
    let available = *accounts.get(from).ok_or_else(|| unknown(from))?;
    if !accounts.contains_key(to) {
        return Err(unknown(to));
    }
    if available < amount {
        return Err(Refused::InsufficientFunds {
            available,
            wanted: amount,
        });
    }
    *accounts.get_mut(from).expect("looked up above") -= amount;
    *accounts.get_mut(to).expect("looked up above") += amount;
    Ok(())
}

// ANCHOR: handle
/// What the rest of the program holds: the sending half of the owner's inbox.
/// Cloning it is cheap, and every clone talks to the same owner.
#[derive(Debug, Clone)]
pub struct Bank {
    inbox: mpsc::Sender<Request>,
}

impl Bank {
    /// Spawns the owner task (inside a tokio runtime) and returns a handle to it.
    pub fn open(balances: &[(&str, u64)]) -> Bank {
        let accounts = balances
            .iter()
            .map(|&(name, balance)| (name.to_owned(), balance))
            .collect();
        // A bounded inbox: when the owner falls behind, senders wait (backpressure).
        let (inbox, requests) = mpsc::channel(64);
        tokio::spawn(own_the_accounts(accounts, requests));
        Bank { inbox }
    }

    pub async fn transfer(&self, from: &str, to: &str, amount: u64) -> Result<(), Refused> {
        self.ask(|reply| Request::Transfer {
            from: from.to_owned(),
            to: to.to_owned(),
            amount,
            reply,
        })
        .await
    }

    pub async fn balance(&self, account: &str) -> Option<u64> {
        self.ask(|reply| Request::Balance {
            account: account.to_owned(),
            reply,
        })
        .await
    }

    /// Every call is the same conversation: a message that carries the sender of a
    /// one-shot channel, then a wait for the owner's answer on it.
    async fn ask<T>(&self, request: impl FnOnce(oneshot::Sender<T>) -> Request) -> T {
        let (reply, answer) = oneshot::channel();
        self.inbox
            .send(request(reply))
            .await
            .expect("the owner is running");
        answer.await.expect("the owner answers every request")
    }
}
// ANCHOR_END: handle

#[cfg(test)]
mod tests {
    use super::*;

    // ANCHOR: crossing
    /// The crossing transfers that deadlock two mutexes taken in opposite orders,
    /// 1000 each way, on two worker threads: here there is nothing to deadlock on.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn crossing_transfers_through_the_owner() {
        let bank = Bank::open(&[("alice", 1000), ("bob", 1000)]);
        let there = tokio::spawn({
            let bank = bank.clone();
            async move {
                for _ in 0..1000 {
                    bank.transfer("alice", "bob", 1).await.unwrap();
                }
            }
        });
        let back = tokio::spawn({
            let bank = bank.clone();
            async move {
                for _ in 0..1000 {
                    bank.transfer("bob", "alice", 1).await.unwrap();
                }
            }
        });
        there.await.unwrap();
        back.await.unwrap();
        assert_eq!(bank.balance("alice").await, Some(1000));
        assert_eq!(bank.balance("bob").await, Some(1000));
        assert_eq!(
            bank.transfer("alice", "bob", 5000).await,
            Err(Refused::InsufficientFunds {
                available: 1000,
                wanted: 5000
            })
        );
    }
    // ANCHOR_END: crossing
}
