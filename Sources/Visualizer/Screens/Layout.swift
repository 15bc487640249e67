import CellGrid

/// Where each panel goes on a screen of a given size. Two arrangements: the full one for
/// 120×40 and larger, and a reduced one down to 80×24. Panels keep their places in both
/// phases, so stepping from forward to backward never moves anything.
struct Layout {
    static let minimumWidth = 80
    static let minimumHeight = 24
    static let fullWidth = 120
    static let fullHeight = 40
    /// x_t, h_{t-1}, a_t, h_t and z_t (forward) or their gradients (backward).
    static let vectorSlots = 5

    let width: Int
    let height: Int
    /// Full layout: boxed panels, the unrolled state and the loss curve on the step view.
    /// Compact: unboxed panels; the unrolled state and the loss curve move to their own views.
    let isFull: Bool
    /// Heatmap rows each vector panel needs for `hidden` units.
    let vectorRows: Int

    init(width: Int, height: Int, hidden: Int = 64) {
        self.width = width
        self.height = height
        isFull = width >= Self.fullWidth && height >= Self.fullHeight
        let columns = isFull ? Self.fullLeftWidth - 3 : Self.compactLeftWidth - 1
        vectorRows = min(2, max(1, (hidden + columns - 1) / max(1, columns)))
    }

    var fitsMinimum: Bool { width >= Self.minimumWidth && height >= Self.minimumHeight }

    var header: Rect { Rect(x: 0, y: 0, width: width, height: 1) }
    var status: Rect { Rect(x: 0, y: height - 1, width: width, height: 1) }
    var messageLine: Rect { Rect(x: 0, y: height - 2, width: width, height: 1) }
    /// Everything between the header and the message line.
    var body: Rect { Rect(x: 0, y: 1, width: width, height: height - 3) }

    // The step view: a left column of vectors, a right column of output and explanation.
    static let fullLeftWidth = 68
    static let compactLeftWidth = 44
    var leftWidth: Int { isFull ? Self.fullLeftWidth : Self.compactLeftWidth }
    var rightX: Int { leftWidth }
    var rightWidth: Int { width - leftWidth }
    /// First row of the bottom panels (loss, training) in the full layout.
    private var bottomY: Int { 30 }
    private var top: Int { isFull ? 5 : 3 }

    var timeline: Rect { Rect(x: 0, y: 1, width: width, height: isFull ? 4 : 2) }

    /// Full: a box of `vectorRows` rows with the legend on its bottom border. Compact: a
    /// title line and two rows.
    var vectorSlotHeight: Int { isFull ? 2 + vectorRows : 3 }

    func vectorSlot(_ index: Int) -> Rect {
        Rect(x: 0, y: top + vectorSlotHeight * index, width: isFull ? leftWidth : leftWidth - 1, height: vectorSlotHeight)
    }

    private var belowSlots: Int { top + vectorSlotHeight * Self.vectorSlots }

    /// Full layout only.
    var unrolled: Rect { Rect(x: 0, y: belowSlots, width: leftWidth, height: bottomY - belowSlots) }

    var softmax: Rect { Rect(x: rightX, y: top, width: rightWidth, height: isFull ? 9 : 8) }

    var formula: Rect {
        isFull ? Rect(x: rightX, y: 14, width: rightWidth, height: 9) : Rect(x: rightX, y: 11, width: rightWidth, height: height - 13)
    }

    var gradientBars: Rect {
        isFull
            ? Rect(x: rightX, y: 23, width: rightWidth, height: bottomY - 23)
            : Rect(x: 0, y: belowSlots, width: leftWidth - 1, height: height - 2 - belowSlots)
    }

    var lossCurve: Rect { Rect(x: 0, y: bottomY, width: leftWidth, height: height - 2 - bottomY) }
    var trainingSummary: Rect { Rect(x: rightX, y: bottomY, width: rightWidth, height: height - 2 - bottomY) }
}
