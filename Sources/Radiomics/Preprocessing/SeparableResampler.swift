import Foundation

/// One axis of a separable resampling on an `InterpolationGrid`: output sample p reads
/// `taps` source samples (indices relative to `sourceLower`) with fixed weights.
///
/// Nearest, linear and cubic B-spline interpolation on a grid with the original axes are
/// tensor products of 1D kernels, so resampling one axis after the other gives the 3D result
/// (up to floating-point summation order) at a fraction of the cost.
struct AxisKernel: Sendable {
    var sourceLower: Int
    var sourceCount: Int
    var outCount: Int
    var taps: Int
    var index: [Int]
    var weight: [Double]
    /// Cubic B-spline: the source lines are turned into spline coefficients first.
    var prefilter: Bool
    /// The prefilter's reciprocal pivots for lines of `sourceCount` samples (empty without prefilter).
    var pivots: [Double] = []

    /// Extra original voxels read on each side of a cubic-spline kernel's support. The spline
    /// prefilter is an IIR filter whose influence decays as (2 − √3)^d ≈ 0.268^d; at d = 24 it
    /// is ≈ 2·10⁻¹⁴, so cropping the source there leaves the result unchanged in practice.
    static let splineMargin = 24
    /// Edge copies added on each side of a line before the spline prefilter (scipy's `npad`).
    static let splinePadding = 12

    /// The kernel of `axis` for output indices `outLower...outUpper` of `grid.target`.
    /// Out-of-grid positions take the nearest edge value. Source indices may fall outside the
    /// image (by up to `splinePadding`): they read the nearest edge voxel.
    static func make(_ interpolator: ExtractionSettings.Interpolator, grid: InterpolationGrid, axis: Int,
                     outLower: Int, outUpper: Int) -> AxisKernel {
        let outCount = outUpper - outLower + 1
        if grid.identityAxes[axis] {
            return AxisKernel(sourceLower: outLower, sourceCount: outCount, outCount: outCount, taps: 1,
                              index: Array(0..<outCount), weight: Array(repeating: 1, count: outCount), prefilter: false)
        }
        let n = grid.source.size[axis]
        let taps: Int
        switch interpolator {
        case .nearest: taps = 1
        case .linear: taps = 2
        case .cubicSpline, .bspline: taps = 4
        }
        var index = [Int](repeating: 0, count: outCount * taps)
        var weight = [Double](repeating: 0, count: outCount * taps)
        // Cubic spline: the line is padded with `splinePadding` copies of its edge values, the
        // padded line is prefiltered with a mirror (half-sample symmetric) boundary, and the spline
        // is evaluated at the unclamped coordinate (scipy ≥ 1.6 map_coordinates, mode "nearest").
        let first = -splinePadding, last = n - 1 + splinePadding
        @inline(__always) func reflect(_ j: Int) -> Int {
            var j = j
            if j < first { j = 2 * first - 1 - j }
            if j > last { j = 2 * last + 1 - j }
            return Swift.min(Swift.max(j, first), last)
        }
        for q in 0..<outCount {
            let coordinate = grid.coordinate(outLower + q, axis: axis)
            let t = Swift.min(Swift.max(coordinate, 0), Double(n - 1))
            let i = Int(t.rounded(.down))
            let f = t - Double(i)
            let base = q * taps
            switch interpolator {
            case .nearest:
                index[base] = Swift.min(Int((t + 0.5).rounded(.down)), n - 1)
                weight[base] = 1
            case .linear:
                index[base] = i
                index[base + 1] = Swift.min(i + 1, n - 1)
                weight[base] = 1 - f
                weight[base + 1] = f
            case .cubicSpline, .bspline:
                let u = Swift.min(Swift.max(coordinate, Double(first)), Double(last))
                let iu = Int(u.rounded(.down))
                let f = u - Double(iu)
                // Cubic B-spline basis β³ at distances 1 + f, f, 1 − f, 2 − f.
                let f2 = f * f, f3 = f2 * f, g = 1 - f
                let w: [Double] = [g * g * g / 6, (4 - 6 * f2 + 3 * f3) / 6, (1 + 3 * f + 3 * f2 - 3 * f3) / 6, f3 / 6]
                for t in 0..<4 {
                    index[base + t] = reflect(iu - 1 + t)
                    weight[base + t] = w[t]
                }
            }
        }
        var lo = index.min()!, hi = index.max()!
        let prefilter = taps == 4
        if prefilter {
            lo = Swift.max(first, lo - splineMargin)
            hi = Swift.min(last, hi + splineMargin)
        }
        for m in index.indices { index[m] -= lo }
        return AxisKernel(sourceLower: lo, sourceCount: hi - lo + 1, outCount: outCount, taps: taps,
                          index: index, weight: weight, prefilter: prefilter,
                          pivots: prefilter ? BSplinePrefilter.pivots(hi - lo + 1) : [])
    }
}


