/// The part of a job's `monit` file the local supervisor understands: `check process NAME`,
/// `with pidfile PATH`, `start program "..."`, `stop program "..."`, `group NAME`. Other
/// statements (`depends on`, `if ... then ...`, `check file`, ...) are skipped.
struct MonitFile: Sendable, Hashable {
    /// One `check process` stanza.
    struct Process: Sendable, Hashable {
        var name: String
        var pidFile: String?
        var startProgram: String?
        var stopProgram: String?
        var group: String?
    }

    var processes: [Process]

    /// Parses monit syntax: words and quoted strings, `#` comments, any line layout.
    init(text: String) {
        let words = Self.tokenize(text)
        var processes: [Process] = []
        var index = 0
        var current: Process?
        func word(_ offset: Int) -> String? {
            index + offset < words.count ? words[index + offset] : nil
        }
        while index < words.count {
            let token = words[index].lowercased()
            if token == "check" {
                if let current { processes.append(current) }
                current = nil
                if word(1)?.lowercased() == "process", let name = word(2) {
                    current = Process(name: name)
                    index += 3
                } else {
                    index += 1
                }
                continue
            }
            guard current != nil else {
                index += 1
                continue
            }
            switch token {
            case "pidfile":
                current?.pidFile = word(1)
                index += 2
            case "start", "stop":
                // `start program = "cmd"` or `start program "cmd"`; `start` alone in an
                // `if ... then start` clause is not followed by `program`.
                guard word(1)?.lowercased() == "program" else {
                    index += 1
                    continue
                }
                var offset = 2
                if word(offset) == "=" { offset += 1 }
                if token == "start" {
                    current?.startProgram = word(offset)
                } else {
                    current?.stopProgram = word(offset)
                }
                index += offset + 1
            case "group":
                current?.group = word(1)
                index += 2
            default:
                index += 1
            }
        }
        if let current { processes.append(current) }
        self.processes = processes
    }

    /// Splits into words; a double- or single-quoted string is one word without its quotes.
    static func tokenize(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inComment = false
        for character in text {
            if inComment {
                if character == "\n" { inComment = false }
                continue
            }
            if let open = quote {
                if character == open {
                    words.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(character)
                }
                continue
            }
            if character == "\"" || character == "'" {
                if !current.isEmpty { words.append(current) }
                current = ""
                quote = character
            } else if character == "#" && current.isEmpty {
                inComment = true
            } else if character.isWhitespace {
                if !current.isEmpty { words.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }
}
