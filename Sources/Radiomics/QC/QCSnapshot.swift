import Foundation

/// A QC picture of an image and its ROIs: axial, coronal and sagittal slices through the ROIs'
/// centroid, plus a zoom on the axial slice of largest ROI area; each ROI's contour in its own
/// colour with a legend, orientation letters, a scale bar in mm, the case id and voxel count.
public enum QCSnapshot {
    public struct Region: Sendable {
        public var name: String
        public var mask: MaskVolume
        public init(name: String, mask: MaskVolume) { self.name = name; self.mask = mask }
    }

    /// Contour colours, one per region in order (repeating after eight).
    public static let palette: [RGBCanvas.Colour] = [
        .init(255, 40, 40), .init(40, 230, 40), .init(60, 140, 255), .init(255, 220, 0),
        .init(255, 60, 255), .init(0, 230, 230), .init(255, 140, 0), .init(170, 110, 255),
    ]
    static let letterColour = RGBCanvas.Colour(255, 230, 90)
    static let gap = 10, textScale = 2, lineHeight = 18, panelSide = 320

    /// One panel: a view, the slice it shows, the index range along screen x and y, and mm per pixel.
    struct Panel {
        var title: String
        var view: QCView
        var slice: Int
        var hRange: ClosedRange<Int>, vRange: ClosedRange<Int>
        var pixelMM: Double
        var width: Int, height: Int
    }

    public static func render(image: ImageVolume, regions: [Region], caseID: String, window: QCWindow) throws(RadiomicsError) -> RGBCanvas {
        let g = image.geometry
        for r in regions where r.mask.geometry.size != g.size {
            throw .badInput(nil, "ROI '\(r.name)' is not on the image grid")
        }
        let counts = regions.map(\.mask.count)
        guard counts.contains(where: { $0 > 0 }) else { throw .badInput(nil, "the ROI is empty (no voxel in the mask)") }
        let (centroid, union, box) = statistics(regions, size: g.size)
        let axial = QCView(.axial, geometry: g)
        let bestSlice = largestSlice(regions, axis: axial.fixed, box: box)

        // The whole-slice panels share one scale, so that the three scale bars agree.
        let extent = (0..<3).map { Double(g.size[$0]) * g.spacing[$0] }
        let wholeMM = extent.max()! / Double(panelSide)
        func whole(_ plane: QCView.Plane, _ title: String) -> Panel {
            let v = QCView(plane, geometry: g)
            return panel(title, v, slice: centroid[v.fixed], h: 0...(g.size[v.horizontal] - 1), v: 0...(g.size[v.vertical] - 1), g, mm: wholeMM)
        }
        // The zoom: the ROI's box in the best slice plus half its size on each side (≥ 4 voxels).
        let margin = { (a: Int) in max(4, box.size[a] / 2) }
        let zh = max(0, box.lower[axial.horizontal] - margin(axial.horizontal))...min(g.size[axial.horizontal] - 1, box.upper[axial.horizontal] + margin(axial.horizontal))
        let zv = max(0, box.lower[axial.vertical] - margin(axial.vertical))...min(g.size[axial.vertical] - 1, box.upper[axial.vertical] + margin(axial.vertical))
        let zoomMM = max(Double(zh.count) * g.spacing[axial.horizontal], Double(zv.count) * g.spacing[axial.vertical]) / Double(panelSide)
        let panels = [
            whole(.axial, "AXIAL \(centroid[axial.fixed] + 1)/\(g.size[axial.fixed])"),
            whole(.coronal, "CORONAL"), whole(.sagittal, "SAGITTAL"),
            panel("MAX AREA \(bestSlice + 1)/\(g.size[axial.fixed])", axial, slice: bestSlice, h: zh, v: zv, g, mm: zoomMM),
        ]
        let header = "CASE \(caseID)   ROI \(union) VOXELS   WINDOW [\(shortNumber(window.lower)), \(shortNumber(window.upper))] \(window.rule)"
        let legend = regions.indices.map { "\(regions[$0].name): \(counts[$0]) VOXELS" }

        let panelsWidth = panels.reduce(gap) { $0 + $1.width + gap }
        let width = max(panelsWidth, BitmapFont.width(header, scale: textScale) + 2 * gap)
        let panelTop = gap + lineHeight + gap + lineHeight
        let panelHeight = panels.map(\.height).max()!
        let height = panelTop + panelHeight + gap + lineHeight * legend.count + gap
        var canvas = RGBCanvas(width: width, height: height, background: .init(24, 24, 28))
        canvas.text(header, x: gap, y: gap, scale: textScale)
        var x = gap
        for p in panels {
            canvas.text(p.title, x: x, y: panelTop - lineHeight, scale: textScale, .grey)
            draw(p, image: image, regions: regions, window: window, into: &canvas, x: x, y: panelTop)
            x += p.width + gap
        }
        for (n, line) in legend.enumerated() {
            let y = panelTop + panelHeight + gap + lineHeight * n
            canvas.fill(x: gap, y: y, width: 14, height: 14, palette[n % palette.count])
            canvas.text(line, x: gap + 22, y: y, scale: textScale)
        }
        return canvas
    }

    static func panel(_ title: String, _ view: QCView, slice: Int, h: ClosedRange<Int>, v: ClosedRange<Int>, _ g: Geometry, mm: Double) -> Panel {
        let w = max(1, Int((Double(h.count) * g.spacing[view.horizontal] / mm).rounded()))
        let ht = max(1, Int((Double(v.count) * g.spacing[view.vertical] / mm).rounded()))
        return Panel(title: title, view: view, slice: slice, hRange: h, vRange: v, pixelMM: mm, width: w, height: ht)
    }

