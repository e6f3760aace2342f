import Foundation

/// The ITK shim (`Sources/CITK`, built as the shared object `libCITK.so`), loaded with `dlopen`
/// the first time an ITK-backed step is asked for (a MetaImage/VTK/GIPL/MINC/MRC read, N4).
///
/// Keeping ITK out of the main binary keeps start-up free of its ~15 libraries for every run
/// that does not need it (README, "Formats read through ITK"). The function types mirror
/// `Sources/CITK/include/citk.h`; `citk_abi_version` guards against a mismatched library.
///
/// The library is searched for, in order: `$RADIOMICS_CITK` (a path to the file), beside the
/// running executable (the build folder, where SwiftPM puts it), and `../lib/radiomics/` from
/// the executable's folder (where `make install` puts it).
struct ITKShim: @unchecked Sendable {
    typealias ReadInfo = @convention(c) (UnsafePointer<CChar>, UnsafeMutableRawPointer, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias ReadFloat = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<Float>, Int, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias N4 = @convention(c) (UnsafePointer<Float>, UnsafePointer<UInt8>?, UnsafePointer<Int64>, UnsafePointer<Double>,
                                   UnsafePointer<Double>, UnsafePointer<Double>, Int32, UnsafePointer<Int32>, Int32,
                                   UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>?, UnsafeMutablePointer<CChar>, Int) -> Int32
    typealias ABIVersion = @convention(c) () -> Int32

    /// The interface version this code was written against (`CITK_ABI_VERSION`).
    static let abiVersion: Int32 = 1

    let path: String
    let readInfo: ReadInfo
    let readFloat: ReadFloat
    let n4: N4

    /// The loaded shim; loaded once per process, on first use (a `static let` is initialised
    /// lazily and thread-safely), and never unloaded.
    static func shared() throws(RadiomicsError) -> ITKShim {
        try loaded.get()
    }

    private static let loaded: Result<ITKShim, RadiomicsError> = Result { () throws(RadiomicsError) in try load() }

    /// Where the library is looked for, in order.
    static func candidatePaths() -> [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["RADIOMICS_CITK"], !env.isEmpty { paths.append(env) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        paths.append(exe.appendingPathComponent("libCITK.so").path)
        paths.append(exe.deletingLastPathComponent().appendingPathComponent("lib/radiomics/libCITK.so").path)
        return paths
    }

    private static func load() throws(RadiomicsError) -> ITKShim {
        let paths = candidatePaths()
        var reasons: [String] = []
        for path in paths where FileManager.default.fileExists(atPath: path) {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
                reasons.append("\(path): \(String(cString: dlerror()))")
                continue
            }
            func symbol<T>(_ name: String, _ type: T.Type) throws(RadiomicsError) -> T {
                guard let s = dlsym(handle, name) else {
                    throw RadiomicsError(.internal, file: path, "the ITK shim lacks \(name)")
                }
                return unsafeBitCast(s, to: type)
            }
            let version = try symbol("citk_abi_version", ABIVersion.self)()
            guard version == abiVersion else {
                throw RadiomicsError(.internal, file: path, "ITK shim interface version \(version), expected \(abiVersion)")
            }
            return ITKShim(path: path, readInfo: try symbol("citk_read_info", ReadInfo.self),
                           readFloat: try symbol("citk_read_float", ReadFloat.self), n4: try symbol("citk_n4", N4.self))
        }
        let tried = reasons.isEmpty ? "looked in " + paths.joined(separator: ", ") : reasons.joined(separator: "; ")
        throw RadiomicsError(.internal, "this step needs the ITK shim libCITK.so (libinsighttoolkit5-dev), which cannot be loaded: \(tried)")
    }

    /// Calls `body` with an error buffer and turns a non-zero status into its one-line message.
    static func message(_ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> (status: Int32, message: String) {
        var buffer = [CChar](repeating: 0, count: 512)
        let status = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!, $0.count) }
        return (status, String(cString: buffer))
    }
}

/// `citk_info` of `citk.h`, laid out field for field.
struct CITKInfo {
    var dimension: Int32 = 0
    var components: Int32 = 0
    var size: (Int64, Int64, Int64) = (0, 0, 0)
    var spacing: (Double, Double, Double) = (0, 0, 0)
    var origin: (Double, Double, Double) = (0, 0, 0)
    var direction: (Double, Double, Double, Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
    var pixelBytes: Int64 = 0
    var format: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
    var componentType: (UInt64, UInt64, UInt64) = (0, 0, 0)

    static func text<T>(_ tuple: T) -> String {
        withUnsafeBytes(of: tuple) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
