import Foundation

/// NRRD (`.nrrd` attached, `.nhdr` detached; raw or gzip encoding) into an LPS `ImageVolume`.
///
/// Geometry follows ITK's NrrdImageIO: spacing is the length of each `space directions`
/// vector and the direction its unit vector; `space origin` is the origin; RAS and LAS spaces
/// are turned into LPS by negating the flipped axes. Without `space directions`, `spacings`
/// (default 1) along the identity. A 4D file needs a volume index along its non-spatial axis.
public enum NRRDReader {
    public static func read(_ path: String, volumeIndex: Int?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        try read(path, volumeIndex: volumeIndex, limits: limits, as: Float.self)
    }

    /// The volume with `T` voxels (`Double`: a float64 file as the pyradiomics recipe holds it).
    public static func read<T: BinaryFloatingPoint & Sendable>(_ path: String, volumeIndex: Int?, limits: ReadLimits,
                                                              as: T.Type) throws(RadiomicsError) -> Volume<T> {
        let data = try readFile(path)
        guard data.starts(with: "NRRD".utf8) else { throw .badInput(path, "not a NRRD file (no NRRD magic)") }
        // The header ends at the first empty line.
        var fields: [String: String] = [:]
        var headerEnd = data.count
        var lineStart = data.startIndex
        var first = true
        var index = data.startIndex
        while index < data.endIndex {
            if data[index] == 0x0A {
                var line = String(decoding: data[lineStart..<index], as: UTF8.self)
                if line.hasSuffix("\r") { line.removeLast() }
                lineStart = index + 1
                if first { first = false }
                else if line.isEmpty { headerEnd = lineStart; break }
                else if !line.hasPrefix("#"), let colon = line.range(of: ":") {
                    let key = line[..<colon.lowerBound].trimmingCharacters(in: .whitespaces).lowercased()
                    let value = String(line[colon.upperBound...])
                    // key:=value pairs are free-form metadata. (No `continue` here: the scan
                    // index must still advance past this newline.)
                    if !value.hasPrefix("=") { fields[key] = value.trimmingCharacters(in: .whitespaces) }
                }
            }
            index += 1
            if index - data.startIndex > 1 << 20 { throw .badInput(path, "NRRD header longer than 1 MiB") }
        }
        func field(_ names: String...) -> String? { names.lazy.compactMap { fields[$0] }.first }

        guard let typeName = field("type") else { throw .badInput(path, "NRRD header lacks 'type'") }
        let type = try scalarType(typeName, file: path)
        guard let dimText = field("dimension"), let dimension = Int(dimText), (1...4).contains(dimension) else {
            throw .badInput(path, "NRRD 'dimension' is missing or not in 1…4")
        }
        guard let sizeText = field("sizes") else { throw .badInput(path, "NRRD header lacks 'sizes'") }
        let sizes = sizeText.split(separator: " ").compactMap { Int($0) }
        guard sizes.count == dimension, sizes.allSatisfy({ $0 >= 1 }) else {
            throw .badInput(path, "NRRD sizes '\(sizeText)' do not give \(dimension) positive integers")
        }
        let bigEndian = (field("endian") ?? "little") == "big"
        let encoding = (field("encoding") ?? "raw").lowercased()
        guard ["raw", "gzip", "gz"].contains(encoding) else {
            throw .badInput(path, "NRRD encoding '\(encoding)' is not supported (raw and gzip are)")
        }

        // Spatial axes: those with a direction vector (or all, without space directions).
        let space = field("space")?.lowercased()
        var vectors: [SIMD3<Double>?] = Array(repeating: nil, count: dimension)
        if let sd = field("space directions") {
            let parts = try parseDirections(sd, count: dimension, file: path)
            vectors = parts
        } else {
            let spacings = field("spacings")?.split(separator: " ").map { Double($0) ?? .nan } ?? []
            // 'nan' is NRRD's "no spacing" for a non-spatial axis; a spatial axis needs a number.
            for (d, s) in spacings.enumerated() where s.isInfinite || (s.isNaN && d < 3 && dimension <= 3) {
                throw .badInput(path, "NRRD spacings '\(field("spacings")!)' are not finite (axis \(d))")
            }
            var axis = 0
            for d in 0..<dimension {
                if dimension == 4, let kinds = field("kinds")?.split(separator: " "), d < kinds.count,
                   ["list", "vector", "time", "point", "covariant-vector", "normal", "3-vector", "rgb-color", "complex", "domain"].contains(kinds[d].lowercased()),
                   kinds[d].lowercased() != "domain" {
                    continue
                }
                guard axis < 3 else { break }
                var v = SIMD3<Double>.zero
                let s = d < spacings.count && spacings[d].isFinite ? spacings[d] : 1
                v[axis] = s
                vectors[d] = v
                axis += 1
            }
        }
        let spatial = (0..<dimension).filter { vectors[$0] != nil }
        let extra = (0..<dimension).filter { vectors[$0] == nil }
        guard spatial.count <= 3, !spatial.isEmpty, spatial.count + extra.count == dimension, extra.count <= 1 else {
            throw .badInput(path, "NRRD with \(spatial.count) spatial axes out of \(dimension) is not supported")
        }
        var volumes = 1
        if let e = extra.first { volumes = sizes[e] }
        if volumes > 1 && volumeIndex == nil {
            throw .badInput(path, "is a 4D image with \(volumes) volumes; choose one with --volume N (0-based)")
        }
        let volume = volumeIndex ?? 0
        guard volume >= 0, volume < volumes else { throw .badInput(path, "volume index \(volume) is out of range 0..<\(volumes)") }

        var size = SIMD3<Int>(1, 1, 1)
        var axes: [SIMD3<Double>] = []
        for (n, d) in spatial.enumerated() { size[n] = sizes[d]; axes.append(vectors[d]!) }
        // Fewer than 3 spatial axes: complete with orthogonal unit vectors.
        while axes.count < 3 {
            let u = axes.map { $0 / ($0 * $0).sum().squareRoot() }
            var candidate = SIMD3<Double>.zero
            for e in [SIMD3<Double>(1, 0, 0), SIMD3(0, 1, 0), SIMD3(0, 0, 1)] {
                var c = e
                for w in u { c -= w * (c * w).sum() }
                if (c * c).sum() > 1e-6 { candidate = c / (c * c).sum().squareRoot(); break }
            }
            axes.append(candidate)
        }
        var spacing = SIMD3<Double>.one
        var direction = [Double](repeating: 0, count: 9)
        for a in 0..<3 {
            let norm = (axes[a] * axes[a]).sum().squareRoot()
            spacing[a] = norm
            for r in 0..<3 { direction[3 * r + a] = norm > 0 ? axes[a][r] / norm : .nan }
        }
        var origin = SIMD3<Double>.zero
        if let so = field("space origin") {
            let v = try parseVector(so, file: path)
            guard v.count >= spatial.count else { throw .badInput(path, "NRRD space origin '\(so)' has too few components") }
            for n in 0..<Swift.min(3, v.count) { origin[n] = v[n] }
        }
        // Flip into LPS.
        var flip = SIMD3<Double>(1, 1, 1)
        switch space {
        case nil, "left-posterior-superior", "lps", "3d-right-handed", "scanner-xyz": break
        case "right-anterior-superior", "ras": flip = SIMD3(-1, -1, 1)
        case "left-anterior-superior", "las": flip = SIMD3(1, -1, 1)
        default: throw .badInput(path, "NRRD space '\(space!)' is not supported (LPS, RAS or LAS)")
        }
        for r in 0..<3 { for c in 0..<3 { direction[3 * r + c] *= flip[r] } }
        origin *= flip
        let geometry = Geometry(size: size, spacing: spacing, origin: origin, direction: direction)
        do { try geometry.validate() } catch { if case .invalid(let why) = error { throw .badInput(path, why) } }

        // Sizes are checked before anything is allocated.
        var count = 1
        for s in sizes {
            let (c, o) = count.multipliedReportingOverflow(by: s)
            guard !o else { throw .badInput(path, "NRRD sizes '\(sizeText)' overflow") }
            count = c
        }
        guard geometry.voxelCount <= limits.maxVoxels else {
            throw .badInput(path, "\(size.x)×\(size.y)×\(size.z) voxels exceed the limit of \(limits.maxVoxels) (--max-voxels)")
        }
        let (needed, o) = count.multipliedReportingOverflow(by: type.byteCount)
        guard !o else { throw .badInput(path, "NRRD sizes '\(sizeText)' overflow") }

        var payload: Data
        var source = path
        if let dataFile = field("data file", "datafile") {
            guard !dataFile.hasPrefix("LIST"), dataFile.split(separator: " ").count == 1 else {
                throw .badInput(path, "NRRD 'data file' lists and patterns are not supported")
            }
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            source = dataFile.hasPrefix("/") ? dataFile : dir.appendingPathComponent(dataFile).path
            payload = try readFile(source)
        } else {
            guard headerEnd <= data.endIndex, headerEnd != data.count || needed == 0 else {
                throw .badInput(path, "NRRD header is not followed by data (no empty line or nothing after it)")
            }
            payload = data.subdata(in: headerEnd..<data.endIndex)
        }
        let lineSkip = Int(field("line skip", "lineskip") ?? "0") ?? 0
        for _ in 0..<Swift.max(0, lineSkip) {
            guard let nl = payload.firstIndex(of: 0x0A) else { throw .badInput(source, "NRRD line skip goes past the data") }
            payload = payload.subdata(in: (nl + 1)..<payload.endIndex)
        }
        let byteSkip = Int(field("byte skip", "byteskip") ?? "0") ?? 0
        guard byteSkip >= -1, byteSkip <= 1 << 40 else { throw .badInput(path, "NRRD byte skip \(byteSkip) is out of range") }
        if encoding != "raw" {
            payload = try Gzip.decompress(payload, file: source, limit: needed + Swift.max(0, byteSkip), exactly: needed + Swift.max(0, byteSkip))
        }
        let offset: Int
        if byteSkip == -1 {
            guard payload.count >= needed else { throw .badInput(source, "holds \(payload.count) data bytes but the NRRD header needs \(needed)") }
            offset = payload.count - needed
        } else {
            offset = Swift.max(0, byteSkip)
        }
        guard payload.count - offset == needed || (encoding != "raw" && payload.count - offset >= needed) else {
            throw .badInput(source, "holds \(payload.count - offset) data bytes but the NRRD header declares \(needed) (sizes \(sizeText), \(typeName)); the file is truncated or the header is wrong")
        }
        var voxels: [T]
        if volumes == 1 && extra.isEmpty || extra.first == dimension - 1 {
            voxels = payload.withUnsafeBytes { type.decode($0, offset: offset + volume * geometry.voxelCount * type.byteCount, count: geometry.voxelCount, bigEndian: bigEndian, as: T.self) }
        } else {
            // The volume axis is interleaved: gather every `stride`-th value.
            let e = extra[0]
            let inner = sizes[..<e].reduce(1, *)
            let all = payload.withUnsafeBytes { type.decode($0, offset: offset, count: count, bigEndian: bigEndian, as: T.self) }
            voxels = [T](repeating: 0, count: geometry.voxelCount)
            let n = sizes[e]
            for v in 0..<geometry.voxelCount {
                let lo = v % inner, hi = v / inner
                voxels[v] = all[lo + inner * (volume + n * hi)]
            }
        }
        return Volume(geometry: geometry, voxels: voxels)
    }

