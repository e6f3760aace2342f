import Foundation

/// The checks radiomics makes on a MetaImage (`.mha`/`.mhd`) before and after ITK reads its
/// header: the header (text lines up to `ElementDataFile = …`) must end within 1 MiB, and an
/// uncompressed single data file must hold the bytes the header announces (ITK's MetaIO reads a
/// short file without an error, leaving the missing voxels at zero). Public for the FuzzMetaImage harness.
public struct MetaImageHeader {
    public let path: String
    /// `Key = Value` fields, keys as written.
    public let fields: [String: String]
    /// Bytes of the header, up to and including the ElementDataFile line.
    public let length: Int

    public init(_ path: String) throws(RadiomicsError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else { throw .missing(path, "cannot be opened") }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: 1 << 20)) ?? Data())
        var fields: [String: String] = [:]
        var lineStart = 0
        for (i, b) in bytes.enumerated() {
            if b == 0 { throw .badInput(path, "not a MetaImage header (a NUL byte before ElementDataFile)") }
            guard b == 0x0A else { continue }
            let line = String(decoding: bytes[lineStart..<i], as: UTF8.self)
            lineStart = i + 1
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq].trimmingCharacters(in: .whitespaces)
            fields[key] = line[line.index(after: eq)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if key == "ElementDataFile" {
                self.fields = fields
                self.length = lineStart
                return
            }
        }
        throw .badInput(path, bytes.count == 1 << 20 ? "MetaImage header longer than 1 MiB (no ElementDataFile line)"
                                                      : "MetaImage header lacks the ElementDataFile line")
    }

    /// Refuses a data file shorter than `expected` bytes (uncompressed data in one file only).
    public func checkDataLength(_ expected: Int) throws(RadiomicsError) {
        if ["true", "1"].contains(fields["CompressedData"]?.lowercased() ?? "false") { return }
        guard let name = fields["ElementDataFile"] else { return }
        let available: Int
        if name.uppercased() == "LOCAL" {
            available = fileSize(path) - length
        } else {
            // A list or a printf-style pattern of slice files: ITK checks each file itself.
            guard !name.contains("%"), !name.uppercased().hasPrefix("LIST"), !name.contains(" ") else { return }
            let dataPath = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
            guard FileManager.default.fileExists(atPath: dataPath) else { throw .missing(dataPath, "the MetaImage data file of \(path) does not exist") }
            let skip = Int(fields["HeaderSize"] ?? "0") ?? 0
            if skip < 0 { return }
            available = fileSize(dataPath) - skip
        }
        guard available >= expected else {
            throw .badInput(path, "MetaImage data hold \(max(0, available)) bytes, the header announces \(expected)")
        }
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }
}
