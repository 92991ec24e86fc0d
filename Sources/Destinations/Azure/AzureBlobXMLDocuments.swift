/// List Blobs' answer, `<EnumerationResults>`: the blobs of one page (`<BlobPrefix>` entries are not read) and
/// the marker of the next.
struct AzureBlobList: XMLResponseDocument, Sendable, Hashable {
    static let rootElement = "EnumerationResults"

    struct Blob: Decodable, Sendable, Hashable {
        struct Properties: Decodable, Sendable, Hashable {
            var contentLength: String?

            enum CodingKeys: String, CodingKey { case contentLength = "Content-Length" }
        }

        var name: String?
        var properties: Properties?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case properties = "Properties"
        }
    }

    struct Blobs: Decodable, Sendable, Hashable {
        var blobs: [Blob]?

        enum CodingKeys: String, CodingKey { case blobs = "Blob" }
    }

    var blobs: Blobs?
    var nextMarker: String?

    enum CodingKeys: String, CodingKey {
        case blobs = "Blobs"
        case nextMarker = "NextMarker"
    }
}

/// Put Block List's body: `<BlockList><Latest>id</Latest>...</BlockList>`, with the XML declaration.
struct AzureBlockList: XMLRequestDocument, Sendable, Hashable {
    static let rootElement = "BlockList"
    static let hasDeclaration = true

    var latest: [String]

    enum CodingKeys: String, CodingKey { case latest = "Latest" }
}
