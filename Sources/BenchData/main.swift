import Foundation
import Radiomics

// bench-data: the inputs of `make bench`, and the decode floor.
//
//   bench-data generate OUTDIR [--seed N]   writes OUTDIR/{small,medium,large}/{image,mask}.nii.gz
//   bench-data --decode FILE [--runs N]     times NIfTIReader.read, and raw inflate (zlib, libdeflate)
//   bench-data --profile IMAGE MASK [--config FILE] [--runs N]  times the stages of `radiomics extract` in-process

let usage = """
    usage: bench-data generate OUTDIR [--seed N]
           bench-data --decode FILE [--runs N]
           bench-data --profile IMAGE MASK [--config FILE] [--runs N]
    """

/// The three cases: one thorax field of view (358 × 358 × 375 mm) at three resolutions,
/// each with the same 100 cm³ spherical ROI.
let cases: [(name: String, size: SIMD3<Int>, spacing: SIMD3<Double>)] = [
    ("small", SIMD3(128, 128, 75), SIMD3(2.8, 2.8, 5.0)),
    ("medium", SIMD3(256, 256, 150), SIMD3(1.4, 1.4, 2.5)),
    ("large", SIMD3(512, 512, 300), SIMD3(0.7, 0.7, 1.25)),
]

func option(_ name: String, in args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func generate(into directory: String, seed: UInt64) throws {
    for c in cases {
        let folder = directory + "/" + c.name
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let phantom = Phantom(size: c.size, spacing: c.spacing, seed: seed)
        let t0 = now()
        try NIfTIWriter.write(phantom.image(), to: folder + "/image.nii.gz", datatype: .int16)
        let mask = phantom.mask()
        let roiVoxels = mask.voxels.reduce(0) { $0 + Int($1) }
        try NIfTIWriter.write(mask, to: folder + "/mask.nii.gz", datatype: .uint8)
        let cm3 = Double(roiVoxels) * c.spacing.x * c.spacing.y * c.spacing.z / 1000
        print(String(format: "%@: %d×%d×%d at %.2f×%.2f×%.2f mm, ROI %d voxels (%.1f cm³), written in %.1f s",
                     c.name, c.size.x, c.size.y, c.size.z, c.spacing.x, c.spacing.y, c.spacing.z, roiVoxels, cm3, now() - t0))
    }
}

/// Median wall times of: the whole NIfTI read (what `radiomics extract` pays before any
/// feature), and the bare inflate of the file with each backend into one preallocated buffer.
func decode(_ path: String, runs: Int) throws {
    var readTimes: [Double] = []
    var voxels = 0
    for _ in 0..<runs {
        let t0 = now()
        let image = try NIfTIReader.read(path)
        readTimes.append(now() - t0)
        voxels = image.voxels.count
    }
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    print(String(format: "decode %@: %d voxels, %.1f MB compressed", path, voxels, Double(data.count) / 1e6))
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    print(String(format: "  NIfTIReader.read (automatic backend): median %.3f s over %d runs; peak RSS %.0f MB (Float volume %.0f MB)",
                 median(readTimes), runs, Double(usage.ru_maxrss) / 1024, Double(4 * voxels) / 1048576))
    guard Gzip.isGzip(data), data.count >= 18 else { return }
    let decodedSize = Int(data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: $0.count - 4, as: UInt32.self).littleEndian })
    let out = UnsafeMutableRawBufferPointer.allocate(byteCount: decodedSize, alignment: 64)
    defer { out.deallocate() }
    for backend in [Gzip.Backend.zlib, .libdeflate] {
        var times: [Double] = []
        for _ in 0..<runs {
            let t0 = now()
            try data.withUnsafeBytes { src in try Gzip.inflate(src, into: out, file: path, backend: backend) }
            times.append(now() - t0)
        }
        let t = median(times)
        print(String(format: "  inflate %@ only: median %.3f s (%.0f MB/s decoded)", backend.rawValue, t, Double(decodedSize) / t / 1e6))
    }
    // The rest of NIfTIReader.read: a fresh Float buffer (page faults) and the in-place widening.
    let header = try NIfTIReader.parseHeader([UInt8](out.prefix(544)), file: path)
    let count = (decodedSize - header.voxOffset) / header.scalarType.byteCount
    var allocate: [Double] = [], widen: [Double] = []
    for _ in 0..<runs {
        let t0 = now()
        let floats = [Float](unsafeUninitializedCapacity: count) { b, n in
            let raw = UnsafeMutableRawBufferPointer(b)
            for page in stride(from: 0, to: raw.count, by: 4096) { raw[page] = 0 }
            let t1 = now()
            allocate.append(t1 - t0)
            let tail = raw.count - (decodedSize - header.voxOffset)
            raw.baseAddress!.advanced(by: tail).copyMemory(from: out.baseAddress! + header.voxOffset, byteCount: decodedSize - header.voxOffset)
            let t2 = now()
            header.scalarType.convert(from: raw.baseAddress! + tail, to: b.baseAddress!, count: count, byteSwapped: false)
            widen.append(now() - t2)
            n = count
        }
        precondition(floats.count == count)
    }
    print(String(format: "  parts of the read: first touch of a fresh %.0f MB Float buffer (page faults) median %.3f s; widening %@ → Float in place median %.3f s",
                 Double(4 * count) / 1048576, median(allocate), header.scalarType.rawValue, median(widen)))
    // The read path before issue 8, for comparison: zlib in 1 MiB chunks appended to a Data,
    // then a scalar conversion into a new [Float].
    var before: [Double] = []
    for _ in 0..<runs {
        let t0 = now()
        let body = try previousInflate(data, limit: decodedSize)
        let floats = body.withUnsafeBytes { header.scalarType.previousDecode($0, offset: header.voxOffset, count: count) }
        before.append(now() - t0)
        precondition(floats.count == count)
    }
    print(String(format: "  read path before issue 8 (zlib 1 MiB chunks appended to Data, scalar conversion): median %.3f s", median(before)))
}

