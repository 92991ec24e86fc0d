import Foundation
import OutflowTestSupport
import SFTP

@testable import Destinations

/// A real OpenSSH sftp-only server started through `IntegrationTests/peers/sftp.py` (needs root and
/// openssh-server, which `scripts/bootstrap` installs), stopped when the test's body returns.
struct OpenSSHPeer: Decodable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var sshKey: String
    var fingerprint: String
    var pid: Int
    /// The local path of the user's writable folder (the SFTP session starts there).
    var upload: String
    /// A root-owned folder beside it that the user may not write to.
    var readonly: String
    /// Extra authorized client keys by kind (`rsa`, `ecdsa`, `ecdsa384`, `ecdsa521`), base64 key files.
    var clientKeys: [String: String]

    static let script = PythonPeer.packageRoot.appendingPathComponent("IntegrationTests/peers/sftp.py").path

    /// Options for the peer script (see `IntegrationTests/peers/sftp.py`): host key type, extra client keys,
    /// extra sshd_config lines, keyboard-interactive only.
    struct Options: Encodable {
        var hostKey: String?
        var clientKeys: [String]?
        var sshdConfig: String?
        var keyboardInteractiveOnly: Bool?
    }

    static func with<T>(_ options: Options? = nil, _ body: (OpenSSHPeer) async throws -> T) async throws -> T {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("outflow-sftp-\(UUID().uuidString)")
        var arguments = [script, "start", work.path]
        if let options { arguments.append(String(decoding: try JSONEncoder().encode(options), as: UTF8.self)) }
        let output = try await PythonPeer.check(arguments)
        let peer = try JSONDecoder().decode(OpenSSHPeer.self, from: Data(output))
        let result: Result<T, any Error>
        do {
            result = .success(try await body(peer))
        } catch {
            result = .failure(error)
        }
        _ = try? await PythonPeer.run([script, "stop", work.path])
        try? FileManager.default.removeItem(at: work)
        return try result.get()
    }

    func configuration(
        credential: SFTPCredential? = nil, pin: String? = nil, remotePath: String = "exports"
    ) -> SFTPConfiguration {
        SFTPConfiguration(
            host: host, port: port, username: user, credential: credential ?? .password(password),
            hostKeyFingerprint: pin, remotePath: remotePath)
    }

    /// Files under a local folder of the peer, relative to it, staged ones included.
    func files(under folder: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                out.append(name)
            }
        }
        return out.sorted()
    }
}
