import Foundation
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
            throw TeamStoreError.badURL(text, "it does not start with postgres://")
        }
        guard let host = components.host, !host.isEmpty else {
            throw TeamStoreError.badURL(text, "it names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw TeamStoreError.badURL(text, "it names no user (postgres://USER@HOST/DATABASE)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty else { throw TeamStoreError.badURL(text, "it names no database after the host") }
        var tls = TLSMode.disable
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw TeamStoreError.badURL(text, "'\(item.name)' is not an option Sparring knows; only sslmode is")
            }
            guard let mode = TLSMode(rawValue: item.value ?? "") else {
                throw TeamStoreError.badURL(text, "sslmode is disable, prefer, require or verify-full, not '\(item.value ?? "")'")
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
    case badURL(String, String)
    case unreachable(String, String)
    case newer(String, migration: String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .badURL(_, let reason):
            return "the team store address is not usable: \(reason). Write it as "
                + "postgres://USER:PASSWORD@HOST:PORT/DATABASE, with ?sslmode=require for TLS"
        case .unreachable(let url, let reason):
            return "the team store \(url) cannot be reached (\(reason)); what is not sent waits on this machine "
                + "and goes out on the next start or with 'sparring sync'"
        case .newer(let url, let migration):
            return "the team store \(url) was set up by a newer Sparring (migration \(migration)); upgrade Sparring "
                + "on this machine"
        case .timedOut(let url):
            return "the team store \(url) did not answer in time; what is not sent waits on this machine and goes out "
                + "on the next start or with 'sparring sync'"
        }
    }
}
