import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OutflowTestSupport
import Signing
import Testing

@testable import Destinations
@testable import Signing

/// The transport against a real HTTP server (Python's `http.server`) that misbehaves on purpose: it answers
/// `503 SlowDown` or drops the connection for the first requests of a path, then succeeds.
@Suite(.serialized, .tags(.peers), .needsPeers) struct HTTPTransportLiveTests {
    static let server = """
        import hashlib, http.server, signal, socketserver, sys
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})  # the test runner's mask is inherited
        counts = {}
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def do_PUT(self):
                n = counts[self.path] = counts.get(self.path, 0) + 1
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path.startswith("/slow") and n <= 2:
                    self.reply(503, b"<Error><Code>SlowDown</Code></Error>"); return
                if self.path.startswith("/drop") and n <= 2:
                    self.connection.shutdown(2); self.close_connection = True; return
                self.reply(200, (hashlib.sha256(body).hexdigest() + " " + str(n)).encode())
            def reply(self, status, data):
                self.send_response(status); self.send_header("Content-Length", str(len(data))); self.end_headers()
                self.wfile.write(data)
        s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H); s.daemon_threads = True
        print(s.server_address[1], flush=True)
        s.serve_forever()
        """

    /// Starts the server and returns its process and port.
    static func start() async throws -> (PeerProcess, Int) {
        let process = try await PeerProcess.start(["-c", server])
        guard let port = Int(process.readyLine) else {
            process.terminate()
            throw TestServerError(description: "the test server printed no port")
        }
        return (process, port)
    }

    static func transport(_ client: HTTPClient, attempts: Int = 4) -> HTTPTransport {
        HTTPTransport(
            client: client,
            configuration: .init(
                requestTimeout: .seconds(20), retry: HTTPRetryPolicy(maxAttempts: attempts), outbound: .loopbackPeers),
            logger: .init(label: "test"), pause: { _ in }, jitter: { 0 })
    }

    @Test func slowDownAnswersAreRetriedUntilTheServerAccepts() async throws {
        let (process, port) = try await Self.start()
        defer { process.terminate() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let body = Array(repeating: UInt8(7), count: 300_000)
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await Self.transport(client).send(
                HTTPTransportRequest(method: .PUT, url: "http://127.0.0.1:\(port)/slow/a", body: .bytes(body)),
                operation: "PutObject")
        }
        try await client.shutdown()
        let response = try result.get()
        #expect(response.status == 200)
        #expect(response.text == AWSSigV4Signer.payloadHash(body) + " 3")
    }

    @Test func droppedConnectionsAreRetriedAndTheStreamedBodyIsSentAgain() async throws {
        let (process, port) = try await Self.start()
        defer { process.terminate() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let chunk = ByteBuffer(repeating: 1, count: 65_536)
        let body = HTTPTransportRequest.Body.stream(length: 4 * 65_536) {
            AsyncThrowingStream { continuation in
                for _ in 0..<4 { continuation.yield(chunk) }
                continuation.finish()
            }
        }
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await Self.transport(client).send(
                HTTPTransportRequest(method: .PUT, url: "http://127.0.0.1:\(port)/drop/b", body: body),
                operation: "UploadPart")
        }
        try await client.shutdown()
        let response = try result.get()
        #expect(response.text == AWSSigV4Signer.payloadHash(Array(repeating: UInt8(1), count: 4 * 65_536)) + " 3")
    }

    @Test func retriesRunOutIntoAnErrorThatNamesTheStep() async throws {
        let (process, port) = try await Self.start()
        defer { process.terminate() }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await Self.transport(client, attempts: 2).send(
                HTTPTransportRequest(method: .PUT, url: "http://127.0.0.1:\(port)/drop/c", body: .bytes([1, 2, 3])),
                operation: "PutObject", path: "c")
        }
        let slow = try await Self.transport(client, attempts: 2).send(
            HTTPTransportRequest(method: .PUT, url: "http://127.0.0.1:\(port)/slow/d"), operation: "PutObject")
        try await client.shutdown()
        #expect(slow.status == 503)
        guard case .failure(let error) = result else {
            Issue.record("a connection dropped twice with two attempts must fail")
            return
        }
        #expect(error.code == .transient)
        #expect(error.message.contains("PutObject: the connection to 127.0.0.1:\(port) failed"))
        #expect(error.path == "c")
    }

    @Test func aRefusedConnectionNamesTheConnectStep() async throws {
        let (process, port) = try await Self.start()
        await process.terminateAndWait()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await Self.transport(client, attempts: 2).send(
                HTTPTransportRequest(method: .GET, url: "http://127.0.0.1:\(port)/"), operation: "HeadBucket")
        }
        try await client.shutdown()
        guard case .failure(let error) = result else {
            Issue.record("nothing listens on the port")
            return
        }
        #expect(error.message.contains("connection refused by 127.0.0.1:\(port)"))
    }
}

/// Runs `body` and returns its result or its typed error (the client must be shut down either way).
func capture<T>(_ body: () async throws(DestinationError) -> T) async -> Result<T, DestinationError> {
    do throws(DestinationError) { return .success(try await body()) } catch { return .failure(error) }
}

/// A test server that did not start.
struct TestServerError: Error, CustomStringConvertible {
    var description: String
}
