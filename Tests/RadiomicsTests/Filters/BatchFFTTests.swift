import XCTest
@testable import Radiomics

/// The FFT behind the Fourier filters (Simoncelli, Riesz): the batched mixed-radix plan, the
/// real-to-complex half spectrum, and the filter result against the plain complex transform.
final class BatchFFTTests: XCTestCase {
    /// Every radix path (4, 2, 3, 5, a generic prime, Bluestein for primes > 31) against the
    /// direct DFT, both directions, several columns at once.
    func testBatchPlanEqualsDirectDFT() {
        let columns = 3
        for n in [1, 2, 3, 4, 5, 7, 8, 12, 17, 30, 37, 60, 67, 97, 128, 197, 200] {
            for inverse in [false, true] {
                XCTAssertEqual(BatchFFTPlan.factors(n).reduce(1, *), n)
                let plan = BatchFFTPlan(n, inverse: inverse)
                var re = [Double](repeating: 0, count: n * columns), im = re
                for t in 0..<n { for c in 0..<columns { re[t * columns + c] = sin(Double(t * (c + 1)) * 0.7) + Double(t % 3); im[t * columns + c] = cos(Double(t + c) * 0.3) } }
                let (xr, xi) = (re, im)
                var sr = [Double](repeating: 0, count: plan.scratchCount(columns: columns)), si = sr
                re.withUnsafeMutableBufferPointer { a in im.withUnsafeMutableBufferPointer { b in
                    sr.withUnsafeMutableBufferPointer { c in si.withUnsafeMutableBufferPointer { d in
                        plan.run(a.baseAddress!, b.baseAddress!, c.baseAddress!, d.baseAddress!, columns: columns)
                    } }
                } }
                var worst = 0.0
                let sign = inverse ? 1.0 : -1.0
                for k in 0..<n {
                    for c in 0..<columns {
                        var dr = 0.0, di = 0.0
                        for t in 0..<n {
                            let a = sign * 2 * Double.pi * Double((k * t) % n) / Double(n)
                            let vr = xr[t * columns + c], vi = xi[t * columns + c]
                            dr += vr * cos(a) - vi * sin(a); di += vr * sin(a) + vi * cos(a)
                        }
                        worst = max(worst, abs(dr - re[k * columns + c]), abs(di - im[k * columns + c]))
                    }
                }
                XCTAssertLessThan(worst, 1e-10 * Double(n), "n = \(n), inverse \(inverse)")
            }
        }
    }

    /// The half spectrum of a real grid is the full DFT's k_i ≤ n_i/2 part, and `inverse` gives
    /// the grid back times the number of voxels transformed (odd and even sizes, 2D and 3D).
    func testHalfSpectrumEqualsFullTransformAndInverts() {
        for (size, axes) in [(SIMD3(7, 6, 5), [0, 1, 2]), (SIMD3(8, 9, 4), [0, 1, 2]), (SIMD3(10, 7, 3), [0, 1]), (SIMD3(1, 5, 4), [0, 1, 2])] {
            let count = size.x * size.y * size.z
            let data = (0..<count).map { sin(Double($0) * 0.37) + Double($0 % 5) }
            let g = FilterGrid(size: size, spacing: SIMD3(1, 1, 1), data: data)
            let half = HalfSpectrum(g, axes: axes)
            var full = ComplexGrid(real: g)
            full.transform(axes: axes, inverse: false)
            var worst = 0.0
            for k in 0..<size.z { for j in 0..<size.y { for i in 0..<half.half {
                let f = i + size.x * (j + size.y * k), h = i + half.half * (j + size.y * k)
                worst = max(worst, abs(full.re[f] - half.re[h]), abs(full.im[f] - half.im[h]))
            } } }
            XCTAssertLessThan(worst, 1e-9, "\(size)")
            let back = half.inverse()
            let n = Double(axes.reduce(1) { $0 * size[$1] })
            XCTAssertLessThan(zip(back, data).map { abs($0 / n - $1) }.max()!, 1e-10, "\(size)")
        }
    }

    /// The filter (Hermitian part of the transfer on the half spectrum) equals the real part of
    /// the plain complex route, ifft(H · fft(f)), including the centred Simoncelli grid of even
    /// lengths (not symmetric) and the complex Riesz transfer.
    func testFilterEqualsRealPartOfTheComplexRoute() {
        for (size, axes) in [(SIMD3(9, 8, 7), [0, 1, 2]), (SIMD3(12, 11, 3), [0, 1]), (SIMD3(6, 10, 8), [0, 1, 2])] {
            let count = size.x * size.y * size.z
            let g = FilterGrid(size: size, spacing: SIMD3(1, 1, 1), data: (0..<count).map { cos(Double($0) * 0.61) * Double($0 % 7) })
            let transfers: [(String, (SIMD3<Int>) -> FourierFilters.Transfer)] = [
                ("simoncelli", { FourierFilters.simoncelli(size: $0, axes: axes, level: 1) }),
                ("riesz", { FourierFilters.riesz(size: $0, axes: axes, order: axes.count == 3 ? [0, 1, 1] : [1, 0, 0]) }),
            ]
            for (name, transfer) in transfers {
                let fast = FourierFilters.apply(g, axes: axes, mode: .periodic, transfer: transfer)
                var c = ComplexGrid(real: g)
                c.transform(axes: axes, inverse: false)
                let h = transfer(size)
                for n in 0..<count {
                    let i = n % size.x, j = (n / size.x) % size.y, k = n / (size.x * size.y)
                    let t = h(i, j, k)
                    let r = c.re[n] * t.re - c.im[n] * t.im
                    c.im[n] = c.re[n] * t.im + c.im[n] * t.re
                    c.re[n] = r
                }
                c.transform(axes: axes, inverse: true)
                let worst = zip(fast.data, c.re).map { abs($0 - $1) }.max()!
                XCTAssertLessThan(worst, 1e-10, "\(name) \(size)")
                XCTAssertGreaterThan(fast.data.map(abs).max()!, 0.1, "\(name) \(size): a response, not zeros")
            }
        }
    }

    /// The Fourier filters give the same bits for 1 and 2 threads (grid sizes with Bluestein,
    /// generic-prime and odd row counts; mirror padding too).
    func testFourierFiltersAreBitIdenticalForAnyThreadCount() {
        let size = SIMD3(37, 34, 19)
        let count = size.x * size.y * size.z
        let image = ImageVolume(geometry: Geometry(size: size, spacing: SIMD3(1, 1, 2)),
                                voxels: (0..<count).map { Float(sin(Double($0) * 0.013) * 100 + Double($0 % 11)) })
        let specs: [FilterSpec] = [.simoncelli(level: 1, dimension: .threeD, padding: .periodic),
                                   .simoncelli(level: 2, dimension: .twoD, padding: .mirror),
                                   .rieszSimoncelli(level: 1, order: [0, 2, 0], padding: .nearest)]
        for spec in specs {
            let one = Parallel.$threadCountOverride.withValue(1) { try? apply(spec, to: image) }
            let two = Parallel.$threadCountOverride.withValue(2) { try? apply(spec, to: image) }
            XCTAssertNotNil(one)
            XCTAssertEqual(one?.voxels, two?.voxels, "\(spec.columnPrefix)")
        }
    }
}
