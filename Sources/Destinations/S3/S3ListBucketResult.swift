/// One page of `ListObjectsV2` (`<ListBucketResult>`), as S3, S3-compatible servers and GCS's XML API answer it.
struct S3ListBucketResult: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "ListBucketResult"

    /// One `<Contents>` entry; `key` is nil when the entry has none (callers decide whether that is fatal).
    struct Object: Decodable, Sendable, Hashable {
        var key: String?
        var size: String?

        enum CodingKeys: String, CodingKey {
            case key = "Key"
            case size = "Size"
        }

        /// `Size` as a number; 0 when absent or not a number.
        var byteCount: Int64 { size.flatMap { Int64($0) } ?? 0 }
    }

    var contents: [Object]?
    var isTruncated: String?
    var nextContinuationToken: String?

    enum CodingKeys: String, CodingKey {
        case contents = "Contents"
        case isTruncated = "IsTruncated"
        case nextContinuationToken = "NextContinuationToken"
    }

    var objects: [Object] { contents ?? [] }

    /// The token of the next page: `NextContinuationToken` when `IsTruncated` is `true`, else nil.
    var continuationToken: String? { isTruncated == "true" ? nextContinuationToken : nil }
}
