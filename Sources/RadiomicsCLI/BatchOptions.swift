import ArgumentParser
import Foundation
import Radiomics

/// `--shard K/N` or `--shard-from-env VAR --shards N [--shard-base 0|1]`: which stride of the
/// manifest this batch computes (`BatchShard`).
struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Compute only shard K of N: the cases at rows K, K+N, K+2N, … (1-based).", valueName: "K/N"))
    var shard: String?
    @Option(help: ArgumentHelp("Take K from this array-index variable (SLURM_ARRAY_TASK_ID, SGE_TASK_ID, PBS_ARRAY_INDEX, LSB_JOBINDEX, …); needs --shards.",
                               valueName: "VAR"))
    var shardFromEnv: String?
    @Option(help: ArgumentHelp("N, the number of shards, with --shard-from-env.", valueName: "N")) var shards: Int?
    @Option(help: ArgumentHelp("The array's first index with --shard-from-env: 1 (SGE, LSF, and 'radiomics slurm' scripts) or 0.", valueName: "0|1"))
    var shardBase: Int = 1

    func validate() throws {
        if shard != nil, shardFromEnv != nil { throw ValidationError("give --shard or --shard-from-env, not both") }
        if shardFromEnv != nil, shards == nil { throw ValidationError("--shard-from-env needs --shards N") }
        if shardFromEnv == nil, shards != nil { throw ValidationError("--shards goes with --shard-from-env (or give --shard K/N)") }
        if shardBase != 0, shardBase != 1 { throw ValidationError("--shard-base must be 0 or 1, not \(shardBase)") }
        if let shard {
            do { _ = try BatchShard(parsing: shard) } catch { throw ValidationError(error.message) }
        }
    }

    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(RadiomicsError) -> BatchShard? {
        if let shard { return try BatchShard(parsing: shard) }
        if let variable = shardFromEnv, let count = shards {
            return try BatchShard(environment: environment, variable: variable, count: count, base: shardBase)
        }
        return nil
    }
}

/// `--jobs N` or `--jobs auto`.
enum JobCount: ExpressibleByArgument, Equatable {
    case auto
    case count(Int)

    init?(argument: String) {
        if argument == "auto" { self = .auto; return }
        guard let n = Int(argument), (1...1024).contains(n) else { return nil }
        self = .count(n)
    }

    var fixed: Int? { if case .count(let n) = self { n } else { nil } }
    static var defaultValueDescription: String { "auto" }
}

/// A size in bytes: `8G`, `512M`, `1.5G`, `64K` or plain bytes (powers of 1024).
struct ByteCount: ExpressibleByArgument, Equatable {
    var bytes: Int

    init?(argument: String) {
        let text = argument.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [Character: Double] = ["K": 1024, "M": 1024 * 1024, "G": 1024 * 1024 * 1024, "T": 1024 * 1024 * 1024 * 1024]
        var number = Substring(text), factor = 1.0
        if number.hasSuffix("B") { number = number.dropLast() }
        if let last = number.last, let f = units[last] { factor = f; number = number.dropLast() }
        guard let value = Double(number), value.isFinite, value > 0, value * factor < 9e18 else { return nil }
        bytes = Int(value * factor)
    }
}
