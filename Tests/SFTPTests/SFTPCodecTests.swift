import NIOCore
import Testing

@testable import SFTP

@Suite struct SFTPCodecTests {
    private func encoded(_ request: SFTPRequest, id: UInt32) -> [UInt8] {
        var buffer = ByteBuffer()
        request.encode(id: id, into: &buffer)
        return Array(buffer.readableBytesView)
    }

    private func be32(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }

    private func string(_ text: String) -> [UInt8] { be32(UInt32(text.utf8.count)) + Array(text.utf8) }

    @Test func initAsksForVersionThree() {
        var buffer = ByteBuffer()
        SFTPRequest.initialize(into: &buffer)
        #expect(Array(buffer.readableBytesView) == [0, 0, 0, 5, 1, 0, 0, 0, 3])
    }

    @Test func openEncodesPathFlagsAndPermissions() {
        let bytes = encoded(
            .open(
                path: "a/b.txt", flags: [.write, .create, .truncate], attributes: SFTPAttributes(permissions: 0o644)),
            id: 7)
        let body: [UInt8] = [3] + be32(7) + string("a/b.txt") + be32(0x1a) + be32(0x4) + be32(0o644)
        #expect(bytes == be32(UInt32(body.count)) + body)
    }

    @Test func writeCarriesOffsetAndData() {
        let bytes = encoded(.write(handle: [9, 9], offset: 0x1_0000_0002, data: ByteBuffer(bytes: [1, 2, 3])), id: 1)
        let body: [UInt8] = [6] + be32(1) + be32(2) + [9, 9] + be32(1) + be32(2) + be32(3) + [1, 2, 3]
        #expect(bytes == be32(UInt32(body.count)) + body)
    }

    @Test func posixRenameIsAnExtendedRequest() {
        let bytes = encoded(.posixRename(from: ".x.tmp", to: "x"), id: 2)
        let body: [UInt8] = [200] + be32(2) + string("posix-rename@openssh.com") + string(".x.tmp") + string("x")
        #expect(bytes == be32(UInt32(body.count)) + body)
    }

    @Test(arguments: [
        (SFTPRequest.remove(path: "p"), UInt8(13)), (.mkdir(path: "p", attributes: .empty), 14), (.stat(path: "p"), 17),
        (.lstat(path: "p"), 7), (.opendir(path: "p"), 11), (.realpath(path: "p"), 16), (.rmdir(path: "p"), 15),
        (.rename(from: "p", to: "q"), 18), (.readdir(handle: [1]), 12), (.close(handle: [1]), 4),
        (.read(handle: [1], offset: 0, length: 10), 5),
    ])
    func everyRequestHasItsPacketType(request: SFTPRequest, type: UInt8) {
        #expect(encoded(request, id: 1)[4] == type)
    }

    @Test func decoderReassemblesPacketsSplitAcrossReads() throws {
        let status: [UInt8] = [101] + be32(4) + be32(3) + string("denied") + string("en")
        let handle: [UInt8] = [102] + be32(5) + string("H1")
        let stream = be32(UInt32(status.count)) + status + be32(UInt32(handle.count)) + handle
        var decoder = SFTPFrameDecoder()
        var responses: [SFTPResponse] = []
        for byte in stream {
            decoder.append(ByteBuffer(bytes: [byte]))
            while let response = try decoder.next() { responses.append(response) }
        }
        #expect(
            responses == [
                .status(id: 4, code: .permissionDenied, message: "denied"), .handle(id: 5, handle: Array("H1".utf8)),
            ])
    }

    @Test func decoderReadsVersionWithExtensions() throws {
        let body: [UInt8] = [2] + be32(3) + string("posix-rename@openssh.com") + string("1")
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        let response = try decoder.next()
        #expect(response == .version(3, extensions: [SFTPExtensionPair(name: "posix-rename@openssh.com", data: [49])]))
    }

    @Test func nameEntriesCarryAttributes() throws {
        let attributes: [UInt8] = be32(0x5) + be32(0) + be32(42) + be32(0o100644)
        let directory: [UInt8] = be32(0x4) + be32(0o040755)
        let body: [UInt8] =
            [104] + be32(9) + be32(2) + string("f.parquet") + string("-rw-r--r-- f") + attributes
            + string("sub") + string("drwxr-xr-x sub") + directory
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        guard case .name(9, let entries) = try decoder.next() else {
            Issue.record("expected a NAME reply")
            return
        }
        #expect(entries.map(\.filename) == ["f.parquet", "sub"])
        #expect(entries[0].attributes.size == 42 && entries[0].attributes.isRegularFile)
        #expect(entries[1].attributes.isDirectory && !entries[1].attributes.isRegularFile)
    }

    @Test func attributesRoundTripEveryField() throws {
        var attributes = SFTPAttributes()
        attributes.size = 1 << 40
        attributes.uid = 1000
        attributes.gid = 100
        attributes.permissions = 0o100600
        attributes.accessTime = 1
        attributes.modificationTime = 2
        attributes.extended = [SFTPExtensionPair(name: "x@y", data: [1, 2])]
        var buffer = ByteBuffer()
        attributes.write(to: &buffer)
        #expect(try SFTPAttributes.read(from: &buffer) == attributes)
        #expect(buffer.readableBytes == 0)
    }

    @Test func statusWithoutMessageIsAccepted() throws {
        let body: [UInt8] = [101] + be32(1) + be32(0)
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        #expect(try decoder.next() == .status(id: 1, code: .ok, message: ""))
    }

    @Test func oversizedOrTruncatedPacketsAreRejected() {
        var decoder = SFTPFrameDecoder()
        decoder.append(ByteBuffer(bytes: be32(1 << 24) + [101]))
        #expect(throws: SFTPProtocolError.self) { try decoder.next() }
        var truncated = SFTPFrameDecoder()
        let body: [UInt8] = [102] + be32(1) + be32(100)
        truncated.append(ByteBuffer(bytes: be32(UInt32(body.count)) + body))
        #expect(throws: SFTPProtocolError.self) { try truncated.next() }
        var unknown = SFTPFrameDecoder()
        unknown.append(ByteBuffer(bytes: be32(5) + [77] + be32(1)))
        #expect(throws: SFTPProtocolError.self) { try unknown.next() }
    }

    @Test func statusesMapToErrorKinds() {
        let cases: [(SFTPStatusCode, SFTPError.Kind)] = [
            (.noSuchFile, .noSuchFile), (.permissionDenied, .permissionDenied), (.connectionLost, .connection),
            (.noConnection, .connection), (.failure, .failure), (.badMessage, .failure),
            (.operationUnsupported, .unsupported),
        ]
        for (status, kind) in cases {
            let error = SFTPConnection.error(status, message: "", operation: "open", reportAs: "p")
            #expect(error.kind == kind)
            #expect(error.status == status)
            #expect(error.path == "p")
        }
    }

    @Test func statusMessagesNameTheOperationAndKeepTheServersWords() {
        let error = SFTPConnection.error(.failure, message: "quota exceeded", operation: "write", reportAs: "a/b")
        #expect(error.message == "SFTP write failed (failure: quota exceeded)")
        let plain = SFTPConnection.error(.noSuchFile, message: "No such file", operation: "stat", reportAs: nil)
        #expect(plain.message == "SFTP stat failed: no such file or folder")
    }
}
