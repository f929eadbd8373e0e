import Foundation
import MailTLSCore
import MailTLSTestSupport
import OutlookExpressIAF
import Testing

@Suite struct DetectionTests {
    let adapter = OutlookExpressIAFAdapter()

    @Test func identity() throws {
        #expect(adapter.name == "outlook-express-iaf")
        #expect(adapter.filePatterns == ["*.iaf"])
        #expect(try OutlookExpressIAFModule.adapters(environment: AdapterEnvironment()).map(\.name) == ["outlook-express-iaf"])
    }

    @Test func headerIsTheSignatureWhateverTheName() throws {
        let bytes = try Fixtures.bytes("outlook-express-iaf", "oe6-pop3-587.iaf")
        #expect(adapter.detect(InputFile(name: "account.iaf", bytes: bytes)) == .signature)
        #expect(adapter.detect(InputFile(name: "backup.bin", bytes: bytes)) == .signature)
        #expect(adapter.detect(InputFile(name: "x", bytes: IAFTestBytes.header)) == .signature)
    }

    @Test func nameAloneIsOnlyAHint() throws {
        let png = try Fixtures.bytes("malformed", "png.prf")
        #expect(adapter.detect(InputFile(name: "dir/Account.IAF", bytes: png)) == .nameOnly)
        #expect(adapter.detect(InputFile(name: "empty.iaf", bytes: [])) == .nameOnly)
        #expect(adapter.detect(InputFile(name: "short.iaf", bytes: Array("fMAI".utf8))) == .nameOnly)
        #expect(adapter.detect(InputFile(name: "x.prf", bytes: png)) == .no)
    }

    /// Every other adapter's fixture is left to its own adapter.
    @Test func otherFormatsAreNotClaimed() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Fixtures.root.path).filter { $0 != "outlook-express-iaf" && !$0.hasSuffix(".md") }
        var checked = 0
        for folder in folders {
            for name in Fixtures.inputs(folder) where !name.hasSuffix(".iaf") {
                let file = try Fixtures.input(folder, name)
                #expect(adapter.detect(file) == .no, "\(folder)/\(name)")
                checked += 1
            }
        }
        #expect(checked >= 20)
    }
}
