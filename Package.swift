// swift-tools-version:6.0
import Foundation
import PackageDescription

// Every target of ours is compiled with optimisation even in debug builds: `swift test`
// trains the seed's model for 500 epochs to check parity with PyTorch (minutes at -Onone),
// renders every lesson step and hundreds of screens in-process, and runs the debug binary a
// few hundred times (issue 17; BENCHMARKS.md, "Test suite time"). Root packages may use unsafe
// flags. The dependencies (ArgumentParser, Yams) stay at -Onone: SwiftPM gives them the
// build's configuration.
let optimizedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

// The numeric core's SIMD kernels use the build machine's full vector width (AVX-512 or AVX2
// instead of x86-64's baseline SSE2): the notes' training runs ~3× faster with AVX-512, ~2.4×
// with AVX2. The binary then needs a CPU like the one it was built on. `RNNSCOPE_PORTABLE=1
// swift build -c release` targets x86-64-v3 instead (AVX2 + FMA, any x86 CPU since ~2015),
// for a binary to copy to other machines (BENCHMARKS.md has its figure).
#if arch(x86_64)
let portable = ProcessInfo.processInfo.environment["RNNSCOPE_PORTABLE"] == "1"
// (swiftc's `-target-cpu` does not know the name x86-64-v3; clang's `-march` does, and the
// Swift code is compiled for the clang importer's target.)
// With AVX-512 (32 vector registers) the analysis' packed product keeps 12×32 tiles in
// registers; with AVX2's 16 they would spill (BENCHMARKS.md, session 10), so `native` builds on
// an AVX-512 machine say so to the code.
let buildsForAVX512 = !portable
    && ((try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.contains(" avx512f") ?? false)
let vectorWidth: [SwiftSetting] = [.unsafeFlags(portable ? ["-Xcc", "-march=x86-64-v3"] : ["-target-cpu", "native"])]
    + (buildsForAVX512 ? [.define("RNNSCOPE_AVX512")] : [])
#else
let vectorWidth: [SwiftSetting] = []
#endif

// Float.squareRoot() goes through a C shim that calls libm's sqrtf for errno's sake, one
// lane at a time; without errno it becomes the vector sqrt instruction (Adam's update).
let noMathErrno: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-fno-math-errno"])]

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
        .target(name: "RNNCore", dependencies: ["Localization"], swiftSettings: optimizedInDebug + vectorWidth + noMathErrno),
        .target(name: "CellGrid", swiftSettings: optimizedInDebug),
        // Every user-visible string, one table per language (en, zh), keyed by meaning.
        .target(name: "Localization", swiftSettings: optimizedInDebug),
        // The names Lessons and the Visualizer share: phases, sub-steps, views, placeholders.
        .target(name: "ScopeNames", dependencies: ["RNNCore", "Localization"], swiftSettings: optimizedInDebug),
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "Terminal", dependencies: ["CellGrid", "CNcursesw"], swiftSettings: optimizedInDebug),
        .target(name: "Lessons", dependencies: ["RNNCore", "ScopeNames", "Localization", .product(name: "Yams", package: "Yams")], swiftSettings: optimizedInDebug),
        .target(name: "Visualizer", dependencies: ["RNNCore", "CellGrid", "Lessons", "ScopeNames", "Localization"], swiftSettings: optimizedInDebug),
        .executableTarget(
            name: "rnnscope",
            dependencies: [
                "RNNCore",
                "CellGrid",
                "Terminal",
                "Visualizer",
                "Lessons",
                "ScopeNames",
                "Localization",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimizedInDebug
        ),
        .testTarget(
            name: "RNNCoreTests",
            dependencies: ["RNNCore", "Localization"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CellGridTests", dependencies: ["CellGrid"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "CellGrid"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons", "RNNCore", "ScopeNames", "Localization"], exclude: ["Fixtures"]),
        .testTarget(
            name: "VisualizerTests",
            dependencies: ["Visualizer", "RNNCore", "CellGrid", "Lessons", "ScopeNames", "Localization"],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["rnnscope", "CellGrid", "Localization"]
        ),
    ]
)
