import Foundation
import SQL
import Testing

@Suite struct ParserCorpusTests {
    static let cases: [SQLTestCase] = (try? SQLTestFile.load("parser")) ?? []

    @Test func corpusIsLoadedAndLarge() {
        #expect(Self.cases.count >= 300)
    }

    @Test(arguments: cases)
    func corpusCase(_ testCase: SQLTestCase) throws {
        let (kind, actual) = SQLTestCase.actual(for: testCase.sql)
        #expect(kind == testCase.kind, "\(actual)")
        switch testCase.kind {
        case .statement:
            #expect(actual == testCase.expected)
        case .error:
            let expectedParts = testCase.expected.split(separator: " ", maxSplits: 2).map(String.init)
            let actualParts = actual.split(separator: " ", maxSplits: 2).map(String.init)
            if expectedParts.count > 1, expectedParts[1] == "*" {
                #expect(actualParts.first == expectedParts.first, "\(actual)")
                return
            }
            #expect(Array(actualParts.prefix(2)) == Array(expectedParts.prefix(2)), "\(actual)")
            if expectedParts.count == 3 { #expect(actualParts.count == 3 && actualParts[2] == expectedParts[2]) }
        }
    }

    /// The printer's property: parse(print(parse(s))) == parse(s), positions aside, and printing is stable.
    @Test(arguments: cases.filter { $0.kind == .statement })
    func roundTrip(_ testCase: SQLTestCase) throws {
        let parsed = try SQLParser.parse(testCase.sql)
        let printed = parsed.map { SQLFormatter().statement($0) }.joined(separator: ";\n")
        let reparsed = try SQLParser.parse(printed)
        #expect(reparsed == parsed, "\(printed)")
        #expect(reparsed.map { SQLFormatter().statement($0) }.joined(separator: ";\n") == printed)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["OUTFLOW_SQLTEST_REWRITE"] == "1"))
    func rewriteCorpus() throws {
        try SQLTestFile.rewrite("parser")
    }
}
