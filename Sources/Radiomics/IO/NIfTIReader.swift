import Foundation

/// NIfTI-1 and NIfTI-2 (`.nii`, `.nii.gz`; single-file only) into an LPS `ImageVolume`.
///
/// Orientation follows ITK's `NiftiImageIO` (so geometry equals what SimpleITK and pyradiomics
/// see; checked against SimpleITK 2.5 on every qform/sform code pair in Fixtures/generated):
/// the sform is used when its columns are orthogonal and either its code is
/// `NIFTI_XFORM_SCANNER_ANAT` (1) or the qform code is 0; otherwise the qform when its code is
/// > 0; a sheared sform without qform is an error (SimpleITK refuses it too); with neither
/// transform, the identity direction in LPS at the origin with spacing |pixdim|. RAS is turned
/// into LPS by negating x and y.
public enum NIfTIReader {
    public struct Header: Sendable {
        public var version: Int
        public var dims: [Int]          // dim[0...7]
        public var scalarType: ScalarType
        public var pixdim: [Double]     // pixdim[0...7]
        public var voxOffset: Int
        public var sclSlope: Double
        public var sclInter: Double
        public var qformCode: Int
        public var sformCode: Int
        public var quatern: SIMD3<Double>
        public var qoffset: SIMD3<Double>
        public var srow: [[Double]]     // 3 rows of 4
        public var bigEndian: Bool
    }

    /// Where the voxels of one volume of a NIfTI file are, after every size check.
    struct Layout {
        var data: Data
        var isGz: Bool
        var header: Header
        var geometry: Geometry
        var index: Int
        var nvox3: Int
        var bytesPerVoxel: Int
        var voxelBytes: Int
        var dataOffset: Int
        /// Bytes of the (decoded) file up to the end of the volume.
        var needed: Int
        var swap: Bool

        func sizeMismatch(_ present: Int, path: String) -> RadiomicsError {
            .badInput(path, NIfTIReader.mismatchMessage(self, present: present))
        }
    }

    static func layout(_ path: String, volumeIndex: Int?, limits: ReadLimits) throws(RadiomicsError) -> Layout {
        let data = try readFile(path)
        let isGz = Gzip.isGzip(data)
        // Header first: at most 540 bytes (+ 4 extension flag bytes) needed.
        let headData = isGz ? try Gzip.decompress(data, file: path, limit: 1 << 20, exactly: 544) : data
        let header = try parseHeader([UInt8](headData.prefix(544)), file: path)
        var nvox3 = 1
        for d in 1...3 where header.dims[0] >= d {
            let (p, o) = nvox3.multipliedReportingOverflow(by: header.dims[d])
            guard !o, p <= limits.maxVoxels else {
                throw .badInput(path, "dimensions \(header.dims[1...Swift.min(3, header.dims[0])].map(String.init).joined(separator: "×")) exceed the limit of \(limits.maxVoxels) voxels (--max-voxels)")
            }
            nvox3 = p
        }
        let geometry = try geometry(of: header, file: path)
        var volumes = 1
        for d in 4..<8 where header.dims[0] >= d { volumes *= Swift.max(header.dims[d], 1) }
        let index = volumeIndex ?? 0
        if volumes > 1 && volumeIndex == nil {
            throw .badInput(path, "is a 4D image with \(volumes) volumes; choose one with --volume N (0-based)")
        }
        guard index >= 0, index < volumes else {
            throw .badInput(path, "volume index \(index) is out of range 0..<\(volumes)")
        }
        guard nvox3 <= limits.maxVoxels else {
            throw .badInput(path, "\(geometry.size.x)×\(geometry.size.y)×\(geometry.size.z) voxels exceed the limit of \(limits.maxVoxels) (--max-voxels)")
        }
        let bpv = header.scalarType.byteCount
        let (total, o1) = nvox3.multipliedReportingOverflow(by: volumes)
        let (totalBytes, o2) = total.multipliedReportingOverflow(by: bpv)
        guard !o1, !o2, header.voxOffset >= 0, totalBytes <= Int.max - header.voxOffset else {
            throw .badInput(path, "header declares an impossibly large image")
        }
        let voxelBytes = nvox3 * bpv
        let dataOffset = header.voxOffset + index * voxelBytes
        let needed = dataOffset + voxelBytes
        let swap = header.bigEndian != (UInt16(1).bigEndian == 1)
        let layout = Layout(data: data, isGz: isGz, header: header, geometry: geometry, index: index, nvox3: nvox3,
                            bytesPerVoxel: bpv, voxelBytes: voxelBytes, dataOffset: dataOffset, needed: needed, swap: swap)
        if isGz {
            // A gzip stream decodes to at most 1032× its size: a header asking for more is refused
            // before anything of that size is allocated (after counting what the stream holds).
            let bound = data.count.multipliedReportingOverflow(by: 1032).partialValue + (1 << 16)
            if needed > bound {
                let present = (try? Gzip.decompress(data, file: path, limit: bound).count) ?? 0
                throw layout.sizeMismatch(present, path: path)
            }
        }
        return layout
    }

