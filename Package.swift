// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "radiomics",
    products: [
        .executable(name: "radiomics", targets: ["radiomics"]),
        .library(name: "Radiomics", targets: ["Radiomics"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // zlib, through the system library: gzip for .nii.gz and NRRD.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(
            name: "Radiomics",
            dependencies: ["CZlib", .product(name: "Yams", package: "Yams")]
        ),
        .target(
            name: "RadiomicsCLI",
            dependencies: [
                "Radiomics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "radiomics", dependencies: ["RadiomicsCLI"]),
        .testTarget(name: "RadiomicsTests", dependencies: ["Radiomics"]),
        .testTarget(name: "RadiomicsCLITests", dependencies: ["RadiomicsCLI", "radiomics"]),
    ]
)
