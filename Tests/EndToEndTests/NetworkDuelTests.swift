import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing

/// Networked duels as a team plays them: the real binary as the host and as every player, on loopback.
@Suite(.serialized) struct NetworkDuelTests {
    static let good =
        "Здравствуйте, Вера! Понимаю, как тревожно сидеть у телефона и не знать, в силе ли запись. Я "
        + "нашла её в нашей системе: терапевт Ирина Павловна Лебедева, завтра, 15 марта, в 10:30, кабинет "
        + "214. Запись подтверждена ещё в 12:06, так что вас ждут. Звонок в вашем случае не нужен: записи "
        + "к терапевту подтверждаются автоматически, а когда звонок всё же требуется, администратор "
        + "перезванивает в течение 30 минут. Простите, что вам так и не позвонили."
    static let lookItUp = "Здравствуйте! Подскажите, пожалуйста, номер телефона, который вы указали при записи."

    /// Starts a host on a free port; returns it with its port once it listens.
    func host(home: String, code: String = "K7P2QM") throws -> (Child, Int) {
        let host = try Binary.start(
            [
                "duel", "host", "clinic-confirmation-call", "--lang", "ru", "--port", "0", "--code", code, "--seed", "5",
                "--no-color",
            ], home: home)
        var port: Int?
        _ = host.read(
            until: { printed in
                guard let range = printed.range(of: #"127\.0\.0\.1:(\d+)\."#, options: .regularExpression) else {
                    return false
                }
                port = Int(printed[range].dropFirst("127.0.0.1:".count).dropLast())
                return true
            }, seconds: 30)
        return (host, try #require(port, "the host printed no address:\n\(host.printed)"))
    }

    func player(_ name: String, port: Int, code: String = "k7p2qm", extra: [String] = [],
                home: String = Binary.home()) throws -> Child {
        try Binary.start(
            ["duel", "join", "127.0.0.1:\(port)", "--code", code, "--name", name, "--no-color"] + extra,
            home: home)
    }

    func finalBoard(_ printed: String) -> String? {
        printed.components(separatedBy: "Итоговая таблица").count > 1
            ? printed.components(separatedBy: "Итоговая таблица").last : nil
    }

    @Test func threePlayersPlayToTheEndAndEachPrintsTheSameFinalScoreboard() throws {
        let home = Binary.home()
        let (host, port) = try host(home: home)
        let anna = try player("anna", port: port)
        let boris = try player("boris", port: port)
        let vera = try player("vera", port: port)
        // anna finishes first and must still see the final board, which waits for the other two
        anna.write(Self.good + "\n")
        #expect(anna.read(until: { $0.contains("Ждём, пока доиграют остальные") }, seconds: 30), "\(anna.printed)")
        boris.write(Self.lookItUp + "\n")
        #expect(
            boris.read(until: { $0.contains("1 ответ") }, seconds: 30),
            "the status line is this turn's:\n\(boris.printed)")
        boris.write(Self.good + "\n")
        vera.write("/quit\n")
        for child in [anna, boris, vera] {
            _ = child.read(until: { self.finalBoard($0)?.contains("Победитель") == true }, seconds: 30)
            #expect(try child.wait(seconds: 30) == 0, "\(child.printed)")
        }
        let boards = try [anna, boris, vera].map { try #require(finalBoard($0.printed), "\($0.printed)") }
        #expect(boards[0] == boards[1] && boards[1] == boards[2], "\(boards)")
        #expect(boards[0].contains("Победитель: anna!"))
        #expect(boris.printed.contains("══ Разбор ══"), "each player's own debrief")
        _ = host.read(until: { self.finalBoard($0) != nil }, seconds: 30)
        #expect(try host.wait(seconds: 30) == 0, "\(host.printed)")
        #expect(host.printed.contains("anna закончил: вопрос решён"))
        let progress = try Binary.run(["progress", "--profile", "boris", "--json"], home: home)
        #expect(progress.1.contains("clinic-confirmation-call"), "the host keeps each player's attempt:\n\(progress.1)")
    }

    @Test func theHostsEnterEndsTheDuelForPlayersStillAtThePrompt() throws {
        let (host, port) = try host(home: Binary.home())
        let anna = try player("anna", port: port)
        anna.write(Self.lookItUp + "\n")
        #expect(anna.read(until: { $0.contains("1 ответ") }, seconds: 30), "\(anna.printed)")
        host.write("\n")
        _ = anna.read(
            until: { self.finalBoard($0) != nil && $0.contains("Ничья") || $0.contains("Победитель") }, seconds: 30)
        #expect(try anna.wait(seconds: 30) == 0, "\(anna.printed)")
        #expect(anna.printed.contains("Ведущий завершил дуэль."))
        #expect(anna.printed.contains("══ Разбор ══"))
        _ = host.read(until: { self.finalBoard($0)?.contains("Победитель") == true }, seconds: 30)
        #expect(try host.wait(seconds: 30) == 0)
        #expect(
            finalBoard(host.printed)?.contains("отключён") == false, "ending the duel drops nobody:\n\(host.printed)")
    }

