import NIOCore
import Testing

@testable import PostgresWire

@Suite struct BackendMessageEncoderTests {
    @Test func readyForQueryAndSimpleMessages() {
        #expect(BackendMessage.readyForQuery(.idle).encoded == [0x5A, 0, 0, 0, 5, 0x49])
        #expect(BackendMessage.readyForQuery(.failed).encoded == [0x5A, 0, 0, 0, 5, 0x45])
        #expect(BackendMessage.emptyQueryResponse.encoded == [0x49, 0, 0, 0, 4])
        #expect(BackendMessage.parseComplete.encoded == [0x31, 0, 0, 0, 4])
        #expect(BackendMessage.bindComplete.encoded == [0x32, 0, 0, 0, 4])
        #expect(BackendMessage.closeComplete.encoded == [0x33, 0, 0, 0, 4])
        #expect(BackendMessage.noData.encoded == [0x6E, 0, 0, 0, 4])
        #expect(BackendMessage.portalSuspended.encoded == [0x73, 0, 0, 0, 4])
        #expect(BackendMessage.copyDone.encoded == [0x63, 0, 0, 0, 4])
        #expect(BackendMessage.encryptionResponse(accepted: false).encoded == [0x4E])
        #expect(BackendMessage.encryptionResponse(accepted: true).encoded == [0x53])
    }

    @Test func authenticationRequests() {
        #expect(BackendMessage.authentication(.ok).encoded == [0x52, 0, 0, 0, 8, 0, 0, 0, 0])
        #expect(BackendMessage.authentication(.cleartextPassword).encoded == [0x52, 0, 0, 0, 8, 0, 0, 0, 3])
        #expect(
            BackendMessage.authentication(.sasl(mechanisms: ["SCRAM-SHA-256"])).encoded
                == [0x52, 0, 0, 0, 23, 0, 0, 0, 10] + Array("SCRAM-SHA-256".utf8) + [0, 0])
        #expect(
            BackendMessage.authentication(.saslContinue([1, 2])).encoded == [0x52, 0, 0, 0, 10, 0, 0, 0, 11, 1, 2])
        #expect(BackendMessage.authentication(.saslFinal([3])).encoded == [0x52, 0, 0, 0, 9, 0, 0, 0, 12, 3])
    }

    @Test func errorResponseHasEveryField() {
        let error = WireError(
            sqlState: "42P01", message: "relation \"x\" does not exist", detail: "d", hint: "h", position: 15)
        let bytes = BackendMessage.error(error).encoded
        let fields = Array(bytes[5...])
        let expected: [UInt8] =
            Array("SERROR\0VERROR\0C42P01\0Mrelation \"x\" does not exist\0Dd\0Hh\0P15\0".utf8) + [0]
        #expect(bytes[0] == UInt8(ascii: "E"))
        #expect(fields == expected)
        #expect(
            BackendMessage.notice(WireError(severity: .warning, sqlState: "01000", message: "w")).encoded[0] == 0x4E)
    }

    @Test func rowDescriptionCarriesTypesAndFormats() {
        let columns = [WireColumn(name: "id", typeOID: WireType.int8, tableOID: 7, attributeNumber: 1)]
        let bytes = BackendMessage.rowDescription(columns, formats: [.binary]).encoded
        let expected: [UInt8] =
            [0x54, 0, 0, 0, 27, 0, 1, UInt8(ascii: "i"), UInt8(ascii: "d"), 0, 0, 0, 0, 7, 0, 1, 0, 0, 0, 20, 0, 8]
            + [0xFF, 0xFF, 0xFF, 0xFF, 0, 1]
        #expect(bytes == expected)
    }

    @Test func parameterStatusBackendKeyAndCommandComplete() {
        #expect(
            BackendMessage.parameterStatus(name: "a", value: "b").encoded
                == [0x53, 0, 0, 0, 8, UInt8(ascii: "a"), 0, UInt8(ascii: "b"), 0])
        #expect(
            BackendMessage.backendKeyData(CancelRequest(processID: 1, secretKey: 2)).encoded
                == [0x4B, 0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 2])
        #expect(
            BackendMessage.commandComplete("SELECT 1").encoded == [0x43, 0, 0, 0, 13] + Array("SELECT 1".utf8) + [0])
        #expect(BackendMessage.parameterDescription([23]).encoded == [0x74, 0, 0, 0, 10, 0, 1, 0, 0, 0, 23])
        #expect(
            BackendMessage.copyOutResponse(format: .text, columnFormats: [.text, .text]).encoded
                == [0x48, 0, 0, 0, 11, 0, 0, 2, 0, 0, 0, 0])
    }

    @Test func commandTagsFollowPostgreSQL() {
        #expect(WireCompletion(command: "INSERT", rowCount: 3).tag == "INSERT 0 3")
        #expect(WireCompletion(command: "SELECT", rowCount: 0).tag == "SELECT 0")
        #expect(WireCompletion(command: "CREATE TABLE AS", rowCount: 2).tag == "SELECT 2")
        #expect(WireCompletion(command: "SET").tag == "SET")
    }
}

@Suite struct WireStatementSplitterTests {
    @Test func splitsAtTopLevelSemicolonsOnly() {
        let sql =
            "select ';' as a; select \"x;y\" from t -- c;\n; select $$a;b$$, $1 ; /* ; /* nested ; */ */ select E'\\';'"
        #expect(
            WireStatementSplitter.split(sql) == [
                "select ';' as a", "select \"x;y\" from t -- c;", "select $$a;b$$, $1",
                "/* ; /* nested ; */ */ select E'\\';'",
            ])
    }

    @Test func whitespaceAndCommentsAreNoStatement() {
        #expect(WireStatementSplitter.split("").isEmpty)
        #expect(WireStatementSplitter.split("  ;; -- nothing\n /* x */ ;").isEmpty)
    }

    @Test func unterminatedQuotesDoNotCrash() {
        #expect(WireStatementSplitter.split("select 'abc; select 2") == ["select 'abc; select 2"])
        #expect(WireStatementSplitter.split("select $tag$ abc") == ["select $tag$ abc"])
    }
}

@Suite struct BackendStringTests {
    /// A NUL inside a message (an error quoting client input) must not end the field early: the client would read
    /// the rest as other fields and lose the framing of the error.
    @Test func aNulInsideAnErrorMessageIsDropped() {
        let bytes = BackendMessage.error(WireError(sqlState: "22021", message: "bad \0byte")).encoded
        let expected: [UInt8] = Array("SERROR\0VERROR\0C22021\0Mbad byte\0".utf8) + [0]
        #expect(Array(bytes[5...]) == expected)
        #expect(Int(bytes[4]) == expected.count + 4)
        #expect(
            BackendMessage.commandComplete("A\0B").encoded == [
                0x43, 0, 0, 0, 7, UInt8(ascii: "A"), UInt8(ascii: "B"), 0,
            ])
    }
}
