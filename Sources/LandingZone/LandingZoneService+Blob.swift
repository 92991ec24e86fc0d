import Hummingbird
import Signing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Blob service reads and writes: List Blobs, Get Blob (ranges), Put Blob, Put Block, Put Block List.
extension LandingZoneService {
    func listBlobs(_ request: LandingZoneRequest, container: String) async throws(LandingZoneError) -> Response {
        var listing = LandingZoneListing.Request(
            prefix: request.query("prefix"), delimiter: request.query("delimiter"), marker: request.query("marker"))
        if let text = request.query("maxresults") {
            guard let value = Int(text), value > 0 else { throw .invalidQuery("maxresults") }
            listing.maxResults = value
        }
        listing.includeMetadata =
            request.query("include")?.split(separator: ",").contains { $0.lowercased() == "metadata" } ?? false
        let store = store
        let parameters = listing
        let page = try await io.run { () throws(LandingZoneError) in
            var page = try LandingZoneListing.page(store.blobs(container, prefix: parameters.prefix ?? ""), parameters)
            var hashBudget = LandingZoneStore.listingHashBudget
            page.items = page.items.map { item in
                guard case .blob(let entry) = item else { return item }
                return .blob(store.withProperties(container, entry, hashBudget: &hashBudget))
            }
            return page
        }
        return try LandingZoneResponses.xml(
            LandingZoneBlobList(
                serviceEndpoint: serviceEndpoint(request), container: container, request: listing, page: page))
    }

    func getBlob(_ request: LandingZoneRequest, container: String, blob: String) async throws(LandingZoneError)
        -> Response
    {
        let store = store
        let entry = try await io.run { () throws(LandingZoneError) in
            try store.withProperties(container, store.entry(container, blob))
        }
        let range = try LandingZoneByteRange.parse(
            request.header("x-ms-range") ?? request.header("Range"), size: entry.size)
        var response = LandingZoneResponses.properties(entry, head: false)
        let start = range?.start ?? 0
        let count = range?.count ?? entry.size
        response.headers[.contentLength] = String(count)
        if let range {
            // A range answer names the whole blob's MD5 in x-ms-blob-content-md5, never in Content-MD5.
            LandingZoneResponses.moveContentMD5ToBlobHeader(&response.headers)
            response.status = .partialContent
            response.headers[.contentRange] = "bytes \(range.start)-\(range.end)/\(entry.size)"
        }
        response.body = io.body(path: store.blobPath(container, blob), offset: start, count: count)
        return response
    }

    func putBlob(
        _ operation: LandingZoneOperation, _ request: LandingZoneRequest, container: String, blob: String,
        body: RequestBody
    ) async throws(LandingZoneError) -> Response {
        let store = store
        let written = try Self.writtenProperties(request)
        switch operation {
        case .putBlock(let id):
            let transactionalMD5 = try Self.md5Header(request, "Content-MD5")
            let (limits, time) = (uncommittedLimits, now())
            let (path, room) = try await io.run { () throws(LandingZoneError) in
                try store.reserveBlock(container, blob, id: id, limits: limits, now: time)
            }
            if let length = request.header("Content-Length").flatMap({ Int64($0) }), length > room {
                throw LandingZoneStore.uncommittedBytesExceeded(limits.maxBytes)
            }
            let staged = path + ".part"
            do throws(LandingZoneError) {
                _ = try await io.spool(
                    body, to: staged, append: false, limit: Int(min(Int64(maxUploadBytes), room)))
                try await io.run { () throws(LandingZoneError) in
                    if let transactionalMD5, LandingZoneStore.md5Base64(staged) != transactionalMD5 {
                        throw .md5Mismatch("Content-MD5")
                    }
                    guard rename(staged, path) == 0 else { throw .storage("stage the block", errno: errno) }
                }
            } catch {
                _ = try? await io.run { unlink(staged) }
                throw error
            }
            return LandingZoneResponses.empty(.created, entry: nil)
        case .putBlockList:
            let document = try await collectText(body)
            guard let references = LandingZoneBlockListRequest.parse(Array(document.utf8)) else {
                throw LandingZoneError(.badRequest, "InvalidXmlDocument", "XML specified is not syntactically valid.")
            }
            let (limits, time) = (uncommittedLimits, now())
            let entry = try await io.run { () throws(LandingZoneError) in
                store.expireIfStale(store.stagingFolder(container, blob), lifetime: limits.lifetime, now: time)
                return try store.commitBlockList(container, blob, references, properties: written)
            }
            return LandingZoneResponses.empty(.created, entry: entry)
        default:
            if let type = request.header("x-ms-blob-type"), type != "BlockBlob" {
                throw LandingZoneError(
                    .badRequest, "InvalidHeaderValue", "Only block blobs are supported (x-ms-blob-type: BlockBlob).")
            }
            let transactionalMD5 = try Self.md5Header(request, "Content-MD5")
            var requested = written
            requested.contentType =
                requested.contentType ?? request.header("Content-Type").flatMap { $0.isEmpty ? nil : $0 }
            let properties = requested
            let (staged, final) = try await io.run { () throws(LandingZoneError) in try store.stage(container, blob) }
            do throws(LandingZoneError) {
                _ = try await io.spool(body, to: staged, append: false, limit: maxUploadBytes)
                try await io.run { () throws(LandingZoneError) in
                    // Azure computes the MD5 of every Put Blob; a client-sent one must match it.
                    let md5 = LandingZoneStore.md5Base64(staged)
                    if let transactionalMD5, md5 != transactionalMD5 { throw .md5Mismatch("Content-MD5") }
                    if let expected = properties.contentMD5, md5 != expected {
                        throw .md5Mismatch("x-ms-blob-content-md5")
                    }
                    var recorded = properties
                    recorded.contentMD5 = md5
                    try store.commit(staged: staged, final: final)
                    try store.recordProperties(container, blob, recorded)
                }
            } catch {
                _ = try? await io.run { unlink(staged) }
                throw error
            }
            let entry = try await io.run { () throws(LandingZoneError) in try store.entry(container, blob) }
            return LandingZoneResponses.empty(.created, entry: entry)
        }
    }

