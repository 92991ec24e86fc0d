import Foundation
import Hummingbird

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The DFS (ADLS Gen2) calls the datalake SDK makes: list paths, create file or directory, append, flush, rename.
extension LandingZoneService {
    func performDFS(
        _ operation: LandingZoneOperation, _ request: LandingZoneRequest, container: String, path: String,
        body: RequestBody
    ) async throws(LandingZoneError) -> Response {
        let store = store
        switch operation {
        case .listPaths(let directory, let recursive):
            let entries = try await io.run { () throws(LandingZoneError) -> [LandingZoneStore.Entry] in
                guard store.container(container) != nil else { throw .containerNotFound() }
                if let directory {
                    guard let info = LandingZoneStore.stat(store.blobPath(container, directory)), info.isDirectory
                    else { throw .pathNotFound() }
                }
                var out: [LandingZoneStore.Entry] = []
                store.walk(container, relative: directory ?? "", directories: true, into: &out)
                let depth = (directory.map { $0.split(separator: "/").count } ?? 0) + 1
                return out.filter { recursive || $0.name.split(separator: "/").count == depth }
                    .sorted { $0.name < $1.name }
            }
            return LandingZoneResponses.json(LandingZoneResponses.pathList(entries))
        case .createFile:
            let ifNoneMatch = request.header("If-None-Match") == "*"
            let entry = try await io.run { () throws(LandingZoneError) in
                try store.createFile(container, path, ifNoneMatch: ifNoneMatch)
            }
            return LandingZoneResponses.empty(.created, entry: entry)
        case .createDirectory:
            let entry = try await io.run { () throws(LandingZoneError) in try store.createDirectory(container, path) }
            return LandingZoneResponses.empty(.created, entry: entry)
        case .rename(let sourceContainer, let sourcePath):
            try await io.run { () throws(LandingZoneError) in
                try store.rename(from: sourceContainer, sourcePath, to: container, path)
            }
            return LandingZoneResponses.empty(.created, entry: nil)
        case .append(let position):
            let pending = try await io.run { () throws(LandingZoneError) in
                try store.pendingForAppend(container, path, position: position)
            }
            let before = LandingZoneStore.stat(pending)?.size ?? position
            do throws(LandingZoneError) {
                _ = try await io.spool(body, to: pending, append: true, limit: maxUploadBytes)
            } catch {
                // Drop a partial append so the next append at the same position can succeed.
                _ = try? await io.run { truncate(pending, off_t(before)) }
                throw error
            }
            return LandingZoneResponses.empty(.accepted, entry: nil)
        case .flush(let position):
            let entry = try await io.run { () throws(LandingZoneError) in
                try store.flush(container, path, position: position)
            }
            return LandingZoneResponses.empty(.ok, entry: entry)
        default:
            throw .unsupported("DFS operation")
        }
    }
}
