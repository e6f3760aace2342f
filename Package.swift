// swift-tools-version:6.1
import Foundation
import PackageDescription

let package = Package(
    name: "radiomics",
    products: [
        .executable(name: "radiomics", targets: ["radiomics"]),
        .library(name: "Radiomics", targets: ["Radiomics"]),
        // The ITK shim as its own shared object, loaded with dlopen only when an ITK-backed step
        // (a MetaImage/VTK/GIPL/MINC/MRC/Analyze read, N4) is asked for: no other run loads ITK.
        .library(name: "CITK", type: .dynamic, targets: ["CITK"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // zlib, through the system library: gzip for .nii.gz and NRRD.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // libdeflate (Debian libdeflate-dev): whole-buffer gzip decoding, faster than zlib.
        .systemLibrary(name: "CDeflate", path: "Sources/CDeflate"),
        // GDCM (C++) behind a plain-C header: DICOM series, RTSTRUCT and SEG.
        .target(
            name: "CGDCM",
            cxxSettings: [.unsafeFlags(["-I/usr/include/gdcm-3.0"])],
            linkerSettings: [
                .linkedLibrary("gdcmMSFF"), .linkedLibrary("gdcmDSED"), .linkedLibrary("gdcmCommon"),
                .linkedLibrary("stdc++"),
            ]
        ),
        // ITK 5.2 (C++, Debian libinsighttoolkit5-dev) behind a plain-C header: image formats we
        // do not read natively and N4. No target depends on it (see the CITK product above).
        .target(
            name: "CITK",
            cxxSettings: [.unsafeFlags(["-I/usr/include/ITK-5.2", "-Wno-deprecated-declarations"])],
            linkerSettings: [
                .unsafeFlags(["-L/usr/lib"]),
                .linkedLibrary("ITKIOMeta-5.2"), .linkedLibrary("ITKMetaIO-5.2"), .linkedLibrary("ITKIOVTK-5.2"),
                .linkedLibrary("ITKIONIFTI-5.2"), .linkedLibrary("ITKniftiio-5.2"), .linkedLibrary("ITKznz-5.2"),
                .linkedLibrary("ITKIOGIPL-5.2"), .linkedLibrary("ITKIOMINC-5.2"), .linkedLibrary("ITKIOMRC-5.2"),
                .linkedLibrary("ITKIOImageBase-5.2"), .linkedLibrary("ITKBiasCorrection-5.2"),
                .linkedLibrary("ITKStatistics-5.2"), .linkedLibrary("ITKTransform-5.2"), .linkedLibrary("ITKCommon-5.2"),
                .linkedLibrary("itkvnl_algo-5.2"), .linkedLibrary("itkvnl-5.2"), .linkedLibrary("itkv3p_netlib-5.2"),
                .linkedLibrary("itksys-5.2"), .linkedLibrary("stdc++"),
            ]
        ),
        // SHA-256 blocks for the provenance checksums: the x86 SHA extensions when present.
        .target(name: "CSHA256", cSettings: [.unsafeFlags(["-O2"])]),
        .target(
            name: "Radiomics",
            dependencies: ["CZlib", "CDeflate", "CGDCM", "CSHA256", .product(name: "Yams", package: "Yams")],
            // Numeric core: optimised even in debug builds, so the conformance tests (Moran's I
            // over 10⁵ voxels, texture on the CT phantom) run in seconds, not minutes.
            swiftSettings: [.unsafeFlags(["-O"])]
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
        // `make bench`: synthetic CT volumes and the decode-floor timer (not a product).
        .executableTarget(name: "bench-data", dependencies: ["Radiomics", "CZlib"], path: "Sources/BenchData"),
        .testTarget(name: "RadiomicsTests", dependencies: ["Radiomics"]),
        .testTarget(name: "RadiomicsCLITests", dependencies: ["RadiomicsCLI", "radiomics"]),
    ]
)

// libFuzzer harnesses, one per folder Sources/Fuzz<Name>/, declared only for `make fuzz`
// (RADIOMICS_FUZZ=1): they have no `main` (libFuzzer's runtime provides it), so an ordinary
// build must not see them. The names are listed, not read from the folder: SwiftPM caches an
// evaluated manifest by its text and environment, so a listing would go stale when a harness is
// added (CI then found no product for the new one). A new harness is its folder plus its line
// here (FuzzHarnessListTests checks the two agree).
let fuzzHarnesses: [String: [Target.Dependency]] = [
    "FuzzConfig": ["Radiomics"],
    "FuzzDICOMSeg": ["Radiomics"],
    "FuzzDICOMSeries": ["Radiomics"],
    "FuzzManifest": ["Radiomics"],
    "FuzzMetaImage": ["Radiomics"],
    "FuzzNIfTI": ["Radiomics"],
    "FuzzNRRD": ["Radiomics"],
    "FuzzNRRDDetached": ["Radiomics"],
    "FuzzRTStruct": ["Radiomics"],
    "FuzzSUV": ["Radiomics"],
]
if Context.environment["RADIOMICS_FUZZ"] == "1" {
    // The libFuzzer driver entry, shared by every harness.
    package.targets.append(.target(name: "LibFuzzerDriver"))
    for (name, dependencies) in fuzzHarnesses.sorted(by: { $0.key < $1.key }) {
        package.targets.append(.executableTarget(name: name, dependencies: ["LibFuzzerDriver"] + dependencies))
        package.products.append(.executable(name: name, targets: [name]))
    }
}
