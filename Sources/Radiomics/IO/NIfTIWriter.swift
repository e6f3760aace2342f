import Foundation

/// Writes a NIfTI-1 file (`.nii`, or gzip-compressed `.nii.gz`) with sform = qform = the
/// volume's geometry (LPS converted back to RAS). Written to a temporary file and renamed, so a
/// failed write never leaves a partial output.
public enum NIfTIWriter {
    /// Voxel types the writer stores; float32 unless asked otherwise.
    public enum DataType: Sendable {
        case float32, int16, uint8

        var code: Int16 { switch self { case .float32: 16; case .int16: 4; case .uint8: 2 } }
        var bitsPerVoxel: Int16 { switch self { case .float32: 32; case .int16: 16; case .uint8: 8 } }
    }

    /// - Parameter datatype: for `.int16` and `.uint8` every voxel must be an integer in the
    ///   type's range (an error names the first that is not), so the file reads back exactly.
    /// - Parameter gzipLevel: zlib level for `.nii.gz` (maps write dozens of files: 1).
    public static func write(_ volume: ImageVolume, to path: String, datatype: DataType = .float32, gzipLevel: Int32 = 6) throws(RadiomicsError) {
        var data = Data(try header(volume.geometry, datatype: datatype, path: path))
        switch datatype {
        case .float32:
            volume.voxels.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: $0.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, count: $0.count * 4)) }
        case .int16:
            data.append(try packed(volume.voxels, as: Int16.self, path: path))
        case .uint8:
            data.append(try packed(volume.voxels, as: UInt8.self, path: path))
        }
        if path.hasSuffix(".gz") { data = try Gzip.compress(data, file: path, level: gzipLevel) }
        try AtomicFile.write(data, to: path)
    }

    /// The 352 bytes before the voxels (header and empty extension) of a volume on `g`.
    static func header(_ g: Geometry, datatype: DataType, path: String) throws(RadiomicsError) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 352)
        func put<T>(_ v: T, _ o: Int) { withUnsafeBytes(of: v) { for (n, b) in $0.enumerated() { h[o + n] = b } } }
        put(Int32(348), 0)
        put(Int16(3), 40)
        put(Int16(g.size.x), 42); put(Int16(g.size.y), 44); put(Int16(g.size.z), 46)
        for d in 4..<8 { put(Int16(1), 40 + 2 * d) }
        guard g.size.x <= Int(Int16.max), g.size.y <= Int(Int16.max), g.size.z <= Int(Int16.max) else {
            throw RadiomicsError(.output, file: path, "dimensions too large for NIfTI-1")
        }
        put(datatype.code, 70)
        put(datatype.bitsPerVoxel, 72)
        // RAS direction = diag(-1,-1,1) · LPS direction.
        var d = g.direction
        for c in 0..<3 { d[c] = -d[c]; d[3 + c] = -d[3 + c] }
        let o = SIMD3(-g.origin.x, -g.origin.y, g.origin.z)
        let (qb, qc, qd, qfac) = quaternion(d)
        put(Float(qfac), 76)
        put(Float(g.spacing.x), 80); put(Float(g.spacing.y), 84); put(Float(g.spacing.z), 88)
        put(Float(352), 108)
        put(Float(1), 112)
        put(Float(0), 116)
        put(Int16(1), 252); put(Int16(1), 254)
        put(Float(qb), 256); put(Float(qc), 260); put(Float(qd), 264)
        put(Float(o.x), 268); put(Float(o.y), 272); put(Float(o.z), 276)
        for row in 0..<3 {
            for col in 0..<3 { put(Float(d[3 * row + col] * g.spacing[col]), 280 + 16 * row + 4 * col) }
            put(Float(o[row]), 280 + 16 * row + 12)
        }
        put(Int8(2), 123)   // xyzt_units: mm
        h[344] = UInt8(ascii: "n"); h[345] = UInt8(ascii: "+"); h[346] = UInt8(ascii: "1")
        return h
    }

    /// Little-endian bytes of `voxels` as integers of type `T`; every voxel must be exact in `T`.
    static func packed<T: FixedWidthInteger>(_ voxels: [Float], as: T.Type, path: String) throws(RadiomicsError) -> Data {
        var values = [T](repeating: 0, count: voxels.count)
        for n in voxels.indices {
            guard let v = T(exactly: voxels[n]) else {
                throw RadiomicsError(.output, file: path, "voxel \(n) holds \(voxels[n]), not representable as \(T.self)")
            }
            values[n] = v.littleEndian
        }
        return values.withUnsafeBytes { Data($0) }
    }

    /// NIfTI quaternion (b, c, d, qfac) of a rotation or improper rotation matrix (row-major).
    static func quaternion(_ m: [Double]) -> (Double, Double, Double, Double) {
        var r = m
        let det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6])
        let qfac: Double = det < 0 ? -1 : 1
        if det < 0 { r[2] = -r[2]; r[5] = -r[5]; r[8] = -r[8] }
        let trace = r[0] + r[4] + r[8]
        var a, b, c, d: Double
        if trace > 0 {
            a = 0.5 * (1 + trace).squareRoot()
            b = 0.25 * (r[7] - r[5]) / a; c = 0.25 * (r[2] - r[6]) / a; d = 0.25 * (r[3] - r[1]) / a
        } else if r[0] > r[4] && r[0] > r[8] {
            b = 0.5 * (1 + r[0] - r[4] - r[8]).squareRoot()
            a = 0.25 * (r[7] - r[5]) / b; c = 0.25 * (r[1] + r[3]) / b; d = 0.25 * (r[2] + r[6]) / b
        } else if r[4] > r[8] {
            c = 0.5 * (1 + r[4] - r[0] - r[8]).squareRoot()
            a = 0.25 * (r[2] - r[6]) / c; b = 0.25 * (r[1] + r[3]) / c; d = 0.25 * (r[5] + r[7]) / c
        } else {
            d = 0.5 * (1 + r[8] - r[0] - r[4]).squareRoot()
            a = 0.25 * (r[3] - r[1]) / d; b = 0.25 * (r[2] + r[6]) / d; c = 0.25 * (r[5] + r[7]) / d
        }
        if a < 0 { b = -b; c = -c; d = -d }
        return (b, c, d, qfac)
    }
}

