import Foundation

/// Writes a float32 NRRD (`.nrrd`, attached raw data, little-endian) in LPS space, the geometry
/// as ITK's NrrdImageIO (so SimpleITK and 3D Slicer) reads it: each `space directions` vector
/// is the axis direction times its spacing.
public enum NRRDWriter {
    public static func write(_ volume: ImageVolume, to path: String) throws(RadiomicsError) {
        let g = volume.geometry
        let vectors = (0..<3).map { a in vector(g.axis(a) * g.spacing[a]) }
        let header = """
            NRRD0004
            # radiomics \(BuildInfo.version)
            type: float
            dimension: 3
            space: left-posterior-superior
            sizes: \(g.size.x) \(g.size.y) \(g.size.z)
            space directions: \(vectors.joined(separator: " "))
            kinds: domain domain domain
            endian: little
            encoding: raw
            space origin: \(vector(g.origin))


            """
        var data = Data(header.utf8)
        volume.voxels.withUnsafeBytes { raw in
            if Int(littleEndian: 1) == 1 { data.append(contentsOf: raw) }
            else { for v in volume.voxels { withUnsafeBytes(of: v.bitPattern.littleEndian) { data.append(contentsOf: $0) } } }
        }
        try AtomicFile.write(data, to: path)
    }

    /// `(x,y,z)` with the shortest decimal that reads back as the same double.
    static func vector(_ v: SIMD3<Double>) -> String { "(\(v.x),\(v.y),\(v.z))" }
}

/// The formats an image can be written in, chosen by the output's extension.
public enum ImageFileFormat: String, Sendable {
    case nifti, nrrd

    /// `.nii`, `.nii.gz` or `.nrrd`; anything else is refused rather than written under a
    /// name other tools would misread.
    public static func forOutput(_ path: String) throws(RadiomicsError) -> ImageFileFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".nii") || lower.hasSuffix(".nii.gz") { return .nifti }
        if lower.hasSuffix(".nrrd") { return .nrrd }
        throw .usage("\(path): unknown output format; give a .nii, .nii.gz or .nrrd file name")
    }

    public static func write(_ volume: ImageVolume, to path: String) throws(RadiomicsError) {
        switch try forOutput(path) {
        case .nifti: try NIfTIWriter.write(volume, to: path)
        case .nrrd: try NRRDWriter.write(volume, to: path)
        }
    }
}