    @Test func aKilledPlayerIsMarkedAndRejoinsWithItsToken() throws {
        let (host, port) = try host(home: Binary.home())
        defer { host.write("\n") }
        let annasMachine = Binary.home()
        let anna = try player("anna", port: port, home: annasMachine)
        anna.write(Self.lookItUp + "\n")
        #expect(anna.read(until: { $0.contains("1 ответ") }, seconds: 30))
        let token = try #require(
            anna.printed.range(of: #"--token [0-9a-f]{32}"#, options: .regularExpression)
                .map { String(anna.printed[$0].dropFirst("--token ".count)) }, "\(anna.printed)")
        anna.killNow()
        #expect(
            host.read(until: { $0.contains("оборвалась связь") && $0.contains("отключён") }, seconds: 30),
            "\(host.printed)")
        let impostor = try player("anna", port: port)
        impostor.closeInput()
        _ = impostor.read(seconds: 30)
        #expect(try impostor.wait(seconds: 30) == 1)
        #expect(impostor.printed.contains("is taken in this duel"))
        let again = try player("anna", port: port, extra: ["--token", token])
        #expect(
            again.read(until: { $0.contains("Просить то, что есть в наших системах") }, seconds: 30),
            "the conversation so far:\n\(again.printed)")
        // the host reads any player's conversation on demand
        host.write("anna\n")
        #expect(
            host.read(
                until: { $0.contains("Переписка игрока anna:") && $0.contains("1. Здравствуйте! Подскажите") },
                seconds: 30), "\(host.printed)")
        // from anna's own machine the saved token rejoins without --token
        again.killNow()
        #expect(host.read(until: { $0.components(separatedBy: "оборвалась связь").count > 2 }, seconds: 30))
        let back = try player("anna", port: port, home: annasMachine)
        #expect(back.read(until: { $0.contains("Просить то, что есть в наших системах") }, seconds: 30), "\(back.printed)")
        back.write(Self.good + "\n")
        #expect(back.read(until: { $0.contains("2 ответа") }, seconds: 30), "the same row goes on:\n\(back.printed)")
    }

    @Test func aRefusedConnectionIsOneSentence() throws {
        let (status, output) = try Binary.run(["duel", "join", "127.0.0.1:1", "--code", "ABCDEF", "--name", "anna"])
        #expect(status == 1)
        #expect(output.contains("nothing is listening at 127.0.0.1:1"), "\(output)")
        #expect(!output.contains("NIO") && !output.contains("SingleConnectionFailure"))
    }
}

/// A host that is not one: accepts one player on loopback and answers its join with `lines`, then hangs up.
final class FakeHost: @unchecked Sendable {
    // `@unchecked Sendable`: `port` is set before the serving thread starts; nothing else is shared
    let port: Int
    private let listener: Int32

    init(lines: [String]) throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, size) == 0 && getsockname(listener, $0, &size) == 0
            }
        }
        guard bound, listen(listener, 1) == 0 else { throw Child.Failure(description: "the fake host cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            var byte: UInt8 = 0
            // the join line, then the answer
            while read(connection, &byte, 1) == 1, byte != UInt8(ascii: "\n") {}
            for line in lines {
                _ = (line + "\n").utf8CString.withUnsafeBufferPointer {
                    write(connection, $0.baseAddress, $0.count - 1)
                }
            }
            Thread.sleep(forTimeInterval: 0.5)
            close(connection)
        }
    }

    deinit { close(listener) }
}

@Suite struct FakeHostTests {
    @Test func aWelcomeNamingAPathOpensNothing() throws {
        let fake = try FakeHost(lines: [
            #"{"v":2,"type":"welcome","caseId":"../../../etc/passwd","lang":"ru","seed":1}"#
        ])
        let (status, output) = try Binary.run([
            "duel", "join", "127.0.0.1:\(fake.port)", "--code", "ABCDEF", "--name", "anna",
            "--no-color",
        ])
        #expect(status == 1)
        #expect(output.contains("names no case id of the library"), "\(output)")
        #expect(!output.contains("root:"))
    }

    @Test func escapesFromAHostArePrintedAsText() throws {
        let welcome =
            #"{"v":2,"type":"welcome","caseId":"clinic-confirmation-call","lang":"ru","seed":1,"duel":"d\u001b[2J","#
            + #""name":"anna","token":"t","events":[{"kind":"customer","#
            + #""text":"\u001b[2J\u001b]0;owned\u0007Здравствуйте"}]}"#
        let fake = try FakeHost(lines: [welcome])
        let (status, output) = try Binary.run([
            "duel", "join", "127.0.0.1:\(fake.port)", "--code", "ABCDEF", "--name", "anna",
            "--no-color",
        ])
        #expect(
            !output.contains("\u{1B}") && !output.contains("\u{07}"),
            "\(output.unicodeScalars.filter { $0.value < 32 })")
        #expect(output.contains("\\u{001B}[2J"), "\(output)")
        #expect(output.contains("Здравствуйте"))
        #expect(status == 1, "the fake host hangs up before any end: \(output)")
        #expect(output.contains("Связь с ведущим прервалась"))
    }
}