    static func scalarType(_ name: String, file: String) throws(RadiomicsError) -> ScalarType {
        switch name.lowercased() {
        case "signed char", "int8", "int8_t": .int8
        case "uchar", "unsigned char", "uint8", "uint8_t": .uint8
        case "short", "short int", "signed short", "signed short int", "int16", "int16_t": .int16
        case "ushort", "unsigned short", "unsigned short int", "uint16", "uint16_t": .uint16
        case "int", "signed int", "int32", "int32_t": .int32
        case "uint", "unsigned int", "uint32", "uint32_t": .uint32
        case "longlong", "long long", "long long int", "signed long long", "signed long long int", "int64", "int64_t": .int64
        case "ulonglong", "unsigned long long", "unsigned long long int", "uint64", "uint64_t": .uint64
        case "float": .float32
        case "double": .float64
        default: throw .badInput(file, "NRRD type '\(name)' is not supported")
        }
    }

    /// `(x,y,z)` as numbers.
    static func parseVector(_ text: String, file: String) throws(RadiomicsError) -> [Double] {
        let inner = text.trimmingCharacters(in: CharacterSet(charactersIn: "() "))
        let parts = inner.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { throw .badInput(file, "NRRD vector '\(text)' is not numeric") }
        return parts.map { $0! }
    }

    /// `space directions`: one `(x,y,z)` vector or `none` per axis.
    static func parseDirections(_ text: String, count: Int, file: String) throws(RadiomicsError) -> [SIMD3<Double>?] {
        var out: [SIMD3<Double>?] = []
        var rest = Substring(text)
        while let c = rest.first {
            if c == " " { rest = rest.dropFirst(); continue }
            if rest.lowercased().hasPrefix("none") { out.append(nil); rest = rest.dropFirst(4); continue }
            guard c == "(", let close = rest.firstIndex(of: ")") else { throw .badInput(file, "NRRD space directions '\(text)' are malformed") }
            let v = try parseVector(String(rest[rest.startIndex...close]), file: file)
            guard v.count == 3 else { throw .badInput(file, "NRRD space direction \(v) is not 3D") }
            guard v.allSatisfy(\.isFinite) else { throw .badInput(file, "NRRD space direction \(rest[rest.startIndex...close]) is not finite") }
            out.append(SIMD3(v[0], v[1], v[2]))
            rest = rest[rest.index(after: close)...]
        }
        guard out.count == count else { throw .badInput(file, "NRRD space directions give \(out.count) vectors for \(count) axes") }
        return out
    }
}
