// swift-tools-version: 6.2
import PackageDescription

// The executables link with lld and packed relative relocations (DT_RELR, glibc 2.36+): a position-independent
// static binary otherwise carries 2.9 MB of relocations that stay mapped, and counted in its RSS, after start.
let packedRelocations: [LinkerSetting] = [
  .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])
]

let package = Package(
  name: "Sparrow",
  products: [
    .executable(name: "sparrow", targets: ["sparrow"]),
    .executable(name: "sparrow-console", targets: ["sparrow-console"]),
    .executable(name: "sparrow-evaluation-benchmark", targets: ["EvaluationBenchmark"]),
  ],
  traits: [
    .trait(
      name: "SNOMEDCT",
      description:
        "Builds in the SNOMED CT value-set codes (free in SNOMED International member countries such as the US; elsewhere an affiliate licence is needed). A site without one builds with --disable-default-traits."
    ),
    .default(enabledTraits: ["SNOMEDCT"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
  ],
  targets: [
    // Core: pure clinical logic. No I/O, no clock; its one dependency is the YAML parser for policy text.
    .target(name: "SparrowCore", dependencies: [.product(name: "Yams", package: "Yams")]),

    // C: libsystemd from Debian's libsystemd-dev (sd_journal_sendv, sd_notify).
    .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
    // C: zlib from Debian's zlib1g-dev (the store deflates input documents and decision records).
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // C: Linux calls Glibc's Swift module leaves out (renameat2 with RENAME_NOREPLACE); headers only.
    .systemLibrary(name: "CLinux"),

    // Adapters: every I/O the program does (spool, store, policy directories, journal, systemd, control socket).
    .target(
      name: "SparrowDaemon",
      dependencies: [
        "SparrowCore",
        "CSystemd",
        "CLinux",
        "CZlib",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ]
    ),

    // Adapter: the pharmacists' web console (Hummingbird on a Unix socket behind the hospital's proxy). It reads
    // and writes only through the daemon's control socket.
    .target(
      name: "SparrowConsole",
      dependencies: [
        "SparrowCore",
        "SparrowDaemon",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "HTTPTypes", package: "swift-http-types"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        .product(name: "UnixSignals", package: "swift-service-lifecycle"),
      ]
    ),

    // Executables: argument parsing and wiring only. The console is a binary of its own, so that the daemon's
    // does not carry the web stack (NIO, Hummingbird): `sparrow run` maps about 2 MB less without it.
    .executableTarget(
      name: "sparrow",
      dependencies: [
        "SparrowCore",
        "SparrowDaemon",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ],
      linkerSettings: packedRelocations
    ),
    .executableTarget(
      name: "sparrow-console",
      dependencies: [
        "SparrowCore",
        "SparrowDaemon",
        "SparrowConsole",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Logging", package: "swift-log"),
      ],
      linkerSettings: packedRelocations
    ),

    // Benchmarks (not tests): scripts/bench runs it.
    .executableTarget(
      name: "EvaluationBenchmark", dependencies: ["SparrowCore", "SparrowDaemon"],
      path: "Benchmarks/EvaluationBenchmark"),

    // Fuzzing harnesses (libFuzzer; built with -sanitize=fuzzer,address by scripts/fuzz.sh only).
    .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport"),
    .executableTarget(name: "FuzzRecords", dependencies: ["FuzzSupport", "SparrowCore"], path: "Fuzz/FuzzRecords"),
    .executableTarget(name: "FuzzPolicy", dependencies: ["FuzzSupport", "SparrowCore"], path: "Fuzz/FuzzPolicy"),

    // Tests
    .target(name: "SparrowTesting", dependencies: ["SparrowCore", "SparrowDaemon"]),
    .testTarget(name: "SparrowCoreTests", dependencies: ["SparrowCore", "SparrowTesting"]),
    .testTarget(
      name: "SparrowDaemonTests",
      dependencies: [
        "SparrowDaemon", "SparrowCore", "SparrowTesting", "CZlib", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "InMemoryLogging", package: "swift-log"), .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    .testTarget(
      name: "SparrowConsoleTests",
      dependencies: [
        "SparrowConsole", "SparrowDaemon", "SparrowCore", "SparrowTesting",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdTesting", package: "hummingbird"),
        .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Logging", package: "swift-log"),
      ]
    ),
    .testTarget(
      name: "SparrowCLITests",
      dependencies: [
        "sparrow", "SparrowCore", "SparrowDaemon", "SparrowTesting", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ]
)

for target in package.targets where target.type != .system {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .enableUpcomingFeature("ExistentialAny"),
      .enableUpcomingFeature("MemberImportVisibility"),
      .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
