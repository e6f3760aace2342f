import Foundation

extension FeatureMaps {
    /// The file of a column in the output folder: `cm_contrast_3D_avg.nii.gz`.
    public static func fileName(_ column: String) -> String {
        column.replacingOccurrences(of: "/", with: "_") + ".nii.gz"
    }

    /// Writes every map into `folder` (created if missing), float32 NIfTI (`NIfTIWriter`'s header),
    /// each file through a temporary file and a rename (`AtomicFileSet`), so a failure never leaves
    /// a partial file. The gzip stream is encoded from the ROI's values (`SparseMapGzip`): no
    /// map is ever built on the whole grid (a 512×512×300 grid is 315 MB per map, and zlib took
    /// 0.4 s to compress it).
    public static func write(_ maps: FeatureMaps, to folder: String) throws(RadiomicsError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            guard isDir.boolValue else { throw RadiomicsError(.output, file: folder, "is a file, not a folder (give -o a folder for the maps)") }
        } else {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RadiomicsError(.output, file: folder, "cannot be created (\(error.localizedDescription))")
            }
        }
        // Encoded and staged on every core, then flushed together and renamed (`AtomicFileSet`).
        let layout = SparseMapGzip.Layout(count: maps.geometry.voxelCount, positions: maps.roi, outside: maps.outside)
        let staged = Parallel.map(count: maps.columns.count, dynamic: true) { c -> Result<AtomicFileSet.Staged, RadiomicsError> in
            do throws(RadiomicsError) {
                let path = (folder as NSString).appendingPathComponent(fileName(maps.columns[c]))
                let header = try NIfTIWriter.header(maps.geometry, datatype: .float32, path: path)
                return .success(try AtomicFileSet.stage(SparseMapGzip.encode(prefix: header, values: maps.values[c], layout: layout), for: path))
            } catch { return .failure(error) }
        }
        let files = staged.compactMap { try? $0.get() }
        for result in staged { if case .failure(let error) = result { AtomicFileSet.discard(files); throw error } }
        try AtomicFileSet.commit(files)
    }
}
