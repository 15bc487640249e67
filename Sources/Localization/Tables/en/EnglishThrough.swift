/// The through-time view: h_t and dL/dh_t for every step, and how to read them.
enum EnglishThrough {
    static let table: [String: String] = [
        "through.h.title": "h_t for t=1…{length} (rows) × units",
        "through.h.caption": "Row t is the memory after reading character t (▶ the current step, ▲ the inspected unit). A unit that keeps its colour down the rows carries something along.",
        "through.dh.title": "dL/dh_t: one colour scale for all steps",
        "through.dh.caption": "How much the loss moves with each unit of h_t. The scale is shared, so ",
        "through.dh.explodes": "the strongest rows are the earliest steps: going back in time the gradient grows (explodes).",
        "through.dh.vanishes": "rows that fade to white are steps the gradient hardly reaches: it vanishes going back in time.",
        "through.gate.title": "{gate} for every step",
        "through.da.tanh": "dL/dh_t times the slope of tanh, 1 − h_t²: units near ±1 pass almost nothing back.",
        "through.da.relu": "dL/dh_t where a_t > 0, zero elsewhere: a relu unit that was off passes nothing back.",
    ]
}
