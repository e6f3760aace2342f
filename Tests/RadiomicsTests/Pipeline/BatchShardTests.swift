import Foundation
import XCTest
@testable import Radiomics

/// Shard assignment, the settings fingerprint and the batch's workers × threads plan.
final class BatchShardTests: XCTestCase {
    func testStrideAssignmentCoversEveryCaseOnceAndIsStableWhenTheManifestGrows() throws {
        let cases = Array(0..<23)
        for n in [1, 2, 4, 7, 30] {
            var seen: [Int] = []
            for k in 1...n {
                let shard = try BatchShard(index: k, count: n)
                let part = shard.select(cases)
                XCTAssertEqual(part.count, shard.caseCount(total: cases.count))
                XCTAssertTrue(part.allSatisfy { $0 % n == k - 1 })
                // Appending cases only appends to each shard.
                XCTAssertEqual(Array(shard.select(cases + Array(23..<40)).prefix(part.count)), part)
                seen += part
            }
            XCTAssertEqual(seen.sorted(), cases)
        }
    }

    func testShardParsingAndArrayIndexBase() throws {
        XCTAssertEqual(try BatchShard(parsing: "3/8"), try BatchShard(index: 3, count: 8))
        for bad in ["0/4", "5/4", "3", "a/b", "1/0", "-1/4", "1/4/2"] {
            XCTAssertThrowsError(try BatchShard(parsing: bad), bad)
        }
        let env = ["SLURM_ARRAY_TASK_ID": "0", "SGE_TASK_ID": "4", "PBS_ARRAY_INDEX": "x"]
        XCTAssertEqual(try BatchShard(environment: env, variable: "SLURM_ARRAY_TASK_ID", count: 4, base: 0).index, 1)
        XCTAssertEqual(try BatchShard(environment: env, variable: "SGE_TASK_ID", count: 4, base: 1).index, 4)
        XCTAssertThrowsError(try BatchShard(environment: env, variable: "SGE_TASK_ID", count: 4, base: 0))
        XCTAssertThrowsError(try BatchShard(environment: env, variable: "SLURM_ARRAY_TASK_ID", count: 4, base: 1)) { e in
            XCTAssertTrue((e as! RadiomicsError).message.contains("--shard-base 0"), "\(e)")
        }
        XCTAssertThrowsError(try BatchShard(environment: env, variable: "PBS_ARRAY_INDEX", count: 4, base: 1))
        XCTAssertThrowsError(try BatchShard(environment: env, variable: "LSB_JOBINDEX", count: 4, base: 1))
    }

    func testSettingsCoverEveryConfigurationFieldAndNameTheDifference() throws {
        let base = try RunConfiguration.preset("default")
        let a = try BatchSettings(configuration: base, format: .wide, limits: .default)
        XCTAssertEqual(a.sha256, try BatchSettings(configuration: base, format: .wide, limits: .default).sha256)
        var other = base
        other.settings.glcmDistance = 2
        let b = try BatchSettings(configuration: other, format: .wide, limits: .default)
        XCTAssertNotEqual(a.sha256, b.sha256)
        XCTAssertEqual(b.differences(from: a), ["configuration.settings.glcmDistance: 1 → 2"])
        XCTAssertNotEqual(a.sha256, try BatchSettings(configuration: base, format: .long, limits: .default).sha256)
        XCTAssertNotEqual(a.sha256, try BatchSettings(configuration: base, format: .wide, limits: ReadLimits(maxVoxels: 10)).sha256)
        XCTAssertEqual(a.values["tool.catalogue.sha256"], "\"\(BatchSettings.catalogueSHA256)\"")
        // Every leaf of the provenance's configuration JSON is in the settings.
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(base)) as! [String: Any]
        XCTAssertTrue(json.keys.allSatisfy { key in a.values.keys.contains { $0.hasPrefix("configuration." + key) } }, "\(json.keys)")
        // Lists of strings are sets here (families): any order, one value.
        var flat1: [String: String] = [:], flat2: [String: String] = [:]
        BatchSettings.flatten(["families": ["glcm", "diagnostics"]], prefix: "c", into: &flat1)
        BatchSettings.flatten(["families": ["diagnostics", "glcm"]], prefix: "c", into: &flat2)
        XCTAssertEqual(flat1, flat2)
    }

    func testPlanKeepsWorkersTimesThreadsAtTheCoreCount() {
        XCTAssertEqual(CaseMemory.plan(jobs: nil, cores: 8, cases: 100, budget: 1 << 40, largestNeed: 1 << 20).jobs, 8)
        XCTAssertEqual(CaseMemory.plan(jobs: nil, cores: 8, cases: 100, budget: 1 << 40, largestNeed: 1 << 20).threads, 1)
        XCTAssertEqual(CaseMemory.plan(jobs: nil, cores: 8, cases: 2, budget: 1 << 40, largestNeed: 1).threads, 4)
        // Memory for 3 of the largest case at once: 3 workers, 2 threads each.
        let tight = CaseMemory.plan(jobs: nil, cores: 8, cases: 100, budget: 3 << 30, largestNeed: 1 << 30)
        XCTAssertEqual(tight.jobs, 3)
        XCTAssertEqual(tight.threads, 2)
        XCTAssertEqual(CaseMemory.plan(jobs: nil, cores: 8, cases: 100, budget: 1 << 20, largestNeed: 1 << 30).jobs, 1)
        XCTAssertEqual(CaseMemory.plan(jobs: 2, cores: 2, cases: 100, budget: 1, largestNeed: 1 << 30).threads, 1)
        XCTAssertEqual(CaseMemory.plan(jobs: 1, cores: 2, cases: 100, budget: 1, largestNeed: 1).threads, 2)
        XCTAssertEqual(CaseMemory.plan(jobs: 4, cores: 2, cases: 100, budget: 1, largestNeed: 1).threads, 1)
    }

    func testMemoryEstimateReadsTheGzipTrailer() throws {
        let image = FixturePath.path("ibsi/ibsi1/ct_phantom/nifti/image/phantom.nii.gz")
        let raw = try Gzip.decompress(Data(contentsOf: URL(fileURLWithPath: image)), file: image, limit: 1 << 30).count
        XCTAssertEqual(CaseMemory.dataBytes(image), raw)
        XCTAssertEqual(CaseMemory.estimate(image: image, mask: "/nonexistent"), 5 * raw + CaseMemory.baseBytes)
    }
}
