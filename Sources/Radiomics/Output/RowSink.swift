import Foundation

/// Appends whole rows to a file descriptor: each chunk with one write(2) (retried only for the
/// rare short write) followed by fsync(2), so a kill -9 at any moment leaves whole rows only.
public final class RowSink: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private let ownsDescriptor: Bool
    /// fsync is skipped for pipes and terminals, where it fails with EINVAL and means nothing.
    private let syncs: Bool

    /// Standard output.
    public init() {
        fd = STDOUT_FILENO
        path = "<stdout>"
        ownsDescriptor = false
        var st = stat()
        syncs = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    /// A device or FIFO (`AtomicFile.isStream`), written as it comes, like standard output.
    public init(stream path: String) throws(RadiomicsError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RadiomicsError(.output, file: path, "cannot be opened for writing (\(String(cString: strerror(errno))))") }
        self.fd = fd
        ownsDescriptor = true
        syncs = false
    }

    /// A file, truncated to `keepBytes` bytes (0: emptied) and appended to from there.
    public init(path: String, keepBytes: Int) throws(RadiomicsError) {
        self.path = path
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC
        try AtomicFile.checkFolder(of: path)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw RadiomicsError(.output, file: path, "cannot be opened for writing (\(String(cString: strerror(errno))))") }
        guard ftruncate(fd, off_t(keepBytes)) == 0, lseek(fd, off_t(keepBytes), SEEK_SET) >= 0 else {
            close(fd)
            throw RadiomicsError(.output, file: path, "cannot be truncated (\(String(cString: strerror(errno))))")
        }
        self.fd = fd
        ownsDescriptor = true
        syncs = true
    }

    deinit { if ownsDescriptor { close(fd) } }

    public func write(_ text: String) throws(RadiomicsError) {
        if text.isEmpty { return }
        var bytes = Array(text.utf8)
        var offset = 0
        let count = bytes.count
        // A full disk can take part of a chunk: cut the file back to its last whole row, so that
        // `--resume` continues from there once there is room.
        let start = syncs ? lseek(fd, 0, SEEK_CUR) : -1
        func fail(_ what: String) -> RadiomicsError {
            let reason = String(cString: strerror(errno))
            if start >= 0, ftruncate(fd, start) == 0 { _ = lseek(fd, start, SEEK_SET) }
            return RadiomicsError(.output, file: path, "\(what) (\(reason))")
        }
        while offset < count {
            let n = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw fail("cannot be written")
            }
            offset += n
        }
        if syncs, fsync(fd) != 0 { throw fail("cannot be synced to disk") }
    }
}
