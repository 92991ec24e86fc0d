// swift-tools-version: 6.1
// Benchmarks live in their own package so that CI's one debug build never compiles them.
// Run: cd Benchmarks && swift package benchmark   (see README.md for the peer comparison scripts)
import PackageDescription

let package = Package(
    name: "OutflowBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Outflow", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ParquetBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Parquet", package: "Outflow"),
                .product(name: "Columnar", package: "Outflow"),
            ],
            path: "Benchmarks/ParquetBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
