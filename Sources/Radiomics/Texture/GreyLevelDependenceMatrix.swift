/// Grey level dependence matrix (GLDM) as pyradiomics defines it — not an IBSI 1 matrix.
///
/// pyradiomics counts, for each ROI voxel of grey level i, j = 1 + the number of ROI voxels among
/// its 26 neighbours (8 in-plane with `force2D`, merged over slices) whose grey level differs
/// from i by at most α (`gldmAlpha`). That is the IBSI NGLDM with δ = 1 and coarseness α, so
/// the matrix is built by the same code; only the features (pyradiomics formulas) differ.
enum GreyLevelDependenceMatrix {
    /// 3D matrix, or with `planar` the per-slice 2D matrices merged (pyradiomics `force2D`).
    static func build(_ grid: TextureGrid, alpha α: Int, planar: Bool) -> LevelMatrix {
        guard planar else { return NeighbouringGreyLevelDependenceMatrix.volume(grid, distance: 1, coarseness: α) }
        let slices = grid.occupiedSlices
        let parts = parallelMap(slices.count) { NeighbouringGreyLevelDependenceMatrix.slice(grid, z: slices[$0], distance: 1, coarseness: α) }
        return LevelMatrix.merged(parts, levelCount: grid.levelCount)
    }
}
