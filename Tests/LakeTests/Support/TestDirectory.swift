import Foundation

/// A fresh temporary directory, removed when the value is released.
final class TestDirectory: Sendable {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "outflow-lake-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ name: String, _ text: String) -> String {
        let target = file(name)
        _ = FileManager.default.createFile(atPath: target, contents: Data(text.utf8))
        return target
    }
}
