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

    /// Size of the grid in the rotated frame, and for each rotated axis the signed step and the
    /// start offset of the matching walk through the original grid.
    private func walk(_ size: SIMD3<Int>) -> (outSize: SIMD3<Int>, step: SIMD3<Int>, start: Int) {
        let inStride = SIMD3(1, size.x, size.x * size.y)
        var outSize = SIMD3<Int>(0, 0, 0), step = SIMD3<Int>(0, 0, 0), start = 0
        for d in 0..<3 {
            outSize[d] = size[perm[d]]
            let s = inStride[perm[d]]
            if flip[d] { start += (outSize[d] - 1) * s; step[d] = -s } else { step[d] = s }
        }
        return (outSize, step, start)
    }

    /// The grid seen in the rotated frame.
    func rotate(_ g: FilterGrid) -> FilterGrid {
        let (outSize, step, start) = walk(g.size)
        let outSpacing = SIMD3(g.spacing[perm[0]], g.spacing[perm[1]], g.spacing[perm[2]])
        var out = [Double](repeating: 0, count: g.count)
        g.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var n = 0
                for o2 in 0..<outSize.z {
                    for o1 in 0..<outSize.y {
                        var p = start + o2 * step.z + o1 * step.y
                        for _ in 0..<outSize.x { dst[n] = src[p]; p += step.x; n += 1 }
                    }
                }
            }
        }
        return FilterGrid(size: outSize, spacing: outSpacing, data: out)
    }

    /// Undoes `rotate`: `g` is in the rotated frame, the result in the original one.
    func unrotate(_ g: FilterGrid) -> FilterGrid {
        var size = SIMD3<Int>(0, 0, 0), spacing = SIMD3<Double>(0, 0, 0)
        for d in 0..<3 { size[perm[d]] = g.size[d]; spacing[perm[d]] = g.spacing[d] }
        let (outSize, step, start) = walk(size)
        var out = [Double](repeating: 0, count: g.count)
        g.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                var n = 0
                for o2 in 0..<outSize.z {
                    for o1 in 0..<outSize.y {
                        var p = start + o2 * step.z + o1 * step.y
                        for _ in 0..<outSize.x { dst[p] = src[n]; p += step.x; n += 1 }
                    }
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
