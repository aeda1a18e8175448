import DeployerSupport

/// The URL rules bosh-cli applies to `releases[].url` and `resource_pools[].stemcell.url`.
public enum ArtifactURL {
    /// Resolves `url` against the directory of the manifest at `manifestPath`, like bosh-cli's
    /// `AbsolutifyPath`: `http…`, `file:///abs`, `/abs` and `file://~…` stay as they are; `~…` is
    /// expanded with `homeDirectory` (left alone when nil); `file://rel` becomes
    /// `file://<dir>/rel` and a bare `rel` becomes `<dir>/rel` (which validation then rejects
    /// for its missing scheme). Relative results are cleaned (`a/../b` → `b`) as Go's
    /// `path.Join` does.
    ///
    /// An empty URL stays empty, so that validation can say it must be provided (bosh-cli
    /// turns it into the manifest's directory and only complains about the scheme).
    public static func resolve(_ url: String, manifestPath: String, homeDirectory: String? = nil) -> String {
        if url.isEmpty || url.hasPrefix("http") { return url }
        if url.hasPrefix("file:///") || url.hasPrefix("/") || url.hasPrefix("file://~") { return url }
        if url.hasPrefix("~") {
            guard let home = homeDirectory else { return url }
            return GoPath.clean(home + url.dropFirst())
        }
        let directory = directoryOf(manifestPath)
        if url.hasPrefix("file://") {
            return "file://" + GoPath.clean(directory + "/" + url.dropFirst("file://".count))
        }
        return GoPath.clean(directory + "/" + url)
    }

    /// Whether `url` has one of the schemes bosh-cli accepts (`^(file|http|https)://`).
    public static func hasValidScheme(_ url: String) -> Bool {
        url.hasPrefix("file://") || url.hasPrefix("http://") || url.hasPrefix("https://")
    }

    /// Whether bosh-cli treats `url` as a download that needs a digest (it tests the prefix
    /// `http`, so `https` is included).
    public static func isRemote(_ url: String) -> Bool {
        url.hasPrefix("http")
    }

    /// The directory part of a path, like Go's `path.Dir` (`.` when there is none).
    static func directoryOf(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : GoPath.clean(directory)
    }
}

/// Where a release or stemcell tarball comes from, once its URL is resolved.
public enum ArtifactSource: Sendable, Hashable {
    /// A local file (`file://` URL); bosh-cli does not check its digest.
    case file(path: String)
    /// An `http://` or `https://` download, checked against the manifest's `sha1`.
    case remote(url: String)
    /// Anything else; validation rejects it.
    case unsupported(String)

    /// Classifies a resolved URL.
    public init(url: String) {
        if url.hasPrefix("file://") {
            self = .file(path: String(url.dropFirst("file://".count)))
        } else if url.hasPrefix("http://") || url.hasPrefix("https://") {
            self = .remote(url: url)
        } else {
            self = .unsupported(url)
        }
    }

    /// The local path with a leading `~` expanded against `homeDirectory` (for `file://~/x`).
    public func localPath(homeDirectory: String) -> String? {
        guard case .file(let path) = self else { return nil }
        if path == "~" { return homeDirectory }
        if path.hasPrefix("~/") { return GoPath.clean(homeDirectory + path.dropFirst()) }
        return path
    }
}
