/// The precision pyradiomics (bhklab 3.1.4, SimpleITK 2.5, numpy 2, pywt 1.8) holds its image in,
/// checked with SimpleITK on int16, float32 and float64 inputs:
/// - read: the file's type (a scaled NIfTI: float32). Integer and float32 files are exact in `Float`.
/// - `normalize`: SimpleITK `Normalize` gives float64 for every input type, and so does `× scale`.
/// - resampling: `SetOutputPixelType` keeps the type it is given (float64 after normalisation).
/// - LoG (LaplacianRecursiveGaussian) and Gradient (GradientMagnitude) read that type and output
///   float32; Wavelet (pywt.swtn) keeps float64 (float32 for a float32 image); Square, SquareRoot,
///   Logarithm and Exponential cast to float64; LBP2D (skimage) and LBP3D (scipy) sample float64.
/// So from normalisation on, and for a float64 file from the start, the recipe carries `Double`
/// voxels: `Float` would move ROI values across bin edges (binWidth 5 on ×100-scaled z-scores).
public protocol PyRadiomicsVoxel: BinaryFloatingPoint, Sendable {
    static func image(_ v: Volume<Self>) -> PyRadiomicsImage
}

extension Float: PyRadiomicsVoxel {
    public static func image(_ v: Volume<Float>) -> PyRadiomicsImage { .float32(v) }
}

extension Double: PyRadiomicsVoxel {
    public static func image(_ v: Volume<Double>) -> PyRadiomicsImage { .float64(v) }
}

/// The prepared image of the pyradiomics recipe: float32-exact voxels (integer and float32 files
/// as read), or float64 (after `normalize`, or a float64 file).
public enum PyRadiomicsImage: Sendable {
    case float32(ImageVolume)
    case float64(Volume<Double>)

    public var geometry: Geometry {
        switch self {
        case .float32(let v): v.geometry
        case .float64(let v): v.geometry
        }
    }

    public var size: SIMD3<Int> { geometry.size }
}

extension PyRadiomicsImage {
    /// A float64 NIfTI or NRRD file in float64, as SimpleITK reads it for pyradiomics, when
    /// `image` is that file as read (same grid, every voxel its value rounded to `Float`); nil
    /// for any other file (DICOM and scaled NIfTI stay as read) or image.
    static func float64(file: String?, matching image: ImageVolume) -> Volume<Double>? {
        guard let file, let format = try? FileFormat.detect(file) else { return nil }
        let read: Volume<Double>?
        switch format {
        case .nifti:
            guard let h = PyRadiomicsResampling.niftiHeader(file), h.scalarType == .float64,
                  let stored = try? NIfTIReader.readStored(file), stored.scalarType == .float64, stored.unscaled else { return nil }
            read = stored.doubles()
        case .nrrd:
            guard PyRadiomicsResampling.nrrdPixelType(file) == .float64 else { return nil }
            read = try? NRRDReader.read(file, volumeIndex: nil, limits: .default, as: Double.self)
        default:
            return nil
        }
        guard let read, read.geometry == image.geometry,
              zip(read.voxels, image.voxels).allSatisfy({ Float($0) == $1 || ($0.isNaN && $1.isNaN) }) else { return nil }
        return read
    }
}
