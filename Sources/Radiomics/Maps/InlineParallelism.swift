import Foundation

/// Marks the current thread as running one small piece of a parallel loop, so that the texture
/// code's inner `parallelMap` runs inline there rather than starting a nested parallel loop.
enum InlineParallelism {
    private static let key = "radiomics.inlineParallelism"

    static var isActive: Bool { Thread.current.threadDictionary[key] != nil }

    /// `body` with the current thread marked (restored afterwards).
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let dictionary = Thread.current.threadDictionary
        let was = dictionary[key]
        dictionary[key] = true
        defer { dictionary[key] = was }
        return try body()
    }
}
