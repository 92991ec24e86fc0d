import Foundation

/// The few S3 XML documents the destination reads and writes, scanned as text: S3's answers are flat,
/// namespace-default documents, so element lookup by name is exact enough and needs no XML library.
enum S3XML {
    /// An S3 error document (`<Error><Code>NoSuchBucket</Code><Message>...</Message></Error>`).
    struct ErrorDocument: Sendable, Hashable {
        var code: String
        var message: String?
    }

    /// One page of `ListObjectsV2`.
    struct ListPage: Sendable, Hashable {
        var objects: [(key: String, size: Int64)]
        var nextContinuationToken: String?

        static func == (lhs: ListPage, rhs: ListPage) -> Bool {
            lhs.objects.map(\.key) == rhs.objects.map(\.key) && lhs.objects.map(\.size) == rhs.objects.map(\.size)
                && lhs.nextContinuationToken == rhs.nextContinuationToken
        }

        func hash(into hasher: inout Hasher) {
            hasher.combine(objects.map(\.key))
            hasher.combine(nextContinuationToken)
        }
    }

    /// One in-progress multipart upload from `ListMultipartUploads`.
    struct PendingUpload: Sendable, Hashable {
        var key: String
        var uploadID: String
    }

    /// The error code and message of an error body, if it is one. The code keeps letters, digits and dots
    /// only, so nothing echoed by a server (such as a string to sign) reaches messages.
    static func error(_ body: [UInt8]) -> ErrorDocument? {
        let xml = String(decoding: body, as: UTF8.self)
        guard xml.contains("<Error"), let code = element("Code", in: xml) else { return nil }
        let safeCode = String(code.prefix(64).filter { $0.isLetter || $0.isNumber || $0 == "." })
        return ErrorDocument(code: safeCode, message: element("Message", in: xml).map { String($0.prefix(200)) })
    }

    /// The `UploadId` of an `InitiateMultipartUploadResult`.
    static func uploadID(_ body: [UInt8]) -> String? {
        element("UploadId", in: String(decoding: body, as: UTF8.self)).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// A `ListBucketResult` (ListObjectsV2) page.
    static func listPage(_ body: [UInt8]) -> ListPage? {
        let xml = String(decoding: body, as: UTF8.self)
        guard xml.contains("<ListBucketResult") else { return nil }
        var objects: [(key: String, size: Int64)] = []
        for entry in elements("Contents", in: xml) {
            guard let key = element("Key", in: entry) else { return nil }
            objects.append((key, element("Size", in: entry).flatMap { Int64($0) } ?? 0))
        }
        let truncated = element("IsTruncated", in: xml) == "true"
        let token = truncated ? element("NextContinuationToken", in: xml) : nil
        return ListPage(objects: objects, nextContinuationToken: token)
    }

    /// The uploads of a `ListMultipartUploadsResult`.
    static func pendingUploads(_ body: [UInt8]) -> [PendingUpload] {
        let xml = String(decoding: body, as: UTF8.self)
        return elements("Upload", in: xml).compactMap { entry in
            guard let key = element("Key", in: entry), let id = element("UploadId", in: entry) else { return nil }
            return PendingUpload(key: key, uploadID: id)
        }
    }

    /// The `CompleteMultipartUpload` body listing every part's number and ETag, in order.
    static func completeBody(parts: [(number: Int, etag: String)]) -> String {
        var xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.number < $1.number }) {
            xml += "<Part><PartNumber>\(part.number)</PartNumber><ETag>\(escape(part.etag))</ETag></Part>"
        }
        return xml + "</CompleteMultipartUpload>"
    }

    /// The decoded text of the first `<name>` element (`<name>` or `<name attr...>`), if any.
    static func element(_ name: String, in xml: some StringProtocol) -> String? {
        elementRanges(name, in: String(xml), limit: 1).first.map(decode)
    }

    /// The raw (not decoded) inner text of every `<name>` element, in order.
    static func elements(_ name: String, in xml: String) -> [String] {
        elementRanges(name, in: xml, limit: Int.max)
    }

    private static func elementRanges(_ name: String, in xml: String, limit: Int) -> [String] {
        var results: [String] = []
        var searchStart = xml.startIndex
        while results.count < limit, let open = xml.range(of: "<\(name)", range: searchStart..<xml.endIndex) {
            guard let tagEnd = xml[open.upperBound...].firstIndex(of: ">") else { break }
            let next = xml[open.upperBound]
            guard next == ">" || next == " " || next == "/" else {
                searchStart = open.upperBound
                continue
            }
            if xml[xml.index(before: tagEnd)] == "/" {
                results.append("")
                searchStart = xml.index(after: tagEnd)
                continue
            }
            let contentStart = xml.index(after: tagEnd)
            guard let close = xml.range(of: "</\(name)>", range: contentStart..<xml.endIndex) else { break }
            results.append(String(xml[contentStart..<close.lowerBound]))
            searchStart = close.upperBound
        }
        return results
    }

    /// Decodes the five predefined entities and numeric character references.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            guard let semi = rest[amp...].firstIndex(of: ";") else { break }
            out += rest[..<amp]
            let entity = rest[rest.index(after: amp)..<semi]
            switch entity {
            case "amp": out += "&"
            case "lt": out += "<"
            case "gt": out += ">"
            case "quot": out += "\""
            case "apos": out += "'"
            default:
                let number: UInt32? =
                    entity.hasPrefix("#x")
                    ? UInt32(entity.dropFirst(2), radix: 16) : entity.hasPrefix("#") ? UInt32(entity.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += rest[amp...semi]
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return out + rest
    }

    /// Escapes text for an XML element.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
