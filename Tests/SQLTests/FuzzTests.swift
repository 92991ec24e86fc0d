import Foundation
import SQL
import Testing

/// 100,000 strings mutated from the corpus: each one parses or throws `SQLError`, never crashes or hangs.
@Suite struct FuzzTests {
    /// SplitMix64: a fixed seed gives the same strings every run.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    }

    static let fragments = [
        "(", ")", "[", "]", ",", ";", "'", "\"", "$$", "$1", "::", "--", "/*", "*/", "E'\\", "U&'", "SELECT", "FROM",
        "WHERE", "JOIN", "ON", "UNION", "(SELECT", "NOT", "AND", "OR", "IS", "NULL", "BETWEEN", "IN", "LIKE",
        "CASE", "WHEN", "END", "OVER", "(", "ARRAY[", "ROW(", "INTERVAL", "'1 day'", "1e", "0x", ".", "*", "-", "é",
        "😀", "\u{0}", "\n", "ASOF", "WITH", "LATERAL", "GROUPING SETS", "()", "FILTER", "WITHIN GROUP",
    ]

    func mutate(_ text: String, _ random: inout Random) -> String {
        var tokens = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        switch random.below(8) {
        case 0 where !tokens.isEmpty:
            tokens.remove(at: random.below(tokens.count))
        case 1 where !tokens.isEmpty:
            let i = random.below(tokens.count)
            tokens.insert(tokens[i], at: i)
        case 2 where tokens.count > 1:
            tokens.swapAt(random.below(tokens.count), random.below(tokens.count))
        case 3:
            tokens.insert(Self.fragments[random.below(Self.fragments.count)], at: random.below(tokens.count + 1))
        case 4:
            var bytes = Array(text.utf8)
            for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
                bytes[random.below(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
            }
            return String(decoding: bytes, as: UTF8.self)
        case 5:
            let scalars = Array(text.unicodeScalars)
            var cut = String.UnicodeScalarView()
            cut.append(contentsOf: scalars.prefix(random.below(scalars.count + 1)))
            return String(cut)
        case 6:
            let depth = [10, 100, 1_000, 10_000][random.below(4)]
            let open = ["(", "ARRAY[", "NOT ", "-", "(SELECT ", "ROW(", "f("][random.below(7)]
            return "SELECT " + String(repeating: open, count: depth) + "1"
                + String(repeating: random.below(2) == 0 ? ")" : "]", count: depth)
        default:
            tokens.insert(Self.fragments[random.below(Self.fragments.count)], at: random.below(tokens.count + 1))
            if !tokens.isEmpty { tokens.remove(at: random.below(tokens.count)) }
        }
        return tokens.joined(separator: " ")
    }

    @Test func mutatedCorpusNeverCrashes() throws {
        let corpus = try SQLTestFile.load("parser").map(\.sql)
        #expect(!corpus.isEmpty)
        var random = Random(state: 20_240_601)
        let start = ContinuousClock.now
        var parsed = 0
        var refused = 0
        var printedAndReparsed = 0
        var tooDeepToReprint = 0
        for _ in 0..<100_000 {
            var text = corpus[random.below(corpus.count)]
            for _ in 0..<(1 + random.below(3)) { text = mutate(text, &random) }
            let statements: [SQL.Statement]
            do {
                statements = try SQLParser.parse(text)
                parsed += 1
            } catch {
                refused += 1
                continue
            }
            // A mutant that parses must also survive the printer's round trip.
            let printed = statements.map { SQLFormatter().statement($0) }.joined(separator: ";\n")
            do {
                let again = try SQLParser.parse(printed)
                #expect(again == statements, "\(text) -> \(printed)")
                printedAndReparsed += 1
            } catch  where error.state == .statementTooComplex {
                // The printed form parenthesizes every compound expression, so input just within the nesting
                // limit (500 `NOT`s) may print beyond it; that is a refusal, not a wrong parse.
                tooDeepToReprint += 1
            } catch {
                Issue.record("printed form does not parse: \(text) -> \(printed): \(error)")
            }
        }
        let elapsed = ContinuousClock.now - start
        print(
            "fuzz: 100000 strings, \(parsed) parsed (\(printedAndReparsed) round-tripped, \(tooDeepToReprint) too deep to reprint), \(refused) refused, \(elapsed)"
        )
        #expect(parsed + refused == 100_000)
    }
}
