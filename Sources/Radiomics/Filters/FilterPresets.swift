import Foundation

/// A named filter configuration: the IBSI 2 phase 1 tests (`ibsi2-1.a.1` … `ibsi2-10.b.2`) and the
/// filter part of the phase 2 configurations (`ibsi2-phase2-1.A` … `ibsi2-phase2-9.B`), as in
/// Fixtures/ibsi/ibsi2/config.md.
public struct FilterPreset: Sendable, Equatable {
    public var id: String
    public var summary: String
    /// Phase 1: the digital phantom the test filters. Phase 2: "ct_phantom".
    public var phantom: String
    /// Nil when the test's parameters are not known (9.b.2, 10.b.2); `unavailableReason` says why.
    public var spec: FilterSpec?
    public var unavailableReason: String?
}

public enum FilterPresets {
    public static func named(_ id: String) -> FilterPreset? { all.first { $0.id == id } }

    public static let all: [FilterPreset] = phase1 + phase2

    private static func p(_ id: String, _ phantom: String, _ summary: String, _ spec: FilterSpec) -> FilterPreset {
        FilterPreset(id: "ibsi2-" + id, summary: summary, phantom: phantom, spec: spec, unavailableReason: nil)
    }

    static let phase1: [FilterPreset] = {
        let step4 = Double.pi / 4, step8 = Double.pi / 8
        var out: [FilterPreset] = []
        for (n, mode) in [BoundaryMode.zero, .nearest, .periodic, .mirror].enumerated() {
            out.append(p("1.a.\(n + 1)", "checkerboard", "mean, support 15, 3D, \(mode.rawValue) padding",
                         .mean(support: 15, dimension: .threeD, padding: mode)))
        }
        out += [
            p("1.b.1", "impulse", "mean, support 15, 2D, zero padding", .mean(support: 15, dimension: .twoD, padding: .zero)),
            p("2.a", "impulse", "LoG σ 3 mm, 3D, zero padding", .laplacianOfGaussian(sigma: 3, truncate: 4, dimension: .threeD, padding: .zero)),
            p("2.b", "checkerboard", "LoG σ 5 mm, 3D, mirror padding", .laplacianOfGaussian(sigma: 5, truncate: 4, dimension: .threeD, padding: .mirror)),
            p("2.c", "checkerboard", "LoG σ 5 mm, 2D, mirror padding", .laplacianOfGaussian(sigma: 5, truncate: 4, dimension: .twoD, padding: .mirror)),
        ]
        for (letter, phantom, kernel, dim, mode) in [("a", "impulse", "E5L5S5", FilterDimension.threeD, BoundaryMode.zero),
                                                     ("b", "checkerboard", "E3W5R5", .threeD, .mirror),
                                                     ("c", "checkerboard", "L5S5", .twoD, .mirror)] {
            out.append(p("3.\(letter).1", phantom, "Laws \(kernel), \(dim.rawValue), \(mode.rawValue)",
                         .laws(kernel: kernel, dimension: dim, padding: mode, pooling: nil, energyDistance: nil)))
            out.append(p("3.\(letter).2", phantom, "Laws \(kernel), \(dim.rawValue), \(mode.rawValue), invariant (max)",
                         .laws(kernel: kernel, dimension: dim, padding: mode, pooling: .max, energyDistance: nil)))
            out.append(p("3.\(letter).3", phantom, "Laws \(kernel), \(dim.rawValue), \(mode.rawValue), invariant (max), energy δ 7",
                         .laws(kernel: kernel, dimension: dim, padding: mode, pooling: .max, energyDistance: 7)))
        }
        out += [
            p("4.a.1", "impulse", "Gabor σ 10 mm, λ 4 mm, γ 1/2, θ π/3, 2D, zero",
              .gabor(sigma: 10, lambda: 4, gamma: 0.5, theta: Double.pi / 3, thetaStep: nil, dimension: .twoD, padding: .zero)),
            p("4.a.2", "impulse", "Gabor σ 10 mm, λ 4 mm, γ 1/2, θ step π/4, 3 planes, zero",
              .gabor(sigma: 10, lambda: 4, gamma: 0.5, theta: 0, thetaStep: step4, dimension: .threeD, padding: .zero)),
            p("4.b.1", "sphere", "Gabor σ 20 mm, λ 8 mm, γ 5/2, θ 5π/4, 2D, mirror",
              .gabor(sigma: 20, lambda: 8, gamma: 2.5, theta: 5 * Double.pi / 4, thetaStep: nil, dimension: .twoD, padding: .mirror)),
            p("4.b.2", "sphere", "Gabor σ 20 mm, λ 8 mm, γ 5/2, θ step π/8, 3 planes, mirror",
              .gabor(sigma: 20, lambda: 8, gamma: 2.5, theta: 0, thetaStep: step8, dimension: .threeD, padding: .mirror)),
            p("5.a.1", "impulse", "db2 LHL level 1, zero", .wavelet(family: .db2, band: "LHL", level: 1, invariant: false, padding: .zero)),
            p("5.a.2", "impulse", "db2 LHL level 1, invariant, zero", .wavelet(family: .db2, band: "LHL", level: 1, invariant: true, padding: .zero)),
            p("6.a.1", "sphere", "coif1 HHL level 1, periodic", .wavelet(family: .coif1, band: "HHL", level: 1, invariant: false, padding: .periodic)),
            p("6.a.2", "sphere", "coif1 HHL level 1, invariant, periodic", .wavelet(family: .coif1, band: "HHL", level: 1, invariant: true, padding: .periodic)),
            p("7.a.1", "checkerboard", "Haar LLL level 2, invariant, mirror", .wavelet(family: .haar, band: "LLL", level: 2, invariant: true, padding: .mirror)),
            p("7.a.2", "checkerboard", "Haar HHH level 2, invariant, mirror", .wavelet(family: .haar, band: "HHH", level: 2, invariant: true, padding: .mirror)),
        ]
        for l in 1...3 {
            out.append(p("8.a.\(l)", "checkerboard", "Simoncelli level \(l), 3D, periodic", .simoncelli(level: l, dimension: .threeD, padding: .periodic)))
        }
        out += [
            p("9.a", "impulse", "Riesz (1,0,0) of LoG σ 3 mm, zero", .rieszLoG(sigma: 3, truncate: 4, order: [1, 0, 0], padding: .zero)),
            p("9.b.1", "sphere", "Riesz (0,2,0) of LoG σ 3 mm, zero", .rieszLoG(sigma: 3, truncate: 4, order: [0, 2, 0], padding: .zero)),
            FilterPreset(id: "ibsi2-9.b.2", summary: "aligned (steered) Riesz of LoG σ 3 mm, zero", phantom: "sphere", spec: nil,
                         unavailableReason: "IBSI 2 test 9.b.2 (aligned Riesz-LoG) is not defined by any available source: the structure-tensor σ, the gradient feeding it, the eigenvector and the output sign are unknown (config.md); no reference map exists"),
            p("10.a", "impulse", "Riesz (1,0,0) of Simoncelli level 1, zero", .rieszSimoncelli(level: 1, order: [1, 0, 0], padding: .zero)),
            p("10.b.1", "pattern_1", "Riesz (0,2,0) of Simoncelli level 1, nearest", .rieszSimoncelli(level: 1, order: [0, 2, 0], padding: .nearest)),
            FilterPreset(id: "ibsi2-10.b.2", summary: "aligned (steered) Riesz of Simoncelli level 1, nearest", phantom: "pattern_1", spec: nil,
                         unavailableReason: "IBSI 2 test 10.b.2 (aligned Riesz-Simoncelli) is not defined by any available source: the structure-tensor σ, the gradient feeding it, the eigenvector and the output sign are unknown (config.md); no reference map exists"),
        ]
        return out
    }()

