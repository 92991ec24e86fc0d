import Foundation
import Hummingbird
import HummingbirdTesting
import Lake
import Logging
import NIOCore
import NIOPosix
import Storage

@testable import HTTPAPI
@testable import OutflowServer

/// A fresh data directory, removed when released.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "outflow-server-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// A lake in a temporary directory plus the application serving it.
struct TestServer {
    let directory = TemporaryDirectory()
    let lake: Lake
    let configuration: OutflowConfiguration
    /// A started pool for batch completions; nil runs them on NIO's shared blocking pool.
    var ingestPool: NIOThreadPool?

    init(apiKey: String? = nil, maxUploadBytes: Int = 1 << 20) throws {
        lake = try Lake(dataDirectory: directory.path)
        configuration = OutflowConfiguration(
            dataDirectory: directory.path, apiKey: apiKey, logLevel: .warning, maxUploadBytes: maxUploadBytes
        )
    }

    func test<Value>(
        _ setup: TestingSetup = .router, _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var logger = Logger(label: "outflow.test")
        logger.logLevel = .warning
        let app = Application(
            router: OutflowApplication.router(lake: lake, configuration: configuration, ingestPool: ingestPool),
            logger: logger)
        return try await app.test(setup, body)
    }
}

extension TestResponse {
    /// The body parsed as JSON.
    var json: Any? {
        try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))
    }

    var object: [String: Any] { json as? [String: Any] ?? [:] }

    var text: String { String(buffer: body) }
}

enum Fixture {
    static let schema = """
        {"title": "Clicks", "class": "ExperienceEvent", "fields": [
          {"name": "page", "type": "string", "required": true},
          {"name": "email", "type": "string", "labels": ["I1"]},
          {"name": "count", "type": "int32"}]}
        """

    static func datasetBody(name: String, schema: String = schema) -> ByteBuffer {
        ByteBuffer(string: #"{"name": "\#(name)", "description": "test", "schema": \#(schema)}"#)
    }

    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]

    static func bearer(_ key: String) -> HTTPFields {
        [.authorization: "Bearer \(key)"]
    }
}
