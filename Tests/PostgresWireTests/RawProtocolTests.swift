import Foundation
import OutflowTestSupport
import PostgresWire
import Synchronization
import Testing

/// The protocol message by message, from a Python client that speaks it on a raw socket (stdlib only): row limits
/// and PortalSuspended, skipping until Sync, garbage and oversized messages, backpressure and disconnects.
@Suite(
    .onDedicatedThreads, .tags(.peers), .needsPeers,
    .enabled(if: LiveServer.hasPythonClients, "needs .venv (scripts/bootstrap) for the Python peer"))
struct RawProtocolTests {
    static let client = """
        import socket, struct, sys, hashlib, hmac, base64, os, time
        port, password = int(sys.argv[1]), sys.argv[2]

        class Raw:
            def __init__(self, rcvbuf=None):
                self.s = socket.socket()
                if rcvbuf:
                    self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
                self.s.connect(("127.0.0.1", port))
                self.buf = bytearray()
                self.pos = 0
                body = struct.pack("!i", 196608) + b"user\\0u\\0database\\0prod\\0\\0"
                self.s.sendall(struct.pack("!i", len(body) + 4) + body)
                self.read()
                nonce = base64.b64encode(os.urandom(18)).decode()
                bare = "n=,r=" + nonce
                first = ("n,," + bare).encode()
                self.send(b"p", b"SCRAM-SHA-256\\0" + struct.pack("!i", len(first)) + first)
                server_first = self.read()[1][4:].decode()
                attrs = dict(kv.split("=", 1) for kv in server_first.split(","))
                salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(attrs["s"]), int(attrs["i"]))
                ck = hmac.new(salted, b"Client Key", "sha256").digest()
                without = "c=biws,r=" + attrs["r"]
                auth = (bare + "," + server_first + "," + without).encode()
                sig = hmac.new(hashlib.sha256(ck).digest(), auth, "sha256").digest()
                proof = base64.b64encode(bytes(a ^ b for a, b in zip(ck, sig))).decode()
                self.send(b"p", (without + ",p=" + proof).encode())
                self.until(b"Z")

            def send(self, typ, body=b""):
                self.s.sendall(typ + struct.pack("!i", len(body) + 4) + body)

            def read(self):
                while len(self.buf) - self.pos < 5:
                    self.fill()
                typ = self.buf[self.pos:self.pos + 1]
                n = struct.unpack_from("!i", self.buf, self.pos + 1)[0]
                while len(self.buf) - self.pos < 1 + n:
                    self.fill()
                data = bytes(self.buf[self.pos + 5:self.pos + 1 + n])
                self.pos += 1 + n
                return bytes(typ), data

            def fill(self):
                if self.pos > 1 << 20:
                    del self.buf[:self.pos]
                    self.pos = 0
                chunk = self.s.recv(65536)
                if not chunk:
                    raise EOFError
                self.buf += chunk

            def until(self, last):
                seen = []
                while True:
                    typ, data = self.read()
                    seen.append((typ.decode(), data))
                    if typ == last:
                        return seen

            def at_eof(self):
                try:
                    while True:
                        self.read()
                except (EOFError, ConnectionResetError):
                    return True

        def cstr(s):
            return s.encode() + b"\\0"

        def parse(name, sql):
            return cstr(name) + cstr(sql) + struct.pack("!h", 0)

        def bind(portal, statement):
            return cstr(portal) + cstr(statement) + struct.pack("!hhh", 0, 0, 0)

        def execute(portal, rows):
            return cstr(portal) + struct.pack("!i", rows)

        def types(seen):
            return " ".join(t for t, _ in seen)

        def error_fields(data):
            return dict((f[:1], f[1:].decode()) for f in data.split(b"\\0") if f)

        """

