import Codecs
import Columnar
import OutflowTestSupport
import Testing

@testable import Parquet

/// 100,000 seeded mutations of valid files through the whole reader: each gives a `ParquetError` or a
/// valid result; a crash, trap or hang fails the run.
@Suite(.onDedicatedThreads) struct MutationFuzzTests {
    static let mutationsPerCase = 5_000

    /// Twenty seed files: the wide schema under each codec, page version and dictionary setting, plus
    /// nested schemas (lists of structs, maps) with small pages so that files hold many pages.
    static let cases: [CompatCase] = {
        let wide = CompatCase.all.filter { $0.name.hasPrefix("wide_") }
        let nested = CompatCase.nested.map { name, type in
            CompatCase(
                name: "nested_\(name)", schema: Schema([Field("id", .int64, nullable: false), Field(name, type)]),
                rowCount: 24, options: .init(pageBytes: 96, codec: .snappy), seed: 5)
        }
        return Array((wide + nested).prefix(20))
    }()

    @Test(arguments: cases)
    func mutatedFilesNeverCrash(_ seedCase: CompatCase) throws {
        let rows = min(seedCase.rowCount, 12)
        let small = CompatCase(
            name: seedCase.name, schema: seedCase.schema, rowCount: rows, options: seedCase.options,
            seed: seedCase.seed)
        let original = try Fixtures.write(small.schema, try small.batches(), options: small.options)
        var mutator = Mutator(seed: UInt64(seedCase.name.utf8.reduce(17) { $0 &* 31 &+ UInt64($1) }))
        var rejected = 0
        for _ in 0..<Self.mutationsPerCase {
            do {
                try MalformedInputTests.readFully(mutator.mutate(original))
            } catch {
                rejected += 1
            }
        }
        // Most mutations hit structure; a few land in value bytes and still read.
        #expect(rejected > Self.mutationsPerCase / 10)
    }

    @Test func theSuiteCoversAHundredThousandMutations() {
        #expect(Self.cases.count * Self.mutationsPerCase >= 100_000)
    }
}
