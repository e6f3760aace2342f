import Foundation

/// The provenance sidecar (`OUT.csv.provenance.json`): enough to reproduce a table years later —
/// tool version and commit, the command line, the fully resolved configuration, a SHA-256 of
/// every input file, per-case timings and the platform.
public struct Provenance: Codable, Sendable {
    public struct Input: Codable, Sendable {
        public var path: String
        public var sha256: String
        public init(path: String, sha256: String) {
            self.path = path
            self.sha256 = sha256
        }
    }

    public struct CaseTiming: Codable, Sendable {
        public var id: String
        public var seconds: Double
        public var rows: Int
        public var error: String?
        /// True when the rows were kept from an earlier run (`--resume`), not recomputed.
        public var resumed: Bool
        /// The SUV conversion of a PET series: method, factor and where each input came from.
        public var suv: SUVConversion?
        /// Guard-rail warnings of the case (`GuardRails.warnings`); nil when none.
        public var warnings: [String]?
        public init(id: String, seconds: Double, rows: Int, error: String?, resumed: Bool = false) {
            self.id = id
            self.seconds = seconds
            self.rows = rows
            self.error = error
            self.resumed = resumed
        }
    }

    public var tool = "radiomics"
    public var version = BuildInfo.version
    public var commit = BuildInfo.commit
    public var arguments: [String]
    public var workingDirectory: String
    public var platform: String
    public var started: String
    public var finished: String
    /// In the config file's keys (`RunConfiguration.document`), as `--dump-config` prints them.
    public var configuration: ConfigValue
    public var output: String?
    public var format: String
    public var inputs: [Input]
    public var cases: [CaseTiming]
    /// The batch settings hash (`BatchRecord`), and the shard this output holds.
    public var settingsSHA256: String?
    public var shard: BatchShard?
    /// For a merged table: the runs that wrote its shards, in shard order.
    public var shardRuns: [ShardRun]?

    /// Where and how one shard of a merged table was computed.
    public struct ShardRun: Codable, Sendable {
        public var shard: BatchShard?
        public var output: String?
        public var arguments: [String]
        public var workingDirectory: String
        public var platform: String
        public var started: String
        public var finished: String
        public init(_ p: Provenance) {
            shard = p.shard
            output = p.output
            arguments = p.arguments
            workingDirectory = p.workingDirectory
            platform = p.platform
            started = p.started
            finished = p.finished
        }
    }

    public init(arguments: [String], configuration: RunConfiguration, output: String?, format: String,
                started: Date, inputs: [Input], cases: [CaseTiming]) {
        self.init(arguments: arguments, document: configuration.document, output: output, format: format,
                  started: started, inputs: inputs, cases: cases)
    }

    /// From a configuration already in config-file keys (a merged table's, from its shards).
    public init(arguments: [String], document: ConfigValue, output: String?, format: String,
                started: Date, inputs: [Input], cases: [CaseTiming]) {
        self.init(arguments: arguments, document: document, output: output, format: format,
                  preamble: Preamble(started: started), inputs: inputs, cases: cases)
    }

    /// What a record holds before the run ends: computed on a background thread while the case
    /// runs, it keeps reading /etc/os-release and loading ICU for the first date (~5 ms) off
    /// the end of the run.
    public struct Preamble: Sendable {
        public var workingDirectory: String
        public var platform: String
        public var started: String
        public init(started: Date) {
            workingDirectory = FileManager.default.currentDirectoryPath
            platform = Provenance.platformDescription
            self.started = Provenance.timestamp(started)
        }
    }

    public init(arguments: [String], document: ConfigValue, output: String?, format: String,
                preamble: Preamble, inputs: [Input], cases: [CaseTiming]) {
        self.arguments = arguments
        self.workingDirectory = preamble.workingDirectory
        self.platform = preamble.platform
        self.started = preamble.started
        self.finished = Self.timestamp(Date())
        self.configuration = document
        self.output = output
        self.format = format
        self.inputs = inputs
        self.cases = cases
    }

    /// Checksums of the given files (each path once, in the given order; unreadable files throw).
    public static func inputs(_ paths: [String]) throws(RadiomicsError) -> [Input] {
        var seen = Set<String>(), out: [Input] = []
        for p in paths where seen.insert(p).inserted {
            out.append(Input(path: p, sha256: try SHA256.hex(file: p)))
        }
        return out
    }

    public static var platformDescription: String {
        let info = ProcessInfo.processInfo
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "arm64"
        #else
        let arch = "unknown-arch"
        #endif
        return "\(info.operatingSystemVersionString); \(arch); \(info.activeProcessorCount) cores"
    }

    static func timestamp(_ d: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: d)
    }

    /// Pretty, key-sorted JSON.
    public func json() throws(RadiomicsError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Inf", negativeInfinity: "-Inf", nan: "NaN")
        do { return try encoder.encode(self) + Data("\n".utf8) } catch {
            throw RadiomicsError(.internal, "provenance cannot be encoded: \(error)")
        }
    }

    /// Writes the sidecar atomically.
    public func write(to path: String) throws(RadiomicsError) {
        try AtomicFile.write(try json(), to: path)
    }
}
