import Hummingbird

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
        let store = store
        let prefix = listing.prefix ?? ""
        let entries = try await io.run { () throws(LandingZoneError) in try store.blobs(container, prefix: prefix) }
        let page = LandingZoneListing.page(entries, listing)
        return LandingZoneResponses.xml(
            LandingZoneXML.blobs(
                serviceEndpoint: serviceEndpoint(request), container: container, request: listing, page: page))
    }

    func getBlob(_ request: LandingZoneRequest, container: String, blob: String) async throws(LandingZoneError)
        -> Response
    {
        let store = store
        let entry = try await io.run { () throws(LandingZoneError) in try store.entry(container, blob) }
        let range = try LandingZoneByteRange.parse(
            request.header("x-ms-range") ?? request.header("Range"), size: entry.size)
        var response = LandingZoneResponses.properties(entry, head: false)
        let start = range?.start ?? 0
        let count = range?.count ?? entry.size
        response.headers[.contentLength] = String(count)
        if let range {
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
        switch operation {
        case .putBlock(let id):
            let path = try await io.run { () throws(LandingZoneError) in try store.blockPath(container, blob, id: id) }
            let staged = path + ".part"
            do throws(LandingZoneError) {
                _ = try await io.spool(body, to: staged, append: false, limit: maxUploadBytes)
                try await io.run { () throws(LandingZoneError) in
                    guard rename(staged, path) == 0 else { throw .storage("stage the block", errno: errno) }
                }
            } catch {
                _ = try? await io.run { unlink(staged) }
                throw error
            }
            return LandingZoneResponses.empty(.created, entry: nil)
        case .putBlockList:
            let text = try await collectText(body)
            guard let references = LandingZoneXML.parseBlockList(text) else {
                throw LandingZoneError(.badRequest, "InvalidXmlDocument", "XML specified is not syntactically valid.")
            }
            let entry = try await io.run { () throws(LandingZoneError) in
                try store.commitBlockList(container, blob, references)
            }
            return LandingZoneResponses.empty(.created, entry: entry)
        default:
            if let type = request.header("x-ms-blob-type"), type != "BlockBlob" {
                throw LandingZoneError(
                    .badRequest, "InvalidHeaderValue", "Only block blobs are supported (x-ms-blob-type: BlockBlob).")
            }
            let (staged, final) = try await io.run { () throws(LandingZoneError) in try store.stage(container, blob) }
            do throws(LandingZoneError) {
                _ = try await io.spool(body, to: staged, append: false, limit: maxUploadBytes)
                try await io.run { () throws(LandingZoneError) in try store.commit(staged: staged, final: final) }
            } catch {
                _ = try? await io.run { unlink(staged) }
                throw error
            }
            let entry = try await io.run { () throws(LandingZoneError) in try store.entry(container, blob) }
            return LandingZoneResponses.empty(.created, entry: entry)
        }
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
