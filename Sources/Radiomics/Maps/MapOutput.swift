import Foundation

extension FeatureMaps {
    /// The file of a column in the output folder: `cm_contrast_3D_avg.nii.gz`.
    public static func fileName(_ column: String) -> String {
        column.replacingOccurrences(of: "/", with: "_") + ".nii.gz"
    }

    /// Writes every map into `folder` (created if missing), float32 NIfTI, each file through a
    /// temporary file and a rename (`NIfTIWriter`), so a failure never leaves a partial file.
    /// gzip level 1: at level 6 compressing the mostly-NaN maps cost a quarter of a map run.
    public static func write(_ maps: FeatureMaps, to folder: String) throws(RadiomicsError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            guard isDir.boolValue else { throw RadiomicsError(.output, file: folder, "is a file, not a folder (give -o a folder for the maps)") }
        } else {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RadiomicsError(.output, file: folder, "cannot be created (\(error.localizedDescription))")
            }
        }
        let errors = Parallel.map(count: maps.columns.count, dynamic: true) { c -> RadiomicsError? in
            do throws(RadiomicsError) {
                try NIfTIWriter.write(maps.volume(c), to: (folder as NSString).appendingPathComponent(fileName(maps.columns[c])), gzipLevel: 1)
                return nil
            } catch { return error }
        }
        if let first = errors.compactMap({ $0 }).first { throw first }
    }
}
