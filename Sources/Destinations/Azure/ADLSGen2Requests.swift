import Foundation
import Signing

/// Builds the DFS (ADLS Gen2) requests of `ADLSGen2Destination`: create, append, flush, rename, list paths,
/// properties and delete; parses list-paths answers. Pure.
struct ADLSGen2Requests: Sendable {
    let endpoint: AzureEndpoint
    let fileSystem: String

    func filePath(_ path: String) -> String { "\(endpoint.basePath)/\(fileSystem)/\(path)" }

    func createFile(_ path: String) -> SignableRequest {
        SignableRequest(
            method: "PUT", host: endpoint.authority, path: filePath(path), query: [.init("resource", "file")])
    }

    func append(_ path: String, position: Int64) -> SignableRequest {
        SignableRequest(
            method: "PATCH", host: endpoint.authority, path: filePath(path),
            query: [.init("action", "append"), .init("position", String(position))])
    }

    func flush(_ path: String, position: Int64) -> SignableRequest {
        SignableRequest(
            method: "PATCH", host: endpoint.authority, path: filePath(path),
            query: [.init("action", "flush"), .init("position", String(position)), .init("close", "true")])
    }

    /// Renames `source` onto `destination` (both in this file system), replacing an existing file.
    func rename(from source: String, to destination: String) -> SignableRequest {
        let encodedSource = PercentEncoding.encode("/\(fileSystem)/\(source)", keepingSlash: true)
        return SignableRequest(
            method: "PUT", host: endpoint.authority, path: filePath(destination), query: [.init("mode", "legacy")],
            headers: [.init("x-ms-rename-source", encodedSource)])
    }

    func listPaths(directory: String, continuation: String?) -> SignableRequest {
        var query: [SignableRequest.Field] = [.init("resource", "filesystem"), .init("recursive", "true")]
        if !directory.isEmpty { query.append(.init("directory", directory)) }
        if let continuation { query.append(.init("continuation", continuation)) }
        return SignableRequest(
            method: "GET", host: endpoint.authority, path: "\(endpoint.basePath)/\(fileSystem)", query: query)
    }

    func head(_ path: String) -> SignableRequest {
        SignableRequest(method: "HEAD", host: endpoint.authority, path: filePath(path))
    }

    func delete(_ path: String) -> SignableRequest {
        SignableRequest(method: "DELETE", host: endpoint.authority, path: filePath(path))
    }

    private struct PathList: Decodable {
        struct Path: Decodable {
            var name: String
            var isDirectory: Flexible?
            var contentLength: Flexible?
        }
        var paths: [Path]
    }

    /// DFS sends booleans and numbers as JSON strings or as JSON values.
    private struct Flexible: Decodable {
        var text: String
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(String.self) {
                text = value
            } else if let value = try? container.decode(Int64.self) {
                text = String(value)
            } else {
                text = String(try container.decode(Bool.self))
            }
        }
    }

    /// The files (not directories) of a list-paths answer.
    static func parseList(_ body: [UInt8]) throws(DestinationError) -> [DestinationObject] {
        let list: PathList
        do { list = try JSONDecoder().decode(PathList.self, from: Data(body)) } catch {
            throw DestinationError(.io, "the DFS list-paths answer is not the expected JSON")
        }
        return list.paths.compactMap { path in
            guard path.isDirectory?.text.lowercased() != "true" else { return nil }
            return DestinationObject(path: path.name, size: Int64(path.contentLength?.text ?? "0") ?? 0)
        }
    }
}
