import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 15's reproducers through the built binary: paths that are not case files, batch input that
/// is not what it should be. Each ends in seconds with a message that names the thing and the fix.
@Suite struct HostilePathTests {
    /// A folder holding a FIFO, a link to /dev/zero, a link loop, a dangling link, a folder named
    /// like a case file and a link to a sparse 1 GB file.
    static func hostileFolder() throws -> String {
        let folder = Binary.home()
        #expect(mkfifo(folder + "/fifo.yaml", 0o644) == 0)
        let links = [("zero.yaml", "/dev/zero"), ("loop.yaml", "loop.yaml"), ("dangling.yaml", "nowhere.yaml"), ("big.yaml", "big.bin")]
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(atPath: folder + "/" + name, withDestinationPath: target)
        }
        try FileManager.default.createDirectory(atPath: folder + "/folder.yaml", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: folder + "/big.bin", contents: nil))
        #expect(truncate(folder + "/big.bin", 1 << 30) == 0)
        return folder
    }

    @Test(arguments: [
        ("fifo.yaml", "fifo.yaml:1:1: error: '{dir}/fifo.yaml' is a named pipe (FIFO), not a file; a case file is a regular .yaml file"),
        ("zero.yaml", "zero.yaml:1:1: error: '{dir}/zero.yaml' is a device, not a file; a case file is a regular .yaml file"),
        ("loop.yaml", "loop.yaml:1:1: error: '{dir}/loop.yaml' is a symbolic link that loops (it leads back to itself); point it at a case file"),
        ("dangling.yaml", "dangling.yaml:1:1: error: '{dir}/dangling.yaml' is a symbolic link to 'nowhere.yaml', which does not exist; fix the link or remove it"),
        ("folder.yaml", "folder.yaml:1:1: error: '{dir}/folder.yaml' is a folder with no case files (.yaml or .yml) in it; name a case file or a folder of them"),
        ("big.yaml", "big.yaml:1:1: error: the file is 1073.7 MB; a case file must be under 1 MB, so split it or remove what is not the case"),
    ])
    func aPathThatIsNoCaseFileIsNamedForWhatItIs(_ name: String, _ expected: String) throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try Binary.run(["cases", "check", folder + "/" + name])
        #expect(status == 1)
        #expect(output.contains(folder + "/" + expected.replacingOccurrences(of: "{dir}", with: folder)), "\(output)")
        #expect(output.contains("1 error"))
    }

    @Test func aWalkedFolderNamesEveryOddEntryAndSkipsTheFolder() throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try Binary.run(["cases", "check", folder])
        #expect(status == 1)
        #expect(output.contains("checked 5 case files: 5 errors"), "\(output)")
        #expect(!output.contains("folder.yaml"), "a folder inside a walked folder is walked, not read")
    }

    @Test func playingAFIFOOrAHugeLinkSaysWhatItIs() throws {
        let folder = try Self.hostileFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (fifoStatus, fifo) = try Binary.run(["play", folder + "/fifo.yaml", "--profile", "anna"])
        #expect(fifoStatus == 1)
        #expect(fifo.contains("is a named pipe (FIFO)"), "\(fifo)")
        let (bigStatus, big) = try Binary.run(["play", folder + "/big.yaml", "--profile", "anna"])
        #expect(bigStatus == 1)
        #expect(big.contains("the file is 1073.7 MB"), "\(big)")
    }
}
