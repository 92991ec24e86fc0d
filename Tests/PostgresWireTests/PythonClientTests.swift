import NIOCore
import OutflowTestSupport
import PostgresWire
import Testing

/// psycopg 3 and pg8000 (extended protocol, parameters, binary results, cancel) against the server with a fake
/// engine, on 127.0.0.1.
@Suite(
    .onDedicatedThreads, .tags(.peers), .needsPeers,
    .enabled(if: LiveServer.hasPythonClients, "needs .venv with psycopg and pg8000 (scripts/bootstrap installs them)"))
struct PythonClientTests {
    static let connect = """
        import sys, datetime, decimal, threading, time
        import psycopg
        port, password = int(sys.argv[1]), sys.argv[2]
        def connect(**extra):
            options = dict(host="127.0.0.1", port=port, user="u", dbname="prod", password=password,
                           sslmode="disable", autocommit=True)
            options.update(extra)
            return psycopg.connect(**options)

        """

    @Test func psycopgReadsEveryTypeInTextAndBinary() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    utc = datetime.timezone.utc
                    expected = [
                        (1, "apple", decimal.Decimal("1.50"), datetime.date(2024, 1, 1),
                         datetime.datetime(2024, 1, 1, tzinfo=utc), True, 0.1, ["red", "fruit"], 9000000000),
                        (2, "pear", decimal.Decimal("-0.25"), datetime.date(2000, 1, 1),
                         datetime.datetime(2000, 1, 1, tzinfo=utc), False, 1e20, [], -1),
                        (3, None, None, None, None, None, None, None, None),
                    ]
                    with connect() as conn:
                        for binary in (False, True):
                            cur = conn.cursor(binary=binary)
                            cur.execute("select * from items")
                            rows = [tuple(r) for r in cur.fetchall()]
                            assert rows == expected, (binary, rows)
                            assert [d.name for d in cur.description][:3] == ["id", "name", "price"]
                    print("ok")
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "ok\n")
        }
    }

    @Test func psycopgSendsParametersInTextAndBinary() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    with connect() as conn:
                        row = conn.execute("select %s::int4, %s::text", (41, "x")).fetchone()
                        assert row == (41, "x"), row
                        row = conn.execute("select %b::int8, %b::text", (7, "y"), binary=True).fetchone()
                        assert row == (7, "y"), row
                        try:
                            conn.execute("select %s::int4", ("nope",))
                            raise SystemExit("no error")
                        except psycopg.errors.InvalidTextRepresentation as e:
                            assert e.sqlstate == "22P02"
                        # The connection is usable after the error.
                        assert conn.execute("select 1").fetchone() == (1,)
                    print("ok")
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "ok\n")
        }
    }

    @Test func psycopgCancelStopsTheRunningQuery() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    with connect() as conn:
                        # A cancel that arrives before the statement starts is dropped, as in PostgreSQL; on a
                        # loaded machine the statement may start late, so cancel until it has ended.
                        ended = threading.Event()
                        def cancel():
                            while not ended.wait(0.3):
                                conn.cancel_safe(timeout=120)
                        canceller = threading.Thread(target=cancel)
                        canceller.start()
                        try:
                            conn.execute("select pg_sleep(30)")
                            raise SystemExit("not cancelled")
                        except psycopg.errors.QueryCanceled as e:
                            print(e.sqlstate, e)
                        finally:
                            ended.set()
                            canceller.join()
                        assert conn.execute("select 1").fetchone() == (1,)
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "57014 canceling statement due to user request\n")
        }
    }

    @Test func transactionStatusFollowsBeginErrorAndRollback() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    from psycopg.pq import TransactionStatus as T
                    with connect() as conn:
                        conn.execute("begin")
                        assert conn.info.transaction_status == T.INTRANS
                        try:
                            conn.execute("select 1/0")
                        except psycopg.errors.DivisionByZero:
                            pass
                        assert conn.info.transaction_status == T.INERROR
                        try:
                            conn.execute("select 1")
                        except psycopg.errors.InFailedSqlTransaction:
                            pass
                        conn.execute("rollback")
                        assert conn.info.transaction_status == T.IDLE
                    with connect(autocommit=False) as conn:
                        assert conn.execute("select 1").fetchone() == (1,)
                        conn.commit()
                    print("ok")
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "ok\n")
        }
    }

    @Test func setReportsParameterStatus() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    with connect(application_name="first") as conn:
                        assert conn.info.parameter_status("application_name") == "first"
                        assert conn.info.parameter_status("server_version") == "15.0 (Outflow)"
                        assert conn.info.parameter_status("outflow_sandbox") == "prod"
                        conn.execute("set application_name = 'second'")
                        print(conn.info.parameter_status("application_name"))
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "second\n")
        }
    }

    @Test func theConnectionLimitRefusesTheNextClientWith53300() async throws {
        try await LiveServer.with({ $0.maxConnections = 1 }) { server in
            let output = try await server.python(
                Self.connect + """
                    with connect() as first:
                        try:
                            connect()
                            raise SystemExit("admitted")
                        except psycopg.OperationalError as e:
                            print("refused:", "sorry, too many clients already" in str(e))
                        assert first.execute("select 1").fetchone() == (1,)
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "refused: True\n")
        }
    }

    @Test func anIdleSessionIsClosedWith57P05() async throws {
        try await LiveServer.with({ $0.idleSessionTimeout = .milliseconds(200) }) { server in
            let output = try await server.python(
                Self.connect + """
                    with connect() as conn:
                        deadline = time.time() + 20
                        while not conn.closed and time.time() < deadline:
                            try:
                                time.sleep(0.5)
                                conn.execute("select 1")
                            except psycopg.OperationalError as e:
                                print("closed:", "idle-session timeout" in str(e))
                                break
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "closed: True\n")
        }
    }

    @Test func pg8000RunsTheExtendedProtocolWithParameters() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                """
                import sys, pg8000.native
                conn = pg8000.native.Connection("u", host="127.0.0.1", port=int(sys.argv[1]), database="prod",
                                                password=sys.argv[2])
                print(conn.run("select :a::int8, :b::text", a=12, b="z"))
                print(conn.run("select * from generate_series(1,3)"))
                try:
                    conn.run("select 1/0")
                except pg8000.native.DatabaseError as e:
                    print(e.args[0]["C"], e.args[0]["M"])
                print(conn.run("select 1"))
                conn.close()
                """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "[[12, 'z']]\n[[1], [2], [3]]\n22012 division by zero\n[[1]]\n")
        }
    }

    @Test func psycopgCopiesInBinaryAndTextAndReadsTypedRows() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    utc = datetime.timezone.utc
                    expected = [
                        (1, "apple", decimal.Decimal("1.50"), datetime.date(2024, 1, 1),
                         datetime.datetime(2024, 1, 1, tzinfo=utc), True, 0.1, ["red", "fruit"], 9000000000),
                        (2, "pear", decimal.Decimal("-0.25"), datetime.date(2000, 1, 1),
                         datetime.datetime(2000, 1, 1, tzinfo=utc), False, 1e20, [], -1),
                        (3, None, None, None, None, None, None, None, None),
                    ]
                    types = ["int4", "text", "numeric", "date", "timestamptz", "bool", "float8", "text[]", "int8"]
                    with connect() as conn:
                        cur = conn.cursor()
                        for statement in ("COPY (select * from items) TO STDOUT (FORMAT binary)",
                                          "COPY (select * from items) TO STDOUT",
                                          "copy items to stdout with binary"):
                            with cur.copy(statement) as copy:
                                copy.set_types(types)
                                rows = list(copy.rows())
                            assert rows == expected, (statement, rows)
                            assert cur.rowcount == 3, cur.rowcount
                        with cur.copy("COPY (select * from items) TO STDOUT WITH (FORMAT csv, HEADER)") as copy:
                            data = b"".join(bytes(block) for block in copy)
                        print(data.decode().splitlines()[0])
                        try:
                            with cur.copy("copy (select * from failing) to stdout") as copy:
                                for _ in copy:
                                    pass
                            raise SystemExit("no error")
                        except psycopg.errors.DivisionByZero as e:
                            print(e.sqlstate)
                        assert conn.execute("select 1").fetchone() == (1,)
                    print("ok")
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "id,name,price,day,at,ok,score,tags,big\n22012\nok\n")
        }
    }

    @Test func psycopgCancelStopsARunningCopy() async throws {
        try await LiveServer.with { server in
            let output = try await server.python(
                Self.connect + """
                    with connect() as conn:
                        rows = 0
                        try:
                            with conn.cursor().copy("copy (select * from generate_series(1,100000000)) to stdout") as copy:
                                for block in copy:
                                    rows += 1
                                    if rows == 10:
                                        conn.cancel_safe(timeout=120)
                            raise SystemExit("not cancelled")
                        except psycopg.errors.QueryCanceled as e:
                            print(e.sqlstate, rows < 100000000)
                        assert conn.execute("select 1").fetchone() == (1,)
                    """)
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "57014 True\n")
        }
    }
}
