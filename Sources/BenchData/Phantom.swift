import Foundation
import Radiomics

/// A synthetic thorax CT, deterministic from a seed: air, an elliptic body with a fat rim,
/// two lungs with vessels, a heart, a spine, a textured tumour, and Gaussian noise, in HU.
struct Phantom {
    var size: SIMD3<Int>
    var spacing: SIMD3<Double>
    var seed: UInt64
    /// ROI volume in mm³ (a sphere centred on the tumour).
    var roiVolume: Double = 100_000

    var geometry: Geometry {
        Geometry(size: size, spacing: spacing, origin: SIMD3(-Double(size.x) * spacing.x / 2, -Double(size.y) * spacing.y / 2, 0),
                 direction: Geometry.identityDirection)
    }

    /// Radius of the ROI sphere, in mm.
    var roiRadius: Double { cbrt(3 * roiVolume / (4 * Double.pi)) }

    /// Field of view, in mm.
    var fov: SIMD3<Double> { SIMD3(Double(size.x), Double(size.y), Double(size.z)) * spacing }

    /// Tumour centre (mm, relative to the volume centre): inside the right lung.
    var tumourCentre: SIMD3<Double> { SIMD3(-0.19 * fov.x, -0.02 * fov.y, 0.05 * fov.z) }

    /// The image, intensities rounded to integer HU in [-1024, 3071].
    func image() -> ImageVolume {
        let (nx, ny, nz) = (size.x, size.y, size.z)
        var voxels = [Float](repeating: 0, count: nx * ny * nz)
        voxels.withUnsafeMutableBufferPointer { v in
            let out = UncheckedPointer(v.baseAddress!)
            Parallel.forEach(count: nz) { k in
                var rng = SplitMix64(seed: seed ^ (UInt64(k) &* 0x9E37_79B9_7F4A_7C15))
                for j in 0..<ny {
                    for i in 0..<nx {
                        let p = position(i, j, k)
                        let hu = intensity(at: p) + 18 * rng.gaussian()
                        out.pointer[i + nx * (j + ny * k)] = Float(Swift.min(3071, Swift.max(-1024, hu.rounded())))
                    }
                }
            }
        }
        return ImageVolume(geometry: geometry, voxels: voxels)
    }

    /// The ROI: 1 at voxel centres inside the sphere, else 0.
    func mask() -> ImageVolume {
        let (nx, ny, nz) = (size.x, size.y, size.z)
        let r2 = roiRadius * roiRadius
        var voxels = [Float](repeating: 0, count: nx * ny * nz)
        for k in 0..<nz {
            for j in 0..<ny {
                for i in 0..<nx {
                    let d = position(i, j, k) - tumourCentre
                    if (d * d).sum() <= r2 { voxels[i + nx * (j + ny * k)] = 1 }
                }
            }
        }
        return ImageVolume(geometry: geometry, voxels: voxels)
    }

    /// Voxel centre in mm relative to the volume centre.
    @inline(__always) func position(_ i: Int, _ j: Int, _ k: Int) -> SIMD3<Double> {
        (SIMD3(Double(i), Double(j), Double(k)) + 0.5) * spacing - fov / 2
    }

    /// Noise-free HU at `p`.
    func intensity(at p: SIMD3<Double>) -> Double {
        let (x, y, z) = (p.x, p.y, p.z)
        // Body: an ellipse tapering slightly towards the ends of the scan.
        let taper = 1 - 0.08 * (z / (fov.z / 2)) * (z / (fov.z / 2))
        let body = ellipse(x, y - 0.03 * fov.y, 0.42 * fov.x * taper, 0.30 * fov.y * taper)
        if body > 1.02 { return -1000 }
        // Fat rim, then soft tissue with slow variation (muscle/organ contrast).
        var hu = mix(-1000, -95, edge(body, 1, 0.02))
        let inner = ellipse(x, y - 0.03 * fov.y, 0.38 * fov.x * taper, 0.26 * fov.y * taper)
        let tissue = 42 + 10 * sin(x / 23) * cos(y / 31) + 6 * sin(z / 17)
        hu = mix(hu, tissue, edge(inner, 1, 0.03))
        // Lungs: parenchyma ≈ −850 HU with vessels where a smooth field peaks.
        let lungScale = Swift.max(0.05, 1 - pow(Swift.abs(z - 0.05 * fov.z) / (0.48 * fov.z), 2))
        for side in [-1.0, 1.0] {
            let l = ellipse(x - side * 0.19 * fov.x, y + 0.01 * fov.y, 0.14 * fov.x * lungScale.squareRoot(), 0.19 * fov.y * lungScale.squareRoot())
            if l < 1.05 {
                let field = sin(x / 7.1 + z / 13.0) * sin(y / 6.3 - z / 11.0) * sin((x + y) / 9.7 + z / 5.9)
                let parenchyma = -850 + 25 * sin(z / 29) + (field > 0.55 ? 880 * (field - 0.55) / 0.45 : 0)
                hu = mix(hu, parenchyma, edge(l, 1, 0.04))
            }
        }
        // Heart: anterior-left, contrast-enhanced blood and myocardium.
        let h = ellipsoid(p - SIMD3(0.06 * fov.x, -0.10 * fov.y, 0.0), SIMD3(0.12 * fov.x, 0.10 * fov.y, 0.16 * fov.z))
        if h < 1.05 { hu = mix(hu, h < 0.7 ? 160 : 55, edge(h, 1, 0.05)) }
        // Spine: cortical shell around cancellous bone, posterior.
        let s = ellipse(x, y - 0.22 * fov.y, 16, 18)
        if s < 1.1 { hu = mix(hu, s > 0.8 ? 900 : 250 + 60 * sin(z / 4), edge(s, 1, 0.08)) }
        // Tumour: soft tissue with a smooth heterogeneous texture and a necrotic core.
        let t = p - tumourCentre
        let rt = (t * t).sum().squareRoot() / (roiRadius * 0.92)
        if rt < 1.1 {
            let texture = 35 * sin(t.x / 4.3) * sin(t.y / 5.1) * sin(t.z / 3.7) + 20 * cos((t.x - t.z) / 8.9)
            let core = rt < 0.35 ? -25.0 : 0
            hu = mix(hu, 38 + texture + core, edge(rt, 1, 0.06))
        }
        return hu
    }

    @inline(__always) func ellipse(_ x: Double, _ y: Double, _ a: Double, _ b: Double) -> Double {
        ((x / a) * (x / a) + (y / b) * (y / b)).squareRoot()
    }
    @inline(__always) func ellipsoid(_ d: SIMD3<Double>, _ r: SIMD3<Double>) -> Double {
        let q = d / r
        return (q * q).sum().squareRoot()
    }
    /// 1 inside (`r` < `at` − `width`/2), 0 outside, a smooth ramp between.
    @inline(__always) func edge(_ r: Double, _ at: Double, _ width: Double) -> Double {
        let t = Swift.min(1, Swift.max(0, (at - r) / width + 0.5))
        return t * t * (3 - 2 * t)
    }
    @inline(__always) func mix(_ a: Double, _ b: Double, _ t: Double) -> Double { a + (b - a) * t }
}

/// The phantom's noise: Radiomics' SplitMix64, one stream per slice (output independent of the
/// thread count).
extension SplitMix64 {
    /// Standard normal (Box–Muller, one value per call).
    mutating func gaussian() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
}

/// A pointer the slice workers share; each writes only its own slice.
struct UncheckedPointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Float>
    init(_ pointer: UnsafeMutablePointer<Float>) { self.pointer = pointer }
}
