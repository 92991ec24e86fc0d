"""A TCP fault proxy for tests (stdlib asyncio): sits between a client and a server on 127.0.0.1 and can switch
at run time between modes:

- ``pass``: forward bytes unchanged
- ``latency``: delay each chunk by ``latency_s`` seconds
- ``bandwidth``: cap the throughput of each direction at ``bytes_per_s``
- ``reset``: forward, then reset the connection (RST) after ``after_bytes`` bytes from the client;
  with ``times`` set, only that many resets happen (connections that close before ``after_bytes``, such as
  small requests on servers that close after each answer, do not count) and later connections pass
- ``blackhole``: accept and read, but never forward or answer (a stall); with ``times`` set, only that many
  connections stall and later ones pass
- ``refuse``: close new connections at once

Use from a test process::

    with FaultProxy(upstream_port) as proxy:
        proxy.set_mode("reset", after_bytes=1_000_000, times=2)
        ... point the client at proxy.port ...
        assert proxy.stats["resets"] == 2
"""
import asyncio
import socket
import struct
import threading


class FaultProxy:
    def __init__(self, upstream_port, upstream_host="127.0.0.1"):
        self.upstream = (upstream_host, upstream_port)
        self.mode = "pass"
        self.options = {}
        self.stats = {"connections": 0, "resets": 0, "bytes_up": 0, "bytes_down": 0}
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server = None
        self.port = None

    # -- control (thread-safe, from the test) -------------------------------------------------------------
    def set_mode(self, mode, **options):
        assert mode in {"pass", "latency", "bandwidth", "reset", "blackhole", "refuse"}, mode
        with self._lock:
            self.mode = mode
            self.options = dict(options)

    def start(self):
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._start(), self._loop)
        future.result(timeout=10)
        return self

    def stop(self):
        async def close():
            if self._server is not None:
                self._server.close()
                for task in [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]:
                    task.cancel()
        asyncio.run_coroutine_threadsafe(close(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    # -- proxy ---------------------------------------------------------------------------------------------
    async def _start(self):
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def _snapshot(self):
        with self._lock:
            return self.mode, dict(self.options)

    def _take(self, mode):
        """The options if this new connection is affected by ``mode`` (consuming one of ``times``), else None."""
        with self._lock:
            if self.mode != mode:
                return None
            times = self.options.get("times")
            if times is not None:
                if times <= 0:
                    return None
                self.options["times"] = times - 1
            return dict(self.options)

    def _armed(self, mode):
        """The options if ``mode`` is on and has uses left (without consuming one), else None."""
        with self._lock:
            if self.mode != mode or self.options.get("times", 1) <= 0:
                return None
            return dict(self.options)

    async def _handle(self, reader, writer):
        with self._lock:
            self.stats["connections"] += 1
        mode, options = self._snapshot()
        if mode == "refuse":
            _abort(writer)
            return
        if self._take("blackhole") is not None:
            try:
                while await reader.read(65536):
                    pass
            except (ConnectionError, asyncio.CancelledError):
                pass
            _abort(writer)
            return
        reset = self._armed("reset")
        reset_after = None if reset is None else reset.get("after_bytes", 0)
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _abort(writer)
            return
        state = {"up": 0, "reset": False, "reset_after": reset_after}

        async def pump(src, dst, direction):
            try:
                while True:
                    data = await src.read(65536)
                    if not data:
                        break
                    mode, options = self._snapshot()
                    if direction == "up" and state["reset_after"] is not None:
                        room = state["reset_after"] - state["up"]
                        if len(data) >= room and self._take("reset") is None:
                            state["reset_after"] = None  # the resets asked for happened on other connections
                        elif len(data) >= room:
                            if room > 0:
                                dst.write(data[:room])
                                await dst.drain()
                            state["reset"] = True
                            with self._lock:
                                self.stats["resets"] += 1
                            return
                    if mode == "latency":
                        await asyncio.sleep(options.get("latency_s", 0.2))
                    elif mode == "bandwidth":
                        await asyncio.sleep(len(data) / max(options.get("bytes_per_s", 1_000_000), 1))
                    if direction == "up":
                        state["up"] += len(data)
                    with self._lock:
                        self.stats["bytes_" + direction] += len(data)
                    dst.write(data)
                    await dst.drain()
            except (ConnectionError, asyncio.CancelledError, OSError):
                pass
            finally:
                if direction == "up" and not state["reset"]:
                    try:
                        dst.write_eof()
                    except (OSError, RuntimeError):
                        pass

        up = asyncio.ensure_future(pump(reader, up_writer, "up"))
        down = asyncio.ensure_future(pump(up_reader, writer, "down"))
        try:
            await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
            if state["reset"]:
                down.cancel()
                _abort(writer)
                _abort(up_writer)
                return
            if not down.done():
                await down
        finally:
            for task in (up, down):
                task.cancel()
            for w in (writer, up_writer):
                try:
                    w.close()
                except OSError:
                    pass


def _abort(writer):
    """Closes with RST (SO_LINGER 0) so the peer sees 'connection reset', not a clean close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    try:
        writer.transport.abort()
    except (OSError, RuntimeError):
        pass
