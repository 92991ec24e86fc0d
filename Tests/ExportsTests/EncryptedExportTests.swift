import Destinations
import Foundation
import OutflowTestSupport
import Testing

@testable import Exports
@testable import PGP

/// Parts of a run with `encryptTo` are OpenPGP messages gpg decrypts into the files a plain run writes.
@Suite(.tags(.peers), .needsPeers) struct EncryptedExportTests {
    @Test(arguments: [(DatasetFileType.parquet, ExportCompression.zstd), (.json, .gzip)])
    func encryptedPartsEndInGpgAndDecryptToTheDataset(fileType: DatasetFileType, compression: ExportCompression)
        async throws
    {
        let fixture = try ExportFixture()
        let expected = try fixture.ingest(300) + fixture.ingest(200)
        let destination = try LocalFolderDestination(root: fixture.output, id: "local-1")
        var job = fixture.job(runId: "run-1", fileType: fileType, compression: compression)
        job.encryptTo = try PGPRecipient(publicKey: GnuPGPeer.fixturePublicKey("cv25519"))
        let run = try await fixture.executor(destination, store: InMemoryExportStore()).execute(job)
        #expect(run.status == .success, "\(run.errors)")
        let output = try #require(run.outputs.first)
        let ext = OutputFormat(fileType: fileType, compression: compression).fileExtension
        #expect(!output.files.isEmpty && output.files.allSatisfy { $0.path.hasSuffix("." + ext + ".gpg") })

        let manifestPath = try #require(output.manifestPath)
        let manifest = try JSONDecoder().decode(
            ExportManifest.self, from: Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + manifestPath)))
        #expect(manifest.files.map(\.name) == output.files.map { String($0.path.split(separator: "/").last ?? "") })
        #expect(manifest.files.map(\.rowCount).reduce(0, +) == 500)
        #expect(manifest.encryption?.format == "OpenPGP")
        #expect(manifest.encryption?.fingerprint == "A100F7246D337354638380EF8BE35C96A4C1C8B3")

        let gpg = try await GnuPGPeer.make(secretKey: GnuPGPeer.fixtureSecretKey("cv25519"))
        var plainPaths: [String] = []
        for (file, listed) in zip(output.files, manifest.files) {
            let delivered = try Data(contentsOf: URL(fileURLWithPath: fixture.output + "/" + file.path))
            // The manifest and the run describe the bytes delivered, not the plaintext.
            #expect(listed.size == Int64(delivered.count) && file.size == listed.size)
            let digest = SHA256.hex([UInt8](delivered))
            #expect(listed.sha256 == digest && file.sha256 == digest)
            let decrypted = try await gpg.decrypt(file: fixture.output + "/" + file.path)
            #expect(decrypted.status.contains("GOODMDC"))
            let plainPath = fixture.output + "/" + String(file.path.dropLast(4))
            try Data(decrypted.plaintext).write(to: URL(fileURLWithPath: plainPath))
            plainPaths.append(plainPath)
        }
        #expect(try await PythonReader.read(plainPaths).flatMap(\.values).sorted() == expected)
    }
}
