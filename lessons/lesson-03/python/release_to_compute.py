"""Long computations release the GIL: the same work on 1 and on 2 threads, three ways.

Run it: python3 lessons/lesson-03/python/release_to_compute.py

- a pure-Python loop: every step is bytecode, so the threads take turns on the GIL;
- SHA-256 over 1 KiB pieces: hashlib keeps the GIL for pieces under 2048 bytes;
- SHA-256 over 1 MiB pieces: hashlib's C code lets go of the GIL while it hashes
  (Py_BEGIN_ALLOW_THREADS), so two threads hash at the same time on two cores.

Each row does the same total work in every column, split evenly between the
threads; each cell is the best of 5 runs.
"""

import hashlib
import os
import sys
import threading
import time

RUNS = 5
LOOP_STEPS = 4_000_000
HASHED_BYTES = 256 * 1024 * 1024
THREADS = (1, 2)


# ANCHOR: work
def python_loop(steps):
    """A xorshift, one bytecode-sized step at a time: all of it under the GIL."""
    x = 1
    for _ in range(steps):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
    return x


def hash_in_pieces(piece_size):
    """Hashes its share of HASHED_BYTES, handing hashlib `piece_size` bytes a call."""
    piece = os.urandom(piece_size)

    def work(share):
        digest = hashlib.sha256()
        for _ in range(share // piece_size):
            digest.update(piece)
        return digest.digest()

    return work
# ANCHOR_END: work


def best_time(work, total, threads):
    """The best of RUNS runs of `work`, with `total` split evenly over `threads`."""
    best = float("inf")
    for _ in range(RUNS):
        workers = [
            threading.Thread(target=work, args=(total // threads,)) for _ in range(threads)
        ]
        start = time.perf_counter()
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        best = min(best, time.perf_counter() - start)
    return best


def main():
    gil = "enabled"
    if hasattr(sys, "_is_gil_enabled") and not sys._is_gil_enabled():
        gil = "disabled (free-threaded build)"
    print(
        f"Python {sys.version.split()[0]}, GIL {gil}, switch interval "
        f"{sys.getswitchinterval() * 1000:g} ms, {os.cpu_count()} cores.\n"
        f"Best of {RUNS} runs; the same total work in each column.\n"
    )
    print("| work                          | 1 thread  | 2 threads")
    print("|-------------------------------|-----------|------------------")
    rows = [
        ("pure-Python loop", python_loop, LOOP_STEPS),
        ("sha256, 1 KiB a call", hash_in_pieces(1024), HASHED_BYTES),
        ("sha256, 1 MiB a call", hash_in_pieces(1024 * 1024), HASHED_BYTES),
    ]
    for name, work, total in rows:
        one, two = (best_time(work, total, threads) for threads in THREADS)
        print(f"| {name:<29} | {one:>7.3f} s | {two:>7.3f} s ({one / two:>3.1f}x)")


if __name__ == "__main__":
    main()
