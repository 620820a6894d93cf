"""The three asyncio APIs of Selivanov's talk ("High-performance networking in Python",
EuroPython 2016) as echo servers: raw socket calls, streams, and a protocol. The
uvloop benchmark measured the same three; lesson 09's echo_bench starts them and
measures them with its own load client, beside the Rust servers:

    cargo run --release -p lesson-09 --features solution --example echo_bench

To run one by hand (port 0 picks a free port; the script prints the one it got):

    python3 lessons/lesson-09/python/echo_server.py protocol 25003 --uvloop

Each returns the bytes it reads, which returns the lesson's frames too. asyncio is in
the standard library; `--uvloop` needs uvloop (`pip install -r python/requirements.txt`).
The server stops when its standard input closes, so a demo that started it and
ended, however it ended, leaves no server behind.
"""

import asyncio
import os
import socket
import sys
import threading


async def serve_sockets(port):
    # loop.sock_*: no buffering and no flow control; the code you would port from
    # blocking sockets.
    loop = asyncio.get_running_loop()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    listener.setblocking(False)
    announce(listener)

    # Up to 1000000 bytes a read, as in "Python I/O Performance: Asyncio + Uvloop"
    # (and uvloop's own echo benchmark): one read can take a whole 100 KiB message.
    async def echo(client):
        with client:
            while True:
                data = await loop.sock_recv(client, 1000000)
                if not data:
                    return
                await loop.sock_sendall(client, data)

    while True:
        client, _ = await loop.sock_accept(listener)
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        loop.create_task(echo(client))


async def serve_streams(port):
    # Streams: easy and generic. `drain` is where flow control waits.
    async def echo(reader, writer):
        while True:
            data = await reader.read(1000000)  # the talk's size, as above
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", port)
    announce(server.sockets[0])
    async with server:
        await server.serve_forever()


class EchoProtocol(asyncio.Protocol):
    # Protocols: the loop pushes data in; the transport buffers what goes out.
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data)


async def serve_protocol(port):
    loop = asyncio.get_running_loop()
    server = await loop.create_server(EchoProtocol, "127.0.0.1", port)
    announce(server.sockets[0])
    async with server:
        await server.serve_forever()


def announce(listener):
    # The demo reads the port from the first line the server prints.
    print(listener.getsockname()[1], flush=True)


def exit_when_stdin_closes():
    def watch():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def main():
    kind, port = sys.argv[1], int(sys.argv[2])
    if "--uvloop" in sys.argv:
        # The loop swap of both talks; the `ImportError` without uvloop tells the demo
        # to print how to install it.
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    exit_when_stdin_closes()
    serve = {"sockets": serve_sockets, "streams": serve_streams, "protocol": serve_protocol}[kind]
    asyncio.run(serve(port))


if __name__ == "__main__":
    main()
