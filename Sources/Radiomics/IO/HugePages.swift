#if canImport(Glibc)
import Glibc
#endif

/// Large decoded buffers (a CT's voxels, its label map) are written once from start to end right
/// after allocation. On Linux each 4 KB page of such a fresh buffer costs a page fault on first
/// touch (~40 000 faults for a 157 MB int16 CT, most of the read's system time); asking for
/// transparent huge pages (`madvise` mode, the Debian/Ubuntu default) makes that ~80 faults of
/// 2 MB. Only an advice: where it is not honoured nothing changes but the fault count.
enum HugePages {
    static let size = 1 << 21

    /// Advises huge pages for the whole 2 MB pages inside `[base, base + count)`; call it before
    /// the buffer is first written. Buffers under 4 MB are left alone.
    static func advise(_ base: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
        guard count >= 2 * size else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + count) & ~(size - 1)
        guard end > start, let p = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(p, end - start, MADV_HUGEPAGE)
        #endif
    }
}
