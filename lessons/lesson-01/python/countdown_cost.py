"""What one step of a Python generator costs, for comparison with resume_cost.rs.

Run it: python3 lessons/lesson-01/python/countdown_cost.py
"""

import time

STEPS = 10_000_000
RUNS = 5


def countdown(num):
    while num >= 0:
        yield num
        num -= 1


def best_of(drain):
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        drain()
        timings.append(time.perf_counter() - start)
    return min(timings)


def main():
    rows = [
        ("generator (countdown)", best_of(lambda: sum(countdown(STEPS)))),
        ("range (reversed)", best_of(lambda: sum(range(STEPS, -1, -1)))),
    ]
    print(f"Counting down from {STEPS} (best of {RUNS} runs):\n")
    for name, seconds in rows:
        print(f"| {name:<24} | {seconds * 1e3:>8.1f} ms | {seconds * 1e9 / (STEPS + 1):>6.2f} ns |")


if __name__ == "__main__":
    main()
