import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An attempt claimed by the process playing it: an exclusive `flock` on `leases/attempt-<id>` beside
/// the database, holding the player's process id. The kernel drops the lock however the process ends
/// (even `kill -9`), so an attempt whose player died can be resumed, and one still being played cannot.
public final class AttemptLease: Sendable {
    public let attemptId: Int64
    private let descriptor: Int32
    private let file: String?

    /// A lease that is no file: for a store in memory, which no other process can see.
    init(unshared attemptId: Int64) {
        self.attemptId = attemptId
        descriptor = -1
        file = nil
    }

    private init(attemptId: Int64, descriptor: Int32, file: String) {
        self.attemptId = attemptId
        self.descriptor = descriptor
        self.file = file
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    static func file(for attemptId: Int64, in directory: String) -> String {
        (directory as NSString).appendingPathComponent("attempt-\(attemptId)")
    }

    /// Takes the lease, or returns nil with the holder's process id (0 when unknown) if another holds it.
    static func claim(_ attemptId: Int64, in directory: String) throws -> Result<AttemptLease, Holder> {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = file(for: attemptId, in: directory)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path,
                NSLocalizedDescriptionKey: "cannot open \(path): \(String(cString: strerror(errno)))"])
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let pid = readPID(descriptor)
            close(descriptor)
            return .failure(Holder(pid: pid))
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, pid, pid.count, 0)
        return .success(AttemptLease(attemptId: attemptId, descriptor: descriptor, file: path))
    }

    /// The process holding an attempt's lease, or nil when none does.
    static func holder(of attemptId: Int64, in directory: String) -> Holder? {
        let path = file(for: attemptId, in: directory)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) != 0 else { return nil }
        return Holder(pid: readPID(descriptor))
    }

    /// The process id the holder wrote into the lease file; 0 when it is not there yet.
    private static func readPID(_ descriptor: Int32) -> Int32 {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count > 0 else { return 0 }
        let text = String(decoding: bytes[..<count], as: UTF8.self)
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Gives the lease up for an attempt that is over: its file goes too. A process that opened the file
    /// just before may lock the removed file, but it then finds the attempt finished and leaves it.
    public func end() {
        if let file { unlink(file) }
    }

    /// The process that holds a lease.
    public struct Holder: Error, Sendable, Equatable {
        public let pid: Int32
    }
}
