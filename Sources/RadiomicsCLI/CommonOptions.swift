import ArgumentParser
import Foundation
import Radiomics

/// `--config FILE` / `--preset NAME`: where the settings come from.
struct ConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp("YAML config file (schema in the README; unknown keys are errors).", valueName: "file"))
    var config: String?
    @Option(help: ArgumentHelp("Built-in settings (see 'radiomics presets'); a config may name one with 'preset:'.", valueName: "name"))
    var preset: String?
    @Flag(help: "Print the resolved settings as a YAML config (for --config) and exit.") var dumpConfig = false

    /// The config file over its base preset, or the preset, or `default`. A pyradiomics parameter
    /// file gives the pyradiomics recipe; `flavour` (extract's --flavour), when given, must agree
    /// with the file (`pyradiomics` alone: pyradiomics' default parameters).
    func resolve(flavour: String? = nil) throws(RadiomicsError) -> RunConfiguration {
        guard flavour == nil || flavour == "ibsi" || flavour == "pyradiomics" else {
            throw .usage("--flavour must be ibsi or pyradiomics, not '\(flavour!)'")
        }
        if let config {
            let c = try ConfigFile.load(config, basePreset: preset) { printError("radiomics: warning: " + $0) }
            if flavour == "ibsi" && c.pyradiomics != nil {
                throw .usage("\(config): a pyradiomics parameter file needs --flavour pyradiomics (or no --flavour)")
            }
            if flavour == "pyradiomics" && c.pyradiomics == nil {
                throw .usage("\(config): --flavour pyradiomics needs a pyradiomics parameter file (imageType/featureClass/setting)")
            }
            return c
        }
        if flavour == "pyradiomics" {
            if let preset { throw .usage("--preset \(preset) cannot be combined with --flavour pyradiomics") }
            return .pyradiomics(PyRadiomicsParameters())
        }
        return try RunConfiguration.preset(preset ?? "default")
    }
}

/// `--quiet` / `--verbose`: how much goes to stderr. Data only ever goes to stdout or -o.
struct LogOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Only errors on stderr.") var quiet = false
    @Flag(name: .shortAndLong, help: "Per-case timings and details on stderr.") var verbose = false

    func validate() throws {
        if quiet && verbose { throw ValidationError("give --quiet or --verbose, not both") }
    }

    func warn(_ s: String) { if !quiet { printError("radiomics: warning: " + s) } }
    func info(_ s: String) { if !quiet { printError(s) } }
    func detail(_ s: String) { if verbose { printError(s) } }
}

/// `--format` values.
func tableFormat(_ s: String) throws(RadiomicsError) -> TableFormat {
    guard let f = TableFormat(rawValue: s) else { throw .usage("--format must be wide, long or jsonl, not '\(s)'") }
    return f
}

/// Checksums for the provenance sidecar; an unreadable input is recorded as such, not fatal
/// (its case already carries the error).
func checksums(_ paths: [String], concurrent: Bool = true) -> [Provenance.Input] {
    var seen = Set<String>(), list: [String] = []
    for p in paths where seen.insert(p).inserted { list.append(p) }
    let unique = list
    let box = ResultBox(count: unique.count)
    let hash: @Sendable (Int) -> Void = { i in
        let sum: String
        do { sum = try SHA256.hex(file: unique[i]) } catch { sum = "unreadable: \((error as? RadiomicsError)?.message ?? "\(error)")" }
        box.set(i, sum)
    }
    if concurrent { DispatchQueue.concurrentPerform(iterations: unique.count, execute: hash) } else { (0..<unique.count).forEach(hash) }
    return zip(unique, box.values).map { Provenance.Input(path: $0, sha256: $1) }
}

/// `checksums` and the provenance preamble computed on a thread of its own while the case
/// runs: hashing an 85 MB CT takes ~0.05 s, and the image read (one inflate) leaves the second
/// core partly idle. The thread runs at the lowest priority (nice 19, this thread only): it
/// takes what the inflater, the mask read and the feature families leave, and never slows them.
final class PendingChecksums: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var inputs: [Provenance.Input] = []
    private var preamble: Provenance.Preamble?

    init(_ paths: [String], started: Date) {
        Thread.detachNewThread { [self] in
            // Linux: PRIO_PROCESS with 0 is the calling thread.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            preamble = Provenance.Preamble(started: started)
            inputs = checksums(paths, concurrent: false)
            done.signal()
        }
    }

    func wait() -> (inputs: [Provenance.Input], preamble: Provenance.Preamble) {
        done.wait()
        return (inputs, preamble!)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values: [String]
    init(count: Int) { values = Array(repeating: "", count: count) }
    func set(_ i: Int, _ v: String) { lock.lock(); values[i] = v; lock.unlock() }
}

/// Default sidecar path: `OUT.provenance.json` beside a file output; none for stdout.
/// No default sidecar beside a device or FIFO (`-o /dev/null` would put one in /dev).
func provenancePath(explicit: String?, output: String?) -> String? {
    if let explicit { return explicit }
    if let output, output != "-", !AtomicFile.isStream(output) { return output + ".provenance.json" }
    return nil
}
