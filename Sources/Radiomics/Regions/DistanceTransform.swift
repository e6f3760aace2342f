/// Exact Euclidean distance transform on an anisotropic grid (Felzenszwalb & Huttenlocher 2012,
/// "Distance transforms of sampled functions"): one pass per axis, each the lower envelope of
/// parabolas `g(q) + s²(p − q)²`, so linear in the voxel count. Distances are between voxel
/// centres, in mm, with spacing `s` per axis.
///
/// Each pass works on independent lines (split into a fixed number of pieces), so the result is
/// identical for any thread count.
public enum DistanceTransform {
    /// Squared distance (mm²) from every voxel to the nearest voxel where `sites` is true;
    /// `.infinity` where there is none. `sites` is x-fastest, then y, then z, like `Volume`.
    /// The value at each voxel is ((sx²·dx²) + sy²·dy²) + sz²·dz² (in that order, rounded as
    /// written) for its nearest site (dx, dy, dz in voxels): a brute-force search gives the same bits.
    public static func squared(sites: [Bool], size: SIMD3<Int>, spacing: SIMD3<Double>) -> [Double] {
        precondition(sites.count == size.x * size.y * size.z, "sites do not match the size")
        var d = sites.map { $0 ? 0.0 : Double.infinity }
        guard !d.isEmpty else { return d }
        // Axis a: lines along a, `stride` apart in memory; the other two axes index the lines.
        let strides = SIMD3(1, size.x, size.x * size.y)
        for axis in 0..<3 {
            let n = size[axis], step = strides[axis]
            let (u, v) = axis == 0 ? (1, 2) : axis == 1 ? (0, 2) : (0, 1)
            let lines = size[u] * size[v]
            let s2 = spacing[axis] * spacing[axis]
            let pieces = Parallel.chunks(of: lines, size: Swift.max(1, 4096 / Swift.max(1, n)))
            d.withUnsafeMutableBufferPointer { buffer in
                let out = UncheckedSendable(buffer.baseAddress!)
                Parallel.forEach(count: pieces.count) { p in
                    var line = [Double](repeating: 0, count: n)
                    var scratch = Envelope(capacity: n)
                    for l in pieces[p] {
                        let start = (l % size[u]) * strides[u] + (l / size[u]) * strides[v]
                        for q in 0..<n { line[q] = out.value[start + q * step] }
                        scratch.transform(&line, spacingSquared: s2)
                        for q in 0..<n { out.value[start + q * step] = line[q] }
                    }
                }
            }
        }
        return d
    }

    /// The lower envelope of one line's parabolas, with its buffers kept between lines.
    private struct Envelope {
        var vertex: [Int]      // v: the sites whose parabolas form the envelope
        var boundary: [Double] // z: where parabola v[k] starts to be the lowest
        var value: [Double]

        init(capacity n: Int) {
            vertex = [Int](repeating: 0, count: n)
            boundary = [Double](repeating: 0, count: n + 1)
            value = [Double](repeating: 0, count: n)
        }

        /// f(p) ← min_q f(q) + s²(p − q)², over the finite f(q) only.
        mutating func transform(_ f: inout [Double], spacingSquared s2: Double) {
            let n = f.count
            var k = -1
            for q in 0..<n where f[q].isFinite {
                // Where the parabola of q meets that of the envelope's last site r:
                // z = ((f(q) + s²q²) − (f(r) + s²r²)) / (2 s² (q − r)).
                var z = 0.0
                while k >= 0 {
                    let r = vertex[k]
                    z = ((f[q] + s2 * Double(q * q)) - (f[r] + s2 * Double(r * r))) / (2 * s2 * Double(q - r))
                    if z <= boundary[k] { k -= 1 } else { break }
                }
                k += 1
                vertex[k] = q
                boundary[k] = k == 0 ? -.infinity : z
                boundary[k + 1] = .infinity
            }
            guard k >= 0 else { return }   // no site on this line: all stay infinite
            for q in 0..<n { value[q] = f[q] }
            var j = 0
            for p in 0..<n {
                while boundary[j + 1] < Double(p) { j += 1 }
                let r = vertex[j], dp = Double(p - r)
                f[p] = value[r] + s2 * (dp * dp)
            }
        }
    }
}