    @Test func executeWithARowLimitSuspendsThePortalAndResumesIt() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    c.send(b"P", parse("s", "select * from generate_series(1,5)"))
                    c.send(b"B", bind("p", "s"))
                    c.send(b"D", b"P" + cstr("p"))
                    for _ in range(3):
                        c.send(b"E", execute("p", 2))
                    c.send(b"E", execute("p", 2))
                    c.send(b"S")
                    seen = c.until(b"Z")
                    print(types(seen))
                    print([d for t, d in seen if t == "C"])
                    c.send(b"C", b"S" + cstr("s"))
                    c.send(b"B", bind("", "s"))
                    c.send(b"S")
                    seen = c.until(b"Z")
                    print(types(seen), error_fields(seen[1][1])[b"C"])
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.text == """
                    1 2 T D D s D D s D C C Z
                    [b'SELECT 1\\x00', b'SELECT 0\\x00']
                    3 E Z 26000

                    """)
        }
    }

    @Test func afterAnErrorTheExtendedProtocolSkipsUntilSync() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    c.send(b"P", parse("", "selec 1"))
                    c.send(b"B", bind("", ""))
                    c.send(b"E", execute("", 0))
                    c.send(b"S")
                    seen = c.until(b"Z")
                    print(types(seen), error_fields(seen[0][1])[b"C"], error_fields(seen[0][1])[b"P"])
                    c.send(b"P", parse("", "select 1"))
                    c.send(b"B", bind("", ""))
                    c.send(b"E", execute("", 0))
                    c.send(b"S")
                    print(types(c.until(b"Z")))
                    c.send(b"P", parse("", "select 1; select 1"))
                    c.send(b"S")
                    seen = c.until(b"Z")
                    print(types(seen), error_fields(seen[0][1])[b"C"])
                    c.send(b"Q", cstr(" ; -- nothing"))
                    print(types(c.until(b"Z")))
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "E Z 42601 1\n1 2 D C Z\nE Z 42601\nI Z\n")
        }
    }

    @Test(arguments: [
        ("unknown type", #"c.s.sendall(b"z" + struct.pack("!i", 4))"#, "invalid frontend message type 122"),
        ("oversized", #"c.s.sendall(b"Q" + struct.pack("!i", 1 << 20))"#, "invalid message length"),
        ("negative length", #"c.s.sendall(b"Q" + struct.pack("!i", -5))"#, "invalid message length"),
        (
            "bad format code", #"c.send(b"B", cstr("") + cstr("") + struct.pack("!hh", 1, 7))"#,
            "unsupported format code: 7"
        ),
    ])
    func aBrokenMessageGetsAProtocolErrorAndTheConnectionCloses(name: String, send: String, message: String)
        async throws
    {
        try await LiveServer.with({ $0.maxMessageSize = 4096 }) { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    \(send)
                    typ, data = c.read()
                    fields = error_fields(data)
                    print(typ.decode(), fields[b"S"], fields[b"C"], fields[b"M"], c.at_eof())
                    """)
            #expect(output.status == 0, "\(name): \(output.stderr)")
            #expect(output.text == "E FATAL 08P01 \(message) True\n", "\(name)")
            try await Self.waitUntil { server.sessions.closed.load(ordering: .relaxed) == 1 }
        }
    }

    @Test func aClientThatStopsReadingStallsTheQueryNotTheServer() async throws {
        let total = 1_000_000
        let go = FileManager.default.temporaryDirectory.appendingPathComponent("outflow-pg-go-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: go) }
        try await LiveServer.with { server in
            async let client = server.python(
                Self.client + """
                    c = Raw(rcvbuf=4096)
                    c.send(b"Q", cstr("select * from generate_series(1,\(total))"))
                    while not os.path.exists("\(go.path)"):
                        time.sleep(0.05)
                    rows = 0
                    while True:
                        typ, data = c.read()
                        if typ == b"D":
                            rows += 1
                        if typ == b"Z":
                            break
                    print(rows)
                    """)
            // The series stops growing while the client reads nothing: the server waits on the socket.
            var last = -1
            try await Self.waitUntil {
                let now = server.sessions.rowsProduced.load(ordering: .relaxed)
                defer { last = now }
                return now > 0 && now == last
            }
            #expect(last < total)
            // Meanwhile another client is served.
            let other = try await server.psql(["-c", "select 1"])
            #expect(other.text == "1\n")
            _ = FileManager.default.createFile(atPath: go.path, contents: nil)
            let output = try await client
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "\(total)\n")
        }
    }

    @Test func aClientThatDisconnectsMidQueryEndsItsSession() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw(rcvbuf=4096)
                    c.send(b"Q", cstr("select * from generate_series(1,1000000)"))
                    c.read()
                    c.s.close()
                    print("gone")
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            try await Self.waitUntil { server.sessions.closed.load(ordering: .relaxed) == 1 }
            #expect(server.sessions.rowsProduced.load(ordering: .relaxed) < 1_000_000)
            try await Self.waitUntil { server.server.connectionCount == 0 }
        }
    }

    @Test func aClientGoneWhileAStatementComputesCancelsIt() async throws {
        try await LiveServer.with { server in
            // The client closes its socket once the server says the statement runs (a file appears).
            let signal = FileManager.default.temporaryDirectory.appendingPathComponent("gone-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: signal) }
            async let output = server.python(
                Self.client + """
                    import os, time
                    c = Raw()
                    c.send(b"Q", cstr("select pg_sleep(30)"))
                    while not os.path.exists(\(String(reflecting: signal.path))):
                        time.sleep(0.05)
                    c.s.close()
                    print("gone")
                    """)
            try await Self.waitUntil { server.sessions.running.load(ordering: .relaxed) == 1 }
            _ = FileManager.default.createFile(atPath: signal.path, contents: Data())
            let finished = try await output
            #expect(finished.status == 0, "\(finished.stderr)")
            // The fake statement runs 30 s unless cancelled; the closed connection cancels it.
            try await Self.waitUntil { server.sessions.running.load(ordering: .relaxed) == 0 }
            #expect(server.sessions.sleepsCanceled.load(ordering: .relaxed) == 1)
            try await Self.waitUntil { server.server.connectionCount == 0 }
        }
    }

    /// Polls `condition` every 200 ms for up to 5 minutes (a loaded CI machine can take a minute to start a client).
    static func waitUntil(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 300 s")
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
