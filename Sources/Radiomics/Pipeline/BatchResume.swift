import Foundation

/// What `--resume` keeps of an earlier, interrupted run.
public struct BatchResume: Sendable {
    /// Bytes of the output file to keep (header + whole rows of the cases in `doneCount`).
    public var keepBytes: Int
    /// Number of manifest cases (from the first) whose rows are complete in the file.
    public var doneCount: Int
    /// Errors of the kept cases that failed (ID → the row's one-line reason).
    public var failed: [String: String] = [:]
    /// Rows of cases at or after `doneCount` that are written again as they were, not recomputed
    /// (`--retry-failed`: the cases that worked after the first failed one; case index → text).
    public var reuse: [Int: String] = [:]
    /// IDs of the failed cases that are computed again (`--retry-failed`).
    public var retried: [String] = []
    /// Byte offsets of each kept case's first row, then the end of the last (`doneCount + 1`
    /// values; without `--retry-failed` only).
    public var caseStarts: [Int] = []

    public init(keepBytes: Int, doneCount: Int, failed: [String: String] = [:]) {
        self.keepBytes = keepBytes
        self.doneCount = doneCount
        self.failed = failed
    }

    /// Reads `path` and finds the longest run of manifest cases, from the first, whose rows are
    /// there in order. A trailing partial line is dropped. The header must be exactly the one
    /// this run writes (same settings and format), otherwise resuming would mix tables.
    /// With `retryFailed`, the file is kept only up to the first failed case; the cases after it
    /// that worked are kept in `reuse` and written back unchanged, the failed ones recomputed.
    public static func scan(_ path: String, header: String, cases: [BatchCase], layout: TableLayout,
                            retryFailed: Bool = false) throws(RadiomicsError) -> BatchResume {
        try scan(path, header: header, ids: cases.map(\.id), layout: layout, retryFailed: retryFailed)
    }

    /// `scan` by case IDs (`merge` has no manifest, only the IDs a shard's record lists).
    public static func scan(_ path: String, header: String, ids: [String], layout: TableLayout,
                            retryFailed: Bool = false) throws(RadiomicsError) -> BatchResume {
        guard FileManager.default.fileExists(atPath: path) else { return BatchResume(keepBytes: 0, doneCount: 0) }
        let data = try readFile(path)
        var bytes = [UInt8](data)
        if let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) { bytes.removeSubrange((lastNewline + 1)...) } else { bytes = [] }
        let headerBytes = Array(header.utf8)
        if bytes.isEmpty { return BatchResume(keepBytes: 0, doneCount: 0) }
        guard bytes.starts(with: headerBytes) else {
            throw RadiomicsError(.usage, file: path, "cannot resume: the existing header differs from this run's (other settings, columns or format); write to a new file")
        }
        var offset = headerBytes.count
        var done = 0
        var failed: [String: String] = [:]
        var starts: [Int] = []
        // Lines of the rest, with their byte ranges.
        while done < ids.count, offset < bytes.count {
            let prefix = Array(layout.linePrefix(firstKey: ids[done]).utf8)
            var end = offset
            while end < bytes.count, bytes[end...].starts(with: prefix) {
                end = (bytes[end...].firstIndex(of: UInt8(ascii: "\n")) ?? (bytes.count - 1)) + 1
            }
            if end == offset { break }
            starts.append(offset)
            if let reason = rowError(Array(bytes[offset..<end]), layout: layout) { failed[ids[done]] = reason }
            offset = end
            done += 1
        }
        starts.append(offset)
        guard retryFailed, let first = ids.prefix(done).firstIndex(where: { failed[$0] != nil }) else {
            var result = BatchResume(keepBytes: offset, doneCount: done, failed: failed)
            result.caseStarts = starts
            return result
        }
        var result = BatchResume(keepBytes: starts[first], doneCount: first)
        for i in first..<done {
            if failed[ids[i]] != nil {
                result.retried.append(ids[i])
            } else {
                result.reuse[i] = String(decoding: bytes[starts[i]..<starts[i + 1]], as: UTF8.self)
            }
        }
        return result
    }

    /// The error of a case's rows as written by `TableLayout.render`, nil when it succeeded.
    static func rowError(_ bytes: [UInt8], layout: TableLayout) -> String? {
        guard let firstLine = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first else { return nil }
        switch layout.format {
        case .wide, .long:
            let last = CSV.parse(String(firstLine) + "\n").first?.last ?? ""
            return last.isEmpty ? nil : last
        case .jsonl:
            return firstLine.hasSuffix("\"error\":null}") ? nil : "failed in the earlier run"
        }
    }
}
