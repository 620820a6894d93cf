"""The Healthcheck Counter in Python, the way the talk "Python I/O Performance:
Asyncio + Uvloop" wrote it: one request after another with requests; the list split
over 3 subprocesses; a thread per URL adding to a shared dict under a lock; aiohttp
requests gathered on asyncio's loop; and the same on uvloop's.

The Python twin of the healthcheck demos of lessons 02 and 05, which start it against
their slow server and print its rows beside the Rust ones. It reads the URLs from its
standard input, one a line, and prints one line of JSON: the counts, and the seconds
the work took, timed as the talk timed it (after reading the list):

    {"counts": {"200": 28, "404": 1}, "seconds": 1.46}

Run it alone against the kit's server (`cargo run -p kit --release -- serve > urls.txt`
in another terminal):

    python3 lessons/lesson-02/python/healthcheck.py threads < urls.txt

`--versions VERSION` prints the versions of Python and of the packages that VERSION
needs, and fails if one is missing: the demos ask before they measure.
"""

import asyncio
import json
import math
import subprocess
import sys
import threading
import time

# The packages, imported before the clock starts, as the talk's scripts import them at
# their top. Each version needs only its own: a missing one is None here.
try:
    import requests
except ImportError:
    requests = None
try:
    import aiohttp
except ImportError:
    aiohttp = None
try:
    import uvloop
except ImportError:
    uvloop = None

# The packages each version needs.
PACKAGES = {
    "sequential": ["requests"],
    "processes": ["requests"],
    "threads": ["requests"],
    "asyncio": ["aiohttp"],
    "uvloop": ["aiohttp", "uvloop"],
}

# As many processes as the talk's subprocess checker used.
PROCESSES = 3

# A site that cannot be reached at all is counted under this key. The talk's checkers
# would stop with the exception; counting it lets a demo show how many failed.
ERROR = "error"


def count(statuses, status):
    # The talk's way of counting, kept: the JSON it prints has the statuses as keys.
    if not statuses.get(status):
        statuses[status] = 0
    statuses[status] += 1


# The kinds of error already reported, so that 2000 failures print a line each kind.
REPORTED = set()


def failed(url, error):
    """Says on standard error what went wrong (once per kind), and counts an error."""
    kind = type(error).__name__
    if kind not in REPORTED:
        REPORTED.add(kind)
        print(f"{url}: {kind}: {error}", file=sys.stderr)
    return ERROR


def sequential(websites):
    """The naive checker: each request must finish before the next one starts."""
    statuses = {}
    for website in websites:
        try:
            status = requests.get(website).status_code
        except requests.RequestException as error:
            status = failed(website, error)
        count(statuses, status)
    return statuses


def processes(websites):
    """The subprocess checker: the naive checker run as 3 processes at once, each on a
    slice of the list (the talk wrote the slices to files; here each goes to its
    worker's standard input), then their JSON added up."""
    per_process = math.ceil(len(websites) / PROCESSES)
    workers = []
    for i in range(PROCESSES):
        part = websites[i * per_process:(i + 1) * per_process]
        worker = subprocess.Popen([sys.executable, __file__, "sequential"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        # Written and closed before the next worker starts: the worker begins at once.
        worker.stdin.write("\n".join(part))
        worker.stdin.close()
        workers.append(worker)
    combined = {}
    for worker in workers:
        output = worker.stdout.read()
        if worker.wait() != 0:
            raise SystemExit(f"a worker failed with exit status {worker.returncode}")
        for status, n in json.loads(output)["counts"].items():
            combined[status] = combined.get(status, 0) + n
    return combined


# ANCHOR: threads
def threads(websites):
    """The thread checker: a thread per URL, every one adding to one dict, behind a
    lock so that two threads never update it at the same time."""
    stats = {}
    lock = threading.Lock()

    def get_website_status(url):
        try:
            status = requests.get(url).status_code
        except requests.RequestException as error:
            status = failed(url, error)
        with lock:
            count(stats, status)

    workers = []
    for website in websites:
        worker = threading.Thread(target=get_website_status, args=(website,))
        workers.append(worker)
        worker.start()
    for worker in workers:
        worker.join()
    return stats
# ANCHOR_END: threads


# ANCHOR: asyncio
async def get_statuses(websites):
    """The asyncio checker: a coroutine per URL, all gathered on one event loop."""
    # aiohttp opens at most 100 connections at once unless told otherwise; 0 means no
    # limit, as in the Rust versions.
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as session:
        statuses = {}
        tasks = [get_website_status(website, session) for website in websites]
        for status in await asyncio.gather(*tasks):
            count(statuses, status)
        return statuses


async def get_website_status(url, session):
    try:
        async with session.get(url) as response:
            return response.status
    except aiohttp.ClientError as error:
        return failed(url, error)
# ANCHOR_END: asyncio


# ANCHOR: loops
def on_asyncio(websites):
    return asyncio.run(get_statuses(websites))


def on_uvloop(websites):
    """The same coroutines on uvloop's loop: the talk's one-line swap, in today's API
    (the talk set an event loop policy, which Python 3.14 deprecates)."""
    return uvloop.run(get_statuses(websites))
# ANCHOR_END: loops


VERSIONS = {
    "sequential": sequential,
    "processes": processes,
    "threads": threads,
    "asyncio": on_asyncio,
    "uvloop": on_uvloop,
}


def versions(version):
    """Python's version and each package's, as JSON; exit status 3 if one is missing."""
    from importlib import metadata

    found = {"python": ".".join(map(str, sys.version_info[:3]))}
    for package in PACKAGES[version]:
        if globals()[package] is None:
            print(json.dumps({"missing": package}))
            sys.exit(3)
        found[package] = metadata.version(package)
    print(json.dumps(found))


def main():
    usage = f"usage: healthcheck.py [--versions] {{{'|'.join(VERSIONS)}}} < urls"
    args = sys.argv[1:]
    if args[:1] == ["--versions"] and len(args) == 2 and args[1] in VERSIONS:
        return versions(args[1])
    if len(args) != 1 or args[0] not in VERSIONS:
        sys.exit(usage)
    websites = [url for url in sys.stdin.read().split("\n") if url != ""]
    t0 = time.time()
    statuses = VERSIONS[args[0]](websites)
    t1 = time.time()
    counts = {str(status): statuses[status] for status in sorted(statuses, key=str)}
    print(json.dumps({"counts": counts, "seconds": t1 - t0}))


if __name__ == "__main__":
    main()