enum SeparableResampler {
    /// Resamples `volume` along x, then y, then z.
    /// - Returns: the samples, x fastest, of size (kernels[0].outCount, kernels[1].outCount, kernels[2].outCount).
    static func resample<T: ResamplableVoxel>(_ volume: Volume<T>, kernels: [AxisKernel]) -> [Double] {
        let (kx, ky, kz) = (kernels[0], kernels[1], kernels[2])
        let (nx, ny, nz) = (kx.sourceCount, ky.sourceCount, kz.sourceCount)
        let size = volume.size
        // x: groups of `group` source lines (indices clamped to the image: edge padding) are
        // read interleaved into a per-worker buffer, so prefilter and sampling run across lines
        // (vectorisable) instead of along one line; the source is never copied whole.
        let mx = kx.outCount, group = 8
        var afterX = [Double](repeating: 0, count: mx * ny * nz)
        volume.voxels.withUnsafeBufferPointer { v in
            afterX.withUnsafeMutableBufferPointer { dst in
                let shared = UncheckedSendable(v), d = SharedBuffer(base: dst.baseAddress!)
                let groups = (ny * nz + group - 1) / group
                parallelRanges(groups) { range in
                    let v = shared.value
                    let lines = UnsafeMutablePointer<Double>.allocate(capacity: nx * group)
                    let samples = UnsafeMutablePointer<Double>.allocate(capacity: mx * group)
                    defer { lines.deallocate(); samples.deallocate() }
                    for gIndex in range {
                        let first = gIndex * group, count = Swift.min(group, ny * nz - first)
                        for g in 0..<count {
                            let l = first + g, j = l % ny, k = l / ny
                            let y = Swift.min(Swift.max(ky.sourceLower + j, 0), size.y - 1)
                            let z = Swift.min(Swift.max(kz.sourceLower + k, 0), size.z - 1)
                            let row = size.x * (y + size.y * z)
                            // Edge padding only where the source range leaves the image.
                            let inside = Swift.max(0, -kx.sourceLower)..<Swift.min(nx, size.x - kx.sourceLower)
                            let left = v[row].resampledValue, right = v[row + size.x - 1].resampledValue
                            for i in 0..<inside.lowerBound { lines[i * group + g] = left }
                            for i in inside { lines[i * group + g] = v[row + kx.sourceLower + i].resampledValue }
                            for i in inside.upperBound..<nx { lines[i * group + g] = right }
                        }
                        if kx.prefilter { BSplinePrefilter.apply(lines, pivots: kx.pivots, stride: group, lanes: count) }
                        sample(kx, input: lines, inputStride: group, output: samples, outputStride: group, lanes: count)
                        for g in 0..<count {
                            let out = d.base + (first + g) * mx
                            for q in 0..<mx { out[q] = samples[q * group + g] }
                        }
                    }
                }
            }
        }
        // y: per slice, lanes are the mx samples of a row.
        let my = ky.outCount
        var afterY = [Double](repeating: 0, count: mx * my * nz)
        afterX.withUnsafeMutableBufferPointer { src in
            afterY.withUnsafeMutableBufferPointer { dst in
                let s = SharedBuffer(base: src.baseAddress!), d = SharedBuffer(base: dst.baseAddress!)
                parallelRanges(nz) { slices in
                    for k in slices {
                        let input = s.base + k * mx * ny
                        if ky.prefilter { BSplinePrefilter.apply(input, pivots: ky.pivots, stride: mx, lanes: mx) }
                        sample(ky, input: input, inputStride: mx, output: d.base + k * mx * my, outputStride: mx, lanes: mx)
                    }
                }
            }
        }
        afterX = []
        // z: lanes are the mx·my samples of a plane, split in chunks across workers.
        let plane = mx * my, mz = kz.outCount
        var out = [Double](repeating: 0, count: plane * mz)
        afterY.withUnsafeMutableBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let s = SharedBuffer(base: src.baseAddress!), d = SharedBuffer(base: dst.baseAddress!)
                parallelRanges(plane) { lanes in
                    let input = s.base + lanes.lowerBound
                    if kz.prefilter { BSplinePrefilter.apply(input, pivots: kz.pivots, stride: plane, lanes: lanes.count) }
                    sample(kz, input: input, inputStride: plane, output: d.base + lanes.lowerBound, outputStride: plane,
                           lanes: lanes.count)
                }
            }
        }
        return out
    }

    /// out(lane, q) = Σₜ w(q, t) · in(lane, index(q, t)), lanes contiguous.
    @inline(__always)
    private static func sample(_ k: AxisKernel, input: UnsafeMutablePointer<Double>, inputStride: Int,
                               output: UnsafeMutablePointer<Double>, outputStride: Int, lanes: Int) {
        k.index.withUnsafeBufferPointer { idx in
            k.weight.withUnsafeBufferPointer { w in
                for q in 0..<k.outCount {
                    let o = output + q * outputStride
                    let first = input + idx[q * k.taps] * inputStride
                    let w0 = w[q * k.taps]
                    for l in 0..<lanes { o[l] = w0 * first[l] }
                    for t in 1..<Swift.max(k.taps, 1) {
                        let wt = w[q * k.taps + t]
                        if wt == 0 { continue }
                        let row = input + idx[q * k.taps + t] * inputStride
                        for l in 0..<lanes { o[l] += wt * row[l] }
                    }
                }
            }
        }
    }
}

