import Foundation

/// A real OpenSSH server (Debian's `openssh-server`) on 127.0.0.1 for tests of the jumpbox
/// tunnel: throwaway host and user keys in a temporary directory, public key authentication
/// only, and a debug log that shows every forwarded (`direct-tcpip`) channel it opened.
public final class OpenSSHServer: Sendable {
    /// The port it listens on.
    public let port: Int
    /// The user that logs in (whoever runs the tests).
    public let user: String
    /// The private key (OpenSSH format) whose public key is authorized.
    public let privateKeyPath: String
    /// A second ed25519 key that is not authorized.
    public let strangerKeyPath: String
    /// The server's log (`-E`, LogLevel DEBUG1).
    public let logPath: String
    private let directory: String
    private let pid: pid_t

    /// Where Debian installs sshd; `scripts/install-deps` installs `openssh-server`.
    public static let sshdPath = "/usr/sbin/sshd"

    /// Starts sshd and waits until it accepts connections.
    /// - Parameters:
    ///   - allowForwarding: sshd's `AllowTcpForwarding` (no: every channel refused).
    ///   - keyType: `ssh-keygen -t` of the authorized key.
    /// - Throws: when sshd or ssh-keygen is missing or sshd does not start.
    public init(allowForwarding: Bool = true, keyType: String = "ed25519") throws {
        guard FileManager.default.isExecutableFile(atPath: Self.sshdPath) else {
            throw SetupError("\(Self.sshdPath) is missing: run scripts/install-deps (it installs openssh-server)")
        }
        directory = NSTemporaryDirectory() + "deployer-sshd-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        user =
            ProcessInfo.processInfo.environment["USER"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (getuid() == 0 ? "root" : NSUserName())
        privateKeyPath = directory + "/user_key"
        strangerKeyPath = directory + "/stranger_key"
        logPath = directory + "/sshd.log"
        try Self.keygen(type: "ed25519", path: directory + "/host_key")
        try Self.keygen(type: keyType, path: privateKeyPath)
        try Self.keygen(type: "ed25519", path: strangerKeyPath)
        try FileManager.default.copyItem(atPath: privateKeyPath + ".pub", toPath: directory + "/authorized_keys")
        // sshd checks for its privilege separation directory even when it does not use it.
        if getuid() == 0 {
            try? FileManager.default.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        }

        port = try Self.freeLoopbackPort()
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(directory)/host_key
            PidFile none
            AuthorizedKeysFile \(directory)/authorized_keys
            StrictModes no
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            PermitRootLogin prohibit-password
            AllowTcpForwarding \(allowForwarding ? "yes" : "no")
            LogLevel DEBUG1

            """
        try config.write(toFile: directory + "/sshd_config", atomically: true, encoding: .utf8)
        pid = try Self.spawn([Self.sshdPath, "-D", "-f", directory + "/sshd_config", "-E", logPath])
        for _ in 0..<100 {
            if Self.accepts(port: port) { return }
            guard Self.isRunning(pid) else { break }
            usleep(50_000)
        }
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        Self.terminate(pid)
        throw SetupError("sshd did not start on 127.0.0.1:\(port):\n\(log)")
    }

    /// `BOSH_ALL_PROXY` for this server, with `key` (default: the authorized one).
    public func proxyURL(key: String? = nil) -> String {
        "ssh+socks5://\(user)@127.0.0.1:\(port)?private-key=\(key ?? privateKeyPath)"
    }

    /// The server's log so far.
    public var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// The forwarded channels the log records, as `host port` targets.
    public var forwardedTargets: [String] {
        // "debug1: server_request_direct_tcpip: originator 127.0.0.1 port 51610, target localhost port 47643"
        log.split(whereSeparator: \.isNewline).compactMap { line in
            guard let range = line.range(of: "server_request_direct_tcpip: originator") else { return nil }
            guard let target = line[range.upperBound...].range(of: "target ") else { return nil }
            return String(line[target.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Stops sshd and removes its directory.
    public func stop() {
        Self.terminate(pid)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Started with posix_spawn, not Foundation's `Process`: sshd closes every inherited
    /// descriptor, which Foundation reads as the child's exit and then blocks in `wait4`,
    /// hanging every later `Process` of the test run.
    private static func spawn(_ arguments: [String]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard status == 0 else {
            throw SetupError("cannot start \(arguments[0]): \(String(cString: strerror(status)))")
        }
        return pid
    }

    private static func isRunning(_ pid: pid_t) -> Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    private static func terminate(_ pid: pid_t) {
        guard isRunning(pid) else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        _ = waitpid(pid, &status, 0)
    }

    deinit { stop() }

    private static func keygen(type: String, path: String) throws {
        let keygen = Process()
        keygen.executableURL = URL(fileURLWithPath: "/usr/bin/ssh-keygen")
        keygen.arguments = ["-q", "-t", type, "-N", "", "-C", "deployer-test", "-f", path]
        keygen.standardOutput = FileHandle.nullDevice
        keygen.standardError = FileHandle.nullDevice
        try keygen.run()
        keygen.waitUntilExit()
        guard keygen.terminationStatus == 0 else { throw SetupError("ssh-keygen -t \(type) failed") }
    }

    /// A port nothing listens on now (bound to port 0, then released).
    public static func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SetupError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else { throw SetupError("cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Why the server could not be set up.
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
