/// The physical placement of a voxel grid, in LPS patient coordinates (ITK's convention).
///
/// Voxel index `(i, j, k)` maps to the point `origin + direction · (spacing ⊙ (i, j, k))`.
/// `direction` is row-major 3×3 whose *columns* are the unit vectors of the i, j, k axes.
public struct Geometry: Equatable, Sendable, CustomStringConvertible {
    public var size: SIMD3<Int>
    public var spacing: SIMD3<Double>
    public var origin: SIMD3<Double>
    public var direction: [Double]

    public init(size: SIMD3<Int>, spacing: SIMD3<Double> = .one, origin: SIMD3<Double> = .zero,
                direction: [Double] = Geometry.identityDirection) {
        self.size = size
        self.spacing = spacing
        self.origin = origin
        self.direction = direction
    }

    public static let identityDirection: [Double] = [1, 0, 0, 0, 1, 0, 0, 0, 1]

    public var voxelCount: Int { size.x * size.y * size.z }

    /// Column `axis` of the direction matrix: the unit vector of index axis `axis` in LPS.
    public func axis(_ axis: Int) -> SIMD3<Double> {
        SIMD3(direction[axis], direction[3 + axis], direction[6 + axis])
    }

    /// Physical (LPS, mm) position of a continuous index.
    public func point(_ index: SIMD3<Double>) -> SIMD3<Double> {
        let s = index * spacing
        return origin + axis(0) * s.x + axis(1) * s.y + axis(2) * s.z
    }

    /// Volume of one voxel in mm³.
    public var voxelVolume: Double { spacing.x * spacing.y * spacing.z }

    public var description: String {
        "size \(size.x)×\(size.y)×\(size.z), spacing \(spacing.x)×\(spacing.y)×\(spacing.z) mm, "
            + "origin (\(origin.x), \(origin.y), \(origin.z)), direction \(direction)"
    }

    /// Why two grids are not the same, or nil when they agree within tolerance.
    /// - Parameters:
    ///   - lengthTolerance: mm, for origin and spacing.
    ///   - directionTolerance: absolute, per direction-matrix element.
    ///   - names: what `self` and `other` are ("mask", "image"), written before each value.
    public func mismatch(with other: Geometry, lengthTolerance: Double = 1e-4,
                         directionTolerance: Double = 1e-6, names: (String, String)? = nil) -> String? {
        let (a, b) = names.map { ("\($0.0) ", "\($0.1) ") } ?? ("", "")
        if size != other.size {
            return "size \(a)\(size.x)×\(size.y)×\(size.z) ≠ \(b)\(other.size.x)×\(other.size.y)×\(other.size.z)"
        }
        let ds = abs(spacing - other.spacing)
        if ds.max() > lengthTolerance {
            return "spacing \(a)\(fmt(spacing)) ≠ \(b)\(fmt(other.spacing)) mm"
        }
        if abs(origin - other.origin).max() > lengthTolerance {
            return "origin \(a)\(fmt(origin)) ≠ \(b)\(fmt(other.origin)) mm"
        }
        for n in 0..<9 where Swift.abs(direction[n] - other.direction[n]) > directionTolerance {
            return "direction \(a)\(direction) ≠ \(b)\(other.direction)"
        }
        return nil
    }

    /// Checks that spacing and direction are finite and usable.
    public func validate() throws(GeometryError) {
        for a in 0..<3 {
            guard size[a] > 0 else { throw .invalid("dimension \(a) is \(size[a])") }
            guard spacing[a].isFinite, spacing[a] > 0 else { throw .invalid("spacing \(fmt(spacing)) is not positive and finite") }
            guard origin[a].isFinite else { throw .invalid("origin \(fmt(origin)) is not finite") }
        }
        guard direction.count == 9, direction.allSatisfy(\.isFinite) else {
            throw .invalid("direction matrix \(direction) is not finite")
        }
        for a in 0..<3 {
            let n = (axis(a) * axis(a)).sum()
            guard abs(n - 1) < 1e-3 else { throw .invalid("direction matrix column \(a) is not a unit vector") }
        }
    }
}

public enum GeometryError: Error, Sendable {
    case invalid(String)
}

@inline(__always) func abs(_ v: SIMD3<Double>) -> SIMD3<Double> {
    SIMD3(Swift.abs(v.x), Swift.abs(v.y), Swift.abs(v.z))
}

func fmt(_ v: SIMD3<Double>) -> String {
    "(\(shortNumber(v.x)), \(shortNumber(v.y)), \(shortNumber(v.z)))"
}

func shortNumber(_ x: Double) -> String {
    if x == x.rounded(), Swift.abs(x) < 1e15 { return String(Int(x)) }
    return String(x)
}
