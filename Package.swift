// swift-tools-version:6.0
import PackageDescription

// The numeric core is compiled with optimisation even in debug builds: `swift test`
// trains the seed's model for 500 epochs to check parity with PyTorch, which would take
// minutes at -Onone. Root packages may use unsafe flags.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "rnnscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rnnscope", targets: ["rnnscope"]),
        .library(name: "RNNCore", targets: ["RNNCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "RNNCore", swiftSettings: optimizedInDebug),
        .target(name: "CellGrid"),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Terminal", dependencies: ["CellGrid", "CNcursesw"]),
        .target(name: "Lessons", dependencies: ["RNNCore", .product(name: "Yams", package: "Yams")]),
        .target(name: "Visualizer", dependencies: ["RNNCore", "CellGrid", "Lessons"]),
        .executableTarget(
            name: "rnnscope",
            dependencies: [
                "RNNCore",
                "CellGrid",
                "Terminal",
                "Visualizer",
                "Lessons",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RNNCoreTests",
            dependencies: ["RNNCore"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CellGridTests", dependencies: ["CellGrid"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CellGrid"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "RNNCore"]),
        .testTarget(
            name: "VisualizerTests",
            dependencies: ["Visualizer", "RNNCore", "CellGrid", "Lessons"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["rnnscope"]
        ),
    ]
)
