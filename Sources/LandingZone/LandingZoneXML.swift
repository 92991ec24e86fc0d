import Foundation

/// The XML bodies of the Blob service subset: error documents, container and blob listings, and the
/// block list a client commits. Builds strings only; no I/O.
enum LandingZoneXML {
    static let declaration = #"<?xml version="1.0" encoding="utf-8"?>"#

    /// `<Error><Code>..</Code><Message>..</Message></Error>`.
    static func error(_ error: LandingZoneError) -> String {
        declaration + "<Error><Code>\(escape(error.code))</Code><Message>\(escape(error.message))</Message></Error>"
    }

    /// List Containers: one `<Container>` per entry.
    static func containers(
        serviceEndpoint: String, prefix: String?, marker: String?, maxResults: Int?,
        entries: [LandingZoneStore.Entry], nextMarker: String?
    ) -> String {
        var xml = declaration + #"<EnumerationResults ServiceEndpoint="\#(escape(serviceEndpoint))">"#
        xml +=
            optional("Prefix", prefix) + optional("Marker", marker)
            + optional("MaxResults", maxResults.map { String($0) })
        xml += "<Containers>"
        for entry in entries {
            xml += "<Container><Name>\(escape(entry.name))</Name><Properties>"
            xml += "<Last-Modified>\(entry.lastModified)</Last-Modified><Etag>\(entry.etag)</Etag>"
            xml += "<LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
            xml += "<HasImmutabilityPolicy>false</HasImmutabilityPolicy><HasLegalHold>false</HasLegalHold>"
            xml += "</Properties></Container>"
        }
        xml += "</Containers>" + "<NextMarker>\(escape(nextMarker ?? ""))</NextMarker></EnumerationResults>"
        return xml
    }

    /// List Blobs: `<Blob>` entries and, with a delimiter, `<BlobPrefix>` entries, in name order.
    static func blobs(
        serviceEndpoint: String, container: String, request: LandingZoneListing.Request,
        page: LandingZoneListing.Page
    ) -> String {
        var xml =
            declaration
            + #"<EnumerationResults ServiceEndpoint="\#(escape(serviceEndpoint))" ContainerName="\#(escape(container))">"#
        xml += optional("Prefix", request.prefix) + optional("Marker", request.marker)
        xml += optional("MaxResults", request.maxResults.map { String($0) }) + optional("Delimiter", request.delimiter)
        xml += "<Blobs>"
        for item in page.items {
            switch item {
            case .prefix(let name):
                xml += "<BlobPrefix><Name>\(escape(name))</Name></BlobPrefix>"
            case .blob(let entry):
                xml += "<Blob><Name>\(escape(entry.name))</Name><Properties>"
                xml += "<Creation-Time>\(entry.lastModified)</Creation-Time>"
                xml += "<Last-Modified>\(entry.lastModified)</Last-Modified><Etag>\(entry.etag)</Etag>"
                xml += "<Content-Length>\(entry.size)</Content-Length>"
                xml += "<Content-Type>\(escape(entry.contentType ?? "application/octet-stream"))</Content-Type>"
                xml += "<Content-Encoding /><Content-Language />"
                xml += entry.contentMD5.map { "<Content-MD5>\(escape($0))</Content-MD5>" } ?? "<Content-MD5 />"
                xml += "<Cache-Control /><Content-Disposition />"
                xml += "<BlobType>BlockBlob</BlobType><AccessTier>Hot</AccessTier>"
                xml += "<AccessTierInferred>true</AccessTierInferred><LeaseStatus>unlocked</LeaseStatus>"
                xml += "<LeaseState>available</LeaseState><ServerEncrypted>false</ServerEncrypted>"
                xml += "</Properties>" + (request.includeMetadata ? metadata(entry.metadata) : "") + "</Blob>"
            }
        }
        xml += "</Blobs><NextMarker>\(escape(page.nextMarker ?? ""))</NextMarker></EnumerationResults>"
        return xml
    }

    /// `<Metadata><name>value</name>...</Metadata>` (names are C# identifiers, so valid XML names).
    static func metadata(_ metadata: [String: String]) -> String {
        guard !metadata.isEmpty else { return "<Metadata />" }
        let items = metadata.sorted { $0.key < $1.key }.map { "<\($0.key)>\(escape($0.value))</\($0.key)>" }
        return "<Metadata>" + items.joined() + "</Metadata>"
    }

    /// Get Block List: the uncommitted blocks staged for a blob (committed blocks are not tracked).
    static func blockList(uncommitted: [(id: String, size: Int64)]) -> String {
        var xml = declaration + "<BlockList><CommittedBlocks /><UncommittedBlocks>"
        for block in uncommitted {
            xml += "<Block><Name>\(escape(block.id))</Name><Size>\(block.size)</Size></Block>"
        }
        return xml + "</UncommittedBlocks></BlockList>"
    }

    /// One entry of a Put Block List body.
    struct BlockReference: Sendable, Hashable {
        enum Kind: String, Sendable { case latest = "Latest", committed = "Committed", uncommitted = "Uncommitted" }
        var kind: Kind
        var id: String
    }

    /// Parses `<BlockList><Latest>id</Latest><Uncommitted>id</Uncommitted>...</BlockList>` in order; nil when
    /// the body is not such a document.
    static func parseBlockList(_ text: String) -> [BlockReference]? {
        guard let start = text.range(of: "<BlockList>"), let end = text.range(of: "</BlockList>"),
            start.upperBound <= end.lowerBound
        else { return nil }
        var rest = text[start.upperBound..<end.lowerBound]
        var references: [BlockReference] = []
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return nil }
            let tag = String(rest[rest.index(after: open)..<close])
            guard let kind = BlockReference.Kind(rawValue: tag) else { return nil }
            let closingTag = "</\(tag)>"
            guard let closing = rest[close...].range(of: closingTag) else { return nil }
            let value = String(rest[rest.index(after: close)..<closing.lowerBound])
            guard let id = unescape(value.trimmingSpaces()) else { return nil }
            references.append(BlockReference(kind: kind, id: id))
            rest = rest[closing.upperBound...]
        }
        return references
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    static func unescape(_ text: String) -> String? {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: value)
        }
        return out
    }

    private static func optional(_ element: String, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "" }
        return "<\(element)>\(escape(value))</\(element)>"
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
