"""Counting primes with multiprocessing, the way Chris Pouliot's "Asynchronous Python"
ends: the talk's is_prime, run in worker Processes that send their counts back
through a Queue. Threads would not help here: only one at a time could hold the GIL.

The Python twin of lesson 02's primes demo, which runs it on the same numbers and
prints its rows beside the Rust ones. It prints one line of JSON, the count and the
seconds it took, worker processes started and joined included:

    {"primes": 348513, "seconds": 20.1}

Run it alone: python3 lessons/lesson-02/python/primes.py START END PROCESSES
(`--versions` first prints the version of Python instead: it needs no package.)
"""

import json
import math
import sys
import time
from multiprocessing import Process, Queue

# How many consecutive numbers a worker takes at a time: the Rust threads' split.
BLOCK = 1024


def is_prime(n):
    """The talk's trial division by odd numbers, with the two cases it gets wrong put
    right, as in the Rust version: it said that 2 is not prime and that 1 is."""
    if n < 2:
        return False
    if not n % 2:
        return n == 2
    start = 3
    to = math.sqrt(n) + 1
    for i in range(start, int(to), 2):
        if not n % i:
            return False
    return True


# ANCHOR: workers
def count_blocks(start, end, first, workers, results):
    """One worker: the blocks first, first + workers, first + 2 * workers, ... of
    start..end, dealt like cards as the Rust threads deal them, so that every worker
    gets small and big numbers alike. Its count goes back through the queue."""
    found = 0
    for block in range(start + first * BLOCK, end, workers * BLOCK):
        for n in range(block, min(block + BLOCK, end)):
            if is_prime(n):
                found += 1
    results.put(found)


def count_primes(start, end, workers):
    results = Queue()
    processes = [Process(target=count_blocks, args=(start, end, first, workers, results))
                 for first in range(workers)]
    for process in processes:
        process.start()
    # One count from each worker, in whatever order they finish; then wait for them.
    total = sum(results.get() for _ in processes)
    for process in processes:
        process.join()
    return total
# ANCHOR_END: workers


def main():
    args = sys.argv[1:]
    if args[:1] == ["--versions"]:
        print(json.dumps({"python": ".".join(map(str, sys.version_info[:3]))}))
        return
    if len(args) != 3:
        sys.exit("usage: primes.py [--versions] START END PROCESSES")
    start, end, workers = map(int, args)
    t0 = time.perf_counter()
    found = count_primes(start, end, workers)
    t1 = time.perf_counter()
    print(json.dumps({"primes": found, "seconds": t1 - t0}))


if __name__ == "__main__":
    main()
