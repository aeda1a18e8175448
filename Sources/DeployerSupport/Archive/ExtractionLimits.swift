/// Bounds that stop a hostile or corrupt tarball from filling the disk.
public struct ExtractionLimits: Sendable, Hashable {
    /// Largest declared size accepted for one member (default 64 GiB: heavy stemcell images are
    /// a few GiB).
    public var maxEntrySize: Int64
    /// Largest sum of declared sizes over the whole tarball (default 128 GiB).
    public var maxTotalSize: Int64

    /// Creates limits; the defaults fit any real release or stemcell.
    public init(maxEntrySize: Int64 = 64 << 30, maxTotalSize: Int64 = 128 << 30) {
        self.maxEntrySize = maxEntrySize
        self.maxTotalSize = maxTotalSize
    }
}
