import CellGrid

/// Where each panel goes on a screen of a given size. Three arrangements: the large one for
/// 160×48 and up (projectors, big screens: vectors several rows tall and, where the width
/// allows, several columns per unit), the full one for 120×40 and larger, and a reduced one
/// down to 80×24. Panels keep their places in both phases, so stepping from forward to
/// backward never moves anything.
struct Layout {
    static let minimumWidth = 80
    static let minimumHeight = 24
    static let fullWidth = 120
    static let fullHeight = 40
    static let largeWidth = 160
    static let largeHeight = 48
    /// The narrowest right column (softmax, formula, gradient bars) the large layout keeps
    /// when it widens the vectors.
    static let largeRightMinimum = 66
    /// x_t, h_{t-1}, a_t, h_t and z_t (forward) or their gradients (backward).
    static let vectorSlots = 5

    let width: Int
    let height: Int
    /// Full layout: boxed panels, the unrolled state and the loss curve on the step view.
    /// Compact: unboxed panels; the unrolled state and the loss curve move to their own views.
    let isFull: Bool
    /// Large layout (a full layout at 160×48 and up): every vector row is `rowHeight` screen
    /// rows tall, the left column as wide as whole cells per unit allow, and the unrolled
    /// state, the formula and the plots grow with the screen.
    let isLarge: Bool
    /// Heatmap rows each vector panel needs for `hidden` units.
    let vectorRows: Int
    /// Screen rows per heatmap row in the vector panels: 1, or 2 in the large layout.
    let rowHeight: Int
    let leftWidth: Int

    init(width: Int, height: Int, hidden: Int = 64) {
        self.width = width
        self.height = height
        isFull = width >= Self.fullWidth && height >= Self.fullHeight
        isLarge = width >= Self.largeWidth && height >= Self.largeHeight
        leftWidth = isLarge ? Self.largeLeftWidth(width: width, hidden: hidden) : isFull ? Self.fullLeftWidth : Self.compactLeftWidth
        let columns = isFull ? leftWidth - 3 : Self.compactLeftWidth - 1
        vectorRows = min(2, max(1, (hidden + columns - 1) / max(1, columns)))
        // Two rows per heatmap row while the unrolled panel keeps at least 6 rows above the loss curve.
        let bottom = height - 2 - max(8, (height - 2) / 5)
        rowHeight = isLarge && 5 + Self.vectorSlots * (2 + 2 * vectorRows) + 6 <= bottom ? 2 : 1
    }

    /// As wide as `hidden` units of 2–4 cells each need (the box takes 3 columns), keeping
    /// the right column at least `largeRightMinimum` wide; the full layout's width otherwise.
    static func largeLeftWidth(width: Int, hidden: Int) -> Int {
        let zoom = min(4, (width - largeRightMinimum - 3) / max(1, hidden))
        return zoom >= 2 ? max(fullLeftWidth, 3 + hidden * zoom) : fullLeftWidth
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
    var rightX: Int { leftWidth }
    var rightWidth: Int { width - leftWidth }
    /// First row of the bottom panels (loss, training) in the full layout.
    /// Large: the loss curve and training summary take a fifth of the screen (at least 8 rows).
    private var bottomY: Int { isLarge ? height - 2 - max(8, (height - 2) / 5) : 30 }
    private var top: Int { isFull ? 5 : 3 }

    var timeline: Rect { Rect(x: 0, y: 1, width: width, height: isFull ? 4 : 2) }

    /// Full: a box of `vectorRows` rows with the legend on its bottom border. Compact: a
    /// title line and two rows.
    var vectorSlotHeight: Int { isFull ? 2 + vectorRows * rowHeight : 3 }

    func vectorSlot(_ index: Int) -> Rect {
        Rect(x: 0, y: top + vectorSlotHeight * index, width: isFull ? leftWidth : leftWidth - 1, height: vectorSlotHeight)
    }

    private var belowSlots: Int { top + vectorSlotHeight * Self.vectorSlots }

    /// Full layout only.
    var unrolled: Rect { Rect(x: 0, y: belowSlots, width: leftWidth, height: bottomY - belowSlots) }

    /// Large: one more row, for the heatmap drawn two rows tall.
    var softmax: Rect { Rect(x: rightX, y: top, width: rightWidth, height: isLarge ? 10 : isFull ? 9 : 8) }

    /// Large: half the rows between the softmax and the bottom panels.
    private var formulaHeight: Int { isLarge ? max(9, (bottomY - softmax.maxY) / 2) : 9 }

    var formula: Rect {
        isFull ? Rect(x: rightX, y: softmax.maxY, width: rightWidth, height: formulaHeight) : Rect(x: rightX, y: 11, width: rightWidth, height: height - 13)
    }

    var gradientBars: Rect {
        isFull
            ? Rect(x: rightX, y: formula.maxY, width: rightWidth, height: bottomY - formula.maxY)
            : Rect(x: 0, y: belowSlots, width: leftWidth - 1, height: height - 2 - belowSlots)
    }

    var lossCurve: Rect { Rect(x: 0, y: bottomY, width: leftWidth, height: height - 2 - bottomY) }
    var trainingSummary: Rect { Rect(x: rightX, y: bottomY, width: rightWidth, height: height - 2 - bottomY) }
}
