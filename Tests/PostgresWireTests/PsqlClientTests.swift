import Foundation
import OutflowTestSupport
import Synchronization
import Testing

/// psql (Debian's postgresql-client 15) against the server with a fake engine, on 127.0.0.1.
@Suite(
    .onDedicatedThreads, .tags(.peers), .needsPeers,
    .enabled(if: LiveServer.hasPsql, "needs /usr/bin/psql (postgresql-client, installed by scripts/bootstrap)"))
struct PsqlClientTests {
    @Test func psqlLogsInWithSCRAMAndRunsAQuery() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "select 1"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "1\n")
        }
    }

    @Test func psqlShowsEveryColumnTypeInText() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-F", "|", "-c", "select * from items"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.text == """
                    1|apple|1.50|2024-01-01|2024-01-01 00:00:00+00|t|0.1|{red,fruit}|9000000000
                    2|pear|-0.25|2000-01-01|2000-01-01 00:00:00+00|f|1e+20|{}|-1
                    3||||||||

                    """)
        }
    }

    @Test func aWrongPasswordFailsWith28P01() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "select 1"], password: "wrong")
            #expect(output.status == 2)
            #expect(output.stderr.contains("password authentication failed for user \"u\""), "\(output.stderr)")
            #expect(server.sessions.opened.load(ordering: .relaxed) == 0)
        }
    }

    @Test func anUnknownDatabaseIsFatal() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "select 1"], database: "nope")
            #expect(output.status == 2)
            #expect(output.stderr.contains("database \"nope\" does not exist"), "\(output.stderr)")
        }
    }

    @Test func anErrorStopsTheRestOfASimpleQuery() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "select 1; select 1/0; select * from generate_series(1,3)"])
            #expect(output.status == 1)
            #expect(output.stderr.contains("ERROR:  division by zero"), "\(output.stderr)")
            #expect(!output.text.contains("3"))
        }
    }

    @Test func syntaxErrorsCarryTheirPosition() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "selec 1"])
            #expect(output.status == 1)
            #expect(output.stderr.contains("ERROR:  syntax error at or near \"selec\""), "\(output.stderr)")
            #expect(output.stderr.contains("LINE 1: selec 1"), "\(output.stderr)")
        }
    }

    @Test func transactionBlocksFailUntilRollback() async throws {
        try await LiveServer.with { server in
            let script = """
                begin;
                select 1/0;
                select 1;
                rollback;
                select 1;

                """
            let run = try await server.psql(["-q", "-v", "ON_ERROR_STOP=0", "-f", "-"], input: Array(script.utf8))
            #expect(run.stderr.contains("ERROR:  division by zero"), "\(run.stderr)")
            #expect(
                run.stderr.contains("current transaction is aborted, commands ignored until end of transaction block"),
                "\(run.stderr)")
            #expect(run.text == "1\n", "\(run.text)")
        }
    }

    @Test func psqlCopiesAQueryToAFileWithCSVHeader() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outflow-copy-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "\\copy (select * from items) to '\(file.path)' with csv header"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "COPY 3\n")
            let contents = try String(contentsOf: file, encoding: .utf8)
            #expect(
                contents == """
                    id,name,price,day,at,ok,score,tags,big
                    1,apple,1.50,2024-01-01,2024-01-01 00:00:00+00,t,0.1,"{red,fruit}",9000000000
                    2,pear,-0.25,2000-01-01,2000-01-01 00:00:00+00,f,1e+20,{},-1
                    3,,,,,,,,

                    """)
        }
    }

    @Test func psqlCopiesToStdoutInText() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "copy (select * from items) to stdout"])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(
                output.text == """
                    1\tapple\t1.50\t2024-01-01\t2024-01-01 00:00:00+00\tt\t0.1\t{red,fruit}\t9000000000
                    2\tpear\t-0.25\t2000-01-01\t2000-01-01 00:00:00+00\tf\t1e+20\t{}\t-1
                    3\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N

                    """)
        }
    }
}
