import Foundation
import OutflowTestSupport

/// The key files of `Tests/Fixtures/ssh-keys` (written by `scripts/generate-ssh-key-fixtures.sh`; throwaway keys).
enum SSHKeyFixtureFiles {
    /// The passphrase of every encrypted fixture.
    static let passphrase = "fixture pass"

    static let folder = PythonPeer.packageRoot.appendingPathComponent("Tests/Fixtures/ssh-keys")

    /// Fixture names (without `.key`) whose name contains every one of `parts`.
    static func names(_ parts: String...) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return files.filter { $0.hasSuffix(".key") }.map { String($0.dropLast(4)) }
            .filter { name in parts.allSatisfy { name.contains($0) } }.sorted()
    }

    static func privateKey(_ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent("\(name).key"), encoding: .utf8)
    }

    /// The `.pub` line without its comment: `TYPE BASE64`.
    static func publicKey(_ name: String) throws -> String {
        let line = try String(contentsOf: folder.appendingPathComponent("\(name).pub"), encoding: .utf8)
        return line.split(separator: " ").prefix(2).joined(separator: " ")
    }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
