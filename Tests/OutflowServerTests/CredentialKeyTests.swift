import Exports
import Foundation
import Lake
import Logging
import Storage
import Testing

@testable import OutflowServer

/// The credential key: bound to each connection, loaded from outside the data directory, checked at start, rotated
/// in one transaction (SECURITY.md, "Credential encryption key").
@Suite struct CredentialKeyTests {
    /// The key of the fixed `v1:` vector below: bytes 0...31.
    static let vectorKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    /// `{"s3AccessKey":"AKIAOLD","s3SecretKey":"old-format-secret"}` sealed the way releases before `v2:` did
    /// (AES-256-GCM without associated data, nonce 100...111).
    static let v1Sealed =
        "v1:ZGVmZ2hpamtsbW5vMzmtVTiKNftNERSNo0dQ3wOJT0vEILdQi/Pfe6jGxjrxnQulNTChJpKfHBKbLbiiei+1lEUpM02O09HgkYyIJMlIhLnFKhYhxEpp"

    let directory = TemporaryDirectory()
    var data: String { directory.path + "/data" }

    func configuration(key: String? = nil, keyFile: String? = nil) -> OutflowConfiguration {
        var configuration = OutflowConfiguration(dataDirectory: data, logLevel: .warning)
        configuration.secretsKey = key
        configuration.secretsKeyFile = keyFile
        return configuration
    }

    func services(_ configuration: OutflowConfiguration) throws -> OutflowServices {
        let logger = Logger(label: "outflow.test")
        return try OutflowServices(
            lake: try OutflowServices.openLake(configuration, logger: logger), configuration: configuration,
            logger: logger)
    }

    static func s3(_ id: String, secret: String) -> BaseConnection {
        BaseConnection(
            id: id, name: id, connectionSpecId: ConnectionSpecCatalog.amazonS3, authSpecName: "Access Key",
            authParams: ["s3AccessKey": "AKIA\(id)", "s3SecretKey": secret])
    }

    /// Stores connections `ids` with secrets `secret-<id>`.
    func store(_ ids: [String], in services: OutflowServices) async throws {
        for id in ids { try await services.store.saveBaseConnection(Self.s3(id, secret: "secret-\(id)")) }
    }

    func sealedRows(_ services: OutflowServices, _ ids: [String]) async throws -> [String?] {
        var rows: [String?] = []
        for id in ids { rows.append(try await services.store.sealedCredentials(connectionId: id)) }
        return rows
    }

    @Test func aCiphertextMovedToAnotherConnectionDoesNotOpen() async throws {
        let services = try services(configuration())
        try await store(["a", "b"], in: services)
        let store = services.store
        let sealedA = try #require(try await store.sealedCredentials(connectionId: "a"))
        let sealedB = try #require(try await store.sealedCredentials(connectionId: "b"))
        #expect(sealedA.hasPrefix("v2:"))
        // Whoever can write the catalog swaps the rows: b's secrets must not come out under a's name.
        try await store.storeBaseConnection(Self.s3("a", secret: "").redacted, sealedCredentials: sealedB)
        try await store.storeBaseConnection(Self.s3("b", secret: "").redacted, sealedCredentials: sealedA)
        for id in ["a", "b"] {
            let error = await #expect(throws: ExportsError.self) { _ = try await store.credentials(connectionId: id) }
            #expect(error?.code == .encoding)
        }
    }