/// Cubic B-spline interpolation coefficients (Unser's direct B-spline transform) with a
/// half-sample symmetric boundary (x₋₁ = x₀, as scipy's prefilter for mode "nearest"/"reflect"):
/// solves (c[k−1] + 4c[k] + c[k+1])/6 = x[k] with c[−1] = c[0] and c[n] = c[n−1] exactly, by the
/// Thomas algorithm on the tridiagonal system.
enum BSplinePrefilter {
    /// Reciprocal pivots 1/m_i of the Thomas algorithm for lines of `n` samples.
    static func pivots(_ n: Int) -> [Double] {
        guard n > 1 else { return [1] }
        var inv = [Double](repeating: 0, count: n)
        var previous = 0.0
        for i in 0..<n {
            let diagonal: Double = (i == 0 || i == n - 1) ? 5 : 4
            inv[i] = 1 / (diagonal - previous)
            previous = inv[i]
        }
        return inv
    }

    /// Transforms `lanes` interleaved lines of `pivots.count` samples in place; sample i of lane
    /// l is at `base[l + i·stride]`.
    static func apply(_ base: UnsafeMutablePointer<Double>, pivots inv: [Double], stride step: Int, lanes: Int) {
        let n = inv.count
        guard n > 1 else { return }
        inv.withUnsafeBufferPointer { inv in
            // Forward sweep: d[i] = (6x[i] − d[i−1]) / m[i].
            for l in 0..<lanes { base[l] = 6 * base[l] * inv[0] }
            for i in 1..<n {
                let row = base + i * step, above = base + (i - 1) * step, r = inv[i]
                for l in 0..<lanes { row[l] = (6 * row[l] - above[l]) * r }
            }
            // Back substitution: c[i] = d[i] − c[i+1] / m[i].
            for i in Swift.stride(from: n - 2, through: 0, by: -1) {
                let row = base + i * step, below = base + (i + 1) * step, r = inv[i]
                for l in 0..<lanes { row[l] -= r * below[l] }
            }
        }
    }
}

/// Runs `body` on contiguous chunks of 0..<count, on every core. Each chunk is processed the
/// same way whatever the thread count, so results do not depend on it.
func parallelRanges(_ count: Int, _ body: (Range<Int>) -> Void) {
    guard count > 0 else { return }
    let workers = Swift.min(Parallel.threadCount, count)
    if workers <= 1 { body(0..<count); return }
    let chunks = Swift.min(count, workers * 4)
    withoutActuallyEscaping(body) { body in
        let run = UncheckedSendable(body)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            let lo = count * c / chunks, hi = count * (c + 1) / chunks
            if lo < hi { run.value(lo..<hi) }
        }
    }
}


/// A voxel type the resampler reads as a Double: intensities as they are, masks as 0 or 1.
protocol ResamplableVoxel: Sendable {
    var resampledValue: Double { get }
}

extension Float: ResamplableVoxel {
    @inline(__always) var resampledValue: Double { Double(self) }
}

extension UInt8: ResamplableVoxel {
    @inline(__always) var resampledValue: Double { self != 0 ? 1 : 0 }
}
