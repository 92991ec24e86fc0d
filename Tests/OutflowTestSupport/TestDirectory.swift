import Foundation

/// A fresh temporary directory, removed when the value is released.
public final class TestDirectory: Sendable {
    public let path: String

    public init() {
        path = NSTemporaryDirectory() + "outflow-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    public func write(_ name: String, _ text: String) -> String {
        let target = file(name)
        _ = FileManager.default.createFile(atPath: target, contents: Data(text.utf8))
        return target
    }
}