/// Stages of `radiomics extract IMAGE MASK [--config FILE]`, run in-process the way
/// ExtractCommand chains them (`CaseRunner.run`, then the table): wall time of the whole case,
/// and the seconds per stage from `StageTimes` (the extraction's runs go in parallel, so stage
/// seconds can add up to more than the wall time).
func profile(image: String, mask: String, config: String?, runs: Int) throws {
    let configuration = try config.map { try ConfigFile.load($0) } ?? RunConfiguration.preset("default")
    var stages: [String: [Double]] = [:], order: [String] = []
    var walls: [Double] = []
    for _ in 0..<runs {
        let times = StageTimes()
        let t0 = now()
        let outcome = try CaseRunner.run(image: image, mask: mask, selection: .automatic, options: ReadOptions(),
                                         configuration: configuration, stopOnError: true, times: times)
        let text = times.measure("render table") {
            let layout = TableLayout(keyNames: ["image", "mask", "roi"], configuration: configuration, format: .long, errorColumn: false)
            return outcome.rois.reduce(layout.header) { $0 + layout.render(keys: [image, mask, $1.roi], features: $1.features, error: nil).text }
        }
        walls.append(now() - t0)
        precondition(!text.isEmpty)
        for (stage, seconds) in times.entries {
            if stages[stage] == nil { order.append(stage) }
            stages[stage, default: []].append(seconds)
        }
    }
    print("profile \(image)\(config.map { " --config " + $0 } ?? "") (median of \(runs) runs, threads: \(Parallel.threadCount)):")
    for name in order { print("  " + name.padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%.3f s", median(stages[name]!))) }
    print("  " + "wall (whole case)".padding(toLength: 34, withPad: " ", startingAt: 0) + String(format: "%.3f s", median(walls)))
}

let args = Array(CommandLine.arguments.dropFirst())
do {
    if let image = option("--profile", in: args), args.count >= 3 {
        try profile(image: image, mask: args[args.firstIndex(of: "--profile")! + 2], config: option("--config", in: args),
                    runs: Int(option("--runs", in: args) ?? "3") ?? 3)
    } else if let file = option("--decode", in: args) {
        try decode(file, runs: Int(option("--runs", in: args) ?? "5") ?? 5)
    } else if args.first == "generate", args.count >= 2 {
        let seed = UInt64(option("--seed", in: args) ?? "20261122") ?? 20261122
        try generate(into: args[1], seed: seed)
    } else {
        fail(usage)
    }
} catch {
    fail("bench-data: \(error)")
}
