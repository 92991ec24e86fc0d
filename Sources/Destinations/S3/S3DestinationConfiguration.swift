/// Everything an `S3Destination` needs: where the bucket is, how to authenticate, and how to upload.
public struct S3DestinationConfiguration: Sendable, CustomStringConvertible {
    /// The smallest part S3 accepts (except the last part of an upload).
    public static let minimumPartSize = 5 << 20

    /// The service endpoint and addressing style.
    public var endpoint: S3Endpoint
    /// The signing region (`us-east-1`).
    public var region: String
    /// The bucket.
    public var bucket: String
    /// The credentials, or how to obtain them.
    public var credentials: S3CredentialSource
    /// Server-side encryption for every object, if any.
    public var encryption: S3Encryption?
    /// Multipart part size in bytes; objects up to this size go up in one `PutObject`.
    public var partSize: Int
    /// Parts uploaded at the same time (memory is bounded by `(parallelParts + 1) * partSize`).
    public var parallelParts: Int
    /// The folder inside the bucket where `testConnection()` puts its probe object (the target's `path`).
    public var probeFolder: String

    /// Creates a configuration; `partSize` is raised to at least 5 MiB and `parallelParts` to at least 1.
    public init(
        endpoint: S3Endpoint, region: String, bucket: String, credentials: S3CredentialSource,
        encryption: S3Encryption? = nil, partSize: Int = 8 << 20, parallelParts: Int = 4, probeFolder: String = ""
    ) {
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.credentials = credentials
        self.encryption = encryption
        self.partSize = max(partSize, Self.minimumPartSize)
        self.parallelParts = max(parallelParts, 1)
        self.probeFolder = probeFolder
    }

    public var description: String {
        "S3DestinationConfiguration(endpoint: \(endpoint.scheme)://\(endpoint.hostHeader(bucket: bucket)), "
            + "bucket: \(bucket), region: \(region), credentials: \(credentials))"
    }
}
