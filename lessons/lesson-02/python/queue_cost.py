"""What passing work to another process costs in Python: starting the process, and
pickling what goes through a multiprocessing Queue, there and back.

The Python twin of lesson 02's pipe_cost demo, which starts it and prints its rows
beside the Rust ones. Run it alone: python3 lessons/lesson-02/python/queue_cost.py
"""

import multiprocessing as mp
import pickle
import statistics
import time
from multiprocessing.reduction import ForkingPickler

SMALL = 1  # one number: a single piece of work
LARGE = 100_000  # a list of numbers: a whole slice of work at once
RUNS = {"start": 20, SMALL: 200, LARGE: 20}  # more runs of the quick jobs


def human(seconds):
    """A duration as the Rust demo writes it: µs below a millisecond, ms above."""
    micros = seconds * 1e6
    return f"{micros:.1f} µs" if micros < 1000 else f"{micros / 1e3:.2f} ms"


def row(what, seconds, note=""):
    """One table row: the median and the range of the timings."""
    spread = f"{human(min(seconds))} - {human(max(seconds))}"
    print(f"| Python | {what:<42} | {human(statistics.median(seconds)):>13} | {spread:<25} | {note}")


def nothing():
    pass


# ANCHOR: worker
def echo(inbox, outbox):
    """The worker: sends back everything it receives, until it receives None."""
    outbox.put(resident_kib())
    while (work := inbox.get()) is not None:
        outbox.put(work)
# ANCHOR_END: worker


def resident_kib():
    """This process's resident memory, shared pages included (Linux only)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def timed(action, runs):
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return timings


def start_and_join(context):
    process = context.Process(target=nothing)
    process.start()
    process.join()


def main():
    default = mp.get_start_method()
    for method in [default] + [m for m in ["spawn"] if m != default]:
        context = mp.get_context(method)
        row(f"start a process and wait for it ({method})",
            timed(lambda: start_and_join(context), RUNS["start"]))

    inbox, outbox = mp.Queue(), mp.Queue()
    worker = mp.Process(target=echo, args=(inbox, outbox))
    worker.start()
    worker_kib = outbox.get()
    for size in (SMALL, LARGE):
        work = list(range(size))
        pickled = ForkingPickler.dumps(work)
        numbers = "number" if size == 1 else "numbers"
        row(f"encode and decode {size} {numbers} (pickle)",
            timed(lambda: pickle.loads(ForkingPickler.dumps(work)), RUNS[size]),
            f"{len(pickled)} bytes")

        # ANCHOR: round_trip
        def round_trip():
            inbox.put(work)  # pickled, then written to a pipe
            assert outbox.get() == work  # read from a pipe, then unpickled
        # ANCHOR_END: round_trip

        row(f"{size} {numbers} to a worker and back", timed(round_trip, RUNS[size]),
            "through 2 Queues")
    inbox.put(None)
    worker.join()
    if worker_kib is not None:
        print(f"| Python | {'memory of an idle worker (VmRSS)':<42} | {worker_kib:>9} KiB "
              f"| {'':<25} | shared pages included")


if __name__ == "__main__":
    main()
