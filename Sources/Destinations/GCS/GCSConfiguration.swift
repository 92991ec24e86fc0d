/// Where and how a `GCSDestination` delivers: bucket, API endpoint, credentials, chunking and retries.
public struct GCSConfiguration: Sendable {
    /// The bucket name.
    public var bucket: String
    /// The API endpoint (Google's by default; an emulator or proxy in tests).
    public var endpoint: GCSEndpoint
    /// How requests are authorised; `.hmac` selects the XML interop API, the others the JSON API.
    public var credentials: GCSCredentials
    /// Bytes per resumable-upload chunk (JSON API) or multipart part (XML API); a multiple of 256 KiB.
    public var chunkSize: Int
    /// Attempts per request or chunk before giving up, the first one included.
    public var maxAttempts: Int
    /// The backoff before the second attempt (doubled each time, with jitter, capped at 10 s).
    public var baseDelay: Duration
    /// The deadline of one request attempt (plus 2 s per MiB of body): a stalled request fails after this long
    /// and is retried or resumed.
    public var requestTimeout: Duration
    /// Which addresses the API endpoint and the token URI may resolve to (default: public addresses only).
    public var outbound: OutboundPolicy

    /// Creates a configuration; `validate()` checks it.
    public init(
        bucket: String, endpoint: GCSEndpoint = .google, credentials: GCSCredentials,
        chunkSize: Int = 8 << 20, maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(200),
        requestTimeout: Duration = .seconds(60), outbound: OutboundPolicy = OutboundPolicy()
    ) {
        self.outbound = outbound
        self.bucket = bucket
        self.endpoint = endpoint
        self.credentials = credentials
        self.chunkSize = chunkSize
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.requestTimeout = requestTimeout
    }

    /// Checks the bucket name (3-222 characters of `a-z 0-9 - _ .`), the chunk size and that anonymous access is
    /// only used against an explicit (emulator) endpoint.
    public func validate() throws(DestinationError) {
        let allowed = bucket.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
                || byte == 0x2E
        }
        guard (3...222).contains(bucket.count), allowed else {
            throw DestinationError(
                .invalid, "the bucket name must be 3-222 characters of lower-case letters, digits, '-', '_' or '.'")
        }
        guard chunkSize > 0, chunkSize % GCSResumableUpload.granularity == 0 else {
            throw DestinationError(.invalid, "the chunk size must be a positive multiple of 256 KiB")
        }
        guard maxAttempts >= 1 else { throw DestinationError(.invalid, "maxAttempts must be at least 1") }
        if case .anonymous = credentials, endpoint == .google {
            throw DestinationError(
                .auth,
                "Google Cloud Storage needs credentials: give a serviceAccountKey or HMAC keys "
                    + "(anonymous access is only for an emulator endpoint)")
        }
    }

    /// The backoff before attempt `attempt + 1` ("equal jitter": half fixed, half random).
    func delay(afterAttempt attempt: Int, jitter: Double = Double.random(in: 0..<1)) -> Duration {
        let exponential = baseDelay * (1 << min(max(attempt - 1, 0), 16))
        let capped = min(exponential, .seconds(10))
        return capped / 2 + (capped / 2) * min(max(jitter, 0), 1)
    }
}