    @Test func ciphertextsOfTheOldFormatStillOpen() async throws {
        let services = try services(configuration(key: Self.vectorKey))
        try await services.store.storeBaseConnection(
            Self.s3("legacy", secret: "").redacted, sealedCredentials: Self.v1Sealed)
        #expect(
            try await services.store.credentials(connectionId: "legacy") == [
                "s3AccessKey": "AKIAOLD", "s3SecretKey": "old-format-secret",
            ])
        // A new start with the same key accepts the catalog.
        _ = try self.services(configuration(key: Self.vectorKey))
    }

    @Test func aKeyFromTheEnvironmentOrAFileLeavesNoKeyInTheDataDirectory() async throws {
        let fromEnvironment = try services(configuration(key: Self.vectorKey))
        try await store(["a"], in: fromEnvironment)
        #expect(try await fromEnvironment.store.credentials(connectionId: "a")["s3SecretKey"] == "secret-a")
        #expect(!FileManager.default.fileExists(atPath: data + "/secrets.key"))
        // The same key from a file (base64 text) opens them; the data directory still holds no key.
        let keyFile = directory.path + "/outflow.key"
        _ = FileManager.default.createFile(atPath: keyFile, contents: Data((Self.vectorKey + "\n").utf8))
        let fromFile = try services(configuration(keyFile: keyFile))
        #expect(try await fromFile.store.credentials(connectionId: "a")["s3SecretKey"] == "secret-a")
        #expect(!FileManager.default.fileExists(atPath: data + "/secrets.key"))
        // Without the key (the generated default) the start is refused instead of failing every run later.
        let error = #expect(throws: ExportsError.self) { _ = try services(configuration()) }
        #expect(error?.code == .invalidField)
        #expect(error?.message.contains("does not open the stored credentials") == true)
    }

    @Test func badKeySettingsAreRefusedWithTheReason() throws {
        let cases: [(OutflowConfiguration, String)] = [
            (configuration(key: Self.vectorKey, keyFile: "/k"), "not both"),
            (configuration(key: "c2hvcnQ="), "decodes to 5 bytes"),
            (configuration(key: "not base64!"), "is not base64"),
            (configuration(keyFile: directory.path + "/missing.key"), "does not exist"),
        ]
        for (configuration, reason) in cases {
            let error = #expect(throws: ExportsError.self, "\(reason)") { _ = try services(configuration) }
            #expect(error?.code == .invalidField, "\(reason)")
            #expect(error?.message.contains(reason) == true, "\(String(describing: error))")
            #expect(error?.message.contains(Self.vectorKey) == false)
        }
    }

    @Test func rotationReSealsEverySecretUnderANewKey() async throws {
        let services = try services(configuration())
        try await store(["a", "b", "c"], in: services)
        let oldKey = try #require(FileManager.default.contents(atPath: data + "/secrets.key"))
        let rotation = try await services.rotateCredentialKey(newKeyFile: nil)
        #expect(rotation.resealed == 3 && !rotation.reconfigure)
        let newKey = try #require(FileManager.default.contents(atPath: data + "/secrets.key"))
        #expect(newKey != oldKey && !FileManager.default.fileExists(atPath: data + "/secrets.key.next"))
        let old = try CredentialCipher.parse(base64: oldKey.base64EncodedString(), field: "old")
        let reopened = try self.services(configuration())
        for id in ["a", "b", "c"] {
            let sealed = try #require(try await reopened.store.sealedCredentials(connectionId: id))
            #expect(throws: ExportsError.self) { _ = try old.open(sealed, connectionId: id) }
            #expect(try await reopened.store.credentials(connectionId: id)["s3SecretKey"] == "secret-\(id)")
        }
    }

    @Test func aRotationThatFailsHalfWayChangesNothing() async throws {
        let services = try services(configuration())
        try await store(["a", "b", "c"], in: services)
        // b's row holds a's ciphertext (bound to a): the rotation re-seals a, then fails at b.
        let sealedA = try #require(try await services.store.sealedCredentials(connectionId: "a"))
        try await services.store.storeBaseConnection(Self.s3("b", secret: "").redacted, sealedCredentials: sealedA)
        let before = try await sealedRows(services, ["a", "b", "c"])
        let keyBefore = FileManager.default.contents(atPath: data + "/secrets.key")
        await #expect(throws: ExportsError.self) { _ = try await services.rotateCredentialKey(newKeyFile: nil) }
        #expect(try await sealedRows(services, ["a", "b", "c"]) == before)
        #expect(FileManager.default.contents(atPath: data + "/secrets.key") == keyBefore)
        let reopened = try self.services(configuration())
        #expect(try await reopened.store.credentials(connectionId: "a")["s3SecretKey"] == "secret-a")
        #expect(try await reopened.store.credentials(connectionId: "c")["s3SecretKey"] == "secret-c")
    }

    @Test func aRotationInterruptedAfterItsCommitIsFinishedAtTheNextStart() async throws {
        let services = try services(configuration())
        try await store(["a", "b"], in: services)
        // The transaction commits; the process dies before `secrets.key.next` replaces `secrets.key`.
        let next = CredentialCipher.generate()
        #expect(try next.write(toNewFile: data + "/secrets.key.next", base64: false))
        _ = try await SQLiteCredentialKeyRecord(lake: services.lake).reseal(from: services.store.cipher, to: next)
        let restarted = try self.services(configuration())
        #expect(restarted.store.cipher.fingerprint == next.fingerprint)
        #expect(!FileManager.default.fileExists(atPath: data + "/secrets.key.next"))
        #expect(try await restarted.store.credentials(connectionId: "b")["s3SecretKey"] == "secret-b")
    }

    @Test func rotatingToAKeyFileUpgradesOldCiphertextsAndNeedsTheNewSetting() async throws {
        let services = try services(configuration(key: Self.vectorKey))
        try await store(["a"], in: services)
        try await services.store.storeBaseConnection(
            Self.s3("legacy", secret: "").redacted, sealedCredentials: Self.v1Sealed)
        // An external key rotates only to a named file.
        await #expect(throws: ExportsError.self) { _ = try await services.rotateCredentialKey(newKeyFile: nil) }
        let keyFile = directory.path + "/rotated.key"
        let rotation = try await services.rotateCredentialKey(newKeyFile: keyFile)
        #expect(rotation.generated && rotation.reconfigure && rotation.keyFile == keyFile && rotation.resealed == 2)
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let reopened = try self.services(configuration(keyFile: keyFile))
        #expect(try await reopened.store.sealedCredentials(connectionId: "legacy")?.hasPrefix("v2:") == true)
        #expect(try await reopened.store.credentials(connectionId: "legacy")["s3SecretKey"] == "old-format-secret")
        #expect(try await reopened.store.credentials(connectionId: "a")["s3SecretKey"] == "secret-a")
        #expect(throws: ExportsError.self) { _ = try self.services(configuration(key: Self.vectorKey)) }
    }
}
