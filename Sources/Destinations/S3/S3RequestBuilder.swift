import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import Signing

/// An S3 request before signing: what to sign, the body, its SHA-256 and the operation name for errors.
struct S3Request: Sendable {
    var signable: SignableRequest
    var body: HTTPTransportRequest.Body
    var payloadHash: String
    var operation: String
}

/// Builds the S3 REST calls the destination makes (PutObject, the multipart calls, ListObjectsV2,
/// ListMultipartUploads, DeleteObject, HeadObject) and signs them with SigV4. Pure: no I/O, the date is a
/// parameter, so every request is testable byte for byte. XML bodies come from `XMLDocuments`.
struct S3RequestBuilder: Sendable {
    var endpoint: S3Endpoint
    var bucket: String
    var encryption: S3Encryption?

    func putObject(key: String, body: ByteBuffer) -> S3Request {
        var headers = checksumHeaders(body)
        headers += encryption?.headers ?? []
        return request("PutObject", .PUT, key: key, headers: headers, body: body)
    }

    func createMultipartUpload(key: String) -> S3Request {
        request(
            "CreateMultipartUpload", .POST, key: key, query: [.init("uploads", "")], headers: encryption?.headers ?? [])
    }

    func uploadPart(key: String, uploadID: String, number: Int, body: ByteBuffer) -> S3Request {
        request(
            "UploadPart \(number)", .PUT, key: key,
            query: [.init("partNumber", String(number)), .init("uploadId", uploadID)],
            headers: checksumHeaders(body), body: body)
    }

    /// `CompleteMultipartUpload` with the `<CompleteMultipartUpload>` body (parts in number order).
    func completeMultipartUpload(
        key: String, uploadID: String, parts: [(number: Int, etag: String)]
    ) throws(DestinationError) -> S3Request {
        let document: [UInt8]
        do throws(XMLDocumentError) {
            document = try XMLDocuments.encode(S3CompleteMultipartUpload(parts: parts))
        } catch {
            throw DestinationError(.invalid, "CompleteMultipartUpload: \(error)", path: key)
        }
        let body = ByteBuffer(bytes: document)
        var headers = checksumHeaders(body)
        headers.append(.init("Content-Type", "application/xml"))
        return request(
            "CompleteMultipartUpload", .POST, key: key, query: [.init("uploadId", uploadID)], headers: headers,
            body: body)
    }

    func abortMultipartUpload(key: String, uploadID: String) -> S3Request {
        request("AbortMultipartUpload", .DELETE, key: key, query: [.init("uploadId", uploadID)])
    }

    func listObjects(prefix: String, continuationToken: String?) -> S3Request {
        var query: [SignableRequest.Field] = [.init("list-type", "2"), .init("prefix", prefix)]
        if let continuationToken { query.append(.init("continuation-token", continuationToken)) }
        return request("ListObjectsV2", .GET, key: "", query: query)
    }

    func listMultipartUploads(prefix: String) -> S3Request {
        request("ListMultipartUploads", .GET, key: "", query: [.init("uploads", ""), .init("prefix", prefix)])
    }

    func deleteObject(key: String) -> S3Request { request("DeleteObject", .DELETE, key: key) }

    func headObject(key: String) -> S3Request { request("HeadObject", .HEAD, key: key) }

    /// The request signed for `date`: URL, headers with `Authorization`, and the body.
    func signed(_ request: S3Request, signer: AWSSigV4Signer, date: Date) -> HTTPTransportRequest {
        let signed = signer.sign(request.signable, payloadHash: request.payloadHash, date: date)
        var headers = HTTPHeaders()
        for field in signed.headers { headers.add(name: field.name, value: field.value) }
        let url = "\(endpoint.scheme)://\(signed.host)\(signed.target)"
        return HTTPTransportRequest(
            method: HTTPMethod(rawValue: signed.method), url: url, headers: headers, body: request.body)
    }

    /// `Content-MD5` (base64 MD5, checked by S3 against what arrives).
    func checksumHeaders(_ body: ByteBuffer) -> [SignableRequest.Field] {
        let md5 = body.withUnsafeReadableBytes { Data(Insecure.MD5.hash(data: $0)).base64EncodedString() }
        return [.init("Content-MD5", md5)]
    }

    static func sha256Hex(_ body: ByteBuffer) -> String {
        body.withUnsafeReadableBytes { SHA256.hash(data: $0).lowercaseHex }
    }

    private func request(
        _ operation: String, _ method: HTTPMethod, key: String, query: [SignableRequest.Field] = [],
        headers: [SignableRequest.Field] = [], body: ByteBuffer? = nil
    ) -> S3Request {
        let signable = SignableRequest(
            method: method.rawValue, host: endpoint.hostHeader(bucket: bucket),
            path: endpoint.path(bucket: bucket, key: key), query: query, headers: headers)
        let payloadHash = body.map(Self.sha256Hex) ?? AWSSigV4Signer.emptyPayloadHash
        return S3Request(
            signable: signable, body: body.map { .bytes($0) } ?? .empty, payloadHash: payloadHash,
            operation: operation)
    }
}