    /// Filter parts of phase 2. "A": 2D (axial) on the original 0.977 × 0.977 × 3 mm grid;
    /// "B": 3D after resampling to 1 mm. Mirror padding (Simoncelli: periodic), whole image
    /// filtered, then masked.
    static let phase2: [FilterPreset] = {
        var out: [FilterPreset] = []
        func add(_ n: Int, _ summary: String, _ a: FilterSpec, _ b: FilterSpec) {
            out.append(FilterPreset(id: "ibsi2-phase2-\(n).A", summary: summary + " (2D, no interpolation)", phantom: "ct_phantom", spec: a, unavailableReason: nil))
            out.append(FilterPreset(id: "ibsi2-phase2-\(n).B", summary: summary + " (3D, 1 mm tricubic)", phantom: "ct_phantom", spec: b, unavailableReason: nil))
        }
        add(1, "unfiltered", .original, .original)
        add(2, "mean, support 5", .mean(support: 5, dimension: .twoD, padding: .mirror), .mean(support: 5, dimension: .threeD, padding: .mirror))
        add(3, "LoG σ 1.5 mm", .laplacianOfGaussian(sigma: 1.5, truncate: 4, dimension: .twoD, padding: .mirror),
            .laplacianOfGaussian(sigma: 1.5, truncate: 4, dimension: .threeD, padding: .mirror))
        add(4, "Laws L5E5 / L5E5E5, invariant (max), energy δ 7",
            .laws(kernel: "L5E5", dimension: .twoD, padding: .mirror, pooling: .max, energyDistance: 7),
            .laws(kernel: "L5E5E5", dimension: .threeD, padding: .mirror, pooling: .max, energyDistance: 7))
        add(5, "Gabor σ 5 mm, λ 2 mm, γ 3/2, θ step π/8, average",
            .gabor(sigma: 5, lambda: 2, gamma: 1.5, theta: 0, thetaStep: Double.pi / 8, dimension: .twoD, padding: .mirror),
            .gabor(sigma: 5, lambda: 2, gamma: 1.5, theta: 0, thetaStep: Double.pi / 8, dimension: .threeD, padding: .mirror))
        add(6, "db3 LH / LLH level 1, invariant",
            .wavelet(family: .db3, band: "LH", level: 1, invariant: true, padding: .mirror),
            .wavelet(family: .db3, band: "LLH", level: 1, invariant: true, padding: .mirror))
        add(7, "db3 HH / HHH level 2, invariant",
            .wavelet(family: .db3, band: "HH", level: 2, invariant: true, padding: .mirror),
            .wavelet(family: .db3, band: "HHH", level: 2, invariant: true, padding: .mirror))
        // Simoncelli: the FFT's own periodic boundary, not mirror. MIRP, whose values are the
        // consensus, never pads for its Fourier-domain wavelets (`FilterSet(pad_image=False)` in
        // mirp/_imagefilters/nonseparable_wavelet.py, boundary mode unused); mirror padding
        // misses 8.A stat_qcod (−385 against −441 ± 29) and 9.B stat_median.
        add(8, "Simoncelli level 1", .simoncelli(level: 1, dimension: .twoD, padding: .periodic), .simoncelli(level: 1, dimension: .threeD, padding: .periodic))
        add(9, "Simoncelli level 2", .simoncelli(level: 2, dimension: .twoD, padding: .periodic), .simoncelli(level: 2, dimension: .threeD, padding: .periodic))
        return out
    }()
}
