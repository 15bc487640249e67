import CellGrid

/// Where each panel goes on a screen of a given size. Two arrangements: the full one for
/// 120×40 and larger, and a reduced one down to 80×24.
struct Layout {
    static let minimumWidth = 80
    static let minimumHeight = 24
    static let fullWidth = 120
    static let fullHeight = 40

    let width: Int
    let height: Int
    /// Full layout: boxed panels, the unrolled state, gradient bars and loss curve on the
    /// step view. Compact: unboxed panels; the extra panels move to their own views.
    let isFull: Bool

    init(width: Int, height: Int) {
        self.width = width
        self.height = height
        isFull = width >= Self.fullWidth && height >= Self.fullHeight
    }

    var fitsMinimum: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    var status: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }
    var messageLine: Rect { Rect(x: 0, y: height - 2, width: width, height: 1) }
    /// Everything between the header and the status line.
    var body: Rect { Rect(x: 0, y: 1, width: width, height: height - 2) }

    // The step view.
    var leftWidth: Int { isFull ? 72 : 44 }
    var rightX: Int { leftWidth }
    var rightWidth: Int { width - leftWidth }

    var timeline: Rect { isFull ? Rect(x: 0, y: 1, width: width, height: 4) : Rect(x: 0, y: 1, width: width, height: 2) }

    /// The four vector panels of the left column.
    func vectorSlot(_ index: Int) -> Rect {
        isFull
            ? Rect(x: 0, y: 5 + 4 * index, width: leftWidth, height: 4)
            : Rect(x: 0, y: 3 + 3 * index, width: leftWidth - 1, height: 3)
    }

    var unrolled: Rect {
        isFull ? Rect(x: 0, y: 21, width: leftWidth, height: 8) : Rect(x: 0, y: 15, width: leftWidth - 1, height: height - 17)
    }

    var softmax: Rect {
        isFull ? Rect(x: rightX, y: 5, width: rightWidth, height: 9) : Rect(x: rightX, y: 3, width: rightWidth, height: 6)
    }

    var formula: Rect {
        isFull ? Rect(x: rightX, y: 14, width: rightWidth, height: 8) : Rect(x: rightX, y: 9, width: rightWidth, height: 8)
    }

    var gradientBars: Rect {
        isFull ? Rect(x: rightX, y: 22, width: rightWidth, height: 7) : Rect(x: rightX, y: 17, width: rightWidth, height: height - 19)
    }

    var lossCurve: Rect { Rect(x: 0, y: 29, width: leftWidth, height: height - 30) }
    var trainingSummary: Rect { Rect(x: rightX, y: 29, width: rightWidth, height: height - 30) }
}
