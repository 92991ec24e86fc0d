import ArgumentParser
import Foundation
import Journey

/// `outflow segment list|create`: the sandbox's CJA segments.
struct SegmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment", abstract: "Journey segments (filters for reports).",
        subcommands: [List.self, Create.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sandbox's segments.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            try await JourneyListing.run(
                common, header: ["ID", "NAME", "DATA VIEW", "VERSION", "CONTEXT"],
                { journey, sandbox async throws(JourneyError) in try await journey.segments(sandbox: sandbox) }
            ) { segment in
                [
                    segment.id, segment.name, segment.dataId, String(segment.version),
                    segment.definition.container.context.rawValue,
                ]
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a segment from a JSON file (name, description, dataId, definition in CJA's shape).",
            discussion: "dataId may be the data view's id or name. Prints the new segment's id.")

        @OptionGroup var common: CommonOptions

        @Option(help: "The segment's JSON file.")
        var file: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else {
                CLIFailure.printError("error: cannot read segment file '\(file)'")
                throw CLIFailure.notFound
            }
            let journey = try common.journeyService()
            let sandbox = common.sandbox
            let segment = try await CLIFailure.mapping { () async throws(JourneyError) in
                var draft = try Segment.draft(json: data)
                draft.dataId = try await journey.dataView(draft.dataId, sandbox: sandbox).id
                return try await journey.createSegment(draft, sandbox: sandbox)
            }
            print(segment.id)
        }
    }
}
