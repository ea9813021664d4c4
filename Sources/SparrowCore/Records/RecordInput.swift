// MARK: - RecordInput

/// Reads a patient file in either format, detected by its content: a FHIR R4 Bundle (`"resourceType": "Bundle"`)
/// or Sparrow's record format v1.
public enum RecordInput {
  /// The record in `bytes`, whichever format it is in.
  public static func decode(
    _ bytes: some Collection<UInt8>, limits: RecordLimits = .standard, catalog: RxNormCatalog = .standard
  ) throws(RecordError) -> PatientRecord {
    let decoder = RecordDecoder(limits: limits)
    guard bytes.count <= limits.maxBytes else {
      throw RecordError(path: "", message: "file is \(bytes.count) bytes; the limit is \(limits.maxBytes) bytes")
    }
    guard !bytes.isEmpty else { throw RecordError(path: "", message: "file is empty") }
    let document: JSONValue
    do {
      document = try JSONParser(maxDepth: limits.maxDepth).parse(bytes)
    } catch {
      throw RecordError(
        path: error.path, message: "invalid JSON at line \(error.line), column \(error.column): \(error.message)")
    }
    if case .object(let object) = document, let type = object["resourceType"] {
      guard type == .string("Bundle") else {
        throw RecordError(
          path: "resourceType", message: "expected a FHIR R4 Bundle; got \(JSONWriter.compactString(type))")
      }
      return try FHIRBundleDecoder(catalog: catalog).decode(document)
    }
    return try decoder.decode(document)
  }
}
