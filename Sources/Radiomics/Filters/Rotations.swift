/// A right-angle rotation of the voxel grid: output axis d reads input axis `perm[d]`,
/// reversed when `flip[d]`. Only proper rotations (determinant +1) are generated.
struct RightAngleRotation: Sendable, Equatable {
    var perm: [Int]
    var flip: [Bool]

    /// The 24 rotations of the cube, identity first, in a fixed order.
    static let all3D: [RightAngleRotation] = {
        let perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]]
        let parity = [1, -1, -1, 1, 1, -1]
        var out: [RightAngleRotation] = []
        for (p, s) in zip(perms, parity) {
            for bits in 0..<8 {
                let flip = (0..<3).map { bits >> $0 & 1 == 1 }
                let sign = flip.reduce(s) { $1 ? -$0 : $0 }
                if sign == 1 { out.append(RightAngleRotation(perm: p, flip: flip)) }
            }
        }
        return out
    }()

    /// The 4 in-plane rotations about the k axis.
    static let inPlane: [RightAngleRotation] = [
        RightAngleRotation(perm: [0, 1, 2], flip: [false, false, false]),
        RightAngleRotation(perm: [1, 0, 2], flip: [true, false, false]),
        RightAngleRotation(perm: [0, 1, 2], flip: [true, true, false]),
        RightAngleRotation(perm: [1, 0, 2], flip: [false, true, false]),
    ]

    static func set(for dimension: FilterDimension) -> [RightAngleRotation] {
        dimension == .twoD ? inPlane : all3D
    }

    /// The grid seen in the rotated frame.
    func rotate(_ g: FilterGrid) -> FilterGrid {
        let outSize = SIMD3(g.size[perm[0]], g.size[perm[1]], g.size[perm[2]])
        let outSpacing = SIMD3(g.spacing[perm[0]], g.spacing[perm[1]], g.spacing[perm[2]])
        var out = [Double](repeating: 0, count: g.count)
        var inIdx = [0, 0, 0]
        var n = 0
        for o2 in 0..<outSize.z {
            for o1 in 0..<outSize.y {
                for o0 in 0..<outSize.x {
                    let o = [o0, o1, o2]
                    for d in 0..<3 { inIdx[perm[d]] = flip[d] ? outSize[d] - 1 - o[d] : o[d] }
                    out[n] = g.data[inIdx[0] + g.size.x * (inIdx[1] + g.size.y * inIdx[2])]
                    n += 1
                }
            }
        }
        return FilterGrid(size: outSize, spacing: outSpacing, data: out)
    }

    /// Undoes `rotate`: `g` is in the rotated frame, the result in the original one.
    func unrotate(_ g: FilterGrid) -> FilterGrid {
        var size = SIMD3<Int>(0, 0, 0), spacing = SIMD3<Double>(0, 0, 0)
        for d in 0..<3 { size[perm[d]] = g.size[d]; spacing[perm[d]] = g.spacing[d] }
        var out = [Double](repeating: 0, count: g.count)
        var n = 0
        for i2 in 0..<size.z {
            for i1 in 0..<size.y {
                for i0 in 0..<size.x {
                    let i = [i0, i1, i2]
                    var o = [0, 0, 0]
                    for d in 0..<3 { o[d] = flip[d] ? g.size[d] - 1 - i[perm[d]] : i[perm[d]] }
                    out[n] = g.data[o[0] + g.size.x * (o[1] + g.size.y * o[2])]
                    n += 1
                }
            }
        }
        return FilterGrid(size: size, spacing: spacing, data: out)
    }
}

/// Pooling over rotated responses.
public enum Pooling: String, Sendable, Codable, CaseIterable { case max, average }

/// Runs `filter` in every rotated frame, rotates each response back and pools them voxel-wise.
/// Equivalent to filtering with every rotated kernel.
func pooledOverRotations(_ g: FilterGrid, rotations: [RightAngleRotation], pooling: Pooling,
                         filter: (FilterGrid) -> FilterGrid) -> FilterGrid {
    var acc: FilterGrid? = nil
    for r in rotations {
        let response = r.unrotate(filter(r.rotate(g)))
        if let a = acc {
            acc = a.combined(with: response, pooling == .max ? { Swift.max($0, $1) } : { $0 + $1 })
        } else {
            acc = response
        }
    }
    let scale = 1.0 / Double(rotations.count)
    return pooling == .max ? acc! : acc!.map { $0 * scale }
}
