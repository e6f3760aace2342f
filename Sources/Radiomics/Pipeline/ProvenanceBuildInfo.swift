// `make build` overwrites the commit below with `git describe --always --dirty` for the
// release build and restores this file afterwards; without make or git it stays "unknown".
public enum BuildInfo {
    public static let version = "0.1.0"
    public static let commit = "unknown"
}
