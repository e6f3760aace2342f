/// IBSI 2 mean filter: the average over an M × M (2D) or M × M × M (3D) block of voxels
/// centred on each voxel, M odd. Separable: one box pass per axis.
enum MeanFilter {
    static func apply(_ g: FilterGrid, support m: Int, dimension: FilterDimension, mode: BoundaryMode) -> FilterGrid {
        let box = [Double](repeating: 1 / Double(m), count: m)
        return g.convolved(axes: dimension.axes, kernel: box, mode: mode)
    }
}
