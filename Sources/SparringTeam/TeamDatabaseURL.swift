import Foundation
import Sparring
import NIOSSL
import PostgresNIO

/// Where the team store is: `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=MODE]`, as libpq
/// writes it. TLS only when the URL asks: `sslmode=prefer`, `require` (encrypted, certificate not
/// checked) or `verify-full` (certificate and host name checked); `disable` or no `sslmode` is plain.
public struct TeamDatabaseURL: Sendable, Equatable, CustomStringConvertible {
    public enum TLSMode: String, Sendable { case disable, prefer, require, verifyFull = "verify-full" }

    public let host: String
    public let port: Int
    public let user: String
    public let password: String?
    public let database: String
    public let tls: TLSMode

    public init(_ text: String) throws {
        guard let components = URLComponents(string: text),
              let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme) else {
            throw TeamStoreError.badURL(text, "team-store.reason.scheme")
        }
        guard let host = components.host, !host.isEmpty else {
            throw TeamStoreError.badURL(text, "team-store.reason.host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw TeamStoreError.badURL(text, "team-store.reason.user")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw TeamStoreError.badURL(text, "team-store.reason.database") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw TeamStoreError.badURL(text, "team-store.reason.option", ["option": item.name])
            }
            guard let mode = TLSMode(rawValue: item.value ?? "") else {
                throw TeamStoreError.badURL(text, "team-store.reason.sslmode", ["mode": item.value ?? ""])
            }
            tls = mode
        }
        self.host = host
        port = components.port ?? 5432
        self.user = components.percentEncodedUser.flatMap { $0.removingPercentEncoding } ?? user
        password = components.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    /// The URL without its password, for messages.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (tls == .disable ? "" : "?sslmode=\(tls.rawValue)")
    }

    func configuration() throws -> PostgresClient.Configuration {
        let tlsSetting: PostgresClient.Configuration.TLS
        switch tls {
        case .disable: tlsSetting = .disable
        case .prefer, .require:
            var context = TLSConfiguration.makeClientConfiguration()
            context.certificateVerification = .none
            tlsSetting = tls == .prefer ? .prefer(context) : .require(context)
        case .verifyFull: tlsSetting = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: user, password: password,
                                                         database: database, tls: tlsSetting)
        // a trainee's machine gives up quickly: unsent rows wait in the outbox, nothing blocks the case
        configuration.options.connectTimeout = .seconds(3)
        configuration.options.maximumConnections = 4
        return configuration
    }
}

/// Why the team store cannot be used, in full sentences that say what to do.
public enum TeamStoreError: Error, Sendable, CustomStringConvertible {
    /// The address, the catalogue key of what is wrong with it, and that key's values.
    case badURL(String, String, [String: String] = [:])
    case unreachable(String, String)
    case newer(String, migration: String)
    case timedOut(String)

    /// The catalogue key of the sentence, and its values: the command line says it in the user's language.
    public var key: String {
        switch self {
        case .badURL: return "team-store.bad-url"
        case .unreachable: return "team-store.unreachable"
        case .newer: return "team-store.newer"
        case .timedOut: return "team-store.timed-out"
        }
    }

    public var values: [String: String] {
        switch self {
        case .badURL(_, let reason, let values): return ["reason": Self.catalog?.text(reason, .en, values) ?? reason]
        case .unreachable(let url, let reason): return ["url": url, "reason": reason]
        case .newer(let url, let migration): return ["url": url, "migration": migration]
        case .timedOut(let url): return ["url": url]
        }
    }

    /// The sentence in English, for logs and for callers without a language.
    public var description: String { Self.catalog.map { text($0, .en) } ?? key }

    /// The sentence in `language`, what is wrong with an address said in it too.
    public func text(_ catalog: Catalog, _ language: Language) -> String {
        var values = self.values
        if case .badURL(_, let reason, let reasonValues) = self {
            values["reason"] = catalog.text(reason, language, reasonValues)
        }
        return catalog.text(key, language, values)
    }

    static let catalog: Catalog? = try? Catalog.load()
}
