// swift-tools-version: 6.2
import PackageDescription

let package = Package(
  name: "Sparrow",
  products: [
    .executable(name: "sparrow", targets: ["sparrow"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
  ],
  targets: [
    // Core: pure clinical logic. No package dependencies, no I/O, no clock.
    .target(name: "SparrowCore"),

    // Executable: argument parsing and wiring only.
    .executableTarget(
      name: "sparrow",
      dependencies: [
        "SparrowCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),

    // Tests
    .target(name: "SparrowTesting", dependencies: ["SparrowCore"]),
    .testTarget(name: "SparrowCoreTests", dependencies: ["SparrowCore", "SparrowTesting"]),
    .testTarget(name: "SparrowCLITests", dependencies: ["sparrow", "SparrowTesting"]),
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
