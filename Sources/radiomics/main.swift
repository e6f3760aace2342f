import RadiomicsCLI

#if os(Linux)
// glibc's mallopt (malloc.h, which the Glibc module does not export).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mTrimThreshold: Int32 = -1, mMmapThreshold: Int32 = -3

// A case allocates and frees voxel buffers of tens of MB many times (crops, filter passes, texture
// grids). glibc serves blocks above its mmap threshold with fresh mappings, so every one is paid
// again in page faults (a third of the CPU time of a large filtered case went to the kernel).
// Serve blocks up to 32 MB (glibc's ceiling for this setting) from the heap and keep freed heap
// memory for reuse; larger blocks (a whole CT) are still mapped and returned at once.
_ = mallopt(mMmapThreshold, 32 << 20)
_ = mallopt(mTrimThreshold, 1 << 30)
#endif
AddressSpaceLimit.install()

RadiomicsCommand.main()
