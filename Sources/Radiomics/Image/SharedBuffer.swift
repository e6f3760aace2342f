/// A raw buffer handed to parallel workers that each write a disjoint part of it.
/// The owner keeps the storage alive (inside `withUnsafeMutableBufferPointer`) for the duration.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
}
