import XMLCoder

/// List Containers' answer: `<EnumerationResults ServiceEndpoint=..>` with one `<Container>` per entry.
struct LandingZoneContainerList: LandingZoneXMLOutput, Sendable, Hashable {
    static let rootElement = "EnumerationResults"

    struct Container: Encodable, Sendable, Hashable {
        struct Properties: Encodable, Sendable, Hashable {
            var lastModified: String
            var etag: String
            var leaseStatus = "unlocked"
            var leaseState = "available"
            var hasImmutabilityPolicy = false
            var hasLegalHold = false

            enum CodingKeys: String, CodingKey {
                case lastModified = "Last-Modified"
                case etag = "Etag"
                case leaseStatus = "LeaseStatus"
                case leaseState = "LeaseState"
                case hasImmutabilityPolicy = "HasImmutabilityPolicy"
                case hasLegalHold = "HasLegalHold"
            }
        }

        var name: String
        var properties: Properties

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case properties = "Properties"
        }
    }

    struct Containers: Encodable, Sendable, Hashable {
        var containers: [Container]

        enum CodingKeys: String, CodingKey { case containers = "Container" }
    }

    @Attribute var serviceEndpoint: String
    var prefix: String?
    var marker: String?
    var maxResults: Int?
    var containers: Containers
    var nextMarker: String

    enum CodingKeys: String, CodingKey {
        case serviceEndpoint = "ServiceEndpoint"
        case prefix = "Prefix"
        case marker = "Marker"
        case maxResults = "MaxResults"
        case containers = "Containers"
        case nextMarker = "NextMarker"
    }

    /// `Prefix`, `Marker` and `MaxResults` are listed only when given (and not empty).
    init(
        serviceEndpoint: String, prefix: String?, marker: String?, maxResults: Int?,
        entries: [LandingZoneStore.Entry], nextMarker: String?
    ) {
        _serviceEndpoint = Attribute(serviceEndpoint)
        self.prefix = prefix.nonEmpty
        self.marker = marker.nonEmpty
        self.maxResults = maxResults
        containers = Containers(
            containers: entries.map {
                Container(
                    name: $0.name, properties: Container.Properties(lastModified: $0.lastModified, etag: $0.etag))
            })
        self.nextMarker = nextMarker ?? ""
    }
}

/// List Blobs' answer: `<Blob>` entries and, with a delimiter, `<BlobPrefix>` entries, in name order.
struct LandingZoneBlobList: LandingZoneXMLOutput, Sendable, Hashable {
    static let rootElement = "EnumerationResults"

    /// One `<Blob>`: name, the properties Azure clients read, and `<Metadata>` when `include=metadata` asked.
    struct Blob: Encodable, Sendable, Hashable {
        struct Properties: Encodable, Sendable, Hashable {
            var creationTime: String
            var lastModified: String
            var etag: String
            var contentLength: Int64
            var contentType: String
            var contentEncoding = ""
            var contentLanguage = ""
            var contentMD5: String
            var cacheControl = ""
            var contentDisposition = ""
            var blobType = "BlockBlob"
            var accessTier = "Hot"
            var accessTierInferred = true
            var leaseStatus = "unlocked"
            var leaseState = "available"
            var serverEncrypted = false

            enum CodingKeys: String, CodingKey {
                case creationTime = "Creation-Time"
                case lastModified = "Last-Modified"
                case etag = "Etag"
                case contentLength = "Content-Length"
                case contentType = "Content-Type"
                case contentEncoding = "Content-Encoding"
                case contentLanguage = "Content-Language"
                case contentMD5 = "Content-MD5"
                case cacheControl = "Cache-Control"
                case contentDisposition = "Content-Disposition"
                case blobType = "BlobType"
                case accessTier = "AccessTier"
                case accessTierInferred = "AccessTierInferred"
                case leaseStatus = "LeaseStatus"
                case leaseState = "LeaseState"
                case serverEncrypted = "ServerEncrypted"
            }

            init(_ entry: LandingZoneStore.Entry) {
                creationTime = entry.lastModified
                lastModified = entry.lastModified
                etag = entry.etag
                contentLength = entry.size
                contentType = entry.contentType ?? "application/octet-stream"
                contentMD5 = entry.contentMD5 ?? ""
            }
        }

        var name: String
        var properties: Properties
        var metadata: Metadata?

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case properties = "Properties"
            case metadata = "Metadata"
        }
    }

    /// `<Metadata><name>value</name>...</Metadata>` sorted by name (names are C# identifiers, so valid XML names).
    struct Metadata: Encodable, Sendable, Hashable {
        var values: [String: String]

        private struct Name: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Name.self)
            for (name, value) in values.sorted(by: { $0.key < $1.key }) {
                try container.encode(value, forKey: Name(stringValue: name))
            }
        }
    }

    /// One child of `<Blobs>`: exactly one of `blob` and `prefix` is set, so the children keep name order.
    struct Item: Encodable, Sendable, Hashable {
        struct Prefix: Encodable, Sendable, Hashable {
            var name: String

            enum CodingKeys: String, CodingKey { case name = "Name" }
        }

        var blob: Blob?
        var prefix: Prefix?

        enum CodingKeys: String, CodingKey {
            case blob = "Blob"
            case prefix = "BlobPrefix"
        }
    }

    struct Blobs: Encodable, Sendable, Hashable {
        var items: [Item]

        /// The empty key puts each item's element straight into `<Blobs>`, with no wrapper per item.
        enum CodingKeys: String, CodingKey { case items = "" }
    }

    @Attribute var serviceEndpoint: String
    @Attribute var containerName: String
    var prefix: String?
    var marker: String?
    var maxResults: Int?
    var delimiter: String?
    var blobs: Blobs
    var nextMarker: String

    enum CodingKeys: String, CodingKey {
        case serviceEndpoint = "ServiceEndpoint"
        case containerName = "ContainerName"
        case prefix = "Prefix"
        case marker = "Marker"
        case maxResults = "MaxResults"
        case delimiter = "Delimiter"
        case blobs = "Blobs"
        case nextMarker = "NextMarker"
    }

    /// The page for `request`; query parameters are listed only when given (and not empty).
    init(
        serviceEndpoint: String, container: String, request: LandingZoneListing.Request,
        page: LandingZoneListing.Page
    ) {
        _serviceEndpoint = Attribute(serviceEndpoint)
        _containerName = Attribute(container)
        prefix = request.prefix.nonEmpty
        marker = request.marker.nonEmpty
        maxResults = request.maxResults
        delimiter = request.delimiter.nonEmpty
        blobs = Blobs(
            items: page.items.map { item in
                switch item {
                case .prefix(let name):
                    return Item(prefix: Item.Prefix(name: name))
                case .blob(let entry):
                    let metadata = request.includeMetadata ? Metadata(values: entry.metadata) : nil
                    return Item(blob: Blob(name: entry.name, properties: Blob.Properties(entry), metadata: metadata))
                }
            })
        nextMarker = page.nextMarker ?? ""
    }
}

extension String? {
    /// The string unless it is nil or empty.
    fileprivate var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}
