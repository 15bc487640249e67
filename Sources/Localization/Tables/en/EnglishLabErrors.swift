/// The explorer's refusals on the message line, what opening a weight file says about the
/// optimizer, and a lesson author's mistakes (file:line on stderr).
enum EnglishLabErrors {
    static let table: [String: String] = [
        "error.lab.refused": "refused: {reason}",
        "error.lab.two_characters": "type at least two characters: the input, then the character to predict",
        "error.lab.prompt_empty": "the prompt is empty; type at least one character",
        "error.lab.window_does_not_fit": "a window of {steps} does not fit the text: 1…{max}",
        "error.lab.no_longer_window": "no longer window: at most {steps} steps at {size} (trace limit {limit} steps × units)",
        "error.lab.no_snapshots": "a model this big keeps no snapshots for rewinding ({megabytes} MB each): memory stays under 500 MB",
        "error.lab.oldest_snapshot": "epoch {epoch} is the oldest snapshot kept (. goes forward)",
        "error.lab.at_present": "already at the present, epoch {epoch} (, goes back)",
        // The optimizer part of "opened <file>: …; <optimizer>".
        "msg.opened.state_ignored": "optimizer state ignored ({why}): {then}",
        "msg.opened.no_state": "no optimizer state: {then}",
        "msg.opened.adam_fresh": "Adam starts fresh",
        "msg.opened.sgd_no_state": "SGD keeps no state",
        "msg.opened.adam_resumes": "Adam resumes at step {step}",
        "msg.opened.sgd": "SGD",
        // A lesson's directives.
        "error.lesson.directive": "'{key}': {message}",
        "error.lesson.hidden_disagrees": "{wanted} disagrees with {file}, which holds H={hidden}; remove 'hidden' or use a matching file",
        "error.lesson.cell_disagrees": "{wanted} disagrees with {file}, which holds a {cell}; remove 'cell' or use a matching file",
        "error.lesson.activation_rnn_only": "'{wanted}' applies to the rnn cell only; {file} holds a {cell}, which uses σ and tanh in its gates",
        "error.lesson.activation_disagrees": "{wanted} disagrees with {file}, trained with {recorded}; remove 'activation' or use a matching file",
        "error.lesson.no_snapshot": "'rewind: {epoch}': no snapshot at or before epoch {epoch}; {kept}",
        "error.lesson.oldest_kept": "the oldest snapshot kept is epoch {epoch}",
        "error.lesson.nothing_trained": "nothing was trained yet: a 'train' step first",
        "error.lesson.no_tensor": "the {cell} has no tensor '{tensor}': one of {names}",
        "error.lab.entry_outside": "entry {entry} is outside {tensor} [{rows}×{columns}]: row 0…{last_row}, column 0…{last_column}",
    ]
}
