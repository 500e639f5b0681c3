//! Turns at the database: an operation (query or mutation, over HTTP or WebSocket) runs
//! only with a turn, and there are as many turns as the pool has connections. Waiting
//! for a turn is first come, first served, and bounded by the request's own timeout,
//! not by the pool's acquire timeout: 32 dashboards at once on a pool of 10 are answered
//! one group after another instead of the last ones failing after 3 s. The acquire
//! timeout keeps its meaning: how fast requests fail while the database is away.
//!
//! The queue is bounded too (`--max-queued`): past it, a request is refused at once with
//! `503` and `Retry-After`, so that a flood is told to come back rather than left to time
//! out holding memory and a socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The turns, and how many wait for one.
pub struct Queue {
    turns: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// Refused: the queue is full.
#[derive(Debug)]
pub struct Full {
    pub waiting: usize,
}

/// A turn, given back when dropped (when the operation ends, or is cancelled).
pub struct Turn {
    _permit: OwnedSemaphorePermit,
}

impl Queue {
    /// `turns` operations at once (the pool's size), at most `max_waiting` waiting.
    pub fn new(turns: u32, max_waiting: u32) -> Queue {
        Queue {
            turns: Arc::new(Semaphore::new(turns.max(1) as usize)),
            waiting: AtomicUsize::new(0),
            max_waiting: max_waiting as usize,
        }
    }

    /// Waits for a turn (tokio's semaphore hands them out in the order asked), or
    /// refuses at once when the queue is full. The caller bounds the wait.
    pub async fn turn(&self) -> Result<Turn, Full> {
        if let Ok(permit) = self.turns.clone().try_acquire_owned() {
            return Ok(Turn { _permit: permit });
        }
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        let _leave = Leave(&self.waiting);
        if waiting >= self.max_waiting {
            return Err(Full { waiting });
        }
        match self.turns.clone().acquire_owned().await {
            Ok(permit) => Ok(Turn { _permit: permit }),
            // The semaphore is never closed; were it, nothing could run.
            Err(_) => Err(Full { waiting }),
        }
    }

    /// Operations waiting for a turn now (for `/metrics`).
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }
}

/// Leaves the count of waiters however the wait ends (a turn, a refusal, a timeout).
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn turns_go_in_order_and_a_full_queue_refuses() {
        let queue = Arc::new(Queue::new(1, 2));
        let first = queue.turn().await.unwrap();
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut waiters = Vec::new();
        for i in 0..2 {
            let (waiter, tx) = (queue.clone(), tx.clone());
            waiters.push(tokio::spawn(async move {
                let turn = waiter.turn().await.unwrap();
                tx.send(i).unwrap();
                drop(turn);
            }));
            // Let each one start waiting before the next.
            while queue.waiting() <= i {
                tokio::task::yield_now().await;
            }
        }
        assert!(queue.turn().await.is_err(), "the third waiter is refused");
        assert_eq!(queue.waiting(), 2);
        drop(first);
        for waiter in waiters {
            waiter.await.unwrap();
        }
        assert_eq!(rx.recv().await, Some(0));
        assert_eq!(rx.recv().await, Some(1));
        assert_eq!(queue.waiting(), 0);
    }
}
