import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import OutflowTestSupport
import Testing

@testable import Destinations

@Suite(.tags(.peers), .needsPeers) struct HTTPEndpointAddressTests {
    @Test func urlsGiveSchemeHostAndPortWithTheSchemesDefault() {
        #expect(
            HTTPEndpointAddress(url: "https://s3.eu-west-1.amazonaws.com/b/k?X-Amz-Signature=s")
                == HTTPEndpointAddress(scheme: "https", host: "s3.eu-west-1.amazonaws.com", port: 443))
        #expect(
            HTTPEndpointAddress(url: "http://user:pw@127.0.0.1:8333")
                == HTTPEndpointAddress(scheme: "http", host: "127.0.0.1", port: 8333))
        #expect(HTTPEndpointAddress(url: "http://[::1]:9000/x")?.description == "[::1]:9000")
        #expect(HTTPEndpointAddress(url: "HTTP://Example.com")?.rootURL == "http://Example.com:80/")
    }

    @Test func nonHTTPOrMalformedURLsAreRejected() {
        #expect(HTTPEndpointAddress(url: "ftp://host/") == nil)
        #expect(HTTPEndpointAddress(url: "host:9000") == nil)
        #expect(HTTPEndpointAddress(url: "http://host:notaport/") == nil)
        #expect(HTTPEndpointAddress(url: "http://:80/") == nil)
        #expect(HTTPEndpointAddress(url: "http://host:70000/") == nil)
    }

    @Test func tlsLibraryErrorsAreNamedInWords() {
        let wrongVersion =
            "handshakeFailed(sslError([error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER]))"
        #expect(
            HTTPFailure.tlsCause(wrongVersion) == "the server did not answer with TLS (is it a plain http:// port?)")
        #expect(
            HTTPFailure.tlsCause("handshakeFailed(CERTIFICATE_VERIFY_FAILED)").hasPrefix("the server's certificate"))
        #expect(HTTPFailure.tlsCause(String(repeating: "x", count: 500)).count == 160)
    }

    @Test func aRefusedConnectionSaysWhoRefused() {
        let failure = HTTPFailure.classify(errno: ECONNREFUSED, step: .connect)
        let error = failure.destinationError(operation: "PutObject", host: "127.0.0.1:9")
        #expect(error.message == "PutObject: connection refused by 127.0.0.1:9 (connect); check the endpoint and port")
        #expect(error.code == .transient)
    }
}

/// The `connect` step against real sockets on 127.0.0.1 (an unresolvable name is `OutboundAdmissionTests`, with a
/// stub resolver): a closed port, TLS spoken to a plain HTTP server
/// (the misbehaving server of `HTTPTransportLiveTests`), and a server that answers.
@Suite(.serialized, .tags(.peers), .needsPeers) struct HTTPConnectStepLiveTests {
    static func withClient<T>(_ body: (HTTPTransport) async throws -> T) async throws -> T {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        do {
            let result = try await body(
                HTTPTransport(client: client, configuration: .init(outbound: .loopbackPeers)))
            try await client.shutdown()
            return result
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    @Test func aClosedPortFailsTheConnectStepAsRefused() async throws {
        let (process, port) = try await HTTPTransportLiveTests.start()
        await process.terminateAndWait()
        let report = try await Self.withClient { await $0.connectStep(url: "http://127.0.0.1:\(port)/bucket") }
        #expect(report?.failedStep == .connect && report?.passed == [])
        #expect(report?.error?.message.contains("connection refused by 127.0.0.1:\(port)") == true, "\(report as Any)")
    }

    @Test func tlsToAPlainHTTPPortFailsTheConnectStepAsTLS() async throws {
        let (process, port) = try await HTTPTransportLiveTests.start()
        defer { process.terminate() }
        let report = try await Self.withClient { await $0.connectStep(url: "https://127.0.0.1:\(port)/") }
        #expect(report?.failedStep == .connect)
        #expect(
            report?.error?.message
                == "connection test: TLS handshake with 127.0.0.1:\(port) failed: the server did not answer with TLS "
                + "(is it a plain http:// port?)", "\(report as Any)")
    }

    @Test func aConnectWithoutAnswerTimesOutNamingTheTimeout() async throws {
        // A listener with a backlog of 0 whose one slot is taken: the kernel drops further SYNs, so a connect hangs.
        let script = """
            import signal, socket, sys
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
            held = socket.create_connection(s.getsockname())
            print(s.getsockname()[1], flush=True)
            sys.stdin.read()
            """
        let process = try await PeerProcess.start(["-c", script])
        defer { process.stop() }
        let port = try #require(Int(process.readyLine))
        var configuration = HTTPTransport.clientConfiguration
        configuration.timeout.connect = .seconds(1)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let report = await HTTPTransport(client: client, configuration: .init(outbound: .loopbackPeers)).connectStep(
            url: "http://127.0.0.1:\(port)/")
        try await client.shutdown()
        #expect(report?.failedStep == .connect)
        #expect(report?.error?.code == .transient)
        // The seconds named are how long the attempt took (at least the 1 s timeout; more on a loaded machine).
        let message = report?.error?.message ?? ""
        #expect(
            message.hasPrefix("connection test: could not connect to 127.0.0.1:\(port) (connect timed out after ")
                && message.hasSuffix(" s); check the endpoint and port"), "\(report as Any)")
    }

    @Test func aServerThatAnswersPassesTheConnectStep() async throws {
        let (process, port) = try await HTTPTransportLiveTests.start()
        defer { process.terminate() }
        let report = try await Self.withClient { await $0.connectStep(url: "http://127.0.0.1:\(port)/") }
        #expect(report == nil)
    }

    @Test func aRefusedRequestIsRetriedWithBackoffNotAfterTheConnectTimeout() async throws {
        let (process, port) = try await HTTPTransportLiveTests.start()
        await process.terminateAndWait()
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPTransport.clientConfiguration)
        let attempts = AttemptCounter()
        let result = await capture { () async throws(DestinationError) -> HTTPTransportResponse in
            try await HTTPTransport(
                client: client, configuration: .init(retry: HTTPRetryPolicy(maxAttempts: 3), outbound: .loopbackPeers),
                logger: .init(label: "t"),
                pause: { _ in await attempts.pause() }, jitter: { 0 }
            ).send(HTTPTransportRequest(method: .GET, url: "http://127.0.0.1:\(port)/"), operation: "HeadObject")
        }
        try await client.shutdown()
        guard case .failure(let error) = result else {
            Issue.record("nothing listens on the port")
            return
        }
        #expect(error.message.contains("HeadObject: connection refused by 127.0.0.1:\(port)"))
        #expect(await attempts.pauses == 2)
    }
}

/// Counts the transport's pauses between attempts.
actor AttemptCounter {
    private(set) var pauses = 0
    func pause() { pauses += 1 }
}
