import Foundation
import OutflowTestSupport
import PostgresWire
import Synchronization
import Testing

/// `COPY ... TO STDOUT` message by message, from the raw-socket Python client of `RawProtocolTests`: the message
/// sequence of PostgreSQL 15 in the simple and extended protocols, errors mid-COPY, and backpressure.
@Suite(
    .onDedicatedThreads, .tags(.peers), .needsPeers,
    .enabled(if: LiveServer.hasPythonClients, "needs .venv (scripts/bootstrap) for the Python peer"))
struct CopyProtocolTests {
    static let client =
        RawProtocolTests.client + """
            def copy_response(data):
                overall, count = struct.unpack_from("!bh", data)
                return overall, list(struct.unpack_from("!%dh" % count, data, 3))

            """

    @Test func aSimpleQueryCopySendsCopyOutResponseRowsCopyDoneAndCommandComplete() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    c.send(b"Q", cstr("copy (select * from items) to stdout with (format csv, header)"))
                    seen = c.until(b"Z")
                    print(types(seen))
                    print(copy_response(seen[0][1]))
                    for t, d in seen:
                        if t == "d":
                            print(d)
                    print(seen[-2][1])
                    c.send(b"Q", cstr("copy items to stdout (format binary); select 1"))
                    seen = c.until(b"Z")
                    print(types(seen), copy_response(seen[0][1]), seen[4][1])
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.text == """
                    H d d d d c C Z
                    (0, [0, 0, 0, 0, 0, 0, 0, 0, 0])
                    b'id,name,price,day,at,ok,score,tags,big\\n'
                    b'1,apple,1.50,2024-01-01,2024-01-01 00:00:00+00,t,0.1,"{red,fruit}",9000000000\\n'
                    b'2,pear,-0.25,2000-01-01,2000-01-01 00:00:00+00,f,1e+20,{},-1\\n'
                    b'3,,,,,,,,\\n'
                    b'COPY 3\\x00'
                    H d d d d c C T D C Z (1, [1, 1, 1, 1, 1, 1, 1, 1, 1]) b'\\xff\\xff'

                    """)
        }
    }

    @Test func describeOfACopyIsNoDataARowLimitDoesNotSuspendItAndItRunsOnce() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    c.send(b"P", parse("s", "copy (select * from generate_series(1,5)) to stdout"))
                    c.send(b"D", b"S" + cstr("s"))
                    c.send(b"B", cstr("p") + cstr("s") + struct.pack("!hhhhh", 0, 0, 2, 1, 1))
                    c.send(b"D", b"P" + cstr("p"))
                    c.send(b"E", execute("p", 2))
                    c.send(b"E", execute("p", 0))
                    c.send(b"S")
                    seen = c.until(b"Z")
                    print(types(seen))
                    print(b"".join(d for t, d in seen if t == "d"), [d for t, d in seen if t == "C"])
                    fields = error_fields(seen[-2][1])
                    print(fields[b"C"], fields[b"M"])
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            // PostgreSQL 15 answers the second Execute of the finished COPY portal the same way.
            #expect(
                output.text == """
                    1 t n 2 n H d d d d d c C E Z
                    b'1\\n2\\n3\\n4\\n5\\n' [b'COPY 5\\x00']
                    55000 portal "p" cannot be run

                    """)
        }
    }

    @Test func anErrorMidCopyIsAnErrorResponseWithoutCopyDone() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.client + """
                    c = Raw()
                    c.send(b"Q", cstr("copy (select * from failing) to stdout"))
                    seen = c.until(b"Z")
                    kinds = types(seen).split()
                    print(kinds[0], kinds.count("d"), " ".join(kinds[-2:]), "c" in kinds)
                    print(error_fields(seen[-2][1])[b"C"])
                    c.send(b"Q", cstr("select 1"))
                    print(types(c.until(b"Z")))
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "H 1000 E Z False\n22012\nT D C Z\n")
        }
    }

    @Test func aCopyClientThatStopsReadingStallsTheQueryNotTheServer() async throws {
        let total = 1_000_000
        let go = FileManager.default.temporaryDirectory.appendingPathComponent("outflow-pg-go-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: go) }
        try await LiveServer.with { server in
            async let client = server.python(
                Self.client + """
                    c = Raw(rcvbuf=4096)
                    c.send(b"Q", cstr("copy (select * from generate_series(1,\(total))) to stdout"))
                    while not os.path.exists("\(go.path)"):
                        time.sleep(0.05)
                    rows = 0
                    last = b""
                    while True:
                        typ, data = c.read()
                        if typ == b"d":
                            rows += 1
                            last = data
                        if typ == b"C":
                            tag = data
                        if typ == b"Z":
                            break
                    print(rows, last, tag)
                    """)
            // The series stops growing while the client reads nothing: the server waits on the socket.
            var last = -1
            try await RawProtocolTests.waitUntil {
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
            #expect(output.text == "\(total) b'\(total)\\n' b'COPY \(total)\\x00'\n")
        }
    }
}
