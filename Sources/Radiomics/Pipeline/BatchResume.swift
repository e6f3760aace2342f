import Foundation

/// What `--resume` keeps of an earlier, interrupted run.
public struct BatchResume: Sendable {
    /// Bytes of the output file to keep (header + whole rows of the cases in `doneCount`).
    public var keepBytes: Int
    /// Number of manifest cases (from the first) whose rows are complete in the file.
    public var doneCount: Int

    /// Reads `path` and finds the longest run of manifest cases, from the first, whose rows are
    /// there in order. A trailing partial line is dropped. The header must be exactly the one
    /// this run writes (same settings and format), otherwise resuming would mix tables.
    public static func scan(_ path: String, header: String, cases: [BatchCase], layout: TableLayout) throws(RadiomicsError) -> BatchResume {
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
        // Lines of the rest, with their byte ranges.
        while done < cases.count, offset < bytes.count {
            let prefix = Array(layout.linePrefix(firstKey: cases[done].id).utf8)
            var end = offset
            while end < bytes.count, bytes[end...].starts(with: prefix) {
                end = (bytes[end...].firstIndex(of: UInt8(ascii: "\n")) ?? (bytes.count - 1)) + 1
            }
            if end == offset { break }
            offset = end
            done += 1
        }
        return BatchResume(keepBytes: offset, doneCount: done)
    }
}
