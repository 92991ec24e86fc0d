import Columnar
import Foundation

/// The manifest written last into each dataset's export folder: a consumer that sees it may trust that the
/// folder holds exactly the listed files.
public struct ExportManifest: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        /// File name inside the folder.
        public var name: String
        public var size: Int64
        public var rowCount: Int64
        public var sha256: String
    }

    public struct SchemaField: Sendable, Hashable, Codable {
        public var name: String
        public var type: String
        public var nullable: Bool
    }

    /// How the listed files are encrypted (absent when they are not): sizes and checksums are those of the
    /// encrypted files; the manifest itself is never encrypted.
    public struct Encryption: Sendable, Hashable, Codable {
        /// "OpenPGP" (files end in `.gpg`).
        public var format: String
        /// The encryption key's algorithm, key id and fingerprint, to pick the private key to decrypt with.
        public var algorithm: String
        public var keyId: String
        public var fingerprint: String
    }

    public struct BatchRange: Sendable, Hashable, Codable {
        public var fromSequence: Int64
        public var toSequence: Int64
    }

    public var runId: String
    public var flowId: String
    public var destinationId: String
    /// Epoch seconds.
    public var scheduledTime: Int64
    public var exportTime: String
    public var sandbox: String
    public var datasetId: String
    public var datasetFileType: DatasetFileType
    public var compression: ExportCompression
    public var schema: [SchemaField]
    /// SHA-256 of the canonical JSON of `schema`.
    public var schemaHash: String
    public var batchRange: BatchRange
    public var files: [File]
    public var encryption: Encryption?

    static func fields(of schema: Schema) -> [SchemaField] {
        schema.fields.map { SchemaField(name: $0.name, type: $0.type.description, nullable: $0.nullable) }
    }

    static func schemaHash(_ fields: [SchemaField]) throws(ExportsError) -> String {
        SHA256.hex(try encode(fields, pretty: false))
    }

    /// Canonical JSON (sorted keys).
    static func encode<T: Encodable>(_ value: T, pretty: Bool) throws(ExportsError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw ExportsError(.encoding, "cannot encode manifest: \(error)", underlying: error)
        }
    }

    /// The manifest file name for a destination and run.
    public static func fileName(destinationId: String, runId: String) -> String {
        "manifest-\(destinationId)-\(runId).json"
    }
}
