import ArgumentParser
import Destinations
import Foundation
import Signing

extension BenchCommand {
    /// `outflow bench s3-put`: uploads local files to an S3 bucket with `S3Destination.put` and times it, for
    /// `Benchmarks/scripts/compare_s3.py` (which times `aws s3 cp` on the same files). Credentials come from
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`, never from the command line.
    struct S3Put: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "s3-put", abstract: "Time uploading FILEs to an S3 bucket; prints one JSON line.")

        @Option(help: "S3 endpoint URL (http://127.0.0.1:8333).") var endpoint: String
        @Option(help: "Bucket.") var bucket: String
        @Option(help: "Key prefix.") var prefix: String = "bench"
        @Option(help: "Region.") var region: String = "us-east-1"
        @Option(name: .customLong("part-size-mib"), help: "Multipart part size in MiB.") var partSizeMiB: Int = 8
        @Option(help: "Parts in flight per file.") var parallelParts: Int = 4
        @Option(help: "Files uploaded at the same time.") var files: Int = 2
        @Argument(help: "Local files.") var paths: [String]

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let key = environment["AWS_ACCESS_KEY_ID"], let secret = environment["AWS_SECRET_ACCESS_KEY"] else {
                throw ValidationError("set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
            }
            let configuration = S3DestinationConfiguration(
                endpoint: try S3Endpoint(url: endpoint, pathStyle: true), region: region, bucket: bucket,
                credentials: .keys(try AWSCredentials(accessKeyID: key, secretAccessKey: secret)),
                partSize: partSizeMiB << 20, parallelParts: parallelParts)
            let outbound = try OutboundPolicy(allowList: environment[OutboundPolicy.setting] ?? "")
            let destination = S3Destination(
                id: "bench", configuration: configuration,
                transport: HTTPTransport(configuration: .init(outbound: outbound)))
            let prefix = prefix
            let width = max(1, files)
            let clock = ContinuousClock()
            let start = clock.now
            let bytes = try await withThrowingTaskGroup(of: Int64.self) { group in
                var total: Int64 = 0
                for (index, path) in paths.enumerated() {
                    if index >= width, let done = try await group.next() { total += done }
                    let name = URL(fileURLWithPath: path).lastPathComponent
                    group.addTask { try await destination.put(path: "\(prefix)/\(name)", from: path).size }
                }
                for try await done in group { total += done }
                return total
            }
            let seconds = (clock.now - start).seconds
            print(
                BenchResult(
                    tool: "outflow", operation: "s3-put-\(partSizeMiB)MiB-x\(parallelParts)", threads: width,
                    rows: paths.count, bytes: Int(bytes), seconds: seconds
                ).json)
        }
    }
}
