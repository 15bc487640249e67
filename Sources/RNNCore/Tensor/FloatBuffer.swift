/// A fixed-size, manually allocated Float32 buffer for the kernels' workspaces: stable
/// pointers with no copy-on-write or exclusivity checks in the hot loops.
final class FloatBuffer: @unchecked Sendable {
    let count: Int
    let pointer: UnsafeMutablePointer<Float>

    /// Zeros after the last value, so a kernel may read a whole 16-float lane from any row.
    static let slack = 16

    init(count: Int) {
        self.count = count
        pointer = .allocate(capacity: count + Self.slack)
        pointer.initialize(repeating: 0, count: count + Self.slack)
    }

    deinit { pointer.deallocate() }

    func zero() { pointer.update(repeating: 0, count: count) }

    /// Row `index` of a buffer of `width`-float rows; for an empty buffer (a state the cell
    /// does not keep) its base, whose zero slack is never read.
    @inline(__always)
    func row(_ index: Int, _ width: Int) -> UnsafeMutablePointer<Float> {
        count > 0 ? pointer + index * width : pointer
    }

    /// Values [start, start+length) as an array.
    func array(_ start: Int, _ length: Int) -> [Float] {
        Array(UnsafeBufferPointer(start: pointer + start, count: length))
    }
}
