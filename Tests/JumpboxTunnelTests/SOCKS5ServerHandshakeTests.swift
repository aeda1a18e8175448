import Testing

@testable import JumpboxTunnel

@Suite struct SOCKS5ServerHandshakeTests {
    private func loggedIn(password: String = "pw") -> SOCKS5ServerHandshake {
        var handshake = SOCKS5ServerHandshake(password: password)
        handshake.append([5, 1, 2])
        #expect(handshake.next() == .respond([5, 2]))
        handshake.append([1, 2] + Array("t1".utf8) + [UInt8(password.utf8.count)] + Array(password.utf8))
        #expect(handshake.next() == .respond([1, 0]))
        return handshake
    }

    @Test func connectsToADomainNameWithTheUsernameOfTheTransfer() {
        var handshake = loggedIn()
        handshake.append([5, 1, 0, 3, 9] + Array("10.0.0.6x".utf8).prefix(9) + [0x1A, 0xCC, 42])
        #expect(handshake.next() == .connect(host: "10.0.0.6x", port: 6860, username: "t1", leftover: [42]))
    }

    @Test func readsIPv4AndIPv6Targets() {
        var four = loggedIn()
        four.append([5, 1, 0, 1, 127, 0, 10, 2, 0x1A, 0xCC])
        #expect(four.next() == .connect(host: "127.0.10.2", port: 6860, username: "t1", leftover: []))

        var six = loggedIn()
        six.append([5, 1, 0, 4] + [UInt8](repeating: 0, count: 15) + [1, 0, 22])
        #expect(six.next() == .connect(host: "0:0:0:0:0:0:0:1", port: 22, username: "t1", leftover: []))
    }

    @Test func waitsForBytesSplitAnywhere() {
        var handshake = SOCKS5ServerHandshake(password: "pw")
        let bytes: [UInt8] = [5, 1, 2]
        for byte in bytes.dropLast() {
            handshake.append([byte])
            #expect(handshake.next() == .needMore)
        }
        handshake.append([bytes.last!])
        #expect(handshake.next() == .respond([5, 2]))
        handshake.append([1, 1, 65])
        #expect(handshake.next() == .needMore)
        handshake.append([2, 112])
        #expect(handshake.next() == .needMore)
        handshake.append([119])
        #expect(handshake.next() == .respond([1, 0]))
    }

    @Test func refusesClientsWithoutThePassword() {
        var noAuth = SOCKS5ServerHandshake(password: "pw")
        noAuth.append([5, 1, 0])
        #expect(noAuth.next() == .reject([5, 0xFF]))

        var wrong = SOCKS5ServerHandshake(password: "pw")
        wrong.append([5, 1, 2])
        _ = wrong.next()
        wrong.append([1, 1, 65, 2, 112, 120])
        #expect(wrong.next() == .reject([1, 1]))
        #expect(wrong.next() == .needMore)
    }

    @Test func refusesOtherCommandsAndAddressTypes() {
        var bind = loggedIn()
        bind.append([5, 2, 0, 1, 1, 2, 3, 4, 0, 80])
        #expect(bind.next() == .reject(SOCKS5ServerHandshake.reply(.commandNotSupported)))

        var unknown = loggedIn()
        unknown.append([5, 1, 0, 9, 1, 2, 3, 4, 0, 80])
        #expect(unknown.next() == .reject(SOCKS5ServerHandshake.reply(.addressTypeNotSupported)))

        var socks4 = SOCKS5ServerHandshake(password: "pw")
        socks4.append([4, 1, 0, 80])
        #expect(socks4.next() == .reject([]))
    }
}
