"""The Healthcheck Counter with gevent, the way Chris Pouliot's "Asynchronous Python"
sends its requests: monkey-patch the standard library first, then spawn a greenlet
per URL, either all at once or through a pool.Pool(100) that keeps at most 100
running ("We are sending 500 requests, 100 requests active at a time").

The Python twin of lesson 04's healthcheck demo, which starts it against its slow
server and prints its rows beside the may ones. It reads the URLs from its standard
input, one a line, and prints one line of JSON, the counts and the seconds the work
took:

    {"counts": {"200": 475, "404": 9}, "seconds": 1.52}

Run it alone against the kit's server (`cargo run -p kit --release -- serve --many 500
> urls.txt` in another terminal): python3 lessons/lesson-04/python/greenlet_pool.py 100 < urls.txt

POOL is the pool's size; 0 spawns a greenlet per URL with no pool. `--versions POOL`
prints the versions of Python and gevent instead, and fails if gevent is missing.
"""

import json
import sys
import time

# ANCHOR: patch
try:
    # First, before anything opens a socket: from here on the standard library's
    # sockets, and so urllib, wait the greenlet way, switching to another greenlet.
    from gevent import monkey

    monkey.patch_all()
    import gevent
    from gevent import pool
except ImportError:
    gevent = None  # the demo asks with --versions first, and says how to install it
# ANCHOR_END: patch

from urllib.error import HTTPError, URLError
from urllib.request import urlopen


# The URLs that could not be fetched at all: only the first is reported.
FAILED = []


# ANCHOR: download
def download(url):
    """The talk's download (urllib2.urlopen in its Python 2), returning the status.
    urllib raises HTTPError for a 4xx or 5xx answer, which is still a status."""
    try:
        with urlopen(url) as response:
            response.read()
            return response.status
    except HTTPError as error:
        return error.code
    except (URLError, OSError) as error:
        # The talk would stop here; counting it lets the demo show how many failed.
        if not FAILED:
            print(f"{url}: {error}", file=sys.stderr)
        FAILED.append(url)
        return "error"


def count_statuses(urls, size):
    if size:
        greenlets = pool.Pool(size)
        requests = [greenlets.spawn(download, url) for url in urls]
    else:
        requests = [gevent.spawn(download, url) for url in urls]
    gevent.joinall(requests)
    statuses = {}
    for request in requests:
        statuses[request.value] = statuses.get(request.value, 0) + 1
    return statuses
# ANCHOR_END: download


def main():
    args = sys.argv[1:]
    if args[:1] == ["--versions"]:
        if gevent is None:
            print(json.dumps({"missing": "gevent"}))
            sys.exit(3)
        python = ".".join(map(str, sys.version_info[:3]))
        print(json.dumps({"python": python, "gevent": gevent.__version__}))
        return
    if len(args) != 1 or not args[0].isdigit():
        sys.exit("usage: greenlet_pool.py [--versions] POOL < urls  (POOL 0: no pool)")
    urls = [url for url in sys.stdin.read().split("\n") if url != ""]
    start = time.time()
    statuses = count_statuses(urls, int(args[0]))
    seconds = time.time() - start
    counts = {str(status): statuses[status] for status in sorted(statuses, key=str)}
    print(json.dumps({"counts": counts, "seconds": seconds}))


if __name__ == "__main__":
    main()
