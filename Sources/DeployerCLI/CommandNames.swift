import ArgumentParser

/// The names `deployer`'s commands answer to: each command's own name and bosh-cli's alias for
/// it (`create-env` for `deploy`, `int` for `interpolate`, ...), read from the commands'
/// configurations so they cannot drift; and the check that turns a mistyped command into a
/// suggestion (`deployer deplyo`: did you mean `deploy`?), as bosh-cli's go-flags does.
enum CommandNames {
    /// Each subcommand's canonical name and its aliases, in help order.
    static var all: [(name: String, aliases: [String])] {
        DeployerCommand.configuration.subcommands.map { command in
            let configuration = command.configuration
            return (configuration.commandName ?? "\(command)", configuration.aliases)
        }
    }

    /// Every word that names a command: names, aliases and `help`.
    static var words: [String] {
        all.flatMap { [$0.name] + $0.aliases } + ["help"]
    }

    /// The canonical name of the command `arguments` run (its first argument, an alias
    /// resolved), or nil when it names none.
    static func canonicalName(in arguments: [String]) -> String? {
        guard let first = arguments.first else { return nil }
        return all.first { $0.name == first || $0.aliases.contains(first) }?.name
    }

    /// The usage error of a first argument that names no command (`deployer deplyo`), or of a
    /// `help` for one (`deployer help nope`): swift-argument-parser would report an
    /// unexpected argument, or print the general help and succeed.
    static func unknownCommandError(in arguments: [String]) -> ValidationError? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        if first == "help" {
            guard arguments.count > 1, let topic = arguments.dropFirst().first, !topic.hasPrefix("-"),
                !words.contains(topic)
            else { return nil }
            return ValidationError("Unknown command '\(topic)' for help." + suggestion(for: topic))
        }
        guard !words.contains(first) else { return nil }
        return ValidationError("Unknown command '\(first)'." + suggestion(for: first))
    }

    /// ` Did you mean 'deploy'?` for the closest word at most two edits away, else a pointer
    /// to the list of commands.
    static func suggestion(for word: String) -> String {
        let closest = words.map { (word: $0, distance: editDistance(word, $0)) }
            .filter { $0.distance <= 2 }
            .min { $0.distance < $1.distance }
        guard let closest else { return " Run 'deployer --help' for the list of commands." }
        return " Did you mean '\(closest.word)'?"
    }

    /// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps
    /// of two neighbouring letters (`deplyo` is one swap from `deploy`) count one each.
    static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs)
        let b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }
}