    /// A label map as `read` gives it, or, for unsigned 8-bit voxels without scaling, as the
    /// bytes they are stored in (no 4-byte floats: a 512×512×300 mask takes 75 MB, not 300 MB).
    enum LabelMap {
        case bytes(Volume<UInt8>)
        case floats(ImageVolume)
    }

    static func readLabelMap(_ path: String, volumeIndex: Int? = nil, limits: ReadLimits = .default) throws(RadiomicsError) -> LabelMap {
        let l = try layout(path, volumeIndex: volumeIndex, limits: limits)
        let slope = l.header.sclSlope, inter = l.header.sclInter
        guard l.header.scalarType == .uint8, !(slope.isFinite && inter.isFinite && slope != 0 && !(slope == 1 && inter == 0)) else {
            return .floats(try decode(l, path: path))
        }
        var failure: RadiomicsError?
        let voxels: [UInt8]
        if l.isGz {
            // For volume 0 the header bytes are decoded too (a whole-buffer inflater applies),
            // then the voxels are moved to the front.
            let region = l.index == 0 ? l.needed : l.voxelBytes
            voxels = [UInt8](unsafeUninitializedCapacity: region) { buffer, initialized in
                failure = l.data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> RadiomicsError? in
                    do throws(RadiomicsError) {
                        try Gzip.inflate(src, skipping: l.needed - region, into: UnsafeMutableRawBufferPointer(buffer), file: path)
                        return nil
                    } catch { return error }
                }
                if failure != nil { initialized = 0; return }
                let base = UnsafeMutableRawPointer(buffer.baseAddress!)
                base.copyMemory(from: base + (region - l.voxelBytes), byteCount: l.voxelBytes)
                initialized = l.nvox3
            }
        } else {
            guard l.data.count >= l.needed else { throw l.sizeMismatch(l.data.count, path: path) }
            voxels = [UInt8](l.data[(l.data.startIndex + l.dataOffset)..<(l.data.startIndex + l.needed)])
        }
        if let failure { throw failure }
        return .bytes(Volume(geometry: l.geometry, voxels: voxels))
    }

    public static func read(_ path: String, volumeIndex: Int? = nil, limits: ReadLimits = .default) throws(RadiomicsError) -> ImageVolume {
        try decode(try layout(path, volumeIndex: volumeIndex, limits: limits), path: path)
    }

    private static func decode(_ l: Layout, path: String) throws(RadiomicsError) -> ImageVolume {
        let (data, isGz, header, geometry, index, nvox3) = (l.data, l.isGz, l.header, l.geometry, l.index, l.nvox3)
        let (bpv, voxelBytes, dataOffset, needed, swap) = (l.bytesPerVoxel, l.voxelBytes, l.dataOffset, l.needed, l.swap)
        var voxels: [Float]
        func sizeMismatch(_ present: Int) -> RadiomicsError { l.sizeMismatch(present, path: path) }
        if isGz {
            // Inflate straight into the final Float buffer: the decoded bytes land in its tail and
            // are widened in place, front to back (safe: see `ScalarType.convert`). For volume 0
            // the header bytes are decoded too, so a whole-buffer inflater (libdeflate) applies.
            let region = index == 0 ? needed : voxelBytes
            var failure: RadiomicsError?
            if bpv <= 4 {
                let capacity = (Swift.max(4 * nvox3, region) + 3) / 4
                voxels = [Float](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                    let raw = UnsafeMutableRawBufferPointer(buffer)
                    let start = raw.count - region
                    failure = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> RadiomicsError? in
                        do throws(RadiomicsError) {
                            try Gzip.inflate(src, skipping: needed - region, into: UnsafeMutableRawBufferPointer(rebasing: raw[start...]), file: path)
                            return nil
                        } catch { return error }
                    }
                    if failure != nil { initialized = 0; return }
                    header.scalarType.convert(from: raw.baseAddress! + (raw.count - voxelBytes), to: buffer.baseAddress!, count: nvox3, byteSwapped: swap)
                    initialized = nvox3
                }
            } else {
                // 8-byte voxels are wider than the result: a separate raw buffer, freed here.
                let raw = UnsafeMutableRawBufferPointer.allocate(byteCount: voxelBytes, alignment: 64)
                defer { raw.deallocate() }
                failure = data.withUnsafeBytes { (src: UnsafeRawBufferPointer) -> RadiomicsError? in
                    do throws(RadiomicsError) {
                        try Gzip.inflate(src, skipping: dataOffset, into: raw, file: path)
                        return nil
                    } catch { return error }
                }
                voxels = failure != nil ? [] : [Float](unsafeUninitializedCapacity: nvox3) { buffer, initialized in
                    header.scalarType.convert(from: raw.baseAddress!, to: buffer.baseAddress!, count: nvox3, byteSwapped: swap)
                    initialized = nvox3
                }
            }
            if let failure { throw failure }
        } else {
            guard data.count >= needed else { throw sizeMismatch(data.count) }
            voxels = data.withUnsafeBytes { src in
                [Float](unsafeUninitializedCapacity: nvox3) { buffer, initialized in
                    header.scalarType.convert(from: src.baseAddress! + dataOffset, to: buffer.baseAddress!, count: nvox3, byteSwapped: swap)
                    initialized = nvox3
                }
            }
        }
        let slope = header.sclSlope, inter = header.sclInter
        if slope.isFinite, inter.isFinite, slope != 0, !(slope == 1 && inter == 0) {
            voxels.withUnsafeMutableBufferPointer { v in
                for n in v.indices { v[n] = Float(Double(v[n]) * slope + inter) }
            }
        }
        return ImageVolume(geometry: geometry, voxels: voxels)
    }

    /// The one-line error of a file shorter than its header says.
    private static func mismatchMessage(_ l: Layout, present: Int) -> String {
        "holds \(present) bytes but the header needs \(l.needed) (\(l.geometry.size.x)×\(l.geometry.size.y)×\(l.geometry.size.z) \(l.header.scalarType.rawValue) after offset \(l.header.voxOffset)); the file is truncated or the header is wrong"
    }

    public static func parseHeader(_ b: [UInt8], file: String) throws(RadiomicsError) -> Header {
        guard b.count >= 348 else { throw .badInput(file, "too short for a NIfTI header (\(b.count) bytes)") }
        let le = ByteReader(bytes: b, bigEndian: false)
        let be = ByteReader(bytes: b, bigEndian: true)
        let r: ByteReader
        let version: Int
        if le.i32(0) == 348 { r = le; version = 1 }
        else if be.i32(0) == 348 { r = be; version = 1 }
        else if le.i32(0) == 540 { r = le; version = 2 }
        else if be.i32(0) == 540 { r = be; version = 2 }
        else { throw .badInput(file, "not a NIfTI file (sizeof_hdr is neither 348 nor 540)") }
        if version == 2 && b.count < 540 { throw .badInput(file, "truncated NIfTI-2 header") }

        var h: Header
        if version == 1 {
            let magic = String(decoding: b[344..<347], as: UTF8.self)
            guard magic == "n+1" else {
                throw .badInput(file, magic == "ni1" ? "two-file NIfTI (.hdr/.img) is not supported; convert to .nii" : "not a NIfTI-1 file (bad magic)")
            }
            let code = Int(r.i16(70))
            h = Header(
                version: 1,
                dims: (0..<8).map { Int(r.i16(40 + 2 * $0)) },
                scalarType: try scalarType(code, file: file),
                pixdim: (0..<8).map { Double(r.f32(76 + 4 * $0)) },
                voxOffset: Int(exactly: r.f32(108).rounded(.down)) ?? -1,
                sclSlope: Double(r.f32(112)), sclInter: Double(r.f32(116)),
                qformCode: Int(r.i16(252)), sformCode: Int(r.i16(254)),
                quatern: SIMD3(Double(r.f32(256)), Double(r.f32(260)), Double(r.f32(264))),
                qoffset: SIMD3(Double(r.f32(268)), Double(r.f32(272)), Double(r.f32(276))),
                srow: (0..<3).map { row in (0..<4).map { Double(r.f32(280 + 16 * row + 4 * $0)) } },
                bigEndian: r.bigEndian)
        } else {
            let magic = String(decoding: b[4..<7], as: UTF8.self)
            guard magic == "n+2" else { throw .badInput(file, "not a single-file NIfTI-2 file (bad magic)") }
            let code = Int(r.i16(12))
            let dims64 = (0..<8).map { r.i64(16 + 8 * $0) }
            guard dims64.allSatisfy({ $0 >= Int64(Int32.min) && $0 <= Int64(Int32.max) }) else {
                throw .badInput(file, "NIfTI-2 dimensions \(dims64) are out of range")
            }
            h = Header(
                version: 2,
                dims: dims64.map { Int($0) },
                scalarType: try scalarType(code, file: file),
                pixdim: (0..<8).map { r.f64(104 + 8 * $0) },
                voxOffset: Int(truncatingIfNeeded: r.i64(168)),
                sclSlope: r.f64(176), sclInter: r.f64(184),
                qformCode: Int(r.i32(344)), sformCode: Int(r.i32(348)),
                quatern: SIMD3(r.f64(352), r.f64(360), r.f64(368)),
                qoffset: SIMD3(r.f64(376), r.f64(384), r.f64(392)),
                srow: (0..<3).map { row in (0..<4).map { r.f64(400 + 32 * row + 8 * $0) } },
                bigEndian: r.bigEndian)
        }
        let nd = h.dims[0]
        guard (1...7).contains(nd) else { throw .badInput(file, "dim[0] = \(nd) is not a dimension count in 1…7") }
        for d in 1...nd where h.dims[d] < 1 {
            throw .badInput(file, "dimension \(d) is \(h.dims[d]); every dimension must be ≥ 1")
        }
        if h.voxOffset < (version == 1 ? 348 : 540) {
            // Some writers leave vox_offset 0 in single files; the data then starts after the header + extension flag.
            h.voxOffset = version == 1 ? 352 : 544
        }
        return h
    }

    static func scalarType(_ code: Int, file: String) throws(RadiomicsError) -> ScalarType {
        switch code {
        case 2: .uint8
        case 4: .int16
        case 8: .int32
        case 16: .float32
        case 64: .float64
        case 256: .int8
        case 512: .uint16
        case 768: .uint32
        case 1024: .int64
        case 1280: .uint64
        case 32, 1792, 2048: throw .badInput(file, "complex NIfTI data (datatype \(code)) is not supported")
        case 128, 2304: throw .badInput(file, "RGB NIfTI data (datatype \(code)) is not supported; convert to a scalar image")
        default: throw .badInput(file, "unknown NIfTI datatype \(code)")
        }
    }

    /// The LPS geometry ITK derives from the header.
    static func geometry(of h: Header, file: String) throws(RadiomicsError) -> Geometry {
        let size = SIMD3(h.dims[0] >= 1 ? h.dims[1] : 1, h.dims[0] >= 2 ? h.dims[2] : 1, h.dims[0] >= 3 ? h.dims[3] : 1)
        var spacing = SIMD3<Double>(
            h.dims[0] >= 1 ? Swift.abs(h.pixdim[1]) : 1,
            h.dims[0] >= 2 ? Swift.abs(h.pixdim[2]) : 1,
            h.dims[0] >= 3 ? Swift.abs(h.pixdim[3]) : 1)
        for a in 0..<3 where spacing[a] == 0 && h.qformCode == 0 && h.sformCode == 0 { spacing[a] = 1 }
        var direction: [Double]   // RAS, columns are axes
        var origin: SIMD3<Double>

        let sformColumns: [SIMD3<Double>] = (0..<3).map { c in SIMD3(h.srow[0][c], h.srow[1][c], h.srow[2][c]) }
        let sformNorms = sformColumns.map { ($0 * $0).sum().squareRoot() }
        let sformOrthogonal = sformNorms.allSatisfy { $0 > 0 && $0.isFinite }
            && Swift.abs((sformColumns[0] * sformColumns[1]).sum()) < 1e-4 * sformNorms[0] * sformNorms[1]
            && Swift.abs((sformColumns[0] * sformColumns[2]).sum()) < 1e-4 * sformNorms[0] * sformNorms[2]
            && Swift.abs((sformColumns[1] * sformColumns[2]).sum()) < 1e-4 * sformNorms[1] * sformNorms[2]
        let useSform = h.sformCode > 0 && sformOrthogonal && (h.qformCode <= 0 || h.sformCode == 1)

        if useSform {
            // ITK keeps pixdim as the spacing (the sform gives direction and origin); the column
            // norms differ from it in the last float32 bits of a rotated sform, which moves
            // nearest-neighbour resampling ties.
            spacing = SIMD3((0..<3).map { a in
                let p = Swift.abs(h.pixdim[a + 1])
                return p > 0 && Swift.abs(p - sformNorms[a]) <= 1e-5 * sformNorms[a] ? p : sformNorms[a]
            })
            let u = (0..<3).map { sformColumns[$0] / sformNorms[$0] }
            direction = [u[0].x, u[1].x, u[2].x, u[0].y, u[1].y, u[2].y, u[0].z, u[1].z, u[2].z]
            origin = SIMD3(h.srow[0][3], h.srow[1][3], h.srow[2][3])
        } else if h.qformCode > 0 {
            let (b, c, d) = (h.quatern.x, h.quatern.y, h.quatern.z)
            var a = 1 - (b * b + c * c + d * d)
            let (bb, cc, dd): (Double, Double, Double)
            if a < 1e-7 {
                let s = 1 / (b * b + c * c + d * d).squareRoot()
                (bb, cc, dd) = (b * s, c * s, d * s)
                a = 0
            } else {
                a = a.squareRoot()
                (bb, cc, dd) = (b, c, d)
            }
            let qfac: Double = h.pixdim[0] < 0 ? -1 : 1
            direction = [
                a * a + bb * bb - cc * cc - dd * dd, 2 * (bb * cc - a * dd), 2 * (bb * dd + a * cc) * qfac,
                2 * (bb * cc + a * dd), a * a + cc * cc - bb * bb - dd * dd, 2 * (cc * dd - a * bb) * qfac,
                2 * (bb * dd - a * cc), 2 * (cc * dd + a * bb), (a * a + dd * dd - cc * cc - bb * bb) * qfac,
            ]
            origin = h.qoffset
        } else if h.sformCode > 0 {
            let why = !h.srow.joined().allSatisfy(\.isFinite) ? "sform is not finite"
                : sformNorms.contains(0) ? "sform gives a zero spacing (spacing \(fmt(SIMD3(sformNorms[0], sformNorms[1], sformNorms[2])))): spacing is not positive"
                : "sform is not orthogonal (sheared)"
            throw .badInput(file, why + ", and there is no qform")
        } else {
            // Analyze-style: no transform. ITK (and so SimpleITK) gives the identity direction
            // in LPS at the origin: written here in RAS, so that the flip below restores it.
            direction = [-1, 0, 0, 0, -1, 0, 0, 0, 1]
            origin = .zero
        }
        // RAS → LPS: negate the x and y rows.
        for c in 0..<3 { direction[c] = -direction[c]; direction[3 + c] = -direction[3 + c] }
        origin.x = -origin.x
        origin.y = -origin.y
        let g = Geometry(size: size, spacing: spacing, origin: origin, direction: direction)
        do { try g.validate() } catch { if case .invalid(let why) = error { throw .badInput(file, why) } }
        return g
    }
}

