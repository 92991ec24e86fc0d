import AsyncHTTPClient
import NIOCore
import Testing

@testable import Destinations

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct HTTPRetryPolicyTests {
    let policy = HTTPRetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(100), maxDelay: .seconds(1))

    @Test func backoffDoublesPerAttemptAndJitterSpreadsTheUpperHalf() {
        #expect(policy.delay(afterAttempt: 1, jitter: 0) == .milliseconds(50))
        #expect(policy.delay(afterAttempt: 1, jitter: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2, jitter: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, jitter: 0.5) == .milliseconds(300))
    }

    @Test func backoffIsCappedAtTheMaximumDelay() {
        #expect(policy.delay(afterAttempt: 20, jitter: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 200, jitter: 0) == .milliseconds(500))
    }

    @Test(arguments: [429, 500, 502, 503, 504])
    func throttlingAndServerErrorsAreRetried(status: Int) {
        let decision = policy.decision(afterAttempt: 1, outcome: .status(status, retryAfterSeconds: nil), jitter: 0)
        #expect(decision == .retry(after: .milliseconds(50)))
    }

    @Test(arguments: [200, 204, 301, 400, 401, 403, 404, 409, 412])
    func answersThatRetryingCannotChangeStop(status: Int) {
        #expect(policy.decision(afterAttempt: 1, outcome: .status(status, retryAfterSeconds: nil), jitter: 0) == .stop)
    }

    @Test func retryAfterIsHonouredButCapped() {
        #expect(
            policy.decision(afterAttempt: 1, outcome: .status(503, retryAfterSeconds: 0), jitter: 0.9)
                == .retry(after: .zero))
        #expect(
            policy.decision(afterAttempt: 1, outcome: .status(429, retryAfterSeconds: 60), jitter: 0)
                == .retry(after: .seconds(1)))
    }

    @Test func theLastAttemptStopsWhateverHappened() {
        #expect(policy.decision(afterAttempt: 5, outcome: .status(503, retryAfterSeconds: nil), jitter: 0) == .stop)
        #expect(policy.decision(afterAttempt: 5, outcome: .transportFailure(retryable: true), jitter: 0) == .stop)
        #expect(
            HTTPRetryPolicy.none.decision(afterAttempt: 1, outcome: .transportFailure(retryable: true), jitter: 0)
                == .stop)
    }

    @Test func onlyTransientTransportFailuresAreRetried() {
        #expect(
            policy.decision(afterAttempt: 2, outcome: .transportFailure(retryable: true), jitter: 0)
                == .retry(after: .milliseconds(100)))
        #expect(policy.decision(afterAttempt: 2, outcome: .transportFailure(retryable: false), jitter: 0) == .stop)
    }
}

@Suite struct HTTPFailureTests {
    @Test func resetsAndStallsAreTransientExchangeFailures() {
        let reset = HTTPFailure.classify(IOError(errnoCode: ECONNRESET, reason: "read"))
        #expect(reset == HTTPFailure(step: .exchange, cause: "connection reset by peer", isRetryable: true))
        let stall = HTTPFailure.classify(HTTPClientError.readTimeout)
        #expect(stall.step == .exchange && stall.isRetryable)
        #expect(HTTPFailure.classify(HTTPClientError.deadlineExceeded).isRetryable)
        #expect(HTTPFailure.classify(HTTPClientError.remoteConnectionClosed).isRetryable)
    }

    @Test func connectFailuresNameTheConnectStep() {
        #expect(HTTPFailure.classify(HTTPClientError.connectTimeout).step == .connect)
        #expect(HTTPFailure.classify(errno: ECONNREFUSED, step: .exchange).step == .connect)
        #expect(HTTPFailure.classify(ChannelError.connectTimeout(.seconds(1))).step == .connect)
        #expect(HTTPFailure.classify(ChannelError.connectTimeout(.seconds(2))).cause == "connect timed out after 2 s")
        #expect(HTTPFailure.classify(HTTPClientError.connectTimeout).cause == "connect timed out after 10 s")
        let measured = HTTPFailure.classify(HTTPClientError.connectTimeout, elapsed: .milliseconds(2_300))
        #expect(measured.cause == "connect timed out after 2 s")
    }

    @Test func aBadURLIsAnInvalidRequestThatIsNotRetried() {
        let failure = HTTPFailure.classify(HTTPClientError.invalidURL)
        #expect(failure.step == .request && !failure.isRetryable)
        let error = failure.destinationError(operation: "PutObject", host: "example.com")
        #expect(error.code == .invalid)
    }

    @Test func messagesNameTheStepAndTheHostButNotTheQuery() {
        let dns = HTTPFailure(step: .dns, cause: "no address for the host", isRetryable: false)
        let error = dns.destinationError(operation: "ListObjectsV2", host: "bucket.s3.nowhere.invalid", path: "a/b")
        #expect(error.code == .io)
        #expect(error.message.contains("cannot resolve host 'bucket.s3.nowhere.invalid' (DNS"))
        #expect(error.path == "a/b")
        #expect(HTTPTransport.host(of: "https://h.example:9000/b/k?X-Amz-Signature=secret") == "h.example:9000")
        #expect(HTTPTransport.host(of: "http://user:pw@h.example/") == "h.example")
    }

    @Test func statusesMapToStableCodes() {
        let cases: [(Int, DestinationError.Code)] = [
            (401, .auth), (403, .permission), (404, .notFound), (503, .transient), (429, .transient), (400, .invalid),
        ]
        for (status, code) in cases {
            #expect(HTTPTransportResponse(status: status).destinationError(operation: "op").code == code)
        }
    }
}
