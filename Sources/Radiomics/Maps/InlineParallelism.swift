import Foundation

/// Marks the current thread as running one small piece of a parallel loop, so that the texture
/// code's inner `parallelMap` runs inline there rather than starting a nested parallel loop.
enum InlineParallelism {
    /// A thread-specific slot (POSIX): a map asks `isActive` several times per kernel, and a
    /// lookup here costs nanoseconds where `Thread.current.threadDictionary` cost a dictionary
    /// probe with a bridged key.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "pthread_key_create failed")
        return key
    }()

    static var isActive: Bool { pthread_getspecific(key) != nil }

    /// `body` with the current thread marked (restored afterwards).
    static func run<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let was = pthread_getspecific(key)
        pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1))
        defer { pthread_setspecific(key, was) }
        return try body()
    }
}
