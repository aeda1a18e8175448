/// The rules that keep extracted entries inside the destination, checked on the names as
/// stored in the tarball before libarchive sees them.
enum ArchivePathPolicy {
    /// The outcome of checking one entry name.
    enum Verdict: Equatable {
        case accepted([String])
        case refused(ArchiveError.Reason)
    }

    /// The components of an entry name relative to the destination (`[]` for the root entry
    /// `./`), or why the name is refused.
    static func components(of name: String) -> Verdict {
        do {
            return .accepted(try SafeRelativePath.components(of: name))
        } catch .empty, .nulByte {
            return .refused(.invalidName)
        } catch .absolute {
            return .refused(.absolutePath)
        } catch {
            return .refused(.parentTraversal)  // the only other reason `components(of:)` gives
        }
    }

    /// Whether a symbolic link at depth `parentDepth` (number of directories between the
    /// destination and the link) may point at `target`.
    ///
    /// Only targets of the form `../../name/name` are accepted: the leading `..` climb real
    /// directories (extraction never goes through a link), so they can be counted; a `..`
    /// after a name could climb out of a directory reached through another link, which a
    /// lexical check cannot see, so it is refused.
    static func symlinkStaysInside(target: String, parentDepth: Int) -> Bool {
        // The shared check, except that leading `..` are counted below.
        if let rejection = SafeRelativePath.rejection(of: target), rejection != .parentTraversal { return false }
        var climbs = 0
        var sawName = false
        for piece in target.split(separator: "/", omittingEmptySubsequences: true) where piece != "." {
            if piece == ".." {
                if sawName { return false }
                climbs += 1
            } else {
                sawName = true
            }
        }
        return climbs <= parentDepth
    }

    /// The components of a hard-link target, which must name an earlier member by a plain
    /// relative path.
    static func hardLinkComponents(of target: String) -> [String]? {
        guard case .accepted(let parts) = components(of: target), !parts.isEmpty else { return nil }
        return parts
    }
}