    /// Index of the voxel under screen pixel `p` along a range of `count` voxels (nearest).
    @inline(__always) static func index(_ p: Int, pixels: Int, range: ClosedRange<Int>, flip: Bool) -> Int {
        let t = min(range.count - 1, (p * range.count) / pixels)
        return flip ? range.upperBound - t : range.lowerBound + t
    }

    static func draw(_ p: Panel, image: ImageVolume, regions: [Region], window: QCWindow, into canvas: inout RGBCanvas, x: Int, y: Int) {
        let view = p.view
        var labels = [UInt8](repeating: 0, count: p.width * p.height)
        for py in 0..<p.height {
            let vi = index(py, pixels: p.height, range: p.vRange, flip: view.flipVertical)
            for px in 0..<p.width {
                var ijk = SIMD3<Int>(repeating: 0)
                ijk[view.fixed] = p.slice
                ijk[view.horizontal] = index(px, pixels: p.width, range: p.hRange, flip: view.flipHorizontal)
                ijk[view.vertical] = vi
                let n = image.linearIndex(ijk.x, ijk.y, ijk.z)
                let grey = window.grey(image.voxels[n])
                canvas[x + px, y + py] = .init(grey, grey, grey)
                for (r, region) in regions.enumerated() where region.mask.voxels[n] != 0 { labels[px + p.width * py] = UInt8(truncatingIfNeeded: r % 255 + 1) }
            }
        }
        // Contour: a labelled pixel with a 4-neighbour of another label.
        for py in 0..<p.height {
            for px in 0..<p.width {
                let l = labels[px + p.width * py]
                guard l != 0 else { continue }
                let edge = (px > 0 && labels[px - 1 + p.width * py] != l) || (px + 1 < p.width && labels[px + 1 + p.width * py] != l)
                    || (py > 0 && labels[px + p.width * (py - 1)] != l) || (py + 1 < p.height && labels[px + p.width * (py + 1)] != l)
                if edge { canvas[x + px, y + py] = palette[Int(l - 1) % palette.count] }
            }
        }
        // Orientation letters at the middle of each edge.
        let s = textScale, gw = BitmapFont.glyphWidth * s, gh = BitmapFont.glyphHeight * s
        canvas.text(String(view.left), x: x + 3, y: y + (p.height - gh) / 2, scale: s, letterColour)
        canvas.text(String(view.right), x: x + p.width - gw - 3, y: y + (p.height - gh) / 2, scale: s, letterColour)
        canvas.text(String(view.top), x: x + (p.width - gw) / 2, y: y + 3, scale: s, letterColour)
        canvas.text(String(view.bottom), x: x + (p.width - gw) / 2, y: y + p.height - gh - 3, scale: s, letterColour)
        // Scale bar: the longest 1-2-5 length up to a third of the panel, bottom left.
        let lengths: [Double] = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500]
        let mm = lengths.last { $0 / p.pixelMM <= Double(p.width) / 3 } ?? lengths[0]
        let bar = max(1, Int((mm / p.pixelMM).rounded()))
        canvas.fill(x: x + 6, y: y + p.height - 8, width: bar, height: 3, .white)
        canvas.text("\(shortNumber(mm)) MM", x: x + 6, y: y + p.height - 10 - gh, scale: s)
    }

    /// Centroid (rounded index), voxel count and bounding box of the union of the regions.
    static func statistics(_ regions: [Region], size: SIMD3<Int>) -> (SIMD3<Int>, Int, IndexBox) {
        var sum = SIMD3<Double>.zero, count = 0
        var lo = SIMD3<Int>(repeating: .max), hi = SIMD3<Int>(repeating: .min)
        var seen = [Bool](repeating: false, count: size.x * size.y * size.z)
        for r in regions {
            guard let b = r.mask.boundingBox else { continue }
            lo = pointwiseMin(lo, b.lower); hi = pointwiseMax(hi, b.upper)
            for k in b.lower.z...b.upper.z {
                for j in b.lower.y...b.upper.y {
                    for i in b.lower.x...b.upper.x {
                        let n = r.mask.linearIndex(i, j, k)
                        if r.mask.voxels[n] != 0, !seen[n] { seen[n] = true; sum += SIMD3(Double(i), Double(j), Double(k)); count += 1 }
                    }
                }
            }
        }
        let c = sum / Double(max(count, 1))
        return (SIMD3(Int(c.x.rounded()), Int(c.y.rounded()), Int(c.z.rounded())), count, IndexBox(lower: lo, upper: hi))
    }

    /// The slice along `axis` holding the most ROI voxels (the first of equals).
    static func largestSlice(_ regions: [Region], axis: Int, box: IndexBox) -> Int {
        var area = [Int](repeating: 0, count: box.upper[axis] + 1)
        for r in regions {
            guard let b = r.mask.boundingBox else { continue }
            for k in b.lower.z...b.upper.z {
                for j in b.lower.y...b.upper.y {
                    for i in b.lower.x...b.upper.x where r.mask[i, j, k] != 0 { area[SIMD3(i, j, k)[axis]] += 1 }
                }
            }
        }
        return area.indices.max { area[$0] < area[$1] }!
    }
}