/// Writes through a temporary file in the same folder and renames it into place.
public enum AtomicFile {
    /// True for an existing path that is not a regular file or folder: a device such as
    /// /dev/null or /dev/stdout, a FIFO or a socket. Such an output is written in place: renaming
    /// a temporary file over it would replace the device node itself (as root, /dev/null).
    public static func isStream(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0 else { return false }
        let type = st.st_mode & S_IFMT
        return type != S_IFREG && type != S_IFDIR
    }

    public static func write(_ data: Data, to path: String) throws(RadiomicsError) {
        if isStream(path) { return try writeInPlace(data, to: path) }
        try checkFolder(of: path)
        let url = URL(fileURLWithPath: path), tmp = URL(fileURLWithPath: temporaryPath(for: path))
        do {
            try data.write(to: tmp)
            // rename(2) replaces an existing file atomically (FileManager.replaceItemAt on Linux
            // deleted the old file and then failed).
            guard rename(tmp.path, url.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
            throw RadiomicsError(.output, file: path, "cannot be written (\(error.localizedDescription))")
        }
    }

    /// The temporary file `path` is written to before the rename: `.NAME.tmp-PID` in its folder.
    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
    }

    static func writeInPlace(_ data: Data, to path: String) throws(RadiomicsError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RadiomicsError(.output, file: path, "cannot be opened for writing (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        try writeAll(data, to: fd, path: path)
    }

    /// Writes every byte of `data` to `fd` (retrying short and interrupted writes).
    static func writeAll(_ data: Data, to fd: Int32, path: String) throws(RadiomicsError) {
        var offset = 0
        while offset < data.count {
            let n = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, data.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw RadiomicsError(.output, file: path, "cannot be written (\(String(cString: strerror(errno))))")
            }
            offset += n
        }
    }

    /// Fails naming the missing folder, where writing would only say "the file doesn't exist".
    public static func checkFolder(of path: String) throws(RadiomicsError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw RadiomicsError(.output, file: path, "cannot be written: the folder '\(folder)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw RadiomicsError(.output, file: path, "cannot be written: '\(folder)' is not a folder")
        }
    }
}
