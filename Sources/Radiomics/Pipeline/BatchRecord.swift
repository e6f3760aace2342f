import Foundation

/// The settings record kept beside every batch output file (`OUT.settings.json`): the settings
/// hash and the settings it covers, which manifest cases the file is for, and the shard.
/// It is a companion file, not a line in the table, so pandas, R or a spreadsheet read the table
/// unchanged. It is written (atomically) before the first row, so an interrupted output always
/// has one; `--resume` and `merge` check it.
public struct BatchRecord: Codable, Sendable, Equatable {
    public struct Manifest: Codable, Sendable, Equatable {
        /// The manifest as given on the command line (informational).
        public var path: String
        /// Cases in the whole manifest, and the SHA-256 of their IDs one per line, in order.
        public var cases: Int
        public var idsSHA256: String
        public init(path: String, ids: [String]) {
            self.path = path
            cases = ids.count
            idsSHA256 = Self.hash(ids)
        }
        public static func hash(_ ids: [String]) -> String { SHA256.hex(Array(ids.map { $0 + "\n" }.joined().utf8)) }
    }

    public var settingsSHA256: String
    public var settings: BatchSettings
    public var manifest: Manifest
    public var shard: BatchShard?
    /// IDs of the cases this file holds, in order (the shard's cases, or the whole manifest).
    public var ids: [String]

    public init(settings: BatchSettings, manifest: Manifest, shard: BatchShard?, ids: [String]) {
        settingsSHA256 = settings.sha256
        self.settings = settings
        self.manifest = manifest
        self.shard = shard
        self.ids = ids
    }

    /// `OUT.settings.json` beside `OUT`.
    public static func path(for output: String) -> String { output + ".settings.json" }

    /// The record of `output`, nil when it has none.
    public static func load(for output: String) throws(RadiomicsError) -> BatchRecord? {
        let path = path(for: output)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try readFile(path)
        do {
            let record = try JSONDecoder().decode(BatchRecord.self, from: data)
            // A hand-edited settings block must not pass for the recorded hash.
            guard record.settings.sha256 == record.settingsSHA256 else {
                throw RadiomicsError.badInput(path, "settingsSHA256 does not match the settings listed (edited by hand?)")
            }
            return record
        } catch let e as RadiomicsError {
            throw e
        } catch {
            throw RadiomicsError.badInput(path, "not a batch settings record (\(error.localizedDescription))")
        }
    }

    public func write(for output: String) throws(RadiomicsError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do { data = try encoder.encode(self) + Data("\n".utf8) } catch {
            throw RadiomicsError(.internal, "settings record cannot be encoded: \(error)")
        }
        try AtomicFile.write(data, to: Self.path(for: output))
    }

    /// Why `output`, written with `earlier`, cannot be continued with this record's settings;
    /// nil when it can. Lists up to five differing settings.
    public func refusal(toContinue earlier: BatchRecord) -> String? {
        if earlier.settingsSHA256 != settingsSHA256 {
            let diffs = settings.differences(from: earlier.settings)
            let shown = diffs.prefix(5).joined(separator: "; ") + (diffs.count > 5 ? "; and \(diffs.count - 5) more" : "")
            return "written with other settings (\(shown))"
        }
        if earlier.shard != shard {
            return "written as \(earlier.shard.map { "shard \($0)" } ?? "an unsharded batch"), this run is \(shard.map { "shard \($0)" } ?? "unsharded")"
        }
        return nil
    }
}
