extension MaskVolume {
    /// Number of 26-connected components (SimpleITK ConnectedComponent, fully connected).
    var componentCount26: Int {
        guard let box = boundingBox else { return 0 }
        // The zones of a one-level grid on the mask's box are its 26-connected components.
        let e = box.size
        var levels = [Int32](repeating: 0, count: e.x * e.y * e.z)
        var n = 0
        for k in box.lower.z...box.upper.z {
            for j in box.lower.y...box.upper.y {
                let row = linearIndex(box.lower.x, j, k)
                for i in 0..<e.x {
                    levels[n] = voxels[row + i] != 0 ? 1 : 0
                    n += 1
                }
            }
        }
        let grid = TextureGrid(levels: levels, size: e, box: IndexBox(lower: .zero, upper: e &- 1), levelCount: 1, padding: 1)
        return Zones.find(grid, z: nil, slabs: 1).count
    }
}
