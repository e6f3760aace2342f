import Foundation

/// Images in the formats radiomics reads through ITK (MetaImage `.mha`/`.mhd`, VTK, GIPL,
/// MINC, MRC) into an LPS `ImageVolume`.
///
/// ITK's readers give LPS geometry (origin, spacing, direction whose columns are the axis unit
/// vectors), the convention of `Geometry`. The header is read first, without the pixel data,
/// and checked against the read limits before any voxel buffer is allocated; a MetaImage header
/// must end (at its `ElementDataFile` line) within 1 MiB, like a NRRD header.
public enum ITKImageReader {
    /// File name endings read through ITK.
    public static let extensions = [".mha", ".mhd", ".vtk", ".gipl", ".gipl.gz", ".mnc", ".mnc2", ".mrc", ".rec"]

    public static func read(_ path: String, volumeIndex: Int?, limits: ReadLimits) throws(RadiomicsError) -> ImageVolume {
        guard isRegularFile(path) else { throw .badInput(path, "is not a regular file (a device or pipe?)") }
        let lower = path.lowercased()
        let meta = lower.hasSuffix(".mha") || lower.hasSuffix(".mhd") ? try MetaImageHeader(path) : nil
        let shim = try ITKShim.shared()
        precondition(MemoryLayout<CITKInfo>.size == 232, "CITKInfo does not match citk_info")
        var info = CITKInfo()
        let header = ITKShim.message { err, n in
            withUnsafeMutableBytes(of: &info) { shim.readInfo(path, $0.baseAddress!, err, n) }
        }
        switch header.status {
        case 0: break
        case 1: throw .badInput(path, "no ITK image reader recognises this file")
        default: throw .badInput(path, "cannot be read by ITK (\(header.message))")
        }
        let format = CITKInfo.text(info.format)
        guard info.components == 1 else {
            throw .badInput(path, "has \(info.components) components per voxel (\(format)); a scalar image is needed")
        }
        guard (2...3).contains(info.dimension) else {
            throw .badInput(path, "is a \(info.dimension)D image (\(format)); 2D and 3D images are read through ITK")
        }
        if let volumeIndex, volumeIndex != 0 {
            throw .usage("--volume \(volumeIndex) given for a \(info.dimension)D image (\(path))")
        }
        let size = SIMD3(Int(info.size.0), Int(info.size.1), Int(info.size.2))
        guard size.x >= 1, size.y >= 1, size.z >= 1 else { throw .badInput(path, "the image size \(size) is not positive") }
        let (xy, o1) = size.x.multipliedReportingOverflow(by: size.y)
        let (count, o2) = xy.multipliedReportingOverflow(by: size.z)
        guard !o1, !o2, count <= limits.maxVoxels else {
            throw .badInput(path, "\(size.x)×\(size.y)×\(size.z) voxels exceed the limit of \(limits.maxVoxels) (--max-voxels)")
        }
        let spacing = SIMD3(info.spacing.0, info.spacing.1, info.spacing.2)
        guard spacing.x > 0, spacing.y > 0, spacing.z > 0, spacing.x.isFinite, spacing.y.isFinite, spacing.z.isFinite else {
            throw .badInput(path, "the voxel spacing \(spacing.x)×\(spacing.y)×\(spacing.z) is not positive and finite")
        }
        let origin = SIMD3(info.origin.0, info.origin.1, info.origin.2)
        let d = info.direction
        let direction = [d.0, d.1, d.2, d.3, d.4, d.5, d.6, d.7, d.8]
        guard origin.x.isFinite, origin.y.isFinite, origin.z.isFinite, direction.allSatisfy(\.isFinite) else {
            throw .badInput(path, "the origin or direction is not finite")
        }
        try meta?.checkDataLength(Int(info.pixelBytes))
        var voxels = [Float](repeating: 0, count: count)
        let body = ITKShim.message { err, n in
            voxels.withUnsafeMutableBufferPointer { shim.readFloat(path, $0.baseAddress!, count, err, n) }
        }
        guard body.status == 0 else { throw .badInput(path, "cannot read the voxels (\(body.message))") }
        return ImageVolume(geometry: Geometry(size: size, spacing: spacing, origin: origin, direction: direction), voxels: voxels)
    }
}
