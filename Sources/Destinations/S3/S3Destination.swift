import Foundation
import NIOCore
import NIOHTTP1
import Signing

/// Amazon S3 and S3-compatible stores (SeaweedFS, MinIO, R2, moto) over SigV4. Objects appear whole: small
/// ones with one `PutObject`, large ones with a multipart upload completed only at `commit()` (parts go up in
/// parallel, memory stays bounded, and any failure aborts the upload so no parts are left behind). Every body
/// carries `Content-MD5` and a signed SHA-256; connection failures, 5xx and throttling are retried.
public struct S3Destination: Destination {
    public let id: String
    /// The settings (no secrets in its description).
    public let configuration: S3DestinationConfiguration
    let transport: HTTPTransport
    let credentials: S3CredentialProvider
    let builder: S3RequestBuilder
    let bucketCheck = S3BucketCheck()

    /// Creates the destination; no request is made until it is used.
    public init(id: String, configuration: S3DestinationConfiguration, transport: HTTPTransport = HTTPTransport()) {
        self.id = id
        self.configuration = configuration
        self.transport = transport
        self.credentials = S3CredentialProvider(
            source: configuration.credentials, region: configuration.region, transport: transport)
        self.builder = S3RequestBuilder(
            endpoint: configuration.endpoint, bucket: configuration.bucket, encryption: configuration.encryption)
    }

    public func openWriter(path: String) async throws(DestinationError) -> any DestinationWriter {
        try DestinationPath.validate(path)
        try await bucketCheck.ensureBucketExists(self)
        return S3Writer(destination: self, path: path)
    }

    public func list(prefix: String) async throws(DestinationError) -> [DestinationObject] {
        try DestinationPath.validatePrefix(prefix)
        var objects: [DestinationObject] = []
        var token: String?
        repeat {
            let response = try await send(builder.listObjects(prefix: prefix, continuationToken: token), path: prefix)
            let page = try Self.listPage(response.body, prefix: prefix)
            objects += page.objects
            token = page.nextContinuationToken
        } while token != nil
        return objects.sorted { $0.path < $1.path }
    }

    public func delete(path: String) async throws(DestinationError) {
        try DestinationPath.validate(path)
        do throws(DestinationError) {
            _ = try await send(builder.deleteObject(key: path), path: path)
        } catch  where error.code == .notFound && error.serviceCode != "NoSuchBucket" {
            return
        }
    }

    public func exists(path: String) async throws(DestinationError) -> Bool {
        try DestinationPath.validate(path)
        do throws(DestinationError) {
            _ = try await send(builder.headObject(key: path), path: path)
            return true
        } catch  where error.code == .notFound {
            return false
        }
    }

    /// Multipart uploads begun under `prefix` and neither completed nor aborted (`ListMultipartUploads`):
    /// empty after every successful or failed `put`.
    public func pendingUploads(prefix: String) async throws(DestinationError) -> [String] {
        let response = try await send(builder.listMultipartUploads(prefix: prefix), path: prefix)
        return try Self.pendingUploads(response.body, prefix: prefix).map(\.key).sorted()
    }

    /// Signs `request` freshly on every attempt, sends it, and maps an unsuccessful answer (including S3's
    /// `200 OK` with an `<Error>` body from `CompleteMultipartUpload`).
    func send(_ request: S3Request, path: String?) async throws(DestinationError) -> HTTPTransportResponse {
        let provider = credentials
        let builder = builder
        let unsigned = HTTPTransportRequest(method: .GET, url: "", body: request.body)
        let response = try await transport.send(unsigned, operation: request.operation, path: path) {
            _ async throws(DestinationError) -> HTTPTransportRequest in
            let keys = try await provider.credentials()
            let signer = AWSSigV4Signer(credentials: keys, region: configuration.region)
            return builder.signed(request, signer: signer, date: Date())
        }
        let failedInside =
            request.operation == "CompleteMultipartUpload" && XMLErrorDocument.read(response.body)?.code != nil
        guard response.isSuccess, !failedInside else {
            throw S3ErrorMapping.error(
                response, operation: request.operation, bucket: configuration.bucket, path: path)
        }
        return response
    }
}
