import XMLCoder

/// `<InitiateMultipartUploadResult>`: the answer to `CreateMultipartUpload` (S3 and GCS's XML API).
struct S3InitiateMultipartUploadResult: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "InitiateMultipartUploadResult"

    var uploadID: String?

    enum CodingKeys: String, CodingKey {
        case uploadID = "UploadId"
    }

    /// The `UploadId` of `body`; nil when the body is no such document or the id is missing or empty.
    static func uploadID(_ body: [UInt8]) -> String? {
        (try? XMLDocuments.decode(Self.self, from: body))?.uploadID.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// `<ListMultipartUploadsResult>`: the multipart uploads begun and neither completed nor aborted.
struct S3ListMultipartUploadsResult: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "ListMultipartUploadsResult"

    struct Upload: Decodable, Sendable, Hashable {
        var key: String?
        var uploadID: String?

        enum CodingKeys: String, CodingKey {
            case key = "Key"
            case uploadID = "UploadId"
        }
    }

    var uploads: [Upload]?

    enum CodingKeys: String, CodingKey {
        case uploads = "Upload"
    }

    /// Every listed upload that names both its key and its upload id, in document order.
    var pending: [(key: String, uploadID: String)] {
        (uploads ?? []).compactMap { upload in
            guard let key = upload.key, let id = upload.uploadID else { return nil }
            return (key, id)
        }
    }
}

/// The `<CompleteMultipartUpload>` request body: every part's number and ETag, in part order. S3 gets its
/// namespace; GCS's XML API is sent the document without one, as before.
struct S3CompleteMultipartUpload: XMLRequestDocument, Sendable, Hashable {
    static let rootElement = "CompleteMultipartUpload"
    static let namespace = "http://s3.amazonaws.com/doc/2006-03-01/"

    struct Part: Encodable, Sendable, Hashable {
        var number: Int
        var etag: String

        enum CodingKeys: String, CodingKey {
            case number = "PartNumber"
            case etag = "ETag"
        }
    }

    @Attribute var xmlns: String?
    var parts: [Part]

    enum CodingKeys: String, CodingKey {
        case xmlns
        case parts = "Part"
    }

    /// The body for `parts` (sorted by number here), with the S3 namespace unless `namespaced` is false.
    init(parts: [(number: Int, etag: String)], namespaced: Bool = true) {
        _xmlns = Attribute(namespaced ? Self.namespace : nil)
        self.parts = parts.sorted { $0.number < $1.number }.map { Part(number: $0.number, etag: $0.etag) }
    }
}
