import ArgumentParser
import Exports
import Foundation
import Lake
import OutflowServer

/// `outflow dataset`: create, list, show and delete datasets.
struct DatasetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Manage datasets.",
        subcommands: [Create.self, List.self, Show.self, Delete.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a dataset from a schema document (JSON).",
            discussion: "Exit 3 when the schema document is invalid or the name is taken."
        )

        @OptionGroup var common: CommonOptions

        @Option(help: "Dataset name.")
        var name: String

        @Option(help: "Path of the schema document (JSON).")
        var schema: String

        @Option(help: "Description.")
        var description: String?

        func run() async throws {
            let configuration = common.configuration()
            let lake = try common.openLake(configuration, logger: common.logger(configuration))
            guard let document = FileManager.default.contents(atPath: schema) else {
                CLIFailure.printError("error: cannot read schema file '\(schema)'")
                throw CLIFailure.notFound
            }
            let dataset = try CLIFailure.mapping { () throws(LakeError) in
                try lake.createDataset(
                    sandbox: common.sandbox, name: name, schemaDocument: Array(document), description: description
                )
            }
            print(dataset.id)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List datasets.")

        @OptionGroup var common: CommonOptions

        func run() async throws {
            let configuration = common.configuration()
            let lake = try common.openLake(configuration, logger: common.logger(configuration))
            var all: [Dataset] = []
            var start = 0
            while true {
                let page = try CLIFailure.mapping { () throws(LakeError) in
                    try lake.datasets(sandbox: common.sandbox, start: start, limit: 500)
                }
                all += page.items
                start += page.items.count
                if page.items.isEmpty || start >= page.total { break }
            }
            print("ID                       NAME                         ROWS  BATCHES         BYTES  LABELS")
            for dataset in all {
                print(
                    dataset.id + " " + dataset.name.padding(toLength: 20, withPad: " ", startingAt: 0)
                        + String(dataset.rowCount).leftPadded(13) + String(dataset.batchCount).leftPadded(9)
                        + String(dataset.sizeBytes).leftPadded(14) + "  " + dataset.labels.joined(separator: ",")
                )
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a dataset and its schema as JSON.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "Dataset id or name.")
        var dataset: String

        func run() async throws {
            let configuration = common.configuration()
            let lake = try common.openLake(configuration, logger: common.logger(configuration))
            let (found, schema) = try CLIFailure.mapping { () throws(LakeError) in
                let found = try lake.dataset(sandbox: common.sandbox, idOrName: dataset)
                return (found, try lake.schema(sandbox: common.sandbox, id: found.schemaId))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var object = (try JSONSerialization.jsonObject(with: encoder.encode(found)) as? [String: Any]) ?? [:]
            object["schema"] = try JSONSerialization.jsonObject(with: Data(schema.document.utf8))
            let data = try JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a dataset and its lake files.")

        @OptionGroup var common: CommonOptions

        @Argument(help: "Dataset id.")
        var id: String

        func run() async throws {
            let configuration = common.configuration()
            let logger = common.logger(configuration)
            let lake = try common.openLake(configuration, logger: logger)
            let services = try CLIFailure.mapping { () throws(ExportsError) in
                try OutflowServices(lake: lake, configuration: configuration, logger: logger)
            }
            try await CLIFailure.mapping { () async throws(LakeError) in
                let dataset = try lake.dataset(sandbox: common.sandbox, idOrName: id)
                try await services.exportGuard.checkDeletable(dataset, sandbox: common.sandbox, named: id)
                try lake.deleteDataset(sandbox: common.sandbox, id: id)
            }
            print("deleted \(id)")
        }
    }
}
