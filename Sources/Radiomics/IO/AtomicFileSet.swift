import Foundation

/// Many files written as one output (a folder of maps): each is written to its temporary file
/// unflushed (`stage`), then `commit` flushes them all to disk at once and renames each into
/// place. One `Data.write` per file flushed each file on its own, and each `fsync` waited for its
/// own journal commit (93 maps: 0.16 s of the run's 0.4 s); fsyncs issued together share commits.
/// Until `commit` renames, no output file exists or is replaced; on any failure every staged file
/// is removed.
public enum AtomicFileSet {
    /// A file written to its temporary path, not yet flushed nor renamed.
    public struct Staged: Sendable {
        public let temporary: String
        public let path: String
    }

    /// Writes `data` to the temporary file of `path` (`AtomicFile.temporaryPath`).
    public static func stage(_ data: Data, for path: String) throws(RadiomicsError) -> Staged {
        let tmp = AtomicFile.temporaryPath(for: path)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw RadiomicsError(.output, file: path, "cannot be written (\(String(cString: strerror(errno))))") }
        do throws(RadiomicsError) {
            try AtomicFile.writeAll(data, to: fd, path: path)
        } catch {
            close(fd)
            unlink(tmp)
            throw error
        }
        guard close(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw RadiomicsError(.output, file: path, "cannot be written (\(reason))")
        }
        return Staged(temporary: tmp, path: path)
    }

    /// Flushes every staged file (on up to 16 threads: the waits are the disk's, not the CPU's),
    /// then renames each into place in order. The first failure removes every staged file not yet
    /// renamed and is thrown.
    public static func commit(_ files: [Staged]) throws(RadiomicsError) {
        let failures = UnsafeMutableBufferPointer<Int32>.allocate(capacity: files.count)
        failures.initialize(repeating: 0)
        defer { failures.deallocate() }
        let box = UncheckedSendable(failures)
        let threads = Swift.min(files.count, 16)
        let done = DispatchGroup()
        for t in 0..<threads {
            done.enter()
            Thread {
                for i in stride(from: t, to: files.count, by: threads) {
                    let fd = open(files[i].temporary, O_RDONLY | O_CLOEXEC)
                    if fd < 0 || fsync(fd) != 0 { box.value[i] = errno }
                    if fd >= 0 { close(fd) }
                }
                done.leave()
            }.start()
        }
        done.wait()
        if let i = failures.firstIndex(where: { $0 != 0 }) {
            discard(files)
            throw RadiomicsError(.output, file: files[i].path, "cannot be written (\(String(cString: strerror(failures[i]))))")
        }
        for (i, file) in files.enumerated() where rename(file.temporary, file.path) != 0 {
            let reason = String(cString: strerror(errno))
            discard(Array(files[i...]))
            throw RadiomicsError(.output, file: file.path, "cannot be written (\(reason))")
        }
    }

    /// Removes the temporary files of `files` (after a failure).
    public static func discard(_ files: [Staged]) {
        for file in files { unlink(file.temporary) }
    }
}
