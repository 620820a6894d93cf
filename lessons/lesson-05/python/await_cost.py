"""What does an await cost in Python? A function call, an await of a coroutine that
returns at once, and a real suspension (asyncio.sleep(0)) through the event loop.

Run it: python3 lessons/lesson-05/python/await_cost.py
"""

import asyncio
import time

CALLS = 1_000_000
YIELDS = 200_000
RUNS = 5


def add_one(x):
    return x + 1


async def add_one_async(x):
    return x + 1


def calls():
    total = 0
    for _ in range(CALLS):
        total = add_one(total)
    return total


async def awaits():
    total = 0
    for _ in range(CALLS):
        total = await add_one_async(total)
    return total


async def yields():
    for _ in range(YIELDS):
        await asyncio.sleep(0)


def best_of(work):
    best = None
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def main():
    rows = [
        ("function call", CALLS, best_of(calls)),
        ("await, returns at once", CALLS, best_of(lambda: asyncio.run(awaits()))),
        ("await asyncio.sleep(0)", YIELDS, best_of(lambda: asyncio.run(yields()))),
    ]
    print(f"Best of {RUNS} runs:\n")
    print(f"| {'what':<26} | {'count':>10} | {'each':>11} |")
    print(f"|{'-' * 28}|{'-' * 12}|{'-' * 13}|")
    for name, count, seconds in rows:
        print(f"| {name:<26} | {count:>10} | {seconds * 1e9 / count:>8.1f} ns |")


if __name__ == "__main__":
    main()
