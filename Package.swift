// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // The compiler as a reviewer: a file uses only members of modules it imports itself, and an import is internal
    // unless the file's public API needs it (`public import`), so each target's surface names its dependencies.
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Test hooks that crash or stall the process on purpose (OUTFLOW_FAULT, OUTFLOW_EXPORT_FAULT) exist in debug
    // builds only (the tests run the debug binary); a release build has no path to them.
    .define("OUTFLOW_FAULT_INJECTION", .when(configuration: .debug)),
]

let package = Package(
    name: "Outflow",
    // Linux (Debian 12) is the only platform Outflow is built and tested on: several targets call Glibc directly
    // (pwrite, fsync, flock, pause) and no macOS machine checks them, so the package claims no Apple platform.
    products: [
        .executable(name: "outflow", targets: ["outflow"]),
        .library(name: "Columnar", targets: ["Columnar"]),
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "Parquet", targets: ["Parquet"]),
        .library(name: "Lake", targets: ["Lake"]),
        .library(name: "SQL", targets: ["SQL"]),
        .library(name: "QueryService", targets: ["QueryService"]),
        .library(name: "Journey", targets: ["Journey"]),
        .library(name: "Governance", targets: ["Governance"]),
        .library(name: "OutflowServer", targets: ["OutflowServer"]),
        .library(name: "PostgresWire", targets: ["PostgresWire"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // TLS for `outflow serve` (HummingbirdTLS's server builder takes swift-nio-ssl's TLSConfiguration).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        // FileDescriptor.writeAll: the one write-everything helper (partial writes and EINTR retried).
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // The one XML layer: Codable documents for S3, GCS, Azure, STS and the landing zone.
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // System libraries behind Codecs (Debian: libzstd-dev, libsnappy-dev, zlib1g-dev, libdeflate-dev).
        .systemLibrary(
            name: "CZstd", path: "Sources/CSystem/CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
        .systemLibrary(name: "CSnappy", path: "Sources/CSystem/CSnappy", providers: [.apt(["libsnappy-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CSystem/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", path: "Sources/CSystem/CDeflate", providers: [.apt(["libdeflate-dev"])]),

        .target(name: "Columnar", exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "Codecs",
            dependencies: ["CZstd", "CSnappy", "CZlib", "CDeflate"],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Parquet",
            dependencies: ["Columnar", "Codecs", .product(name: "SystemPackage", package: "swift-system")],
            exclude: ["README.md", "NDJSON/README.md"],
            swiftSettings: swiftSettings),
        // The SQL engine (PostgreSQL dialect); today its front-end: lexer, parser, AST and the SQL printer.
        .target(name: "SQL", dependencies: ["Columnar"], exclude: ["README.md"], swiftSettings: swiftSettings),
        .target(
            name: "Lake",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                "Parquet", "Columnar", "Codecs",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Signing",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PGP",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SSH",
            dependencies: [
                "Signing",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SFTP",
            dependencies: [
                "SSH",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Destinations",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                "Signing", "SFTP", "SSH",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Exports",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                "Lake", "Destinations", "SFTP", "SSH", "Signing", "PGP", "Parquet", "Columnar", "Codecs",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // SQL over the lake: the engine's catalog and table provider on Lake scans, sessions with CTAS/INSERT, views.
        .target(
            name: "QueryService",
            dependencies: [
                "SQL", "Lake", "Exports", "Parquet", "Columnar",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Customer Journey Analytics at report time: connections, stitching, data views, sessions, persistence,
        // attribution and reports on the Query Service's batches.
        .target(
            name: "Journey",
            dependencies: [
                "SQL", "QueryService", "Lake", "Columnar",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // Security and data governance (issue 16): so far data usage policies and the audit chain, pure.
        .target(
            name: "Governance",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The one target that talks to the catalog database: it implements Lake's `LakeCatalog` and Exports'
        // `FlowStore` on SQLite (GRDB), with every migration in one place.
        .target(
            name: "Storage",
            dependencies: [
                "Lake", "Exports", "QueryService", "Journey",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Demo",
            dependencies: ["Lake", "Columnar", "Journey", .product(name: "Logging", package: "swift-log")],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL protocol 3.0 server (backend side): framing, the connection state machine, SCRAM, TLS; it
        // serves its own session protocol (`WireSession`) and knows no engine.
        .target(
            name: "PostgresWire",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "LandingZone",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                "Signing",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "XMLCoder", package: "XMLCoder"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        // The HTTP routes, grouped per API; built by the composition root, building nothing themselves.
        .target(
            name: "HTTPAPI",
            dependencies: [
                .product(name: "SystemPackage", package: "swift-system"),
                "Lake",
                "Exports",
                "QueryService",
                "Journey",
                "LandingZone",
                "Destinations",
                "Signing",
                "PGP",
                "Parquet",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            resources: [.embedInCode("Resources/openapi.yaml")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OutflowServer",
            dependencies: [
                "HTTPAPI",
                "PostgresWire",
                "Columnar",
                "Lake",
                "Exports",
                "QueryService",
                "Journey",
                "SQL",
                "Storage",
                "LandingZone",
                "Destinations",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "outflow",
            dependencies: [
                "OutflowServer", "Demo", "Exports", "Destinations", "Lake", "Parquet", "Columnar", "Codecs", "Signing",
                "QueryService", "SQL", "Journey",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: swiftSettings
        ),

        .target(name: "OutflowTestSupport", path: "Tests/OutflowTestSupport", swiftSettings: swiftSettings),
        .testTarget(
            name: "ColumnarTests", dependencies: ["Columnar", "OutflowTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs", "OutflowTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "ParquetTests", dependencies: ["Parquet", "OutflowTestSupport"], exclude: ["Scripts"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "NDJSONTests", dependencies: ["Parquet", "OutflowTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SQLTests", dependencies: ["SQL", "QueryService", "Columnar"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "GovernanceTests",
            dependencies: ["Governance"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JourneyTests",
            dependencies: ["Journey", "Demo", "Lake", "QueryService", "Storage", "Columnar", "OutflowTestSupport"],
            exclude: ["Reference"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "QueryServiceTests",
            dependencies: ["QueryService", "SQL", "Lake", "Storage", "Columnar", "Parquet", "OutflowTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "LakeTests", dependencies: ["Lake", "Storage", "OutflowTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SSHTests",
            dependencies: [
                "SSH", "OutflowTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SFTPTests",
            dependencies: ["SFTP", "SSH", "OutflowTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "DestinationsTests", dependencies: ["Destinations", "SFTP", "SSH", "Signing", "OutflowTestSupport"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "PostgresWireTests",
            dependencies: [
                "PostgresWire", "OutflowTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "SigningTests", dependencies: ["Signing", "OutflowTestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PGPTests", dependencies: ["PGP", "OutflowTestSupport"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "ExportsTests",
            dependencies: [
                "Exports", "Lake", "Storage", "Destinations", "Signing", "PGP", "OutflowTestSupport",
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage", "Exports", "Lake", "Journey", "OutflowTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "OutflowServerTests",
            dependencies: [
                "OutflowServer", "HTTPAPI", "Storage", "Exports", "Lake", "Destinations", "Signing", "LandingZone",
                "Demo", "QueryService", "PostgresWire", "SQL", "Journey",
                "OutflowTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
