"""The awaitable protocol: what Python's `await` calls. The Rust twin is
`Turns` in lessons/lesson-05/src/awaitable.rs.

Run it: python3 lessons/lesson-05/python/awaitable.py
"""

import asyncio
import types


# ANCHOR: await
class Turns:
    """Not a coroutine, yet awaitable: `await Turns(...)` calls `__await__`,
    which must return an iterator (here, a generator)."""

    def __init__(self, name, turns=1):
        self.name = name
        self.turns = turns

    def __await__(self):
        for _ in range(self.turns):
            # A bare yield goes up through every await to the task, which reads
            # it as "run me again on the loop's next turn".
            yield
        return f"{self.name} done after {self.turns} turns"


@types.coroutine
def one_turn():
    """A generator made awaitable: asyncio.sleep(0) is built this way."""
    yield


async def main():
    print(await Turns("A", turns=3))
    await one_turn()
    print("one_turn is a", type(one_turn()).__name__)
# ANCHOR_END: await


if __name__ == "__main__":
    asyncio.run(main())