    /// Set Blob Metadata (`comp=metadata`: replaces the metadata) and Set Blob Properties (`comp=properties`:
    /// replaces Content-MD5 and Content-Type); DFS property and ACL updates are accepted and change nothing.
    func setBlobProperties(_ request: LandingZoneRequest, container: String, blob: String)
        async throws(LandingZoneError) -> Response
    {
        let store = store
        let comp = request.query("comp")
        let written = try Self.writtenProperties(request)
        let entry = try await io.run { () throws(LandingZoneError) in
            let entry = try store.entry(container, blob, allowDirectory: true)
            guard !entry.isDirectory, comp == "metadata" || comp == "properties" else { return entry }
            guard let info = LandingZoneStore.stat(store.blobPath(container, blob)) else { throw .blobNotFound() }
            var properties =
                store.properties(container, blob, info: info)
                ?? LandingZoneProperties(size: info.size, modifiedNanoseconds: info.modifiedNanoseconds)
            if comp == "metadata" {
                properties.metadata = written.metadata
            } else {
                properties.contentMD5 = written.contentMD5
                properties.contentType = written.contentType
            }
            try store.saveProperties(container, blob, properties)
            return entry
        }
        return LandingZoneResponses.empty(.ok, entry: entry)
    }

    /// The blob properties a write request sets: `x-ms-blob-content-md5`, `x-ms-blob-content-type` and the
    /// `x-ms-meta-*` metadata.
    static func writtenProperties(_ request: LandingZoneRequest) throws(LandingZoneError) -> WrittenProperties {
        WrittenProperties(
            contentMD5: try md5Header(request, "x-ms-blob-content-md5"),
            contentType: request.header("x-ms-blob-content-type").flatMap { $0.isEmpty ? nil : $0 },
            metadata: try LandingZoneProperties.metadata(fromHeaders: request.headers.map { ($0.name, $0.value) })
                ?? [:])
    }

    typealias WrittenProperties = LandingZoneStore.WrittenProperties

    /// A base64 MD5 header's value; nil when absent or empty, `InvalidHeaderValue` when malformed.
    static func md5Header(_ request: LandingZoneRequest, _ name: String) throws(LandingZoneError) -> String? {
        guard let value = request.header(name), !value.isEmpty else { return nil }
        guard let valid = LandingZoneProperties.validMD5(value) else {
            throw LandingZoneError(.badRequest, "InvalidHeaderValue", "The value for header \(name) is not an MD5.")
        }
        return valid
    }

    /// A small XML or JSON request body (at most 4 MiB).
    func collectText(_ body: RequestBody) async throws(LandingZoneError) -> String {
        do {
            let buffer = try await body.collect(upTo: 4 << 20)
            return String(buffer: buffer)
        } catch {
            throw LandingZoneError(.contentTooLarge, "RequestBodyTooLarge", "The request body is too large.")
        }
    }
}
