import Foundation
import MailTLSCore
import Testing

/// The JSON shape of a change: every key always present, so consumers see one shape.
@Suite struct FileReportTests {
    func json(_ host: String?) throws -> String {
        let entry = ServerEntry(account: "work", proto: .smtp, host: host, port: 587, portLocation: 0..<3, security: .starttls)
        let decision = ConversionPolicy().decide(entry)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(FileReport.Change(decision)), as: UTF8.self)
    }

    @Test func aChangeWithoutHostSaysNull() throws {
        #expect(try json(nil) == #"{"account":"work","from":{"port":587,"security":"starttls"},"host":null,"protocol":"smtp","removed":false,"to":{"port":465,"security":"tls"}}"#)
        #expect(try json("smtp.example.org").contains(#""host":"smtp.example.org""#))
    }

    @Test func aSkippedFileSaysWhy() throws {
        var report = FileReport(path: "d/.gitkeep", status: .skipped)
        report.reason = "empty"
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        #expect(String(decoding: try encoder.encode(report), as: UTF8.self) == #"{"changes":[],"path":"d\/.gitkeep","reason":"empty","status":"skipped","warnings":[]}"#)
    }
}
