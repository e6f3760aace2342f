import Foundation

/// The half-width of a voxel-wise feature map's kernel: the kernel of a voxel is the box of
/// voxels within this radius along each axis (Chebyshev, as pyradiomics' `kernelRadius`).
public enum KernelRadius: Sendable, Equatable, CustomStringConvertible {
    case voxels(Int)
    /// Per axis, the voxels whose centres lie within this many millimetres of the centre voxel's
    /// along that axis: ⌊R / spacing⌋ voxels each side.
    case millimetres(Double)

    /// `2` (voxels) or `2.5mm`.
    public init(parsing text: String) throws(RadiomicsError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("mm"), let r = Double(t.dropLast(2)), r.isFinite, r >= 0 {
            self = .millimetres(r)
        } else if let n = Int(t), n >= 0 {
            self = .voxels(n)
        } else {
            throw .usage("--kernel-radius must be a non-negative number of voxels (2) or millimetres (2.5mm), not '\(text)'")
        }
    }

    /// Voxels each side along x, y, z.
    public func perAxis(spacing: SIMD3<Double>) -> SIMD3<Int> {
        switch self {
        case .voxels(let n): return SIMD3(repeating: n)
        // The small tolerance keeps 2 mm on a 1 mm grid at 2 voxels despite rounding in the header.
        case .millimetres(let r): return SIMD3((0..<3).map { Int((r / spacing[$0] + 1e-6).rounded(.down)) })
        }
    }

    public var description: String {
        switch self {
        case .voxels(let n): "\(n)"
        case .millimetres(let r): "\(r)mm"
        }
    }
}
