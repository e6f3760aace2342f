import Foundation

/// How much memory a batch case is expected to need, from the size of its image data, and how
/// many workers and threads a batch uses on this machine.
///
/// The estimate is the uncompressed size of the image file(s) times 5 plus the mask's times 2
/// plus 32 MiB: the image is held as 32-bit floats (2× an int16 file) with a cropped copy and the
/// filters' working volumes; `make bench` measured a peak of 3.5–4.7× the uncompressed int16
/// data on its large CT. A `.gz` file's uncompressed size is its gzip trailer (ISIZE); a DICOM
/// folder counts the sum of its files.
public enum CaseMemory {
    public static let baseBytes = 32 << 20

    public static func estimate(image: String, mask: String) -> Int {
        5 * dataBytes(image) + 2 * dataBytes(mask) + baseBytes
    }

    /// Physical memory, and the default `--max-memory`: half of it (the rest for the system,
    /// the page cache and other users of a shared machine).
    public static var physicalBytes: Int { Int(clamping: ProcessInfo.processInfo.physicalMemory) }
    public static var defaultBudget: Int { max(256 << 20, physicalBytes / 2) }

    /// Workers and threads per case for `jobs` (nil: automatic) on `cores` cores, so that
    /// workers × threads ≈ cores. Automatic: as many workers as cores, as cases remain and as
    /// the largest case fits the budget.
    public static func plan(jobs: Int?, cores: Int, cases: Int, budget: Int, largestNeed: Int) -> (jobs: Int, threads: Int) {
        let cores = max(1, cores)
        let workers: Int
        if let jobs {
            workers = max(1, jobs)
        } else {
            let fitting = largestNeed > 0 ? max(1, budget / largestNeed) : cores
            workers = max(1, min(cores, max(1, cases), fitting))
        }
        return (workers, max(1, cores / workers))
    }

    /// Bytes of image data in `path` once decompressed (0 when unknown).
    static func dataBytes(_ path: String) -> Int {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { return 0 }
        if isDir.boolValue {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return files.reduce(0) { $0 + fileSize(path + "/" + $1) }
        }
        if path.hasSuffix(".gz"), let isize = gzipSize(path) { return isize }
        return fileSize(path)
    }

    public static func fileSize(_ path: String) -> Int {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return 0 }
        return Int(st.st_size)
    }

    /// The gzip trailer's ISIZE (uncompressed size mod 2³²): a hint, not a promise.
    static func gzipSize(_ path: String) -> Int? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end >= 18, (try? handle.seek(toOffset: end - 4)) != nil,
              let tail = try? handle.read(upToCount: 4), tail.count == 4 else { return nil }
        let size = tail.enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        // A multi-GiB file wraps ISIZE; the compressed size is then a better lower bound.
        return max(size, Int(end))
    }
}

/// The address-space limit (`ulimit -v`, RLIMIT_AS): a case that cannot fit under it is refused
/// before it starts, with an error rather than a failed allocation (which aborts the process).
public enum AddressSpace {
    /// The soft limit in bytes; nil when unlimited.
    public static var limit: Int? {
        var r = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &r) == 0, r.rlim_cur != rlim_t.max else { return nil }
        return Int(clamping: r.rlim_cur)
    }

    /// The address space this process already maps (VmSize), in bytes; 0 when unknown.
    public static var inUse: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmSize:") }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }

    /// Throws `.resources` when the case's estimated need (`CaseMemory.estimate`) does not fit
    /// in what the limit leaves.
    public static func check(image: String, mask: String) throws(RadiomicsError) {
        guard let limit else { return }
        let need = CaseMemory.estimate(image: image, mask: mask), free = limit - inUse
        if need > free {
            throw RadiomicsError(.resources, file: image, "needs about \(need >> 20) MiB, but the address-space limit (ulimit -v) leaves \(Swift.max(0, free) >> 20) MiB")
        }
    }
}
