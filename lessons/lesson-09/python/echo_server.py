"""The talk's three asyncio APIs as echo servers, to measure with the lesson's load client.

    python3 lessons/lesson-09/python/echo_server.py sockets 25001 &
    python3 lessons/lesson-09/python/echo_server.py streams 25002 &
    python3 lessons/lesson-09/python/echo_server.py protocol 25003 &
    cargo run --release -p lesson-09 --example echo_bench -- \
        --server 127.0.0.1:25001=asyncio-sockets \
        --server 127.0.0.1:25002=asyncio-streams \
        --server 127.0.0.1:25003=asyncio-protocol

Each returns the bytes it reads, which returns the lesson's frames too. Only the
standard library: add `--uvloop` to run on uvloop if you have it installed.
"""

import asyncio
import socket
import sys


async def serve_sockets(port):
    # loop.sock_*: no buffering and no flow control; the code you would port from
    # blocking sockets.
    loop = asyncio.get_running_loop()
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    listener.setblocking(False)

    async def echo(client):
        with client:
            while True:
                data = await loop.sock_recv(client, 65536)
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
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", port)
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
    async with server:
        await server.serve_forever()


def main():
    kind, port = sys.argv[1], int(sys.argv[2])
    if "--uvloop" in sys.argv:
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    serve = {"sockets": serve_sockets, "streams": serve_streams, "protocol": serve_protocol}[kind]
    asyncio.run(serve(port))


if __name__ == "__main__":
    main()
