import Foundation

/// Turns `Region`s and a `RegionPlan` into masks on the image grid. ROI names are read from the
/// case's mask file (each at most once), `.file` masks from their own files; both must lie on the
/// image grid.
public struct RegionBuilder {
    public let image: ImageVolume
    public let imagePath: String?
    public let maskPath: String
    public let options: ReadOptions
    private var read: [String: MaskVolume] = [:]
    private var labelMap: NIfTIReader.LabelMap?
    private var labelsPresent: Set<Int> = []

    /// `known`: the ROIs already read with the image (by name), so they are not read again.
    public init(image: ImageVolume, imagePath: String?, maskPath: String, options: ReadOptions = ReadOptions(), known: [NamedMask] = []) {
        self.image = image
        self.imagePath = imagePath
        self.maskPath = maskPath
        self.options = options
        for m in known { read[m.name] = m.mask }
    }

    private var geometry: Geometry { image.geometry }

    /// The regions `plan` asks for: its named regions (else `rois`, the ROIs selected as usual),
    /// each replaced by its ring with `--ring`, then split into components with `--components`.
    public mutating func apply(_ plan: RegionPlan, to rois: [NamedMask]) throws(RadiomicsError) -> [NamedMask] {
        var out: [NamedMask] = []
        if plan.named.isEmpty {
            out = rois
        } else {
            for r in plan.named {
                do throws(RadiomicsError) {
                    out.append(NamedMask(name: r.name, label: nil, mask: try mask(r.region)))
                } catch {
                    throw RadiomicsError(error.kind, file: error.file, "region '\(r.name)': " + error.message)
                }
            }
        }
        if let bounds = plan.ring {
            var within: MaskVolume?
            if let r = plan.ringWithin {
                do throws(RadiomicsError) { within = try mask(r) } catch {
                    throw RadiomicsError(error.kind, file: error.file, "--ring-within: " + error.message)
                }
            }
            out = out.map { m in
                var ring = Self.ring(of: m.mask, bounds)
                if let within { ring = Self.combine(ring, within) { $0 & $1 } }
                if let range = plan.ringRange { ring = intensityRange(range, in: ring) }
                return NamedMask(name: m.name + "." + bounds.suffix, label: nil, mask: ring)
            }
        }
        if plan.components {
            out = out.flatMap { m in
                let parts = Components.split(m.mask, minimumVoxels: plan.minComponentVoxels)
                // No component large enough: one empty region, so the row reports it.
                guard !parts.isEmpty else { return [NamedMask(name: m.name + ".c1", label: nil, mask: MaskVolume(geometry: m.mask.geometry, repeating: 0))] }
                return parts.enumerated().map { n, c in NamedMask(name: "\(m.name).c\(n + 1)", label: nil, mask: c) }
            }
        }
        return out
    }

    /// The mask of `region` on the image grid (possibly empty).
    public mutating func mask(_ region: Region) throws(RadiomicsError) -> MaskVolume {
        switch region {
        case .roi(let name): return try roi(name)
        case .file(let path):
            let masks = try MaskIO.readMasks(path, image: geometry, selection: .all, options: plainOptions, imageSource: imagePath)
            var union = MaskVolume(geometry: geometry, repeating: 0)
            for m in masks { union = Self.combine(union, m.mask) { $0 | $1 } }
            return union
        case .union(let list):
            var union = MaskVolume(geometry: geometry, repeating: 0)
            for r in list { union = Self.combine(union, try mask(r)) { $0 | $1 } }
            return union
        case .difference(let a, let b): return Self.combine(try mask(a), try mask(b)) { $0 & ~$1 & 1 }
        case .intersection(let a, let b): return Self.combine(try mask(a), try mask(b)) { $0 & $1 }
        case .ring(let ring): return Self.ring(of: try mask(ring.of), RingBounds(lower: ring.lower, upper: ring.upper))
        case .intensity(let lower, let upper): return intensityRange(lower...upper, in: MaskVolume(geometry: geometry, repeating: 1))
        }
    }

    /// Label maps and masks are 3D: a 4D image's `--volume` and DICOM `--series` are the image's.
    private var plainOptions: ReadOptions {
        var o = options
        o.series = nil
        o.volumeIndex = nil
        return o
    }

