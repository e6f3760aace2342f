import Foundation

/// Shard outputs (`batch --shard K/N`) back into the table an unsharded batch writes over the
/// same manifest, byte for byte: the header once, then case i of the manifest taken from shard
/// (i mod N) + 1. Every shard must carry its settings record; shards with other settings,
/// another manifest or shard count, a shard given twice or missing, and a shard whose rows are
/// not exactly its cases are refused with the file and the reason.
public struct BatchMerge: Sendable {
    public struct Shard: Sendable {
        public var path: String
        public var record: BatchRecord
        public var shard: BatchShard
    }

    /// The merged table, its settings record, and the errors of failed cases (ID → reason).
    public var table: Data
    public var record: BatchRecord
    public var failed: [(id: String, error: String)]
    /// The shards in shard order.
    public var shards: [Shard]

    public init(paths: [String]) throws(RadiomicsError) {
        guard let firstPath = paths.first else { throw .usage("merge needs the shard files") }
        var shards: [Shard] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else { throw .missing(path) }
            guard let record = try BatchRecord.load(for: path) else {
                throw .badInput(path, "no settings record \(BatchRecord.path(for: path)) beside it: not a batch output")
            }
            guard let shard = record.shard else { throw .badInput(path, "not a shard (written without --shard)") }
            shards.append(Shard(path: path, record: record, shard: shard))
        }
        let first = shards[0]
        for s in shards.dropFirst() {
            if s.record.settingsSHA256 != first.record.settingsSHA256 {
                let diffs = s.record.settings.differences(from: first.record.settings)
                throw .badInput(s.path, "written with other settings than \(firstPath): " + diffs.prefix(5).joined(separator: "; ")
                                + (diffs.count > 5 ? "; and \(diffs.count - 5) more" : ""))
            }
            if s.record.manifest.cases != first.record.manifest.cases || s.record.manifest.idsSHA256 != first.record.manifest.idsSHA256 {
                throw .badInput(s.path, "from another manifest than \(firstPath) (\(s.record.manifest.cases) cases against \(first.record.manifest.cases), or other IDs)")
            }
            if s.shard.count != first.shard.count {
                throw .badInput(s.path, "is shard \(s.shard), \(firstPath) is shard \(first.shard): different shard counts")
            }
        }
        let count = first.shard.count
        var byIndex: [Int: Shard] = [:]
        for s in shards {
            if let other = byIndex[s.shard.index] { throw .badInput(s.path, "shard \(s.shard) given twice (also \(other.path))") }
            byIndex[s.shard.index] = s
        }
        let missing = (1...count).filter { byIndex[$0] == nil }
        if !missing.isEmpty {
            let list = missing.prefix(10).map { "\($0)/\(count)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            throw .usage("missing shard\(missing.count > 1 ? "s" : "") \(list) of the \(first.record.manifest.cases)-case manifest \(first.record.manifest.path)")
        }
        self.shards = (1...count).map { byIndex[$0]! }
        let total = first.record.manifest.cases

        let format = first.record.settings.values["output.format"].flatMap { TableFormat(rawValue: $0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        guard let format else { throw .badInput(first.path, "its settings record names no table format this merge can read") }
        // A JSON Lines row starts with its first key's name: `ID` in pyradiomics mode, `id` otherwise.
        let pyradiomics = first.record.settings.values.keys.contains { $0.hasPrefix("configuration.pyradiomics.") }
        let layout = TableLayout(keyNames: RunConfiguration.keyNames(batch: true, pyradiomics: pyradiomics), columns: [], format: format, errorColumn: true)
        var header: [UInt8]? = nil
        var rows: [(bytes: [UInt8], starts: [Int], ids: [String])] = []
        var failed: [String: String] = [:]
        for s in self.shards {
            let expected = s.shard.caseCount(total: total)
            guard s.record.ids.count == expected else {
                throw .badInput(s.path, "its record lists \(s.record.ids.count) cases, shard \(s.shard) of \(total) cases has \(expected)")
            }
            let bytes = [UInt8](try readFile(s.path))
            let firstLine = format == .jsonl ? [] : Array(bytes.prefix { $0 != UInt8(ascii: "\n") }) + [UInt8(ascii: "\n")]
            if let header, header != firstLine { throw .badInput(s.path, "its header differs from \(self.shards[0].path)'s") }
            header = firstLine
            let scan = try BatchResume.scan(s.path, header: String(decoding: firstLine, as: UTF8.self), ids: s.record.ids, layout: layout)
            if scan.doneCount < expected {
                throw .badInput(s.path, "incomplete: \(scan.doneCount) of its \(expected) cases (next: '\(s.record.ids[scan.doneCount])'); finish it with batch --resume")
            }
            if scan.keepBytes != bytes.count {
                throw .badInput(s.path, "has bytes after the rows of its \(expected) cases (a partial or foreign row)")
            }
            failed.merge(scan.failed) { a, _ in a }
            rows.append((bytes, scan.caseStarts, s.record.ids))
        }
        var table = header ?? []
        var ids: [String] = []
        ids.reserveCapacity(total)
        for i in 0..<total {
            let shard = rows[i % count], j = i / count
            table += shard.bytes[shard.starts[j]..<shard.starts[j + 1]]
            ids.append(shard.ids[j])
        }
        guard BatchRecord.Manifest.hash(ids) == first.record.manifest.idsSHA256 else {
            throw .badInput(nil, "the shards' case IDs, interleaved, are not the manifest's (\(first.record.manifest.path)): shards of another manifest?")
        }
        self.table = Data(table)
        record = BatchRecord(settings: first.record.settings, manifest: first.record.manifest, shard: nil, ids: ids)
        self.failed = ids.compactMap { id in failed[id].map { (id, $0) } }
    }

    /// One provenance for the merged table from the shards' sidecars: the first shard's
    /// configuration, every input once, the cases in manifest order, each shard's run.
    public func provenance(_ sidecars: [Provenance], arguments: [String], output: String, started: Date) -> Provenance {
        var inputs: [Provenance.Input] = [], seen = Set<String>()
        for p in sidecars { for i in p.inputs where seen.insert(i.path).inserted { inputs.append(i) } }
        let timings = Dictionary(sidecars.flatMap(\.cases).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var merged = Provenance(arguments: arguments, document: sidecars[0].configuration, output: output, format: sidecars[0].format,
                                started: started, inputs: inputs, cases: record.ids.compactMap { timings[$0] })
        merged.settingsSHA256 = record.settingsSHA256
        merged.shardRuns = sidecars.map(Provenance.ShardRun.init)
        return merged
    }
}
