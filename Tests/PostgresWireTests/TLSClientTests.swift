import Foundation
import NIOSSL
import OutflowTestSupport
import PostgresWire
import Testing

/// SSLRequest answered `S` and TLS through swift-nio-ssl, with psql as the client; a self-signed certificate made
/// by openssl for the test.
@Suite(
    .onDedicatedThreads, .tags(.peers), .needsPeers,
    .enabled(
        if: LiveServer.hasPsql && FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"),
        "needs /usr/bin/psql and /usr/bin/openssl"))
struct TLSClientTests {
    static func makeContext() async throws -> NIOSSLContext {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "outflow-pg-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cert = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let output = try await ChildProcess.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key,
                "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1",
            ])
        guard output.status == 0 else { throw PythonPeer.Failure(description: output.stderr) }
        let configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
        return try NIOSSLContext(configuration: configuration)
    }

    @Test func psqlRequiringTLSConnectsOverTLS() async throws {
        let context = try await Self.makeContext()
        try await LiveServer.with({ $0.tls = context }) { server in
            let output = try await server.psql(["-c", "select 1"], sslMode: "require")
            #expect(output.status == 0, "\(output.stderr)")
            #expect(output.text == "1\n")
        }
    }

    @Test func cleartextPasswordsWorkOnTLSWhenAllowed() async throws {
        let context = try await Self.makeContext()
        try await LiveServer.with({
            $0.tls = context
            $0.allowCleartextPassword = true
        }) { server in
            let good = try await server.psql(["-c", "select 1"], sslMode: "require")
            #expect(good.status == 0, "\(good.stderr)")
            let bad = try await server.psql(["-c", "select 1"], password: "wrong", sslMode: "require")
            #expect(bad.stderr.contains("password authentication failed"), "\(bad.stderr)")
        }
    }

    @Test func withoutACertificateRequiringTLSFails() async throws {
        try await LiveServer.with { server in
            let output = try await server.psql(["-c", "select 1"], sslMode: "require")
            #expect(output.status == 2)
            #expect(output.stderr.contains("server does not support SSL"), "\(output.stderr)")
        }
    }
}
