import Testing

@testable import Exports

@Suite struct FormattingTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func sha256MatchesTheFIPSVectors(input: String, digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func sha256IsTheSameInPiecesAndWhole() {
        let bytes = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var pieces = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 33) {
            pieces.update(Array(bytes[chunk..<min(chunk + 33, bytes.count)]))
        }
        #expect(pieces.finalizeHex() == SHA256.hex(bytes))
    }

    @Test(
        arguments: [
            (0, "197001010000"), (951_782_400, "200002290000"), (1_795_000_000, "202611181106"),
            (4_102_444_799, "209912312359"),
        ] as [(Int64, String)])
    func exportTimeIsUTC(seconds: Int64, text: String) {
        #expect(ExportTime.exportTime(seconds) == text)
    }

    @Test func templatesExpandEveryMacro() throws {
        let template = try FolderTemplate(
            "%SANDBOX_NAME%/%DESTINATION%/%DATASET_ID%/%DATETIME(YYYYMMdd_HHmmss)%/%EXPORT_TIME%")
        let context = FolderTemplate.Context(
            datasetId: "ds1", datasetName: "events", destination: "local", destinationId: "local", sandbox: "prod",
            flowId: "f", runId: "r", scheduledTime: 1_795_000_000)
        #expect(try template.expand(context) == "prod/local/ds1/20261118_110640/202611181106")
        #expect(try FolderTemplate(nil).expand(context) == "ds1/exportTime=202611181106")
    }

    @Test func partNamesAreDeterministicPerRunAndDataset() {
        let a = OutputFormat.partName(index: 3, runId: "r", datasetId: "d", fileExtension: "gz.parquet")
        #expect(a == OutputFormat.partName(index: 3, runId: "r", datasetId: "d", fileExtension: "gz.parquet"))
        #expect(a != OutputFormat.partName(index: 3, runId: "r2", datasetId: "d", fileExtension: "gz.parquet"))
        #expect(a.hasPrefix("part-00003-") && a.hasSuffix(".gz.parquet") && a.count == "part-00003-".count + 36 + 11)
    }
}