    /// One ROI of the case's mask file: a label map is read once for all its labels. A label or
    /// ROI the file lacks is a usage error (a typo in the command or config), listing those present.
    private mutating func roi(_ name: String) throws(RadiomicsError) -> MaskVolume {
        if let m = read[name] { return m }
        let format = try FileFormat.detect(maskPath)
        let m: MaskVolume
        if format == .nifti || format == .nrrd {
            guard let n = Int(name), n >= 0 else {
                throw RadiomicsError(.usage, file: maskPath, "is a label map: '\(name)' is not a label number")
            }
            if labelMap == nil {
                // Bytes where the file holds them (a quarter of the memory of floats).
                let labels = format == .nifti ? try NIfTIReader.readLabelMap(maskPath, limits: options.limits)
                                              : .floats(try ImageIO.readImage(maskPath, options: plainOptions))
                let grid: Geometry
                switch labels {
                case .bytes(let v):
                    grid = v.geometry
                    var seen = [Bool](repeating: false, count: 256)
                    for x in v.voxels { seen[Int(x)] = true }
                    labelsPresent = Set((1..<256).filter { seen[$0] })
                case .floats(let v):
                    grid = v.geometry
                    labelsPresent = Set(v.voxels.lazy.filter { $0 != 0 && $0 == $0.rounded() && Swift.abs($0) <= Float(Int32.max) }.map { Int($0) })
                }
                if let why = grid.mismatch(with: geometry, names: ("mask", "image")) {
                    throw .badInput(maskPath, "mask grid does not match the image: \(why)")
                }
                labelMap = labels
            }
            guard labelsPresent.contains(n) else {
                let listing = labelsPresent.isEmpty ? "the mask is empty" : "labels present: " + labelsPresent.sorted().map(String.init).joined(separator: ", ")
                throw RadiomicsError(.usage, file: maskPath, "label \(n) is absent (\(listing))")
            }
            switch labelMap! {
            case .bytes(let v): m = try MaskIO.selectLabels(v, selection: .label(n), file: maskPath)[0].mask
            case .floats(let v): m = try MaskIO.selectLabels(v, selection: .label(n), file: maskPath)[0].mask
            }
        } else {
            do throws(RadiomicsError) {
                m = try MaskIO.readMasks(maskPath, image: geometry, selection: .roi(name), options: plainOptions, imageSource: imagePath)[0].mask
            } catch where error.kind == .badInput && (error.message.hasPrefix("no ROI named") || error.message.hasPrefix("no segment numbered")) {
                throw RadiomicsError(.usage, file: error.file, error.message)
            }
        }
        read[name] = m
        return m
    }

    /// `mask` ∩ {voxels whose intensity lies in `range`}.
    private func intensityRange(_ range: ClosedRange<Double>, in mask: MaskVolume) -> MaskVolume {
        var out = mask
        for n in out.voxels.indices where out.voxels[n] != 0 && !range.contains(Double(image.voxels[n])) { out.voxels[n] = 0 }
        return out
    }

    static func combine(_ a: MaskVolume, _ b: MaskVolume, _ op: (UInt8, UInt8) -> UInt8) -> MaskVolume {
        var out = a
        for n in out.voxels.indices { out.voxels[n] = op(a.voxels[n] != 0 ? 1 : 0, b.voxels[n] != 0 ? 1 : 0) }
        return out
    }

    /// The voxels of `mask`'s grid whose signed distance to `mask` lies in (lower, upper].
    ///
    /// Computed on the ROI's box grown by the ring's reach plus one voxel (clamped to the grid):
    /// every voxel within `upper` mm of the ROI lies in it, and so does the nearest outside voxel
    /// of every ROI voxel, so the box changes no distance that decides membership.
    public static func ring(of mask: MaskVolume, _ bounds: RingBounds) -> MaskVolume {
        var out = MaskVolume(geometry: mask.geometry, repeating: 0)
        guard let roiBox = mask.boundingBox else { return out }
        let g = mask.geometry
        let reach = Swift.max(bounds.upper, 0)
        var grow = SIMD3<Int>.zero
        for a in 0..<3 { grow[a] = Int((reach / g.spacing[a]).rounded(.up)) + 1 }
        let box = IndexBox(lower: pointwiseMax(roiBox.lower &- grow, .zero),
                           upper: pointwiseMin(roiBox.upper &+ grow, g.size &- 1))
        let roi = mask.cropped(to: box)
        let inside = roi.voxels.map { $0 != 0 }
        let outside = bounds.upper > 0 ? DistanceTransform.squared(sites: inside, size: box.size, spacing: g.spacing) : nil
        let rim = bounds.lower < 0 ? DistanceTransform.squared(sites: inside.map { !$0 }, size: box.size, spacing: g.spacing) : nil
        var t = 0
        for k in box.lower.z...box.upper.z {
            for j in box.lower.y...box.upper.y {
                let row = mask.linearIndex(0, j, k)
                for i in box.lower.x...box.upper.x {
                    // No `rim` means A ≥ 0 (no ROI voxel in the ring), no `outside` B ≤ 0: ±∞ keeps them out.
                    let d = inside[t] ? -(rim?[t] ?? .infinity).squareRoot() : (outside?[t] ?? .infinity).squareRoot()
                    if d > bounds.lower, d <= bounds.upper { out.voxels[row + i] = 1 }
                    t += 1
                }
            }
        }
        return out
    }
}
