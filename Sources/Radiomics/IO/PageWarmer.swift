import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Faults in a large output buffer from a second thread while its owner fills it (issue 18).
///
/// Inflating a 512×512×300 int16 CT writes 157 MB of fresh anonymous memory: ~38k first-touch
/// page faults (kernel zeroing) on the inflater's critical path, ~0.07 s of its ~0.32 s. A
/// helper thread that has finished its own work (the mask read) calls `warm()`, which populates
/// the pages ahead of the inflater with `madvise(MADV_POPULATE_WRITE)`: the pages become
/// present and writable without any byte being written, so a page the inflater already
/// filled keeps its contents, and the values decoded are the same with or without the helper.
///
/// `withdraw()` ends the loan: it returns once no `madvise` runs on the buffer any more, so
/// the owner may then free it.
public final class PageWarmer: @unchecked Sendable {
    /// Linux's MADV_POPULATE_WRITE (5.14+); older kernels answer EINVAL and nothing is warmed.
    static let populateWrite: Int32 = 23
    /// Pages populated per `madvise` call: small enough for `withdraw` to wait briefly.
    static let chunk = 2 << 20

    private let condition = NSCondition()
    private var region: (start: Int, end: Int)?
    private var cursor = 0
    private var busy = false
    private var closed = false
    private var populated = 0

    /// Bytes populated so far.
    public var warmed: Int {
        condition.lock()
        defer { condition.unlock() }
        return populated
    }

    public init() {}

    /// Lends `buffer` to `warm()` until `withdraw()`. Only its whole pages are touched.
    public func offer(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + buffer.count) / page * page
        condition.lock()
        defer { condition.unlock() }
        if !closed, end > start { region = (start, end); cursor = start }
    }

    /// Populates the lent buffer front to back on the calling thread; returns at once when
    /// nothing is lent (any more), when the buffer is withdrawn, or when the kernel refuses.
    public func warm() {
        while true {
            condition.lock()
            guard !closed, let r = region, cursor < r.end else { condition.unlock(); return }
            let from = cursor, count = Swift.min(Self.chunk, r.end - cursor)
            cursor += count
            busy = true
            condition.unlock()
            let status = madvise(UnsafeMutableRawPointer(bitPattern: from), count, Self.populateWrite)
            condition.lock()
            busy = false
            if status == 0 { populated += count } else { closed = true }
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Ends the loan: no `madvise` touches the buffer after this returns.
    public func withdraw() {
        condition.lock()
        closed = true
        region = nil
        while busy { condition.wait() }
        condition.unlock()
    }
}

/// Frees large buffers on a background thread: unmapping 157 MB of decoded voxels costs
/// ~0.01 s, which would otherwise sit between the read and the feature families. The unmapping
/// goes in pieces, so that the threads computing features, whose allocations need the same
/// address-space lock, wait for one piece at most.
enum BackgroundRelease {
    /// Buffers from this size on are mapped directly.
    static let mappedSize = 1 << 20
    /// Bytes unmapped per call.
    static let piece = 4 << 20

    /// `size` bytes for `free`: large ones mapped (`mapped`), with their pages populated up
    /// front when `populate` (one call instead of a page fault per page).
    static func allocate(_ size: Int, populate: Bool) -> (pointer: UnsafeMutableRawPointer, mapped: Bool) {
        if size >= mappedSize, let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | (populate ? MAP_POPULATE : 0), -1, 0),
           Int(bitPattern: p) != -1 {
            return (p, true)
        }
        return (UnsafeMutableRawPointer.allocate(byteCount: Swift.max(size, 1), alignment: 64), false)
    }

    /// Frees what `allocate(size)` gave, on a background thread when asked.
    static func free(_ buffer: (pointer: UnsafeMutableRawPointer, mapped: Bool), size: Int, inBackground: Bool = false) {
        let p = UncheckedSendable(buffer.pointer), mapped = buffer.mapped
        let release: @Sendable () -> Void = {
            guard mapped else { return p.value.deallocate() }
            // Whole pages from the front, then the rest (mmap gave a page-aligned start).
            var offset = 0
            while size - offset > piece {
                munmap(p.value + offset, piece)
                offset += piece
            }
            munmap(p.value + offset, size - offset)
        }
        if inBackground { DispatchQueue.global(qos: .utility).async(execute: release) } else { release() }
    }

    /// `Data` of `count` bytes over `allocate(size, …)`'s buffer that frees it (in the background
    /// when mapped); `size` defaults to `count`.
    static func data(_ buffer: (pointer: UnsafeMutableRawPointer, mapped: Bool), count: Int, size: Int? = nil) -> Data {
        let size = size ?? count
        return Data(bytesNoCopy: buffer.pointer, count: count, deallocator: .custom { _, _ in free(buffer, size: size, inBackground: buffer.mapped) })
    }
}
