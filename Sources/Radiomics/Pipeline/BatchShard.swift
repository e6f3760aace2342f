import Foundation

/// Shard `index` of `count` (1-based, `K/N`) of a manifest: the cases at 0-based manifest
/// positions `index - 1`, `index - 1 + count`, `index - 1 + 2·count`, … (by stride).
///
/// Stride, not blocks, so that cases appended to the manifest fall into the shards' ends and
/// no case already computed changes shard: a grown manifest resumes shard by shard. It also
/// spreads a manifest sorted by size or site evenly over the shards.
public struct BatchShard: Codable, Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public init(index: Int, count: Int) throws(RadiomicsError) {
        guard (1...100_000).contains(count) else { throw .usage("the shard count must be from 1 to 100000, not \(count)") }
        guard (1...count).contains(index) else { throw .usage("shard \(index)/\(count): K must be from 1 to \(count)") }
        self.index = index
        self.count = count
    }

    /// `K/N`, e.g. `3/8`.
    public init(parsing text: String) throws(RadiomicsError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw .usage("--shard must be K/N with 1 ≤ K ≤ N (e.g. 3/8), not '\(text)'")
        }
        try self.init(index: k, count: n)
    }

    /// K from an array-index variable (`SLURM_ARRAY_TASK_ID`, `SGE_TASK_ID`, `PBS_ARRAY_INDEX`,
    /// `LSB_JOBINDEX`, …) whose first index is `base` (0 or 1): K = value − base + 1.
    public init(environment: [String: String], variable: String, count: Int, base: Int) throws(RadiomicsError) {
        guard let text = environment[variable] else {
            throw .usage("--shard-from-env \(variable): the variable is not set (is this an array job?)")
        }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .usage("--shard-from-env \(variable): '\(text)' is not an integer")
        }
        guard value - base >= 0, value - base < count else {
            let hint = base == 1 && value == 0 ? " (a 0-based array? give --shard-base 0)" : ""
            throw .usage("--shard-from-env \(variable)=\(value): with --shard-base \(base) and --shards \(count) it must be from \(base) to \(count - 1 + base)\(hint)")
        }
        try self.init(index: value - base + 1, count: count)
    }

    /// The shard's cases, in manifest order.
    public func select<T>(_ all: [T]) -> [T] {
        stride(from: index - 1, to: all.count, by: count).map { all[$0] }
    }

    /// The number of cases this shard holds in a manifest of `total` cases.
    public func caseCount(total: Int) -> Int {
        total >= index ? (total - index) / count + 1 : 0
    }

    public var description: String { "\(index)/\(count)" }
}
