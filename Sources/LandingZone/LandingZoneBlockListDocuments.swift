import XMLCoder

/// Get Block List's answer: the uncommitted blocks staged for a blob (committed blocks are not tracked).
struct LandingZoneBlockList: LandingZoneXMLOutput, Sendable, Hashable {
    static let rootElement = "BlockList"

    struct Block: Encodable, Sendable, Hashable {
        var name: String
        var size: Int64

        enum CodingKeys: String, CodingKey {
            case name = "Name"
            case size = "Size"
        }
    }

    /// Always empty: `<CommittedBlocks />`.
    struct CommittedBlocks: Encodable, Sendable, Hashable {}

    struct UncommittedBlocks: Encodable, Sendable, Hashable {
        var blocks: [Block]

        enum CodingKeys: String, CodingKey { case blocks = "Block" }
    }

    var committed = CommittedBlocks()
    var uncommitted: UncommittedBlocks

    enum CodingKeys: String, CodingKey {
        case committed = "CommittedBlocks"
        case uncommitted = "UncommittedBlocks"
    }

    init(uncommitted: [(id: String, size: Int64)]) {
        self.uncommitted = UncommittedBlocks(blocks: uncommitted.map { Block(name: $0.id, size: $0.size) })
    }
}

/// One entry of a Put Block List body.
struct LandingZoneBlockReference: Decodable, Sendable, Hashable {
    enum Kind: String, Sendable, CaseIterable {
        case latest = "Latest", committed = "Committed", uncommitted = "Uncommitted"
    }

    var kind: Kind
    var id: String

    init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// XMLCoder hands each child of `<BlockList>` over as a choice element named by one of these keys.
    private struct Key: XMLChoiceCodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Reads `<Latest>`, `<Committed>` or `<Uncommitted>`; any other element fails the whole body. Asks for each
    /// known key rather than `allKeys`, which XMLCoder cannot build for an unknown element name.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        for kind in Kind.allCases where container.contains(Key(stringValue: kind.rawValue)) {
            self.init(kind: kind, id: try container.decode(String.self, forKey: Key(stringValue: kind.rawValue)))
            return
        }
        throw DecodingError.dataCorrupted(
            .init(codingPath: decoder.codingPath, debugDescription: "not a Latest, Committed or Uncommitted block id"))
    }
}

/// Put Block List's body: `<BlockList>` naming block ids as `<Latest>`, `<Uncommitted>` or `<Committed>`, in order.
struct LandingZoneBlockListRequest: LandingZoneXMLInput, Sendable, Hashable {
    static let rootElement = "BlockList"

    var references: [LandingZoneBlockReference]

    init(from decoder: any Decoder) throws {
        var children = try decoder.unkeyedContainer()
        var references: [LandingZoneBlockReference] = []
        while !children.isAtEnd { references.append(try children.decode(LandingZoneBlockReference.self)) }
        self.references = references
    }

    /// The references of `body` in document order; nil when it is not such a document.
    static func parse(_ body: [UInt8]) -> [LandingZoneBlockReference]? {
        LandingZoneXMLCoding.decode(Self.self, from: body)?.references
    }
}