/// Limits applied before any voxel buffer is allocated.
public struct ReadLimits: Sendable {
    /// The largest number of voxels in one 3D volume.
    public var maxVoxels: Int
    /// The most labels `--label all` takes from one label map (`--max-labels`); a label map with
    /// more distinct values than this and 255 is taken for a swapped image (`MaskIO.selectLabels`).
    public var maxLabels: Int
    public static let defaultMaxLabels = 128
    public static let `default` = ReadLimits(maxVoxels: 1 << 30)
    public init(maxVoxels: Int, maxLabels: Int = ReadLimits.defaultMaxLabels) {
        self.maxVoxels = maxVoxels
        self.maxLabels = maxLabels
    }
}

/// Reads a whole file, mapping failures to a one-line error.
func readFile(_ path: String) throws(RadiomicsError) -> Data {
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw .missing(path) }
    if isDir.boolValue { throw .badInput(path, "is a directory, expected a file") }
    // A device or pipe (e.g. a NRRD 'data file: /dev/zero') would be read forever.
    guard isRegularFile(path) else { throw .badInput(path, "is not a regular file (a device or pipe?)") }
    // Read into our own buffer, freed in the background: a large input (an 85 MB .nii.gz)
    // is then not unmapped on the critical path once decoded. Its pages are populated in one
    // call (MAP_POPULATE) rather than faulted in one by one by read(2): 0.040 s instead of
    // 0.050 s for 85 MB.
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw cannotRead(path, errno) }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw cannotRead(path, errno) }
    let size = Int(st.st_size)
    guard size > 0 else { return Data() }
    let buffer = BackgroundRelease.allocate(size, populate: true)
    var got = 0
    while got < size {
        let n = read(fd, buffer.pointer + got, size - got)
        if n > 0 { got += n; continue }
        if n < 0, errno == EINTR { continue }
        if n < 0 { let code = errno; BackgroundRelease.free(buffer, size: size); throw cannotRead(path, code) }
        break   // the file shrank since fstat: what is there is decoded, and found short
    }
    return BackgroundRelease.data(buffer, count: got, size: size)
}

private func cannotRead(_ path: String, _ code: Int32) -> RadiomicsError {
    RadiomicsError(.missingInput, file: path, "cannot be read (\(String(cString: strerror(code))))")
}

/// True for a regular file (symbolic links followed).
func isRegularFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
}
