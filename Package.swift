// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Sparring",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "sparring", targets: ["sparring"]),
        .library(name: "Sparring", targets: ["Sparring"]),
        .library(name: "SparringStore", targets: ["SparringStore"]),
        .library(name: "SparringTeam", targets: ["SparringTeam"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        .systemLibrary(name: "CStemmer", path: "Sources/CStemmer"),
        .systemLibrary(name: "CHunspell", path: "Sources/CHunspell"),
        .target(
            name: "Sparring",
            dependencies: ["CStemmer", "CHunspell", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Resources/Lexicons"), .copy("Resources/Catalog")]
        ),
        .target(
            name: "SparringStore",
            dependencies: ["Sparring", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "SparringTeam",
            dependencies: [
                "Sparring", "SparringStore", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "SparringDuel",
            dependencies: ["Sparring", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .executableTarget(
            name: "sparring",
            dependencies: [
                "Sparring", "SparringStore", "SparringTeam", "SparringDuel", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/SparringCLI"
        ),
        .executableTarget(name: "sparring-fuzz", dependencies: ["Sparring"]),
        .executableTarget(
            name: "sparring-duel-load",
            dependencies: ["SparringDuel", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")]
        ),
        .testTarget(name: "SparringTests", dependencies: ["Sparring"], resources: [.copy("Fixtures")]),
        .testTarget(name: "SparringStoreTests", dependencies: ["SparringStore"]),
        .testTarget(name: "SparringTeamTests", dependencies: [.target(name: "sparring"), "SparringTeam", "SparringStore"]),
        .testTarget(name: "SparringDuelTests", dependencies: ["SparringDuel"]),
        // the store's own types read what the binary kept (resume, reports), as a trainer's tool would
        .testTarget(name: "EndToEndTests", dependencies: [.target(name: "sparring"), "SparringStore",
                                                          .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "RenderingTests", dependencies: [.target(name: "sparring"), "Sparring"]),
    ]
)
